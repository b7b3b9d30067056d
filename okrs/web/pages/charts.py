"""A key result's value history as a small inline SVG, drawn on the server.

The chart shows the check-ins against the target line and the expected pace (a straight line
from the start value on the period's first day to the target on its last). Every piece of
text goes through `format_html`, so a title like `<script>` arrives escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from okrs.core.health import period_bounds, window
from okrs.core.numbers import format_value
from okrs.core.progress import Direction

WIDTH, HEIGHT = 600, 170
LEFT, RIGHT, TOP, BOTTOM = 84, 14, 12, 24
GREEN, GREY, INK, BLUE, BAND = "#1d7a46", "#8a93a0", "#1d2330", "#2456c8", "#e3f1e8"


@dataclass(frozen=True)
class ChartPoint:
    at: datetime
    value: float


@dataclass(frozen=True)
class ChartSpec:
    """What the chart needs to know about a key result and its period."""

    chart_id: str
    title: str
    direction: str
    start: float
    target: float
    unit_label: str
    period_start: date
    period_end: date
    low: float | None = None
    high: float | None = None
    decimals: int = 2  # the key result's (okrs.core.numbers.decimals_for)
    activated_at: datetime | None = None  # the pace starts then, when later than the period
    decimal_comma: bool = False  # the reader's convention, as on the rest of the page


class _Scale:
    def __init__(self, spec: ChartSpec, points: Sequence[ChartPoint]) -> None:
        self.first, self.after_last = period_bounds(spec.period_start, spec.period_end)
        values = [point.value for point in points] + _reference_values(spec)
        low, high = min(values), max(values)
        if low == high:
            low, high = low - 1, high + 1
        margin = (high - low) * 0.08
        self.low, self.high = low - margin, high + margin

    def x(self, at: datetime) -> float:
        span = (self.after_last - self.first).total_seconds()
        share = (at - self.first).total_seconds() / span
        return round(LEFT + min(1.0, max(0.0, share)) * (WIDTH - LEFT - RIGHT), 1)

    def y(self, value: float) -> float:
        share = (self.high - value) / (self.high - self.low)
        return round(TOP + share * (HEIGHT - TOP - BOTTOM), 1)


def _reference_values(spec: ChartSpec) -> list[float]:
    if spec.direction == Direction.STAY_WITHIN:
        return [value for value in (spec.low, spec.high) if value is not None]
    if spec.direction == Direction.MILESTONE:
        return [0.0, 1.0]
    return [spec.start, spec.target]


def _with_unit(value: float, spec: ChartSpec) -> str:
    shown = format_value(value, spec.decimals, decimal_comma=spec.decimal_comma)
    return f"{shown} {spec.unit_label}".strip()


def key_result_chart(
    spec: ChartSpec, points: Sequence[ChartPoint], now: datetime | None = None
) -> SafeString:
    """The whole `<svg>` element, with a title and a description for screen readers."""
    scale = _Scale(spec, points)
    parts = [
        *_band(spec, scale),
        *_target(spec, scale),
        *_pace(spec, scale),
        *_today(scale, now),
        *_axis(spec, scale),
        *_history(spec, scale, points),
    ]
    return format_html(
        '<svg class="kr-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>'
        "{}</svg>",
        WIDTH,
        HEIGHT,
        spec.chart_id,
        spec.chart_id,
        spec.chart_id,
        f"Value history of {spec.title}",
        spec.chart_id,
        describe(spec, points),
        format_html_join("", "{}", ((part,) for part in parts)),
    )


def describe(spec: ChartSpec, points: Sequence[ChartPoint]) -> str:
    """The chart in one or two sentences, for people who cannot see it."""
    if spec.direction == Direction.STAY_WITHIN:
        low, high = _with_unit(spec.low or 0, spec), _with_unit(spec.high or 0, spec)
        goal = f"Stay between {low} and {high}."
    elif spec.direction == Direction.MILESTONE:
        goal = "A milestone: 1 is done, 0 is not done."
    else:
        goal = (
            f"From {_with_unit(spec.start, spec)} to a target of {_with_unit(spec.target, spec)}."
        )
    if not points:
        return f"{goal} No check-ins yet."
    latest = points[-1]
    count = f"{len(points)} check-in{'s' if len(points) != 1 else ''}"
    return f"{goal} {count}; latest {_with_unit(latest.value, spec)} on {latest.at:%-d %b}."


def _band(spec: ChartSpec, scale: _Scale) -> list[SafeString]:
    if spec.direction != Direction.STAY_WITHIN or spec.low is None or spec.high is None:
        return []
    top, bottom = scale.y(spec.high), scale.y(spec.low)
    band = format_html(
        '<rect class="band" x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
        *(LEFT, top, WIDTH - LEFT - RIGHT, round(bottom - top, 1), BAND),
    )
    return [
        band,
        _label(top, _with_unit(spec.high, spec)),
        _label(bottom, _with_unit(spec.low, spec)),
    ]


def _target(spec: ChartSpec, scale: _Scale) -> list[SafeString]:
    if spec.direction == Direction.STAY_WITHIN:
        return []
    target = 1.0 if spec.direction == Direction.MILESTONE else spec.target
    y, text = scale.y(target), _with_unit(target, spec)
    line = _line("target", (LEFT, y, WIDTH - RIGHT, y), GREEN, f"Target {text}", "6 4", 2)
    return [line, _label(y, text, GREEN)]


def _pace(spec: ChartSpec, scale: _Scale) -> list[SafeString]:
    if spec.direction not in (Direction.INCREASE, Direction.DECREASE):
        return []
    opens, _ = window(spec.period_start, spec.period_end, spec.activated_at)
    ends = (
        scale.x(opens),
        scale.y(spec.start),
        scale.x(scale.after_last),
        scale.y(spec.target),
    )
    line = _line("pace", ends, GREY, "Expected pace", "2 4", 1.5)
    return [line, _label(scale.y(spec.start), _with_unit(spec.start, spec))]


def _today(scale: _Scale, now: datetime | None) -> list[SafeString]:
    if now is None or not scale.first <= now < scale.after_last:
        return []
    x = scale.x(now)
    line = _line("today", (x, TOP, x, HEIGHT - BOTTOM), GREY, "Today", "", 1)
    return [line, _text(x, HEIGHT - 6, "today", "middle")]


def _axis(spec: ChartSpec, scale: _Scale) -> list[SafeString]:
    bottom = HEIGHT - BOTTOM
    return [
        _line("axis", (LEFT, bottom, WIDTH - RIGHT, bottom), GREY, "", "", 1),
        _text(LEFT, HEIGHT - 6, f"{spec.period_start:%-d %b}", "start"),
        _text(WIDTH - RIGHT, HEIGHT - 6, f"{spec.period_end:%-d %b}", "end"),
    ]


def _history(spec: ChartSpec, scale: _Scale, points: Sequence[ChartPoint]) -> list[SafeString]:
    if not points:
        return []
    coordinates = " ".join(f"{scale.x(p.at)},{scale.y(p.value)}" for p in points)
    line = format_html(
        '<polyline class="values" points="{}" fill="none" stroke="{}" stroke-width="2.5" '
        'stroke-linejoin="round"/>',
        coordinates,
        BLUE,
    )
    dots = [
        format_html(
            '<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}</title></circle>',
            *(scale.x(point.at), scale.y(point.value), BLUE),
            f"{point.at:%-d %b}: {_with_unit(point.value, spec)}",
        )
        for point in points
    ]
    return [line, *dots]


def _line(
    name: str,
    ends: tuple[float, float, float, float],
    colour: str,
    title: str,
    dash: str,
    width: float,
) -> SafeString:
    x1, y1, x2, y2 = ends
    return format_html(
        '<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"'
        ' stroke-dasharray="{}"><title>{}</title></line>',
        *(name, x1, y1, x2, y2, colour, width, dash or "none", title),
    )


def _text(x: float, y: float, text: str, anchor: str) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" font-size="12" fill="{}" text-anchor="{}">{}</text>',
        *(x, y, GREY, anchor, text),
    )


def _label(y: float, text: str, colour: str = INK) -> SafeString:
    """A value beside the y axis, right-aligned against the plot."""
    return format_html(
        '<text x="{}" y="{}" font-size="12" fill="{}" text-anchor="end" '
        'dominant-baseline="middle">{}</text>',
        *(LEFT - 6, y, colour, text),
    )
