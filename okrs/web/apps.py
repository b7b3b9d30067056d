from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "okrs.web"
    label = "web"

    def ready(self) -> None:
        from okrs.web import sessions  # noqa: F401  (stamps logins for the session timeout)
