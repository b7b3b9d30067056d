"""Rules that have one home (docs/architecture.md), checked on the source of okrs/.

"Closed" is decided by `Objective.is_closed` / `Period.is_closed` and, in queries, by
`open_objectives()` / `open_periods()` in `okrs/goals/models.py`. A second spelling is how
the page and the API once disagreed (one counted a closed period, the other did not).
"""

from __future__ import annotations

import re
from pathlib import Path

OKRS = Path(__file__).resolve().parents[1] / "okrs"
HOME = OKRS / "goals" / "models.py"
# A comparison with the closed state, or a query filtering on it.
DECIDES_CLOSED = re.compile(r"[=!]=\s*\w+\.State\.CLOSED|\.(filter|exclude)\([^)]*State\.CLOSED")
# Where the state is asked for, not decided: a request to close without a score.
ASKED_FOR = 'changes.get("state") == Objective.State.CLOSED'


def closed_rules(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if path == HOME or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if DECIDES_CLOSED.search(line) and ASKED_FOR not in line:
                found.append(f"{path.relative_to(root.parent)}:{number}: {line.strip()}")
    return found


def test_closed_is_decided_in_one_place():
    assert closed_rules(OKRS) == []


def test_a_second_closed_rule_is_caught(tmp_path):
    module = tmp_path / "okrs" / "web" / "page.py"
    module.parent.mkdir(parents=True)
    module.write_text("open = period.objectives.exclude(state=Objective.State.CLOSED)\n")
    (tmp_path / "okrs" / "web" / "other.py").write_text("shut = period.state == 'x'\n")
    assert closed_rules(tmp_path / "okrs") == [
        "okrs/web/page.py:1: open = period.objectives.exclude(state=Objective.State.CLOSED)"
    ]
