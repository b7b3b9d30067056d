"""Run the WSGI app under gunicorn from inside the `okrs` process."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class OkrsServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from okrs.wsgi import application

        return application


def run_gunicorn(host: str, port: int, workers: int) -> None:
    from django.db import connections

    # Migrations ran in this process; forked workers must not share its open connection.
    connections.close_all()
    OkrsServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "accesslog": "-",
            "timeout": 60,
            # Django is already set up; forked workers inherit it instead of importing again.
            "preload_app": True,
            # gunicorn's default 4,094-byte request line answers long filter URLs with its
            # own HTML 414; 0 lets every request reach okrs (and its JSON errors).
            "limit_request_line": 0,
        }
    ).run()
