"""`manage.py check --deploy` with the production settings the README documents says nothing.

The settings are read out of the README's "Logins and sessions" section, so the test fails
when the documented set and the code drift apart.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def documented_production_settings() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Logins and sessions", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n# production settings\n(.*?)```", section, re.S)
    assert block, "the README's production settings block is missing"
    pairs = re.findall(r"^([A-Z_]+)=(\S+)", block.group(1), re.M)
    return dict(pairs)


def test_check_deploy_finds_nothing_with_the_documented_production_settings(tmp_path):
    production = documented_production_settings()
    assert production["OKRS_HTTPS"] == "true"
    production["SECRET_KEY"] = secrets.token_urlsafe(50)  # the README says to make one
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OKRS_"))}
    env |= production | {"OKRS_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "okrs.settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues (0 silenced)" in done.stdout


def test_without_https_check_deploy_does_warn(tmp_path):
    """The test above can fail: the same check on the defaults complains."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OKRS_"))}
    env |= {"OKRS_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "okrs.settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "security.W004" in done.stdout + done.stderr
