"""`survey`: NPS, CSAT or CES from a CSV export with one score per row.

- `measure=nps` (0–10): `NPS = 100 × promoters (9–10) / answers − 100 × detractors (0–6) /
  answers`; passives (7–8) count only in the denominator. Range −100…+100, unit "points".
- `measure=csat` (1–5): `CSAT = 100 × answers scoring 4 or 5 / answers`, in %.
- `measure=ces` (1–7, or `scale=1-5`): the mean score.

Scores are whole numbers on the scale (`4` and `4.0` both read as 4); anything else is an
error naming the line. Rows with a blank score are skipped and counted as `blank`. With
`since`/`until`, rows are kept when their date column (default `date`, or `submitted_at`
when the file has that and no `date`) falls in the inclusive range.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from okrs.metrics.base import Kind, MetricError, Options, Reading, describe
from okrs.metrics.inputs import read_text
from okrs.metrics.tables import csv_rows, parse_time, within

SCALES = {"nps": ("0-10",), "csat": ("1-5",), "ces": ("1-7", "1-5")}
UNITS = {"nps": "points", "csat": "%"}


def measure(source: str, options: Options) -> Reading:
    text, digest = read_text(source)
    kind = options.choice("measure", tuple(SCALES), "nps")
    scale = options.choice("scale", SCALES[kind], SCALES[kind][0])
    low, high = (int(end) for end in scale.split("-"))
    column = options.text("column", "score")
    since, until = options.day("since"), options.day("until")
    date_column = _date_column(text, options)
    dated = since is not None or until is not None
    required = (column, date_column) if dated else (column,)
    counts: Counter[int] = Counter()
    blank = 0
    for line, row in csv_rows(source, text, required):
        if dated and not within(parse_time(source, line, row[date_column] or ""), since, until):
            continue
        raw = (row[column] or "").strip()
        if not raw:
            blank += 1
            continue
        counts[_score(source, line, column, raw, low, high)] += 1
    answers = sum(counts.values())
    if not answers:
        where = "in the date range" if dated else "in the file"
        raise MetricError(source, f"has no answers in column {column!r} {where}")
    value, groups = _formula(kind, counts, answers)
    details = {
        "measure": kind,
        "scale": scale,
        "answers": answers,
        **groups,
        "blank": blank,
        "counts": {str(score): counts[score] for score in range(low, high + 1)},
    }
    unit = UNITS.get(kind, f"on {scale}")
    return Reading(value, unit, "survey", source, dict(options), digest, details)


def _date_column(text: str, options: Options) -> str:
    if "date-column" in options:
        return options["date-column"]
    header = next(csv.reader(io.StringIO(text)), [])
    return "submitted_at" if "date" not in header and "submitted_at" in header else "date"


def _score(source: str, line: int, column: str, raw: str, low: int, high: int) -> int:
    try:
        number = float(raw)
    except ValueError:
        raise MetricError(
            source, f"line {line}, column {column!r}: {describe(raw)} is not a number"
        ) from None
    if not number.is_integer() or not low <= number <= high:
        raise MetricError(
            source,
            (
                f"line {line}, column {column!r}: {describe(raw)} "
                f"is not a whole score from {low} to {high}"
            ),
        )
    return int(number)


def _formula(kind: str, counts: Counter[int], answers: int) -> tuple[float, dict[str, object]]:
    if kind == "nps":
        promoters = counts[9] + counts[10]
        detractors = sum(counts[score] for score in range(7))
        promoter_share = 100 * promoters / answers
        detractor_share = 100 * detractors / answers
        return promoter_share - detractor_share, {
            "promoters": promoters,
            "passives": counts[7] + counts[8],
            "detractors": detractors,
            "promoters_percent": promoter_share,
            "detractors_percent": detractor_share,
        }
    if kind == "csat":
        satisfied = counts[4] + counts[5]
        return 100 * satisfied / answers, {
            "satisfied": satisfied,
            "not_satisfied": answers - satisfied,
        }
    total = sum(score * count for score, count in counts.items())
    return total / answers, {"sum": total}


KIND = Kind(
    name="survey",
    summary="NPS (0–10), CSAT (1–5) or CES (1–7 or 1–5) from a CSV with a score column.",
    options={
        "measure": "nps | csat | ces (default: nps)",
        "scale": "answer scale: 0-10 for nps, 1-5 for csat, 1-7 (default) or 1-5 for ces",
        "column": "the column with the scores (default: score)",
        "date-column": "the column with each answer's date (default: date, else submitted_at)",
        "since": "first day to include, YYYY-MM-DD",
        "until": "last day to include, YYYY-MM-DD",
    },
    measure=measure,
)
