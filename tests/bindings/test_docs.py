"""docs/measure.md keeps up with the command: every option of `okrs measure` is explained."""

import re
from pathlib import Path

import typer.main

from okrs.cli import app

DOCS = Path(__file__).parents[2] / "docs" / "measure.md"


def test_every_option_of_okrs_measure_is_documented():
    command = typer.main.get_command(app).commands["measure"]
    options = {name for param in command.params for name in param.opts}
    assert {"--due", "--all", "--kr", "--backfill", "--since"} <= options
    text = DOCS.read_text()
    assert [name for name in sorted(options) if f"`{name}" not in text] == []
    for code in (0, 1, 2):
        assert re.search(rf"^\| {code} \| ", text, re.MULTILINE)
