"""The import rules of docs/architecture.md, checked on every module of okrs/.

- the core (`okrs/core`) and the metric kinds (`okrs/metrics`) are pure: no Django, and
  nothing of okrs outside themselves (the metrics may use the core);
- the domain apps never import a shell;
- a shell (web pages, REST API, CLI) never imports another shell.
"""

from __future__ import annotations

import ast
from pathlib import Path

OKRS = Path(__file__).resolve().parents[1] / "okrs"
PURE = {"core": {"core"}, "metrics": {"metrics", "core"}}
SHELLS = {"web", "api", "cli", "sso"}  # sso: the single sign-on pages
DOMAIN = {"orgs", "goals", "audit", "bindings", "tokens", "demo"}


def imported(path: Path) -> set[str]:
    """Every module `path` imports, absolute, at any depth (imports inside functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or "migrations" in parts:
            continue  # settings, urls, wsgi: the composition root may import anything
        package = parts[0]
        for name in sorted(imported(path)):
            top, _, rest = name.partition(".")
            inner = rest.split(".")[0] if top == "okrs" else None
            where = f"{path.relative_to(root.parent)} imports {name}"
            if package in PURE and (top == "django" or (inner and inner not in PURE[package])):
                found.append(f"{where}: {package} is pure")
            elif package in DOMAIN and inner in SHELLS:
                found.append(f"{where}: a domain app imports no shell")
            elif package in SHELLS and inner in SHELLS and inner != package:
                found.append(f"{where}: a shell imports no other shell")
    return found


def test_okrs_keeps_its_import_rules():
    assert violations(OKRS) == []


def test_every_package_of_okrs_has_a_layer():
    packages = {path.name for path in OKRS.iterdir() if (path / "__init__.py").exists()}
    assert packages == set(PURE) | SHELLS | DOMAIN


def test_a_shell_importing_another_or_the_core_importing_django_is_caught(tmp_path):
    tree = tmp_path / "okrs"
    for package, source in {
        "core": "from django.db import models\n",
        "cli": "def f():\n    from okrs.web.views import home\n",
        "goals": "import okrs.api.app\n",
        "web": "from okrs.goals.models import Objective\n",  # allowed
    }.items():
        (tree / package).mkdir(parents=True)
        (tree / package / "module.py").write_text(source)
    assert violations(tree) == [
        "okrs/cli/module.py imports okrs.web.views: a shell imports no other shell",
        "okrs/core/module.py imports django.db: core is pure",
        "okrs/goals/module.py imports okrs.api.app: a domain app imports no shell",
    ]
