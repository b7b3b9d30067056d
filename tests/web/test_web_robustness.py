"""Never a 500: bad ids, wrong methods, malformed forms and odd query strings on every page.

A bad id answers 404; a GET on a form that only takes POST answers 405; bad input answers
4xx or the form again (200 with a message), and saves nothing when it answers 4xx.
NUL characters are in the mix because PostgreSQL refuses them in text (run this file on
PostgreSQL too: DATABASE_URL=postgresql://... pytest tests/web/test_web_robustness.py).
"""

from __future__ import annotations

import traceback
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse

from okrs.web import urls
from tests.passes import every_pass
from tests.web.matrix_world import MatrixWorld, fingerprint

HUGE = "99999999999999999999999"
LONG = "x" * 10_000
NUL = "bad\x00text"
ODD = "\u202ezanzibar\u200b🦄\ufeff\u0301"
NUMBERS = ["", "abc", "1e309", "-1e309", "NaN", "inf", "-0", "1,5", HUGE, NUL, " 7 ", "1e-400"]


@pytest.fixture
def w(db, tmp_path) -> MatrixWorld:
    return MatrixWorld(tmp_path)


def _try(client: Client, method: str, url: str, data: Any = None, **extra: Any) -> Any:
    """The response, or the traceback of the exception that would have been a 500."""
    try:
        if method == "get":
            return client.get(url, **extra)
        return client.post(url, data or {}, **extra)
    except Exception:
        return traceback.format_exc(limit=-4)


def _problems(
    w: MatrixWorld, requests: list[tuple[str, str, Any]], persona: str = "admin", **extra: Any
) -> list[str]:
    """Send each request in a savepoint; report 500s, and 4xx answers that changed rows."""
    wrong = []
    for method, url, data in requests:
        with transaction.atomic():
            client = w.client_for(persona)
            before = fingerprint() if method == "post" else ""
            response = _try(client, method, url, data, **extra)
            after = fingerprint() if method == "post" and not isinstance(response, str) else ""
            transaction.set_rollback(True)
        shown = f"{method.upper()} {url[:120]!r} {str(data)[:160]!r}"
        if isinstance(response, str):
            wrong.append(f"{shown}: raised\n{response}")
        elif response.status_code >= 500:
            wrong.append(f"{shown}: {response.status_code}")
        elif method == "post" and 400 <= response.status_code < 500 and before != after:
            wrong.append(f"{shown}: {response.status_code} but the database changed")
    return wrong


# Bad ids ---------------------------------------------------------------------------------


def _id_routes() -> list[tuple[str, str]]:
    return [
        (pattern.name, str(pattern.pattern))
        for pattern in urls.urlpatterns
        if "<int:" in str(pattern.pattern)
    ]


@pytest.mark.parametrize("bad", ["0", "999999", HUGE])
def test_it_answers_404_for_ids_that_name_nothing(w, bad):
    wrong = []
    client = w.client_for("admin")
    for name, pattern in _id_routes():
        url = "/" + pattern.split("<")[0] + bad + "/" + pattern.split(">", 1)[1].lstrip("/")
        for method in ("get", "post"):
            response = _try(client, method, url)
            if isinstance(response, str):
                wrong.append(f"{method} {name} {url}: raised\n{response}")
            elif response.status_code not in (404, 405):
                wrong.append(f"{method} {name} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_every_id_route_is_covered():
    names = {name for name, _ in _id_routes()}
    assert {"objective", "check-in", "feedback", "unit", "canvas", "kr-binding"} <= names


# Wrong methods ---------------------------------------------------------------------------

POST_ONLY = [
    "check-in",
    "objective-reopen",
    "feedback",
    "revoke-token",
    "kr-measure",
    "logout",
    "link-accept",
    "link-remove",
    "person-role",
    "person-active",
    "invitation-revoke",
    "period-edit",
    "focus-area-add",
    "focus-area-edit",
    "focus-area-delete",
    "unit-rename",
    "unit-add-below",
    "unit-move",
    "unit-restore",
    "unit-member-add",
    "unit-member-change",
]


def test_a_get_on_a_form_that_only_takes_post_answers_405(w):
    target = w.target("public")
    args = {
        "check-in": [target.key_result.pk],
        "objective-reopen": [target.objective.pk],
        "feedback": [target.check_in.pk],
        "revoke-token": [w.alice_token.pk],
        "kr-measure": [target.key_result.pk],
        "logout": [],
        "link-accept": [target.proposal.pk],
        "link-remove": [target.proposal.pk],
        "person-role": [1],
        "person-active": [1],
        "invitation-revoke": [1],
        "period-edit": [w.world.period.pk],
        "focus-area-add": [w.world.period.pk],
        "focus-area-edit": [w.focus_area.pk],
        "focus-area-delete": [w.focus_area.pk],
        **{
            name: [w.world.web_team.pk]
            for name in ("unit-rename", "unit-add-below", "unit-move", "unit-restore")
        },
        "unit-member-add": [w.world.web_team.pk],
        "unit-member-change": [w.world.web_team.pk, w.world.bob.pk],
    }
    client = w.client_for("lead")
    for name in POST_ONLY:
        response = client.get(reverse(name, args=args[name]))
        assert response.status_code == 405, name
    assert w.client_for("lead").get(reverse("home")).status_code == 200  # still signed in


# Query strings on every page -------------------------------------------------------------

# A table: its rows and columns line up to be read across.
# fmt: off
BAD_QUERIES = [
    "request=abc", f"request={HUGE}",
    "period=abc", "period=999999", f"period={HUGE}", "period=-1", "period=", "period=1.5",
    f"q={LONG}", "q=%00", f"q={NUL}", f"filter={ODD}", "filter=%ED%A0%80", f"filter={LONG}",
    "health=bogus", "health=%00", "unit=abc", f"unit={HUGE}", "canvas=abc", f"canvas={HUGE}",
    "canvas=0", "impact=abc", f"impact={HUGE}", "impact=-1", "next=//evil.example",
    "page=abc", f"page={HUGE}", "page=-1", "page=0", "page=1.5",
    "period=1&period=2&q=a&q=b",
]
# fmt: on


def _pages(w: MatrixWorld) -> list[str]:
    world, target = w.world, w.target("public")
    return [
        reverse("home"),
        reverse("login"),
        reverse("tokens"),
        reverse("objective", args=[target.objective.pk]),
        reverse("key-result-check-ins", args=[target.key_result.pk]),
        reverse("unit", args=[world.web_team.pk]),
        reverse("focus-area", args=[w.focus_area.pk]),
        reverse("objective-new"),
        reverse("objective-edit", args=[target.objective.pk]),
        reverse("canvas", args=[world.web_team.pk]),
        reverse("period-close", args=[world.period.pk]),
        reverse("period-clone", args=[world.period.pk]),
        reverse("search"),
        reverse("alignment"),
        reverse("password-change"),
        reverse("kr-binding", args=[target.key_result.pk]),
        reverse("kr-measure-status", args=[target.key_result.pk]),
        reverse("security-log"),
        reverse("setup"),
        reverse("people"),
        reverse("password-reset"),
        reverse("password-reset-sent"),
        reverse("password-reset-confirm", args=["MQ", "set-password"]),
        reverse("password-reset-complete"),
        reverse("invitation", args=["not-a-token"]),
        reverse("people-import"),
        reverse("periods"),
        reverse("period-activate", args=[w.next_period.pk]),
        reverse("unit-manage", args=[world.web_team.pk]),
        reverse("unit-archive", args=[world.web_team.pk]),
    ]


def test_every_page_is_in_the_query_string_test(w):
    pages = {resolve(url).url_name for url in _pages(w)}
    assert pages == {p.name for p in urls.urlpatterns} - set(POST_ONLY)


# Who asks changes which pages answer, not the SQL the odd values meet: PostgreSQL gets the
# admin, who reaches every page.
@pytest.mark.parametrize("persona", every_pass(["admin", "member", "viewer", "anon"], ["admin"]))
def test_odd_query_strings_never_make_a_500(w, persona):
    requests = [("get", f"{page}?{query}", None) for page in _pages(w) for query in BAD_QUERIES]
    assert not _problems(w, requests, persona)
    htmx = [("get", f"{reverse('alignment')}?{query}", None) for query in BAD_QUERIES]
    assert not _problems(w, htmx, persona, HTTP_HX_REQUEST="true")


# Malformed forms -------------------------------------------------------------------------


def _check_ins(w: MatrixWorld) -> list[tuple[str, str, Any]]:
    url = reverse("check-in", args=[w.target("public").key_result.pk])
    good = {"value": "60", "confidence": "6", "note": "Moving", "signal": "none"}
    bodies: list[dict[str, Any]] = [{}, {"value": "60", "confidence": "?"}, {"confidence": "6"}]
    bodies += [good | {"value": value} for value in NUMBERS]
    bodies += [good | {"confidence": value} for value in [*NUMBERS, "-3", "11", "6.5"]]
    bodies += [good | {"note": note} for note in (LONG, NUL, ODD)]
    bodies += [good | {"signal": signal} for signal in ("bogus", NUL, LONG)]
    return [("post", url, body) for body in bodies]


def _feedback(w: MatrixWorld) -> list[tuple[str, str, Any]]:
    url = reverse("feedback", args=[w.target("public").check_in.pk])
    bodies = [
        {},
        {"kind": "bogus"},
        {"kind": NUL},
        {"kind": "consider", "note": NUL},
        {"kind": "consider", "note": LONG},
        {"kind": "continue", "note": ODD},
    ]
    return [("post", url, body) for body in bodies]


def _canvas(w: MatrixWorld) -> list[tuple[str, str, Any]]:
    url = reverse("canvas", args=[w.world.web_team.pk])
    good = {"current_state": "Slow", "impacts": "Fast", "blockers": ""}
    bodies = [{}, {"period": "abc"}, {"period": HUGE}, good | {"period": NUL}]
    bodies += [good | {name: text} for name in good for text in (NUL, LONG, ODD)]
    bodies += [good | {"impacts": "\n".join(["impact"] * 2000)}]
    bodies += [good | {"impacts": "\n".join([LONG] * 3)}]
    return [("post", url, body) for body in bodies]


def _editor_bodies(w: MatrixWorld, good: dict[str, Any]) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = [{}, {"action": "save"}, {"action": "bogus"}]
    for name in (
        "period",
        "owner",
        "kind",
        "visibility",
        "parent",
        "link_kind",
        "focus_areas",
        "canvas",
        "rows",
        "action",
    ):
        bodies += [good | {name: value} for value in ("abc", HUGE, NUL, "", "-1", "1e309")]
    bodies += [
        good | {"parent": value}
        for value in ("objective:abc", f"objective:{HUGE}", "key_result:0", "objective:", "x:1")
    ]
    bodies += [
        good | {"owner": value}
        for value in ("unit:abc", f"unit:{HUGE}", "user:0", f"user:{HUGE}", "unit:", "user:abc")
    ]
    bodies += [good | {"title": value} for value in (NUL, LONG, ODD, " ")]
    bodies += [good | {"description": value} for value in (NUL, LONG * 10)]
    bodies += [good | {"canvas_impact": value} for value in (NUL, LONG)]
    for name in ("start", "target", "low", "high", "weight"):
        bodies += [good | {f"kr-0-{name}": value} for value in NUMBERS]
    for name in ("id", "owner", "direction", "title", "unit_label", "remove"):
        bodies += [good | {f"kr-0-{name}": value} for value in ("abc", HUGE, NUL, LONG, "-1")]
    bodies += [good | {"rows": "20", **{f"kr-{i}-title": f"KR {i}" for i in range(25)}}]
    bodies += [good | {"kr-0-direction": "stay_within", "kr-0-low": "5", "kr-0-high": "1"}]
    return bodies


def _editor(w: MatrixWorld) -> list[tuple[str, str, Any]]:
    target = w.target("public")
    new = {
        "action": "save_anyway",
        "period": w.world.period.pk,
        "owner": f"unit:{w.world.web_team.pk}",
        "kind": "committed",
        "visibility": "public",
        "title": "Answer tickets the same day",
        "description": "",
        "parent": "",
        "link_kind": "contribute",
        "rows": "1",
        "kr-0-title": "Median first reply",
        "kr-0-direction": "decrease",
        "kr-0-start": "30",
        "kr-0-target": "8",
        "kr-0-unit_label": "h",
        "kr-0-weight": "1",
    }
    edit = new | {
        "kr-0-id": str(target.key_result.pk),
        "kr-0-direction": "increase",
        "kr-0-start": "50",
        "kr-0-target": "80",
    }
    new_url = reverse("objective-new")
    edit_url = reverse("objective-edit", args=[target.objective.pk])
    requests = [("post", new_url, body) for body in _editor_bodies(w, new)]
    requests += [("post", f"{new_url}?canvas={w.canvas.pk}&impact=0", new | {"canvas": "abc"})]
    requests += [("post", edit_url, body) for body in _editor_bodies(w, edit)]
    other_kr = w.target("private").key_result.pk  # a key result of another objective
    requests += [("post", edit_url, edit | {"kr-0-id": str(other_kr)})]
    return requests


def _periods(w: MatrixWorld) -> list[tuple[str, str, Any]]:
    close = reverse("period-close", args=[w.world.period.pk])
    clone = reverse("period-clone", args=[w.world.period.pk])
    kr = w.target("public").key_result.pk
    objective = w.target("public").objective.pk
    requests = [("post", close, {f"kr-{kr}": value}) for value in [*NUMBERS, "-0.5", "1.5"]]
    requests += [("post", close, {f"note-{objective}": NUL, f"retrospective-{objective}": LONG})]
    requests += [
        ("post", clone, body)
        for body in (
            {},
            {"objective": "abc"},
            {"objective": HUGE, "target": HUGE},
            {"objective": str(objective), "target": "abc"},
            {"objective": str(objective), "target": "new"},
            {"objective": NUL, "target": NUL},
        )
    ]
    return requests


def _tokens_and_account(w: MatrixWorld) -> list[tuple[str, str, Any]]:
    tokens = reverse("tokens")
    requests = [
        ("post", tokens, body)
        for body in (
            {},
            {"name": NUL},
            {"name": LONG},
            {"name": ODD},
            {"name": "ci", "unit": "abc"},
            {"name": "ci", "unit": HUGE},
            {"name": "ci", "unit": "0"},
            {"name": "ci", "scope": NUL},
            {"name": "ci", "unit": str(w.globex.web_team.pk)},
        )
    ]
    password = reverse("password-change")
    requests += [
        ("post", password, body)
        for body in (
            {},
            {"old_password": NUL, "new_password1": NUL, "new_password2": NUL},
            {"old_password": "correct horse battery", "new_password1": LONG, "new_password2": LONG},
        )
    ]
    return requests


def _bindings(w: MatrixWorld) -> list[tuple[str, str, Any]]:
    url = reverse("kr-binding", args=[w.target("public").key_result.pk])
    good = {
        "kind": "coverage",
        "input": str(w.tmp_path / "x.json"),
        "options": "",
        "cadence": "daily",
        "window_days": "",
    }
    bodies: list[dict[str, Any]] = [{}]
    for name in good:
        bodies += [good | {name: value} for value in ("abc", HUGE, NUL, LONG, "1e309", "NaN")]
    bodies += [good | {"options": "since=abc\nuntil=" + NUL}, good | {"options": "=\n=="}]
    bodies += [good | {"input": "/etc/passwd"}, good | {"input": "file:///dev/zero"}]
    return [("post", url, body) for body in bodies]


FORMS = {
    "check-in": _check_ins,
    "feedback": _feedback,
    "canvas": _canvas,
    "editor": _editor,
    "periods": _periods,
    "tokens and account": _tokens_and_account,
    "kr-binding": _bindings,
}


@pytest.mark.parametrize("form", FORMS)
def test_malformed_forms_never_make_a_500_nor_save_half(w, form):
    requests = FORMS[form](w)
    assert not _problems(w, requests)


@pytest.mark.parametrize("form", ["check-in", "feedback"])
def test_malformed_htmx_posts_answer_422(w, form):
    """HTMX partials answer 422 with the fragment, so htmx swaps the errors in."""
    requests = FORMS[form](w)
    client = w.client_for("admin")
    for _, url, body in requests[:2]:  # empty and half-filled forms
        with transaction.atomic():
            response = client.post(url, body, HTTP_HX_REQUEST="true")
            transaction.set_rollback(True)
        assert response.status_code == 422, (url, body)


def test_malformed_login_posts_never_make_a_500(w):
    requests = [
        ("post", reverse("login"), body)
        for body in (
            {},
            {"username": NUL, "password": NUL},
            {"username": LONG, "password": LONG},
            {"username": ODD, "password": "x"},
        )
    ]
    assert not _problems(w, requests, "anon")


def test_a_check_in_on_a_closed_objective_is_refused_to_who_may_not_check_in(w):
    """A viewer learns nothing new from a closed objective's form: 403 like an open one."""
    from okrs.goals import services

    target = w.target("public")
    services.close_objective(target.objective, 0.5, "Half of it landed")
    url = reverse("check-in", args=[target.key_result.pk])
    body = {"value": "60", "confidence": "6"}
    assert w.client_for("viewer").post(url, body).status_code == 403
    response = w.client_for("member").post(url, body)
    assert response.status_code == 400
    assert "closed" in response.content.decode()


def test_a_nul_character_is_refused_with_a_400_that_says_why(w):
    client = w.client_for("member")
    url = reverse("check-in", args=[w.target("public").key_result.pk])
    before = fingerprint()
    response = client.post(url, {"value": "60", "confidence": "6", "note": NUL})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert fingerprint() == before
    assert client.get(reverse("search") + "?q=%00").status_code == 400


def test_a_token_name_too_long_is_shown_on_the_form(w):
    client = w.client_for("member")
    response = client.post(reverse("tokens"), {"name": "n" * 101, "scope": "read"})
    assert response.status_code == 200
    assert "keep it to 100" in response.content.decode()
    assert not w.world.bob.api_tokens.exists()
