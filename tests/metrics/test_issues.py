"""The issues kind, on recorded GitHub, GitLab and Jira exports (tests/metrics/data/issues/),
read from files and from a local HTTP server that pages through them as the APIs do."""

import json
import urllib.parse
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.base import MetricError
from okrs.metrics.registry import measure
from tests.metrics.http_server import QuietHandler, refused_port, serving

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "issues"
GITHUB = DATA / "github_issues.json"
GITLAB = DATA / "gitlab_issues.json"
JIRA = DATA / "jira_search.json"
JIRA_CSV = DATA / "jira_export.csv"


def value(path, **options):
    return measure("issues", str(path), {k.replace("_", "-"): v for k, v in options.items()})


# GitHub (github_issues.json): 13 entries, 2 of them pull requests (#5, #10).
# Closed as done, with closed − created in days:
#   #1 bug has-test points:2   03-01 09:00 → 03-02 09:00   1
#   #2 enhancement points:5    03-01 → 03-04               3
#   #7 type Feature            03-10 → 03-20              10
#   #8 bug points:1            03-10 12:00 → 03-12 00:00   1.5
#   #11 enhancement points:8   02-01 → 04-01              60   (reopened, then completed)
#   #13 documentation          04-02 → 04-06               4
# Left out: #3 not_planned, #4 duplicate, #12 label wontfix; open: #6 (reopened), #9.


def test_it_takes_median_and_p85_resolution_time_from_github():
    result = value(GITHUB)
    assert result.value == 3.5  # 1, 1.5, 3, 4, 10, 60: (3 + 4) / 2
    assert result.unit == "days"
    assert result.details["pull_requests_skipped"] == 2
    assert result.details["open"] == 2
    assert result.details["closed_not_done"] == {
        "duplicate": 1,
        "label wontfix": 1,
        "not_planned": 1,
    }
    assert result.digest.startswith("sha256:")
    # p85, linear: rank 0.85 × 5 = 4.25 → 10 + 0.25 × (60 − 10) = 22.5
    assert value(GITHUB, measure="resolution-p85").value == 22.5
    assert "linear" in result.details["percentile_method"]


def test_it_filters_by_close_date():
    march = {"since": "2024-03-01", "until": "2024-03-31"}
    assert value(GITHUB, **march).value == 2.25  # 1, 1.5, 3, 10
    # rank 0.85 × 3 = 2.55 → 3 + 0.55 × (10 − 3) = 6.85
    assert value(GITHUB, measure="resolution-p85", **march).value == pytest.approx(6.85)


def test_it_counts_stories_and_bugs_from_labels_and_issue_types():
    result = value(GITHUB, measure="stories-to-bugs")
    assert result.value == 1.5  # stories #2, #7 (type Feature), #11; bugs #1, #8
    assert result.details["neither"] == 1  # #13 documentation
    assert value(GITHUB, measure="feature-share").value == 60  # 3 / (3 + 2)


def test_it_sums_story_points_from_labels():
    assert value(GITHUB, measure="story-points").value == 16  # 2 + 5 + 1 + 8
    march = value(GITHUB, measure="story-points", since="2024-03-01", until="2024-03-31")
    assert march.value == 8  # 2 + 5 + 1
    assert march.details["unestimated"] == 1  # #7


def test_it_shares_closed_bugs_with_a_test():
    result = value(GITHUB, measure="tested-bug-share")
    assert result.value == 50  # #1 has-test, #8 not
    assert result.unit == "%"
    assert (result.details["closed_bugs"], result.details["with_test"]) == (2, 1)
    relabelled = value(GITHUB, measure="tested-bug-share", tested_label="points:2")
    assert relabelled.value == 50


# GitLab (gitlab_issues.json): done: #1 bug weight 3, 2 days; #2 feature weight 5, closed_at
# null so updated_at counts, 10 days; #6 bug has-test, 4 days. Left out: #3 label duplicate,
# #4 moved; open: #5.


def test_it_reads_gitlab_issues():
    result = value(GITLAB)
    assert result.value == 4  # 2, 4, 10
    assert result.details["format"] == "gitlab"
    assert result.details["closed_at_from_updated_at"] == 1
    assert result.details["closed_not_done"] == {"label duplicate": 1, "moved": 1}
    assert value(GITLAB, measure="resolution-p85").value == pytest.approx(8.2)  # 4 + 0.7 × 6
    assert value(GITLAB, measure="stories-to-bugs", story_labels="feature").value == 0.5
    assert value(GITLAB, measure="story-points").value == 8  # weights 3 + 5
    assert value(GITLAB, measure="tested-bug-share").value == 50


# Jira JSON (jira_search.json, a search answer with expand=names): done: SHOP-1 Story 5 points
# 2 days (times at +0200); SHOP-2 Bug has-test 1 point 0.5 days; SHOP-6 Bug no points 6 days;
# SHOP-7 Task 2 points 1 day. Left out: SHOP-3 Won't Do, SHOP-4 Duplicate; open: SHOP-5.


def test_it_reads_a_jira_json_export():
    result = value(JIRA)
    assert result.value == 1.5  # 0.5, 1, 2, 6
    assert result.details["closed_not_done"] == {"Duplicate": 1, "Won't Do": 1}
    assert value(JIRA, measure="resolution-p85").value == pytest.approx(4.2)  # 2 + 0.55 × 4
    assert value(JIRA, measure="stories-to-bugs").value == 0.5  # 1 story, 2 bugs
    points = value(JIRA, measure="story-points")
    assert points.value == 8  # 5 + 1 + 2, from the field the export names "Story Points"
    assert points.details["points_from"] == "customfield_10016"
    assert value(JIRA, measure="tested-bug-share").value == 50


def test_the_points_field_can_be_named(tmp_path):
    data = json.loads(JIRA.read_text())
    del data["names"]
    for issue in data["issues"]:
        issue["fields"]["customfield_10028"] = issue["fields"].pop("customfield_10016")
    path = tmp_path / "team-managed.json"
    path.write_text(json.dumps(data))
    with pytest.raises(MetricError, match="no issue has story points"):
        value(path, measure="story-points")
    assert value(path, measure="story-points", points_field="customfield_10028").value == 8


# Jira CSV (jira_export.csv, two Labels columns, dd/MMM/yy h:mm a dates): done: SHOP-11 Bug
# has-test 2 points 1 day; SHOP-12 Story 5 points 4.5 days; SHOP-15 Bug has-test (second
# Labels column) 2 days; SHOP-16 Story 8 points 10 days; SHOP-17 Bug 0.25 days.
# Left out: SHOP-13 Won't Fix; open: SHOP-14.


def test_it_reads_a_jira_csv_export():
    result = value(JIRA_CSV)
    assert result.value == 2  # 0.25, 1, 2, 4.5, 10
    assert result.details["format"] == "jira-csv"
    assert value(JIRA_CSV, measure="resolution-p85").value == pytest.approx(6.7)
    assert value(JIRA_CSV, measure="stories-to-bugs").value == pytest.approx(2 / 3)
    assert value(JIRA_CSV, measure="story-points").value == 15  # 2 + 5 + 8
    assert value(JIRA_CSV, measure="tested-bug-share").value == pytest.approx(200 / 3)
    july = value(JIRA_CSV, since="2024-07-01", until="2024-07-09")
    assert july.value == 2.75  # SHOP-11 1 day, SHOP-12 4.5 days


def test_the_cli_prints_json(tmp_path):
    result = runner.invoke(
        app, ["metric", "issues", str(GITHUB), "--opt", "measure=stories-to-bugs", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["value"] == 1.5
    assert data["details"]["stories"] == 3
    assert data["details"]["bugs"] == 2


class Recorded(QuietHandler):
    """Serves the recorded exports page by page, as GitHub and Jira do."""

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/repos/octo-org/shop/issues":
            items = json.loads(GITHUB.read_text())
            page, per_page = int(query.get("page", 1)), int(query.get("per_page", 30))
            body = items[(page - 1) * per_page : page * per_page]
            links = []
            if page * per_page < len(items):
                nxt = urllib.parse.urlencode({**query, "page": page + 1})
                links.append(f'<http://{self.headers["Host"]}{url.path}?{nxt}>; rel="next"')
            return self.reply(body, {"Link": ", ".join(links)} if links else {})
        if url.path == "/rest/api/2/search":
            if self.headers.get("Authorization") != "Bearer s3cret":
                return self.reply({"errorMessages": ["You are not authenticated."]}, status=401)
            data = json.loads(JIRA.read_text())
            start, size = int(query.get("startAt", 0)), int(query.get("maxResults", 50))
            data.update(startAt=start, maxResults=size)
            data["issues"] = data["issues"][start : start + size]
            return self.reply(data)
        return self.reply({"message": "Not Found"}, status=404)

    def reply(self, body, headers=None, status=200):
        payload = json.dumps(body).encode()
        self.send(status, "application/json; charset=utf-8", payload, headers)


@pytest.fixture(scope="module")
def server():
    with serving(Recorded) as url:
        yield url


def test_it_pages_through_the_github_api(server):
    url = f"{server}/repos/octo-org/shop/issues?state=all&per_page=4"
    result = value(url)
    assert result.value == 3.5  # the same as the file: all four pages were read
    assert result.details["issues"] == 11
    assert result.details["pull_requests_skipped"] == 2


def test_it_pages_through_a_jira_search_with_a_token(server, monkeypatch):
    monkeypatch.setenv("JIRA_TOKEN", "s3cret")
    url = f"{server}/rest/api/2/search?jql=project%3DSHOP&expand=names&maxResults=3"
    result = value(url, measure="story-points", token_env="JIRA_TOKEN")
    assert result.value == 8
    assert result.details["issues"] == 7


def run_cli(source, *options):
    args = ["metric", "issues", str(source)]
    for option in options:
        args += ["--opt", option]
    return runner.invoke(app, args)


def assert_fails(result, source, problem):
    assert result.exit_code == 2, result.output
    assert str(source) in result.output
    assert problem in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_api_errors_get_one_line(server, monkeypatch):
    assert_fails(run_cli(f"{server}/nowhere"), f"{server}/nowhere", "HTTP 404")
    url = f"{server}/rest/api/2/search"
    assert_fails(run_cli(url), url, "HTTP 401")
    assert_fails(run_cli(url, "token-env=OKRS_NO_SUCH_TOKEN"), url, "OKRS_NO_SUCH_TOKEN is not set")
    with refused_port() as port:
        closed = f"http://127.0.0.1:{port}/issues"
        assert_fails(run_cli(closed), closed, "is unreachable")


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.json", b"", "is empty"),
        ("binary.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("truncated.json", GITHUB.read_bytes()[:900], "is not valid JSON (truncated?)"),
        ("coverage.xml", b'<?xml version="1.0" ?>\n<coverage line-rate="0.9"/>\n', "not JSON"),
        ("object.json", b'{"totals": {"percent_covered": 91}}', "without 'issues'"),
        ("strings.json", b'["a", "b"]', "item 1 is not a JSON object"),
        ("other.json", b'[{"id": 1, "name": "x"}]', "not of GitHub (number)"),
        ("plain.csv", b"date,value\n2024-01-01,3\n", "no column 'Issue Type'"),
        (
            "no-created.json",
            b'[{"number": 3, "state": "open"}]',
            "item 1: no 'created_at'",
        ),
        (
            "bad-date.json",
            b'[{"number": 4, "state": "open", "created_at": "yesterday"}]',
            "item 1: created_at a text of 9 characters is not a date and time",
        ),
        (
            "no-closed-at.json",
            b'[{"number": 5, "state": "closed", "created_at": "2024-01-01T00:00:00Z"}]',
            "item 1, closed: no 'closed_at'",
        ),
        (
            "jira-no-created.json",
            b'{"issues": [{"key": "SHOP-9", "fields": {"issuetype": {"name": "Bug"}}}]}',
            "issue 1: no 'created'",
        ),
        (
            "bad-points.csv",
            b"Issue key,Issue Type,Created,Resolved,Story Points\n"
            b"SHOP-1,Story,01/Jul/24 9:00 AM,02/Jul/24 9:00 AM,lots\n",
            "line 2 (SHOP-1): column 'Story Points': a text of 4 characters is not a number",
        ),
        ("only-prs.json", b'[{"number": 1, "pull_request": {}}]', "has no issues"),
        ("empty-list.json", b"[]", "has no issues"),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    assert_fails(run_cli(path), path, problem)


def test_measures_without_a_value_say_why(tmp_path):
    assert_fails(
        run_cli(GITHUB, "since=2025-01-01"), GITHUB, "no issues closed as done in the date range"
    )
    assert_fails(
        run_cli(GITHUB, "measure=stories-to-bugs", "bug-labels=defect"),
        GITHUB,
        "no closed bugs in the date range (3 stories)",
    )
    assert_fails(
        run_cli(GITLAB, "measure=tested-bug-share", "since=2025-01-01"), GITLAB, "no closed bugs"
    )
    assert_fails(run_cli(GITHUB, "measure=velocity"), GITHUB, "option measure='velocity'")
    assert_fails(run_cli(GITHUB, "since=2024-05-01", "until=2024-04-01"), GITHUB, "is after until")
    assert_fails(run_cli(tmp_path / "gone.json"), tmp_path / "gone.json", "no such file")
    plain = tmp_path / "plain.json"
    plain.write_text(
        '[{"number": 1, "state": "closed", "created_at": "2024-01-01T00:00:00Z",'
        ' "closed_at": "2024-01-02T00:00:00Z", "labels": []}]'
    )
    assert_fails(run_cli(plain, "measure=story-points"), plain, "no issue has story points")
