"""The core must stay free of Django and typed strictly: the method's rules live there."""

import ast
import subprocess
import sys
from pathlib import Path

import okrs.core

CORE = Path(okrs.core.__file__).parent


def test_it_imports_nothing_from_django():
    for path in CORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] in ALLOWED_TOP_LEVEL, f"{path.name} imports {name}"


ALLOWED_TOP_LEVEL = {
    "okrs",
    "__future__",
    "math",
    "dataclasses",
    "enum",
    "datetime",
    "collections",
    "typing",
    # The people file's parser reads text it is given: csv over io.StringIO, re for emails.
    "csv",
    "io",
    "re",
    # Values are rounded for display as people round them, half up on the printed decimal.
    "decimal",
}


def test_importing_the_core_loads_no_django_module():
    code = (
        "import sys, pkgutil, importlib, okrs.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('okrs.core.' + m.name)\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_mypy_strict_passes_on_the_core():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(CORE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
