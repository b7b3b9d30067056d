"""`events`: adoption, signups, upgrade conversion, N-day retention and task success.

INPUT is a product-analytics event export, one event per row, read as a stream:
CSV with a header (`user, event, timestamp`) or JSON lines (`{"user": …, "event": …,
"timestamp": …}`), told apart by the first character; a JSON array of such objects is read
too. `user_id` is accepted for `user`, `ts` or `time` for `timestamp`. Timestamps are ISO
8601 (UTC when they carry no zone) or Unix epoch seconds (milliseconds above 10^11). An
optional `task` (or `task_id`) field pairs task starts with finishes.

`since`/`until` select events by their UTC day, inclusive. Measures (all rates in %):

- `adoption` = 100 × adopters / active users. Active users did an `active-event` (any event
  when the option is not given) in the range; adopters are the active users who also did the
  `feature` event in the range. (metrics.md §3)
- `signups` = the number of `signup-event` events in the range (not distinct users).
- `upgrade-conversion` = 100 × converted / signed up. Signed up: users with a `signup-event`
  in the range; converted: those with an `upgrade-event` at or after their first signup in
  the range and no later than `until`. (metrics.md §3)
- `retention` (N-day, by first-event cohort; metrics.md §2): the cohort is every user whose
  first event of any kind in the whole input falls in the range. With `day=rolling`
  (default, Amplitude's rule) day N of a user is the 24-hour window
  [first + N × 24 h, first + (N + 1) × 24 h); with `day=calendar` it is the UTC date
  date(first) + N. A user is retained when they did an active event (as for adoption) on
  their day N. Users whose day N has not begun by the last event in the input are left out
  of the cohort and counted as `too_recent`. Value = 100 × retained / eligible cohort.
- `task-success` = 100 × completed / started (metrics.md §4). Started: `start-event` events
  in the range. Per user (and task id when present), events are taken in time order and each
  `finish-event` completes the earliest open start; a finish after `until` still counts.
"""

from __future__ import annotations

from collections import defaultdict, deque
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from okrs.metrics.base import Kind, MetricError, Options, Reading
from okrs.metrics.inputs import file_digest
from okrs.metrics.kinds.events.reader import check_file, events
from okrs.metrics.tables import within

MEASURES = ("adoption", "signups", "upgrade-conversion", "retention", "task-success")


class Range(NamedTuple):
    since: date | None
    until: date | None

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, datetime) and within(moment, self.since, self.until)


def measure(source: str, options: Options) -> Reading:
    kind = options.choice("measure", MEASURES, "adoption")
    check_file(source)
    window = Range(options.day("since"), options.day("until"))
    active = options.text("active-event", "") or None
    if kind == "adoption":
        value, unit, details = _adoption(source, options, window, active)
    elif kind == "signups":
        value, unit, details = _signups(source, options, window)
    elif kind == "upgrade-conversion":
        value, unit, details = _conversion(source, options, window)
    elif kind == "retention":
        value, unit, details = _retention(source, options, window, active)
    else:
        value, unit, details = _task_success(source, options, window)
    details = {"measure": kind, **details}
    digest = file_digest(source)
    return Reading(value, unit, "events", source, dict(options), digest, details)


Result = tuple[float, str, dict[str, Any]]


def _adoption(source: str, options: Options, window: Range, active: str | None) -> Result:
    feature = options.text("feature", "")
    if not feature:
        raise MetricError(source, "option feature is required for measure=adoption")
    active_users: set[str] = set()
    feature_users: set[str] = set()
    seen = False
    for event in events(source):
        seen = seen or event.name == feature
        if event.time not in window:
            continue
        if active is None or event.name == active:
            active_users.add(event.user)
        if event.name == feature:
            feature_users.add(event.user)
    if not seen:
        raise MetricError(source, f"has no {feature!r} event at all; check option feature")
    if not active_users:
        raise MetricError(source, "has no active users in the date range")
    adopters = len(feature_users & active_users)
    details = {"feature": feature, "adopters": adopters, "active_users": len(active_users)}
    return 100 * adopters / len(active_users), "%", details


def _signups(source: str, options: Options, window: Range) -> Result:
    signup = options.text("signup-event", "signup")
    count, users = 0, set()
    for event in events(source):
        if event.name == signup and event.time in window:
            count += 1
            users.add(event.user)
    return float(count), "signups", {"signup_event": signup, "signups": count, "users": len(users)}


def _conversion(source: str, options: Options, window: Range) -> Result:
    signup = options.text("signup-event", "signup")
    upgrade = options.text("upgrade-event", "upgrade")
    first_signup: dict[str, datetime] = {}
    last_upgrade: dict[str, datetime] = {}
    up_to_until = Range(None, window.until)
    for event in events(source):
        if event.name == signup and event.time in window:
            first_signup[event.user] = min(event.time, first_signup.get(event.user, event.time))
        elif event.name == upgrade and event.time in up_to_until:
            last_upgrade[event.user] = max(event.time, last_upgrade.get(event.user, event.time))
    if not first_signup:
        raise MetricError(source, f"has no {signup!r} events in the date range")
    converted = sum(
        1
        for user, time in first_signup.items()
        if user in last_upgrade and last_upgrade[user] >= time
    )
    details = {
        "signup_event": signup,
        "upgrade_event": upgrade,
        "signed_up": len(first_signup),
        "converted": converted,
    }
    return 100 * converted / len(first_signup), "%", details


def _retention(source: str, options: Options, window: Range, active: str | None) -> Result:
    days = options.integer("days", 7, minimum=1)
    rule = options.choice("day", ("rolling", "calendar"), "rolling")
    first: dict[str, datetime] = {}
    last: datetime | None = None
    for event in events(source):
        if event.user not in first or event.time < first[event.user]:
            first[event.user] = event.time
        last = event.time if last is None or event.time > last else last
    if last is None:
        raise MetricError(source, "has no events")
    cohort = {user: time for user, time in first.items() if time in window}
    if not cohort:
        raise MetricError(source, "has no users whose first event is in the date range")
    eligible = {user: time for user, time in cohort.items() if _day_n(time, days, rule) <= last}
    if not eligible:
        raise MetricError(source, f"has no users in the cohort whose day {days} has begun")
    retained: set[str] = set()
    for event in events(source):
        start = eligible.get(event.user)
        if start is None or event.user in retained or (active and event.name != active):
            continue
        if _day_n(start, days, rule) <= event.time < _day_n(start, days + 1, rule):
            retained.add(event.user)
    window_text = (
        f"[first + {days} × 24 h, first + {days + 1} × 24 h)"
        if rule == "rolling"
        else f"the UTC date of the first event + {days} days"
    )
    details = {
        "days": days,
        "day": rule,
        "day_n": window_text,
        "cohort": len(cohort),
        "too_recent": len(cohort) - len(eligible),
        "eligible": len(eligible),
        "retained": len(retained),
    }
    return 100 * len(retained) / len(eligible), "%", details


def _day_n(first: datetime, days: int, rule: str) -> datetime:
    """The start of day `days` after `first`, under the rolling or the calendar rule."""
    if rule == "rolling":
        return first + timedelta(days=days)
    start = datetime.combine(first.astimezone(UTC).date(), datetime.min.time(), tzinfo=UTC)
    return start + timedelta(days=days)


def _task_success(source: str, options: Options, window: Range) -> Result:
    start_name = options.text("start-event", "task_started")
    finish_name = options.text("finish-event", "task_finished")
    timelines: dict[tuple[str, str], list[tuple[datetime, int]]] = defaultdict(list)
    for event in events(source):
        if event.name in (start_name, finish_name):
            # starts sort before finishes at the same instant
            timelines[event.user, event.task].append((event.time, event.name == finish_name))
    started = completed = 0
    for timeline in timelines.values():
        open_starts: deque[datetime] = deque()
        for time, is_finish in sorted(timeline):
            if not is_finish:
                open_starts.append(time)
                started += time in window
            elif open_starts:
                completed += open_starts.popleft() in window
    if not started:
        raise MetricError(source, f"has no {start_name!r} events in the date range")
    details = {
        "start_event": start_name,
        "finish_event": finish_name,
        "started": started,
        "completed": completed,
    }
    return 100 * completed / started, "%", details


KIND = Kind(
    name="events",
    summary="Feature adoption, signups, upgrade conversion, N-day retention or task success "
    "from CSV or JSON lines of user, event, timestamp.",
    options={
        "measure": "adoption | signups | upgrade-conversion | retention | task-success "
        "(default: adoption)",
        "feature": "the event name that means the feature was used (adoption)",
        "active-event": "the event that makes a user active (default: any event)",
        "signup-event": "the signup event name (default: signup)",
        "upgrade-event": "the upgrade event name (default: upgrade)",
        "days": "N for N-day retention (default: 7)",
        "day": "retention day rule: rolling 24-hour windows (default) or calendar UTC days",
        "start-event": "the event that starts a task (default: task_started)",
        "finish-event": "the event that finishes a task (default: task_finished)",
        "since": "first day to include, YYYY-MM-DD",
        "until": "last day to include, YYYY-MM-DD",
    },
    measure=measure,
)
