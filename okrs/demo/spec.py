"""The shapes the demo's data tables are written in, and short constructors for them.

The tables (`catalogue`, `active`, `previous`) stay plain data so a reader can review the
demo organisation as a document; `builder` turns them into rows through the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from okrs.core.alignment import LinkKind
from okrs.core.progress import Direction
from okrs.core.scoring import Kind

COMMITTED = Kind.COMMITTED
ASPIRATIONAL = Kind.ASPIRATIONAL


class Story(StrEnum):
    """How a key result's check-ins move through the quarter."""

    AHEAD = "ahead"
    ON_PACE = "on_pace"
    BEHIND = "behind"
    STUCK = "stuck"  # barely moves: shows off track
    STALE = "stale"  # check-ins stop weeks before today: shows outdated
    FINISHED = "finished"  # a closed quarter: ends at the objective's `final` progress


@dataclass(frozen=True)
class KeyResultSpec:
    title: str
    start: float = 0.0
    target: float = 1.0
    unit: str = ""
    direction: Direction = Direction.INCREASE
    low: float | None = None
    high: float | None = None
    # Never checked in, so it shows as pending (e.g. the data source is not wired up yet).
    silent: bool = False


@dataclass(frozen=True)
class Link:
    """`parent` is an objective key, or `key#n` for that objective's n-th key result (0-based)."""

    parent: str
    kind: LinkKind = LinkKind.CONTRIBUTE


@dataclass(frozen=True)
class ObjectiveSpec:
    key: str
    owner: str  # a unit slug, or "@username" for an objective a person owns
    title: str
    key_results: tuple[KeyResultSpec, ...]
    kind: Kind = COMMITTED
    focus: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    story: Story = Story.ON_PACE
    private: bool = False
    # Closed quarter only: where the key results end, and the owner's closing note.
    final: float = 0.0
    score_note: str = ""


def up(title: str, start: float, target: float, unit: str = "") -> KeyResultSpec:
    return KeyResultSpec(title, start, target, unit, Direction.INCREASE)


def down(title: str, start: float, target: float, unit: str = "") -> KeyResultSpec:
    return KeyResultSpec(title, start, target, unit, Direction.DECREASE)


def band(title: str, low: float, high: float, start: float, unit: str = "") -> KeyResultSpec:
    # The check-in history heads for the middle of the band, so that is the stored target.
    target = (low + high) / 2
    return KeyResultSpec(title, start, target, unit, Direction.STAY_WITHIN, low, high)


def milestone(title: str) -> KeyResultSpec:
    return KeyResultSpec(title, 0.0, 1.0, "", Direction.MILESTONE)


def silent(spec: KeyResultSpec) -> KeyResultSpec:
    return KeyResultSpec(
        spec.title, spec.start, spec.target, spec.unit, spec.direction, spec.low, spec.high, True
    )


def to(parent: str, kind: LinkKind = LinkKind.CONTRIBUTE) -> Link:
    return Link(parent, kind)


def supports(parent: str) -> Link:
    return Link(parent, LinkKind.SUPPORT)


def objective(
    key: str, owner: str, title: str, *key_results: KeyResultSpec, **options: object
) -> ObjectiveSpec:
    """Table-friendly constructor: key results as positional arguments, the rest by name."""
    # Ignored below: options are ObjectiveSpec's keyword fields, typed object in this table helper
    return ObjectiveSpec(key, owner, title, key_results, **options)  # type: ignore[arg-type]
