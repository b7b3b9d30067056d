"""Write a bad input file, run `okrs metric` on it and check the one-line error."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from okrs.cli import app

runner = CliRunner()


def one_line_error(tmp_path: Path, kind: str, name: str, content: bytes, *options: str) -> str:
    """`okrs metric KIND tmp_path/name --opt …` must exit with 2 and one line naming the file;
    returns that line."""
    path = tmp_path / name
    path.write_bytes(content)
    args = ["metric", kind, str(path)]
    for option in options:
        args += ["--opt", option]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert str(path) in result.output
    return result.output
