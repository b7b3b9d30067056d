"""http-json: one number by JSONPath from recorded GitHub and CrUX answers, served locally."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.base import MetricError
from okrs.metrics.jsonpath import JsonPathError, find, parse
from okrs.metrics.registry import measure
from tests.metrics.http_server import QuietHandler, refused_port, serving

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "http_json"
TOKEN = "ghp_test0nly0token"
SEEN_AUTHORIZATION: list[str | None] = []


class RecordedApi(QuietHandler):
    """/search/issues needs the bearer token, as GitHub's API does for private repositories."""

    routes = {
        "/search/issues": ("github_search_issues.json", True),
        "/v1/records:queryRecord": ("crux_record.json", False),
    }

    def do_GET(self):
        SEEN_AUTHORIZATION.append(self.headers.get("Authorization"))
        if self.path == "/page.html":
            return self.send(200, "text/html", b"<!doctype html><p>not json</p>")
        if self.path not in self.routes:
            return self.send(404, "application/json", b'{"message": "Not Found"}')
        name, private = self.routes[self.path]
        if private and self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self.send(401, "application/json", b'{"message": "Requires authentication"}')
        return self.send(200, "application/json", (DATA / name).read_bytes())


@pytest.fixture(scope="module")
def api():
    with serving(RecordedApi) as url:
        yield url


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv("OKRS_TEST_GITHUB_TOKEN", TOKEN)
    return "OKRS_TEST_GITHUB_TOKEN"


def test_it_takes_a_number_with_a_bearer_token(api, token):
    SEEN_AUTHORIZATION.clear()
    url = f"{api}/search/issues"
    result = measure("http-json", url, {"path": "$.total_count", "token-env": token})
    assert result.value == 42  # "total_count": 42 in the recorded answer
    assert SEEN_AUTHORIZATION[-1] == f"Bearer {TOKEN}"
    assert len(SEEN_AUTHORIZATION) == 1
    assert result.details["raw"] == 42
    assert result.options == {"path": "$.total_count", "token-env": token}  # no token value
    assert result.digest.startswith("sha256:")


def test_it_indexes_arrays_from_either_end(api, token):
    url = f"{api}/search/issues"
    first = measure("http-json", url, {"path": "$.items[0].number", "token-env": token})
    last = measure("http-json", url, {"path": "$.items[-1]['number']", "token-env": token})
    assert (first.value, last.value) == (311, 298)


def test_it_reads_crux_percentiles_even_as_strings(api):
    url = f"{api}/v1/records:queryRecord"
    lcp = "$.record.metrics['largest_contentful_paint'].percentiles.p75"
    assert measure("http-json", url, {"path": lcp}).value == 2143
    cls = "$.record.metrics.cumulative_layout_shift.percentiles.p75"
    assert measure("http-json", url, {"path": cls}).value == 0.05  # "p75": "0.05"


def test_the_cli_prints_json(api):
    url = f"{api}/v1/records:queryRecord"
    path = "$.record.metrics.experimental_time_to_first_byte.percentiles.p75"
    result = runner.invoke(app, ["metric", "http-json", url, "--opt", f"path={path}", "--json"])
    assert result.exit_code == 0, result.output
    assert '"value": 812.0' in result.output


def test_the_json_path_subset():
    document = {"a": {"b-c": [1, {"d": 2}], "odd 'key'": 3}}
    assert parse("$.a['b-c'][-1].d") == ["a", "b-c", -1, "d"]
    assert find(document, "$.a['b-c'][-1].d") == 2
    assert find(document, "$.a[\"odd 'key'\"]") == 3
    assert find(document, "$.a['odd \\'key\\'']") == 3
    assert find(document, "$") == document
    with pytest.raises(JsonPathError, match="starts with"):
        parse("a.b")
    with pytest.raises(JsonPathError, match=r"\$\.a\.b-c has 2 elements; no index 2"):
        find(document, "$.a['b-c'][2]")
    with pytest.raises(JsonPathError, match=r"\$\.a is an object, not an array"):
        find(document, "$.a[0]")
    with pytest.raises(JsonPathError, match=r"expected a member name after '\.' at character 4"):
        parse("$.a.*")  # no wildcards
    with pytest.raises(JsonPathError, match="expected an index or a quoted name"):
        parse("$.a[?(@.b)]")  # no filters


@pytest.mark.parametrize(
    ("route", "path", "problem"),
    [
        ("/v1/records:queryRecord", "$.record.metrics.inp.percentiles.p75", "path $.record"),
        (
            "/v1/records:queryRecord",
            "$.record.key.formFactor",
            "path $.record.key.formFactor: a text of 5 characters is not a number",
        ),
        (
            "/v1/records:queryRecord",
            "$.record.key",
            "path $.record.key: an object of 2 members is not a number",
        ),
        ("/v1/records:queryRecord", "$.record[", "expected an index or a quoted name"),
        ("/v1/records:queryRecord", "", "option path is required"),
        ("/search/issues", "$.total_count", "answered HTTP 401 Unauthorized"),
        ("/nothing", "$.x", "answered HTTP 404"),
        ("/page.html", "$.x", "did not answer JSON"),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(api, route, path, problem):
    url = f"{api}{route}"
    result = runner.invoke(app, ["metric", "http-json", url, "--opt", f"path={path}"])
    assert result.exit_code == 2
    assert url in result.output
    assert problem in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_missing_path_names_the_step(api):
    url = f"{api}/v1/records:queryRecord"
    path = "$.record.metrics.inp.percentiles.p75"
    with pytest.raises(MetricError, match=r"path .*: \$\.record\.metrics has no member 'inp'"):
        measure("http-json", url, {"path": path})


def test_an_unset_token_variable_is_named(api, monkeypatch):
    monkeypatch.delenv("OKRS_TEST_NO_TOKEN", raising=False)
    url = f"{api}/search/issues"
    args = ["metric", "http-json", url, "--opt", "path=$.total_count"]
    result = runner.invoke(app, [*args, "--opt", "token-env=OKRS_TEST_NO_TOKEN"])
    assert result.exit_code == 2
    assert "environment variable OKRS_TEST_NO_TOKEN is not set" in result.output


def test_an_unreachable_url_gets_exit_code_2():
    with refused_port() as port:
        url = f"http://127.0.0.1:{port}/api"
        result = runner.invoke(app, ["metric", "http-json", url, "--opt", "path=$.x"])
    assert result.exit_code == 2
    assert f"{url}: is unreachable" in result.output
