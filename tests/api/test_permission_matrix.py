"""Every API operation, for every kind of caller, on public and private objectives.

The expected answers below are written out by hand from the rules (README, "Roles"), not
computed from `okrs.core.permissions`: a test that asked the rules what the rules say would
test nothing.

- an organisation admin may do everything in the organisation;
- a unit lead edits the OKRs of their unit's subtree, gives feedback and closes them;
- a member edits their own OKRs and checks in on key results they or their unit own;
- a viewer only reads;
- public objectives are readable by every member of the organisation; private ones only by
  their owner, the people of the owning unit, the leads above it and admins;
- organisations never see one another;
- read tokens never write; a token scoped to a unit works only inside that unit's subtree.

A denial is 401 for anonymous callers, 404 when the caller may not read what the request
names (so ids reveal nothing), and 403 when they may read it but not do this.

`test_every_operation_has_a_row` loads /api/v1/openapi.json: a new endpoint without a row
here fails the suite. The leak tests walk every list (with each filter, search and count),
the roll-ups and the history as each caller, and look for the private objectives' words
anywhere in what comes back.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from okrs.audit.services import Author
from okrs.goals import services
from okrs.goals.models import CheckIn, KeyResult, Objective
from okrs.orgs.invitations import invite
from okrs.orgs.services import add_person
from okrs.tokens.services import create_token
from tests.api.conftest import BASE
from tests.factories import World, make_user, make_world
from tests.passes import every_pass

# ---------------------------------------------------------------------------------------
# Who asks.
#
#   anon          no credentials
#   viewer        organisation role viewer, in the web team (the owning unit)
#   member        Bob, member of the web team (the owning unit)
#   other_lead    Erin, lead of the API team (a sibling of the owning unit)
#   lead          Alice, lead of the web team (the owning unit)
#   lead_above    Carol, lead of engineering (above the web team), through a browser session
#   admin         Dave, organisation admin
#   other_member  a member of another organisation (Globex)
#   other_admin   an admin of another organisation: isolation must not depend on the role
#   read_token    Alice (lead of the web team) through a read-only token
#   unit_token    Alice through a read-write token scoped to the API team
# ---------------------------------------------------------------------------------------

# A table: its rows and columns line up to be read across.
# fmt: off
COLUMNS = (
    "anon", "viewer", "member", "other_lead", "lead", "lead_above", "admin",
    "other_member", "other_admin", "read_token", "unit_token",
)
# fmt: on


# The PostgreSQL pass asks as the admin (every write is allowed: each reaches PostgreSQL),
# a member (refusals leave the rows as they were) and another organisation's admin (the
# fence is SQL); the other personas differ in rules the SQLite pass checks (tests/passes.py).
POSTGRES_COLUMNS = ["member", "admin", "other_admin"]


def row(text: str) -> dict[str, str]:
    """One expectation per persona, in COLUMNS order: a status, or `ok` for the
    operation's success status."""
    cells = text.split()
    assert len(cells) == len(COLUMNS), text
    return dict(zip(COLUMNS, cells, strict=True))


@dataclass(frozen=True)
class Target:
    """An objective with a key result; the web team's also have a check-in, feedback on it
    and a link up to the company objective."""

    objective: Objective
    key_result: KeyResult
    check_in: CheckIn | None = None
    feedback: Any = None
    alignment: Any = None

    @property
    def words(self) -> list[str]:
        """What must not appear in an answer to someone who may not read this."""
        words = [self.objective.title, self.key_result.title]
        return words + ([self.check_in.note] if self.check_in else [])


@dataclass
class Persona:
    name: str
    api: Any
    user: User | None  # whose "own" objectives and key results the `own` rows use


@dataclass(frozen=True)
class Case:
    """One row of the matrix: an operation (a variant of it) and who may do it.

    `public` holds the expectations when the objective in play is public, `private` when it
    is private; operations that involve no objective have only `public`. `owner` picks the
    objective in play: the web team's, the persona's own, or the company's with a key result
    the persona owns.
    """

    operation: str
    method: str
    route: str
    ok: int
    public: dict[str, str]
    private: dict[str, str] | None = None
    variant: str = ""
    owner: str = "unit"  # the target: "unit" (web team), "own" (the persona's), "kr_owner",
    # or "proposal" (the web team's, with a link proposed into it by the API team)
    # persona -> the `state` of the link a successful request answers (alignment rows)
    states: dict[str, str] | None = None
    path: Callable[..., dict] = lambda ctx, t, who: {}
    query: Callable[..., dict] = lambda ctx, t, who: {}
    body: Callable[..., Any] = lambda ctx, t, who: None

    @property
    def id(self) -> str:
        return f"{self.operation}[{self.variant}]" if self.variant else self.operation


# Shared rows, written once and reused where the rules are the same.
# columns:         anon viewer member o_lead lead above admin o_mem o_adm read unit
EVERY_MEMBER = row("401  ok     ok     ok     ok   ok    ok    ok    ok    ok   ok")
ORG_WIDE = row("401  ok     ok     ok     ok   ok    ok    404   404   ok   ok")
IN_WEB_UNIT = row("401  ok     ok     ok     ok   ok    ok    404   404   ok   404")
READ_PUBLIC = row("401  ok     ok     ok     ok   ok    ok    404   404   ok   404")
READ_PRIVATE = row("401  ok     ok     404    ok   ok    ok    404   404   ok   404")
EDIT_PUBLIC = row("401  403    403    403    ok   ok    ok    404   404   403  404")
EDIT_PRIVATE = row("401  403    403    404    ok   ok    ok    404   404   403  404")
CHECK_IN_PUBLIC = row("401  403    ok     403    ok   ok    ok    404   404   403  404")
CHECK_IN_PRIVATE = row("401  403    ok     404    ok   ok    ok    404   404   403  404")
ADMIN_ONLY = row("401  403    403    403    403  403   ok    404   404   403  403")


# columns:         anon viewer member o_lead lead above admin o_mem o_adm read unit
ADMIN_IN_WEB = row("401  403    403    403    403  403   ok    404   404   403  404")
OWN_LEAD = row("401  403    403    403    403  ok    ok    404   404   403  404")


def web_unit(ctx, t, who):
    return {"unit_id": ctx.world.web_team.pk}


def alice_in_web(ctx, t, who):
    return {"unit_id": ctx.world.web_team.pk, "person_id": ctx.world.alice.pk}


def archived_web_unit(ctx, t, who):
    """The web team archived (inside the request's savepoint, so rolled back after)."""
    from okrs.orgs.units import archive_unit

    archive_unit(ctx.world.web_team)
    return web_unit(ctx, t, who)


def obj(ctx, t, who):
    return {"objective_id": t.objective.pk}


def kr(ctx, t, who):
    return {"key_result_id": t.key_result.pk}


def closed_obj(ctx, t, who):
    """The objective closed (inside the request's savepoint, so rolled back after)."""
    # A fresh copy: closing sets the state on the instance, which no rollback resets.
    services.close_objective(Objective.objects.get(pk=t.objective.pk), 1.0)
    return obj(ctx, t, who)


def check_in_body(ctx, t, who):
    return {"key_result": t.key_result.pk, "value": 0.5, "confidence": 6}


# A table: its rows and columns line up to be read across.
# fmt: off
CASES = [
    # -- the caller, units, people -----------------------------------------------------
    Case("get_me", "get", "/me", 200, EVERY_MEMBER),
    Case("list_units", "get", "/units", 200, ORG_WIDE,
         query=lambda ctx, t, who: {"period": ctx.world.period.pk}),
    Case("get_unit", "get", "/units/{unit_id}", 200, IN_WEB_UNIT,
         path=lambda ctx, t, who: {"unit_id": ctx.world.web_team.pk},
         query=lambda ctx, t, who: {"period": ctx.world.period.pk}),
    Case("create_unit", "post", "/units", 201,
         # below a unit the caller manages: Carol leads engineering, the parent
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         row("401  403    403    403    403  ok    ok    404   404   403  404"),
         body=lambda ctx, t, who: {"name": "Mobile", "parent": ctx.world.engineering.pk}),
    # Renaming is for admins and the leads at or above the unit; moving, archiving and
    # restoring for admins only (okrs.core.permissions.can_restructure_units).
    Case("update_unit", "patch", "/units/{unit_id}", 200, EDIT_PUBLIC, variant="rename",
         path=web_unit, body=lambda ctx, t, who: {"name": "Web App", "slug": "web-app"}),
    Case("update_unit", "patch", "/units/{unit_id}", 200, ADMIN_IN_WEB, variant="move",
         path=web_unit, body=lambda ctx, t, who: {"parent": ctx.world.company.pk}),
    Case("archive_unit", "post", "/units/{unit_id}/archive", 200, ADMIN_IN_WEB, path=web_unit),
    Case("restore_unit", "post", "/units/{unit_id}/restore", 200, ADMIN_IN_WEB,
         path=archived_web_unit),
    Case("list_unit_members", "get", "/units/{unit_id}/members", 200, IN_WEB_UNIT,
         path=web_unit),
    Case("set_unit_member", "put", "/units/{unit_id}/members/{person_id}", 200, EDIT_PUBLIC,
         variant="add a person", path=lambda ctx, t, who: web_unit(ctx, t, who) | {
             "person_id": ctx.world.carol.pk}, body=lambda ctx, t, who: {"role": "member"}),
    # a lead keeps their own lead role (someone stays in charge); the leads above and
    # admins may take it
    Case("set_unit_member", "put", "/units/{unit_id}/members/{person_id}", 200, OWN_LEAD,
         variant="Alice's own lead role", path=alice_in_web,
         body=lambda ctx, t, who: {"role": "member"}),
    Case("remove_unit_member", "delete", "/units/{unit_id}/members/{person_id}", 204,
         EDIT_PUBLIC, variant="Bob", path=lambda ctx, t, who: web_unit(ctx, t, who) | {
             "person_id": ctx.world.bob.pk}),
    Case("remove_unit_member", "delete", "/units/{unit_id}/members/{person_id}", 204,
         OWN_LEAD, variant="Alice, a lead", path=alice_in_web),
    Case("list_people", "get", "/people", 200, EVERY_MEMBER),
    Case("get_person", "get", "/people/{person_id}", 200, ORG_WIDE,
         path=lambda ctx, t, who: {"person_id": ctx.world.bob.pk}),
    Case("update_person", "patch", "/people/{person_id}", 200, ADMIN_ONLY,
         path=lambda ctx, t, who: {"person_id": ctx.world.bob.pk},
         body=lambda ctx, t, who: {"role": "viewer"}),
    # -- setting up and inviting (issue 11) ----------------------------------------------
    # Only a server without organisations is set up; this one has two.
    Case("set_up", "post", "/setup", 201,
         row("409  409    409    409    409  409   409   409   409   409  409"),
         body=lambda ctx, t, who: {"organisation": "Takeover", "name": "M",
                                   "email": "m@x.test", "password": "a long passphrase"}),
    Case("create_invitation", "post", "/invitations", 201,
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         row("401  403    403    403    ok   ok    ok    404   404   403  404"),
         body=lambda ctx, t, who: {"email": "new@acme.test", "unit": ctx.world.web_team.pk}),
    Case("list_invitations", "get", "/invitations", 200,
         row("401  403    403    ok     ok   ok    ok    403   ok    ok   ok")),
    Case("revoke_invitation", "delete", "/invitations/{invitation_id}", 204,
         row("401  403    403    403    ok   ok    ok    404   404   403  403"),
         path=lambda ctx, t, who: {"invitation_id": invite(
             ctx.world.organisation, "new@acme.test", unit=ctx.world.web_team,
             by=Author(ctx.world.dave)).invitation.pk}),
    # A forged token opens nothing, whoever sends it (a real one: tests/api/test_setup.py).
    Case("accept_invitation", "post", "/invitations/accept", 201,
         row("404  404    404    404    404  404   404   404   404   404  404"),
         body=lambda ctx, t, who: {"token": "forged", "name": "M",
                                   "password": "a long passphrase"}),
    # -- periods and focus areas --------------------------------------------------------
    Case("list_periods", "get", "/periods", 200, EVERY_MEMBER),
    Case("get_period", "get", "/periods/{period_id}", 200, ORG_WIDE,
         path=lambda ctx, t, who: {"period_id": ctx.world.period.pk}),
    Case("create_period", "post", "/periods", 201,
         # an admin of another organisation creates one in their own organisation
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         row("401  403    403    403    403  403   ok    403   ok    403  403"),
         body=lambda ctx, t, who: {"name": "2027 Q1", "start": "2027-01-01", "end": "2027-03-31"}),
    Case("update_period", "patch", "/periods/{period_id}", 200, ADMIN_ONLY,
         path=lambda ctx, t, who: {"period_id": ctx.world.period.pk},
         body=lambda ctx, t, who: {"name": "Renamed"}),
    Case("suggest_period", "get", "/periods/suggested", 200, EVERY_MEMBER),
    Case("activate_period", "post", "/periods/{period_id}/activate", 200, ADMIN_ONLY,
         path=lambda ctx, t, who: {"period_id": services.create_period(
             ctx.world.organisation, "2027 Q1", date(2027, 1, 1), date(2027, 3, 31)).pk}),
    Case("list_focus_areas", "get", "/focus-areas", 200, EVERY_MEMBER),
    Case("get_focus_area", "get", "/focus-areas/{focus_area_id}", 200, ORG_WIDE,
         path=lambda ctx, t, who: {"focus_area_id": ctx.focus_area.pk}),
    Case("create_focus_area", "post", "/focus-areas", 201, ADMIN_ONLY,
         body=lambda ctx, t, who: {"period": ctx.world.period.pk, "title": "Reliability"}),
    Case("update_focus_area", "patch", "/focus-areas/{focus_area_id}", 200, ADMIN_ONLY,
         path=lambda ctx, t, who: {"focus_area_id": ctx.focus_area.pk},
         body=lambda ctx, t, who: {"title": "Renamed"}),
    # a focus area no objective is aligned with (one with objectives is refused: 409)
    Case("delete_focus_area", "delete", "/focus-areas/{focus_area_id}", 204, ADMIN_ONLY,
         path=lambda ctx, t, who: {
             "focus_area_id": services.create_focus_area(ctx.world.period, "Spare").pk}),
    # -- objectives ---------------------------------------------------------------------
    Case("list_objectives", "get", "/objectives", 200, EVERY_MEMBER),
    Case("get_objective", "get", "/objectives/{objective_id}", 200, READ_PUBLIC, READ_PRIVATE,
         path=obj),
    Case("create_objective", "post", "/objectives", 201, variant="for the web team",
         # a team's objective is created by whoever could edit it: leads above, admins
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         public=row("401  403    403    403    ok   ok    ok    404   404   403  404"),
         private=row("401 403    403    403    ok   ok    ok    404   404   403  404"),
         body=lambda ctx, t, who: {
             "period": ctx.world.period.pk, "title": "New", "owner_unit": ctx.world.web_team.pk,
             "visibility": t.objective.visibility}),
    Case("create_objective", "post", "/objectives", 201, variant="own",
         # members create their own; the API-scoped token's owner is outside its subtree
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         public=row("401  403    ok     ok     ok   ok    ok    404   404   403  403"),
         private=row("401 403    ok     ok     ok   ok    ok    404   404   403  403"),
         body=lambda ctx, t, who: {
             "period": ctx.world.period.pk, "title": "Mine", "owner_user": ctx.own(who).pk,
             "visibility": t.objective.visibility}),
    Case("update_objective", "patch", "/objectives/{objective_id}", 200, EDIT_PUBLIC,
         EDIT_PRIVATE, path=obj, body=lambda ctx, t, who: {"title": "Renamed"}),
    Case("update_objective", "patch", "/objectives/{objective_id}", 200, variant="own",
         owner="own", path=obj, body=lambda ctx, t, who: {"title": "Renamed"},
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         public=row("401  403    ok     ok     ok   ok    ok    404   404   403  404"),
         private=row("401 403    ok     ok     ok   ok    ok    404   404   403  404")),
    Case("delete_objective", "delete", "/objectives/{objective_id}", 204, EDIT_PUBLIC,
         EDIT_PRIVATE, path=obj),
    Case("close_objective", "post", "/objectives/{objective_id}/close", 200, EDIT_PUBLIC,
         EDIT_PRIVATE, path=obj, body=lambda ctx, t, who: {"score": 1.0}),
    Case("close_objective", "post", "/objectives/{objective_id}/close", 200, variant="own",
         owner="own", path=obj, body=lambda ctx, t, who: {"score": 1.0},
         # closing is for the leads above and admins, not for the owner alone; a lead
         # stands above their own objectives (Erin, Alice, Carol lead their units)
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         public=row("401  403    403    ok     ok   ok    ok    404   404   403  404"),
         private=row("401 403    403    ok     ok   ok    ok    404   404   403  404")),
    # a closed objective in an open period: admins reopen it (issue 12)
    Case("reopen_objective", "post", "/objectives/{objective_id}/reopen", 200,
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         public=row("401  403    403    403    403  403   ok    404   404   403  404"),
         private=row("401 403    403    404    403  403   ok    404   404   403  404"),
         path=closed_obj),
    # -- alignment ----------------------------------------------------------------------
    Case("list_objective_alignments", "get", "/objectives/{objective_id}/alignments", 200,
         READ_PUBLIC, READ_PRIVATE, path=obj),
    Case("get_alignment", "get", "/alignments/{alignment_id}", 200, READ_PUBLIC, READ_PRIVATE,
         path=lambda ctx, t, who: {"alignment_id": t.alignment.pk}),
    # Linking needs the child's edit right; the link is accepted only when the caller may
    # edit the parent too (its owner, leads above, admins), else proposed (issue 9).
    Case("create_alignment", "post", "/alignments", 201, EDIT_PUBLIC, EDIT_PRIVATE,
         variant="under the company's key result",
         states={"lead": "proposed", "lead_above": "proposed", "admin": "accepted"},
         body=lambda ctx, t, who: {
             "child": t.objective.pk, "parent_key_result": ctx.company_kr.pk}),
    Case("create_alignment", "post", "/alignments", 201, EDIT_PUBLIC, EDIT_PRIVATE,
         variant="under another web team objective",
         states={"lead": "accepted", "lead_above": "accepted", "admin": "accepted"},
         body=lambda ctx, t, who: {"child": t.objective.pk, "parent_objective": ctx.web_goal().pk}),
    Case("create_alignment", "post", "/alignments", 201, owner="own",
         variant="own objective under the web team's",
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         public=row("401  403    ok     ok     ok   ok    ok    404   404   403  404"),
         private=row("401 403    ok     ok     ok   ok    ok    404   404   403  404"),
         states={"member": "proposed", "other_lead": "proposed", "lead": "accepted",
                 "lead_above": "accepted", "admin": "accepted"},
         body=lambda ctx, t, who: {"child": t.objective.pk, "parent_objective": ctx.web_goal().pk,
                                   "weight": 10}),
    Case("accept_alignment", "post", "/alignments/{alignment_id}/accept", 200, EDIT_PUBLIC,
         EDIT_PRIVATE, owner="proposal",
         states={"lead": "accepted", "lead_above": "accepted", "admin": "accepted"},
         path=lambda ctx, t, who: {"alignment_id": t.alignment.pk}),
    Case("delete_alignment", "delete", "/alignments/{alignment_id}", 204, EDIT_PUBLIC,
         EDIT_PRIVATE, variant="by the child's side",
         path=lambda ctx, t, who: {"alignment_id": t.alignment.pk}),
    Case("delete_alignment", "delete", "/alignments/{alignment_id}", 204, owner="proposal",
         variant="by either side",
         # the API team's lead proposed it (child side), the web team's side removes it too
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         public=row("401  403    403    ok     ok   ok    ok    404   404   403  404"),
         private=row("401 403    403    404    ok   ok    ok    404   404   403  404"),
         path=lambda ctx, t, who: {"alignment_id": t.alignment.pk}),
    # -- key results --------------------------------------------------------------------
    Case("list_key_results", "get", "/key-results", 200, EVERY_MEMBER),
    Case("get_key_result", "get", "/key-results/{key_result_id}", 200, READ_PUBLIC,
         READ_PRIVATE, path=kr),
    Case("create_key_result", "post", "/key-results", 201, EDIT_PUBLIC, EDIT_PRIVATE,
         body=lambda ctx, t, who: {"objective": t.objective.pk, "title": "New"}),
    Case("update_key_result", "patch", "/key-results/{key_result_id}", 200, EDIT_PUBLIC,
         EDIT_PRIVATE, path=kr, body=lambda ctx, t, who: {"title": "Renamed"}),
    Case("delete_key_result", "delete", "/key-results/{key_result_id}", 204, EDIT_PUBLIC,
         EDIT_PRIVATE, path=kr),
    Case("key_result_audit", "get", "/key-results/{key_result_id}/audit", 200,
         READ_PUBLIC, READ_PRIVATE, path=kr),
    Case("key_result_check_ins", "get", "/key-results/{key_result_id}/check-ins", 200,
         READ_PUBLIC, READ_PRIVATE, path=kr),
    # -- check-ins ----------------------------------------------------------------------
    Case("list_check_ins", "get", "/check-ins", 200, EVERY_MEMBER),
    Case("get_check_in", "get", "/check-ins/{check_in_id}", 200, READ_PUBLIC, READ_PRIVATE,
         path=lambda ctx, t, who: {"check_in_id": t.check_in.pk}),
    Case("create_check_in", "post", "/check-ins", 201, CHECK_IN_PUBLIC, CHECK_IN_PRIVATE,
         body=check_in_body),
    Case("create_check_in", "post", "/check-ins", 201, variant="key result owner",
         owner="kr_owner", body=check_in_body,
         # the caller owns the key result of a company objective; owning a key result
         # gives no right to read a private objective (only admins read this one)
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         public=row("401  403    ok     ok     ok   ok    ok    404   404   403  404"),
         private=row("401 404    404    404    404  404   ok    404   404   404  404")),
    Case("create_check_ins_batch", "post", "/check-ins/batch", 201, CHECK_IN_PUBLIC,
         CHECK_IN_PRIVATE,
         body=lambda ctx, t, who: {"items": [check_in_body(ctx, t, who)]}),
    Case("push_value", "post", "/key-results/{key_result_id}/values", 201, CHECK_IN_PUBLIC,
         CHECK_IN_PRIVATE, path=kr, body=lambda ctx, t, who: {"value": 0.25}),
    # -- feedback -----------------------------------------------------------------------
    Case("list_feedback", "get", "/feedback", 200, EVERY_MEMBER),
    Case("get_feedback", "get", "/feedback/{feedback_id}", 200, READ_PUBLIC, READ_PRIVATE,
         path=lambda ctx, t, who: {"feedback_id": t.feedback.pk}),
    Case("create_feedback", "post", "/feedback", 201, EDIT_PUBLIC, EDIT_PRIVATE,
         body=lambda ctx, t, who: {"check_in": t.check_in.pk, "kind": "consider"}),
    # -- canvases -----------------------------------------------------------------------
    Case("list_canvases", "get", "/canvases", 200, EVERY_MEMBER),
    Case("get_canvas", "get", "/canvases/{canvas_id}", 200, IN_WEB_UNIT,
         path=lambda ctx, t, who: {"canvas_id": ctx.canvas.pk}),
    Case("save_canvas", "put", "/canvases", 200,
         # the unit's own people write its canvas, and the leads above and admins
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         row("401  403    ok     403    ok   ok    ok    404   404   403  404"),
         body=lambda ctx, t, who: {
             "unit": ctx.world.web_team.pk, "period": ctx.world.period.pk,
             "current_state": "Better"}),
    # -- audit --------------------------------------------------------------------------
    Case("list_audit", "get", "/audit", 200,
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         row("401  403    403    403    403  403   ok    403   ok    403  403")),
    # -- security log ---------------------------------------------------------------------
    Case("list_security_events", "get", "/security-events", 200,
         # anon viewer member o_lead lead above admin o_mem o_adm read unit
         row("401  403    403    403    403  403   ok    403   ok    403  403")),
]
# fmt: on


# ---------------------------------------------------------------------------------------
# The world the matrix runs in.
# ---------------------------------------------------------------------------------------


class Api:
    """JSON over the Django test client, with a bearer token, a session or nothing."""

    def __init__(self, client: Client, token: str | None = None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": self.headers}
        if body is not None:
            kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
        response = getattr(self.client, method)(BASE + path, **kwargs)
        response.text = response.content.decode()
        response.body = json.loads(response.text) if response.content else None
        return response

    def get(self, path: str, **params: Any) -> Any:
        return self.request("get", f"{path}?{urlencode(params)}" if params else path)


class Ctx:
    def __init__(self) -> None:
        self.world: World = make_world("acme")
        self.globex: World = make_world("globex")
        self.counter = itertools.count(1)
        world = self.world
        self.viewer = make_user("vera")
        add_person(world.organisation, self.viewer, role="viewer", units={world.web_team: "member"})
        self.erin = make_user("erin")
        add_person(world.organisation, self.erin, units={world.api_team: "lead"})
        self.company_objective = services.create_objective(
            world.period, "Be the fastest OKR tool", owner_unit=world.company
        )
        self.company_kr = services.add_key_result(self.company_objective, "NPS 50")
        self.focus_area = services.create_focus_area(world.period, "Speed")
        self.canvas = services.save_canvas(world.web_team, world.period, "Slow", [], [])
        self.personas = self._personas()
        self._shared: dict[str, Target] = {}

    def next(self) -> int:
        return next(self.counter)

    def web_goal(self) -> Objective:
        """Another public web team objective, made inside the request's savepoint."""
        return services.create_objective(
            self.world.period, f"Ship weekly {self.next()}", owner_unit=self.world.web_team
        )

    def shared(self, visibility: str) -> Target:
        """One target per visibility for the requests that only read."""
        if visibility not in self._shared:
            self._shared[visibility] = self.target(visibility)
        return self._shared[visibility]

    def _token(self, world: World, user: User, *, write: bool = True, unit=None) -> Api:
        secret = create_token(world.organisation, user, "matrix", can_write=write, unit=unit)
        return Api(Client(), secret.secret)

    def _personas(self) -> dict[str, Persona]:
        world, globex = self.world, self.globex
        session = Client()
        session.force_login(world.carol)
        found = [
            Persona("anon", Api(Client()), None),
            Persona("viewer", self._token(world, self.viewer), self.viewer),
            Persona("member", self._token(world, world.bob), world.bob),
            Persona("other_lead", self._token(world, self.erin), self.erin),
            Persona("lead", self._token(world, world.alice), world.alice),
            Persona("lead_above", Api(session), world.carol),
            Persona("admin", self._token(world, world.dave), world.dave),
            Persona("other_member", self._token(globex, globex.bob), None),
            Persona("other_admin", self._token(globex, globex.dave), None),
            Persona("read_token", self._token(world, world.alice, write=False), world.alice),
            Persona(
                "unit_token", self._token(world, world.alice, unit=world.api_team), world.alice
            ),
        ]
        assert tuple(p.name for p in found) == COLUMNS
        return {p.name: p for p in found}

    def own(self, who: Persona) -> User:
        """The persona's own person in this organisation; Bob for those who have none."""
        return who.user or self.world.bob

    def target(self, visibility: str, *, owner: str = "unit", who: Persona | None = None):
        """An objective of the web team with a key result, a check-in, feedback and a link up
        to the company objective; or the persona's own objective, or a company objective with
        a key result the persona owns, each with one key result."""
        world, n = self.world, self.next()
        word = "Zanzibar" if visibility == "private" else "Open"
        title, measure = f"{word} objective {n}", f"{word} measure {n}"
        if owner == "own":
            objective = services.create_objective(
                world.period, title, owner_user=self.own(who), visibility=visibility
            )
            return Target(objective, services.add_key_result(objective, measure))
        if owner == "kr_owner":
            objective = services.create_objective(
                world.period, title, owner_unit=world.company, visibility=visibility
            )
            kr_owner = who.user if who else None
            return Target(objective, services.add_key_result(objective, measure, owner=kr_owner))
        if owner == "proposal":
            objective = services.create_objective(
                world.period, title, owner_unit=world.web_team, visibility=visibility
            )
            child = services.create_objective(world.period, f"API {n}", owner_unit=world.api_team)
            link = services.align(child, parent_objective=objective, state="proposed")
            key_result = services.add_key_result(objective, measure)
            return Target(objective, key_result, alignment=link)
        objective = services.create_objective(
            world.period,
            title,
            owner_unit=world.web_team,
            visibility=visibility,
            focus_areas=[self.focus_area],
        )
        key_result = services.add_key_result(objective, measure)
        check_in = services.record_check_in(
            key_result, 0.3, 7, f"{word} note {n}", by=Author(world.alice)
        )
        feedback = services.give_feedback(
            check_in, "continue", f"{word} ack {n}", by=Author(world.alice)
        )
        link = services.align(objective, parent_objective=self.company_objective, kind="support")
        return Target(objective, key_result, check_in, feedback, link)


@pytest.fixture
def ctx(db) -> Ctx:
    return Ctx()


def _visibilities(case: Case) -> list[str]:
    return ["public", "private"] if case.private is not None else ["public"]


def _expected(case: Case, visibility: str, persona: str) -> int:
    table = case.private if visibility == "private" else case.public
    assert table is not None
    cell = table[persona]
    return case.ok if cell == "ok" else int(cell)


def _send(ctx: Ctx, case: Case, target: Target, who: Persona):
    path = case.route.format(**case.path(ctx, target, who))
    query = case.query(ctx, target, who)
    if query:
        path += "?" + urlencode(query)
    return who.api.request(case.method, path, case.body(ctx, target, who))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_permission_matrix(ctx, case):
    """Every persona, on a public and a private objective. Each request runs in a savepoint
    that is rolled back afterwards, so every one meets the same objects, untouched by the
    writes before it (and a write that wrongly succeeds cannot hide the next mistake)."""
    wrong = []
    for visibility in _visibilities(case):
        for name in every_pass(list(COLUMNS), POSTGRES_COLUMNS):
            who = ctx.personas[name]
            shared = ctx.shared(visibility) if case.private is not None else None
            with transaction.atomic():
                target = shared
                if shared is not None and case.owner != "unit":
                    target = ctx.target(visibility, owner=case.owner, who=who)
                expected = _expected(case, visibility, name)
                response = _send(ctx, case, target, who)
                transaction.set_rollback(True)
            if response.status_code != expected:
                wrong.append(
                    f"{visibility:7} {name:12} expected {expected}, got "
                    f"{response.status_code}: {response.text[:200]}"
                )
            elif case.states is not None and expected < 300:
                state = response.body["state"]
                if state != case.states[name]:
                    wrong.append(f"{visibility:7} {name:12} made a link {state}")
            elif expected >= 400:
                assert response.body["status"] == expected, response.text
                leaked = [word for word in target.words if word in response.text] if target else []
                if leaked:
                    wrong.append(f"{visibility:7} {name:12} {expected} shows {leaked}")
    assert not wrong, f"{case.method.upper()} {case.route}:\n" + "\n".join(wrong)


def test_every_operation_has_a_row(client):
    schema = client.get(f"{BASE}/openapi.json").json()
    operations = {
        op["operationId"]: (method, path.removeprefix(BASE))
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    }
    rows = {case.operation: (case.method, case.route) for case in CASES}
    missing = sorted(set(operations) - set(rows))
    assert not missing, f"operations without a row in the permission matrix: {missing}"
    assert rows == operations  # and no row for an operation that is gone or moved


# ---------------------------------------------------------------------------------------
# Leaks: lists, filters, search, counts, roll-ups and history.
# ---------------------------------------------------------------------------------------

# Who reads which private objective (by the rules above, per persona):
#   "secret":   the web team's private objective
#   "personal": Bob's private objective of his own
READERS = {
    "secret": {"viewer", "member", "lead", "lead_above", "admin", "read_token"},
    "personal": {"member", "lead", "lead_above", "admin", "read_token"},
}
# Words that appear only in the private objectives, their key results, check-ins, feedback.
MARKERS = {"secret": "zanzibar", "personal": "kilimanjaro"}
ACME = set(COLUMNS) - {"anon", "other_member", "other_admin"}


@dataclass
class Leaky:
    """The objectives the leak tests look through, by name."""

    objectives: dict[str, Objective] = field(default_factory=dict)
    key_results: dict[str, KeyResult] = field(default_factory=dict)
    check_ins: dict[str, CheckIn] = field(default_factory=dict)
    links: dict[str, Any] = field(default_factory=dict)

    def visible(self, persona: str) -> set[str]:
        """Names of the objectives the persona may read (written out, not computed)."""
        if persona == "anon":
            return set()
        if persona in ("other_member", "other_admin"):
            return {"globex"}
        if persona == "unit_token":
            return {"api"}
        private = {name for name, readers in READERS.items() if persona in readers}
        return {"company", "web", "api", "below_secret", *private}


@pytest.fixture
def leaky(ctx) -> Leaky:
    world, alice = ctx.world, ctx.world.alice
    found = Leaky()

    def add(name, title, kr_title, note, value, period=world.period, **options):
        objective = services.create_objective(period, title, **options)
        key_result = services.add_key_result(objective, kr_title)
        check_in = services.record_check_in(key_result, value, 5, note, by=Author(alice))
        services.give_feedback(check_in, "consider", f"{note} (feedback)", by=Author(alice))
        found.objectives[name] = objective
        found.key_results[name] = key_result
        found.check_ins[name] = check_in

    area = ctx.focus_area
    found.objectives["company"] = ctx.company_objective
    found.key_results["company"] = ctx.company_kr
    add(
        "web",
        "Faster pages",
        "LCP p75",
        "slowly better",
        0.2,
        owner_unit=world.web_team,
        focus_areas=[area],
    )
    add(
        "secret",
        "Zanzibar acquisition",
        "Zanzibar term sheet",
        "Zanzibar lawyers",
        0.9,
        owner_unit=world.web_team,
        visibility="private",
        focus_areas=[area],
        description="Zanzibar",
    )
    add(
        "personal",
        "Kilimanjaro climb",
        "Kilimanjaro summit",
        "Kilimanjaro training",
        0.8,
        owner_user=world.bob,
        visibility="private",
        focus_areas=[area],
    )
    add("api", "Stable API", "Uptime", "steady", 0.5, owner_unit=world.api_team)
    add("below_secret", "Contracts ready", "Drafts", "on it", 0.1, owner_unit=world.web_team)
    globex = ctx.globex
    add("globex", "Globex growth", "Deals", "fine", 0.4, globex.period, owner_unit=globex.web_team)
    # Links in both directions between private and public objectives.
    found.links["secret_up"] = services.align(
        found.objectives["secret"], parent_objective=ctx.company_objective, kind="support"
    )
    found.links["below_secret"] = services.align(
        found.objectives["below_secret"],
        parent_key_result=found.key_results["secret"],
        kind="support",
    )
    for name in list(found.objectives):
        found.objectives[name].refresh_from_db()
    return found


def _markers_hidden_from(persona: str) -> list[str]:
    return [MARKERS[name] for name, readers in READERS.items() if persona not in readers]


@pytest.mark.parametrize("persona", COLUMNS)
def test_no_list_filter_search_or_count_leaks_a_private_objective(ctx, leaky, persona):
    api = ctx.personas[persona].api
    visible = leaky.visible(persona)
    names = {objective.pk: name for name, objective in leaky.objectives.items()}
    objectives = leaky.objectives
    bodies: list[str] = []

    def listed(path: str, **params: Any) -> list[dict] | None:
        response = api.get(path, limit=500, **params)
        bodies.append(response.text)
        if persona == "anon":
            assert response.status_code == 401, response.text
            return None
        assert response.status_code == 200, (path, params, response.text)
        items = response.body["items"]
        assert response.body["count"] == len(items), (path, params)
        return items

    def objective_names(**params: Any) -> set[str] | None:
        items = listed("/objectives", **params)
        if items is None:
            return None
        return {names.get(item["id"], f"unexpected {item['title']}") for item in items}

    def expect(found: set[str] | None, wanted: set[str], why: str) -> None:
        if persona != "anon":
            assert found == wanted & visible, why

    secret, web = objectives["secret"], objectives["web"]
    expect(objective_names(), set(names.values()), "all")
    expect(objective_names(q="zanzibar"), {"secret"}, "search in titles")
    expect(objective_names(q="kilimanjaro"), {"personal"}, "search")
    expect(objective_names(unit=ctx.world.web_team.pk), {"web", "secret", "below_secret"}, "unit")
    expect(objective_names(owner_user=ctx.world.bob.pk), {"personal"}, "owner_user")
    expect(objective_names(focus_area=ctx.focus_area.pk), {"web", "secret", "personal"}, "area")
    expect(objective_names(visibility="private"), {"secret", "personal"}, "visibility")
    expect(objective_names(period=ctx.world.period.pk), set(names.values()) - {"globex"}, "period")
    for health in {objective.health for objective in objectives.values()}:
        wanted = {name for name, o in objectives.items() if o.health == health}
        expect(objective_names(health=health), wanted, f"health={health}")
    for ordering in ("title", "-progress"):
        expect(objective_names(ordering=ordering), set(names.values()), ordering)
    first = api.get("/objectives", limit=1)
    bodies.append(first.text)
    if persona != "anon":  # counted after the permission filter, not per page
        assert first.body["count"] == len(visible & set(names.values()))

    # Key results, check-ins and feedback: only under objectives the persona may read.
    kr_ids = {name: kr.pk for name, kr in leaky.key_results.items()}
    by_kr = {kr.pk: name for name, kr in leaky.key_results.items()}
    secret_kr = leaky.key_results["secret"]
    secret_kr.refresh_from_db()
    for params in (
        {},
        {"objective": secret.pk},
        {"objective": web.pk},
        {"health": secret_kr.health},
        {"ordering": "-progress"},
    ):
        items = listed("/key-results", **params)
        if items is not None:
            wanted = set(kr_ids) & visible
            if "objective" in params:
                wanted &= {names[params["objective"]]}
            if "health" in params:
                healths = {name: KeyResult.objects.get(pk=pk).health for name, pk in kr_ids.items()}
                wanted &= {name for name, health in healths.items() if health == params["health"]}
            assert {by_kr.get(item["id"], "?") for item in items} == wanted, params
    for params in (
        {},
        {"key_result": kr_ids["secret"]},
        {"objective": secret.pk},
        {"signal": "none"},
    ):
        items = listed("/check-ins", **params)
        if items is not None:
            wanted = set(leaky.check_ins) & visible
            if "key_result" in params or "objective" in params:
                wanted &= {"secret"}
            assert {by_kr.get(item["key_result_id"], "?") for item in items} == wanted, params
    check_in_names = {check_in.pk: name for name, check_in in leaky.check_ins.items()}
    for params in (
        {},
        {"check_in": leaky.check_ins["secret"].pk},
        {"key_result": kr_ids["secret"]},
    ):
        items = listed("/feedback", **params)
        if items is not None:
            wanted = set(leaky.check_ins) & visible
            if params:
                wanted &= {"secret"}
            found = {check_in_names.get(item["check_in_id"], "?") for item in items}
            assert found == wanted, params

    # Links: a link is shown only when the persona may read both of its ends.
    links = {link.pk: name for name, link in leaky.links.items()}
    for name, wanted in (("company", {"secret_up"}), ("below_secret", {"below_secret"})):
        response = api.get(f"/objectives/{objectives[name].pk}/alignments")
        bodies.append(response.text)
        if name in visible:
            shown = {links.get(item["id"], "other") for item in response.body["items"]}
            assert shown - {"other"} == (wanted if "secret" in visible else set()), name
            assert response.body["count"] == len(response.body["items"])
    ends = {"secret_up": {"secret", "company"}, "below_secret": {"below_secret", "secret"}}
    for name, link in leaky.links.items():
        response = api.get(f"/alignments/{link.pk}")
        bodies.append(response.text)
        readable = ends[name] <= visible
        assert response.status_code == (200 if readable else 401 if persona == "anon" else 404)

    # The secret key result's audit and value history: its readers only.
    expected = 200 if "secret" in visible else 401 if persona == "anon" else 404
    for history in ("audit", "check-ins"):
        response = api.get(f"/key-results/{kr_ids['secret']}/{history}")
        bodies.append(response.text)
        assert response.status_code == expected, history
        bodies.append(api.get(f"/key-results/{kr_ids['web']}/{history}").text)

    # The audit trail: admins only, and only their own organisation's.
    response = api.get("/audit", limit=500, objective=secret.pk)
    bodies.append(response.text)
    if persona == "admin":
        assert response.body["count"] == len(response.body["items"]) > 0
    elif persona == "other_admin":
        assert response.body["count"] == 0
    else:
        assert response.status_code == (401 if persona == "anon" else 403)
    bodies.append(api.get("/audit", limit=500).text)

    # Roll-ups count public objectives only, for everyone: period, focus area, units.
    if persona in ACME:
        public = {"company", "web", "api", "below_secret"}
        period = api.get(f"/periods/{ctx.world.period.pk}")
        bodies.append(period.text)
        assert period.body["objective_count"] == len(public)
        area = api.get(f"/focus-areas/{ctx.focus_area.pk}")
        bodies.append(area.text)
        assert area.body["objective_count"] == 1  # "web"; "secret" and "personal" stay out
        units = listed("/units", period=ctx.world.period.pk) or []
        counts = {unit["id"]: unit["rollup"]["objective_count"] for unit in units}
        world = ctx.world
        wanted_counts = {
            world.company.pk: 4,
            world.engineering.pk: 3,
            world.web_team.pk: 2,
            world.api_team.pk: 1,
        }
        assert counts == {pk: n for pk, n in wanted_counts.items() if pk in counts}
        web_progress = [objectives[name].progress for name in ("web", "below_secret")]
        rollup = {unit["id"]: unit["rollup"] for unit in units}
        if world.web_team.pk in rollup:
            assert rollup[world.web_team.pk]["progress"] == pytest.approx(
                sum(web_progress) / len(web_progress)
            )

    # Everything else a caller may list, for the words of what they may not read.
    for path in ("/me", "/people", "/periods", "/focus-areas", "/canvases"):
        bodies.append(api.get(path, limit=500).text)
    for marker in _markers_hidden_from(persona):
        seen = [body[:300] for body in bodies if marker in body.lower()]
        assert not seen, f"{persona} sees {marker!r}: {seen}"


FIGURES = ("progress", "health", "health_reason", "last_check_in_at")


def test_a_private_objective_does_not_move_what_others_see_of_its_public_parent(ctx):
    """Erin (lead of the API team) may not read the web team's private objective, so nothing
    she can read may move when it does: not its public parent, not the units' roll-ups.
    Refusing to let a private objective contribute to a public one would be a fix too."""
    world, erin = ctx.world, ctx.personas["other_lead"].api
    parent = ctx.company_objective

    def seen() -> tuple:
        objective = erin.get(f"/objectives/{parent.pk}").body
        units = erin.get("/units", period=world.period.pk).body["items"]
        return {name: objective[name] for name in FIGURES}, [unit["rollup"] for unit in units]

    before = seen()
    secret = services.create_objective(
        world.period, "Zanzibar", owner_unit=world.web_team, visibility="private"
    )
    measure = services.add_key_result(secret, "Zanzibar term sheet")
    body = {"child": secret.pk, "parent_objective": parent.pk, "kind": "contribute"}
    linked = ctx.personas["lead"].api.request("post", "/alignments", body)
    assert linked.status_code in (201, 403, 409, 422), linked.text
    services.record_check_in(measure, 0.9, 5, by=Author(world.alice))
    assert seen() == before
