"""survey: NPS, CSAT and CES from a CSV export, with the scale and the date range checked."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.base import MetricError
from okrs.metrics.registry import measure
from tests.metrics.bad_input import one_line_error

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "survey"
NPS, CSAT, CES = DATA / "nps.csv", DATA / "csat.csv", DATA / "ces.csv"


def test_it_computes_nps_from_promoters_and_detractors():
    # 9 answers (one blank row skipped): promoters 10, 9, 9, 10 = 4; passives 8, 7 = 2;
    # detractors 6, 3, 0 = 3. NPS = 100 × 4/9 − 100 × 3/9 = 11.11
    result = measure("survey", str(NPS), {"measure": "nps"})
    assert result.value == pytest.approx(100 / 9)
    assert result.unit == "points"
    assert result.details["answers"] == 9
    assert (result.details["promoters"], result.details["passives"]) == (4, 2)
    assert result.details["detractors"] == 3
    assert result.details["blank"] == 1
    assert result.details["counts"]["10"] == 2
    assert result.digest.startswith("sha256:")


def test_it_filters_answers_by_date():
    # January: 10, 9, 8, 7, 6 -> 2 promoters, 1 detractor of 5 = 40 − 20 = 20
    assert measure("survey", str(NPS), {"until": "2026-01-31"}).value == pytest.approx(20)
    # From February: 3, 0, 9, 10 -> 2 promoters, 2 detractors = 0
    assert measure("survey", str(NPS), {"since": "2026-02-01"}).value == 0


def test_it_computes_csat_as_the_share_of_4_and_5():
    # 5, 4, 3, 2, 5 -> 3 of 5 satisfied = 60 %
    result = measure("survey", str(CSAT), {"measure": "csat"})
    assert result.value == 60
    assert result.unit == "%"
    assert (result.details["satisfied"], result.details["not_satisfied"]) == (3, 2)


def test_it_reads_submitted_at_when_there_is_no_date_column():
    # from 2026-03-03: 3, 2, 5 -> 1 of 3 satisfied
    result = measure("survey", str(CSAT), {"measure": "csat", "since": "2026-03-03"})
    assert result.value == pytest.approx(100 / 3)


def test_it_computes_ces_as_the_mean_score():
    # 7 + 6 + 5 + 5 + 2 = 25 over 5 answers = 5.0 on 1–7
    result = measure("survey", str(CES), {"measure": "ces", "column": "effort"})
    assert result.value == 5
    assert result.unit == "on 1-7"
    assert result.details["sum"] == 25


def test_the_cli_prints_the_survey_as_json():
    args = ["metric", "survey", str(CSAT), "--opt", "measure=csat", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert '"value": 60.0' in result.output


def test_it_refuses_a_scale_the_measure_does_not_have():
    with pytest.raises(MetricError, match="option scale='1-7': use one of 1-5"):
        measure("survey", str(CSAT), {"measure": "csat", "scale": "1-7"})


@pytest.mark.parametrize(
    ("content", "options", "problem"),
    [
        (b"", [], "is empty"),
        (b"\x00\x01\x02binary", [], "binary"),
        (b"date,rating\n2026-01-01,9\n", [], "no column 'score'"),
        (b'{"score": 9}\n', [], "no column 'score'"),
        (
            b"date,score\n2026-01-01,9\n2026-01-02,11\n",
            [],
            "line 3, column 'score': a text of 2 characters is not a whole score from 0 to 10",
        ),
        (
            b"date,score\n2026-01-01,8.5\n",
            [],
            "line 2, column 'score': a text of 3 characters is not a whole score from 0 to 10",
        ),
        (
            b"date,score\n2026-01-01,great\n",
            [],
            "line 2, column 'score': a text of 5 characters is not a number",
        ),
        (
            b"date,score\n2026-01-01,7\n",
            ["measure=ces", "scale=1-5"],
            "line 2, column 'score': a text of 1 characters is not a whole score from 1 to 5",
        ),
        (b"date,score\n2026-01-01,0\n", ["measure=csat"], "from 1 to 5"),
        (
            b"date,score\nyesterday,9\n",
            ["since=2026-01-01"],
            "line 2: a text of 9 characters is not an ISO date or time",
        ),
        (b"date,score\n2025-01-01,9\n", ["since=2026-01-01"], "no answers in column 'score' in"),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, content, options, problem):
    assert problem in one_line_error(tmp_path, "survey", "survey.csv", content, *options)


def test_it_prints_the_nps_without_float_noise_and_keeps_every_digit_in_json(tmp_path):
    # issue 12: the human output printed 33.333333333333336
    path = tmp_path / "nps.csv"
    path.write_text("score\n10\n9\n9\n3\n5\n8\n10\n2\n9\n")
    human = CliRunner().invoke(app, ["metric", "survey", str(path), "--opt", "measure=nps"])
    assert "22.22 points" in human.output
    assert "33.33" in human.output
    assert "33.333" not in human.output
    machine = CliRunner().invoke(
        app, ["metric", "survey", str(path), "--opt", "measure=nps", "--json"]
    )
    assert json.loads(machine.output)["value"] == pytest.approx(200 / 9)
