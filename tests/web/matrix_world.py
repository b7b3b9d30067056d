"""The organisations, people and objectives the web permission matrix and robustness tests
walk: Acme (three levels, every kind of person) and Globex (another organisation).

Each persona gets a fresh, signed-in test client per request (`client_for`), so a request
that logs out or changes a password cannot spoil the next one.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client

from okrs.audit.services import Author
from okrs.bindings.models import Binding
from okrs.bindings.services import BindingSpec, save_binding
from okrs.goals import services
from okrs.goals.models import Alignment, Canvas, CheckIn, Feedback, KeyResult, Objective, Period
from okrs.orgs.services import add_person
from okrs.tokens.services import create_token
from tests.factories import World, make_user, make_world

SAMPLE_JSON = Path(__file__).parents[1] / "metrics" / "data" / "coverage" / "sample.json"

# anon        not signed in
# viewer      organisation role viewer, in the web team (the owning unit)
# member      Bob, member of the web team (the owning unit)
# o_member    Finn, member of the API team (another team)
# o_lead      Erin, lead of the API team (another unit)
# lead        Alice, lead of the web team (the owning unit)
# above       Carol, lead of engineering (above the web team)
# admin       Dave, organisation admin
# o_org       Bob of Globex, another organisation
COLUMNS = ("anon", "viewer", "member", "o_member", "o_lead", "lead", "above", "admin", "o_org")


@dataclass(frozen=True)
class Target:
    """A web team objective with a key result (bound to a coverage report), a check-in,
    feedback on it, a link up to the company objective and a link proposed into it by the
    API team (which only its side, the web team's, may accept)."""

    objective: Objective
    key_result: KeyResult
    check_in: CheckIn
    feedback: Feedback
    binding: Binding
    proposal: Alignment


class MatrixWorld:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.world: World = make_world("acme")
        self.globex: World = make_world("globex")
        world = self.world
        self.viewer = make_user("vera")
        add_person(world.organisation, self.viewer, role="viewer", units={world.web_team: "member"})
        self.erin = make_user("erin")
        add_person(world.organisation, self.erin, units={world.api_team: "lead"})
        self.finn = make_user("finn")
        add_person(world.organisation, self.finn, units={world.api_team: "member"})
        self.next_period = services.create_period(
            world.organisation, "2027 Q1", date(2027, 1, 1), date(2027, 3, 31), "draft"
        )
        self.company_objective = services.create_objective(
            world.period, "Be the fastest OKR tool", owner_unit=world.company
        )
        self.company_kr = services.add_key_result(self.company_objective, "NPS 50")
        self.focus_area = services.create_focus_area(world.period, "Speed")
        self.canvas = services.save_canvas(
            world.web_team, world.period, "Slow pages", ["Pages load in a blink"], ["Legacy"]
        )
        self.users: dict[str, User | None] = {
            "anon": None,
            "viewer": self.viewer,
            "member": world.bob,
            "o_member": self.finn,
            "o_lead": self.erin,
            "lead": world.alice,
            "above": world.carol,
            "admin": world.dave,
            "o_org": self.globex.bob,
        }
        assert tuple(self.users) == COLUMNS
        self.alice_token = create_token(world.organisation, world.alice, "laptop").token
        self._targets: dict[str, Target] = {}
        self._counter = 0

    def client_for(self, persona: str) -> Client:
        client = Client()
        user = self.users[persona]
        if user is not None:
            client.force_login(user)
        return client

    def target(self, visibility: str) -> Target:
        if visibility not in self._targets:
            self._targets[visibility] = self._make_target(visibility)
        return self._targets[visibility]

    def _make_target(self, visibility: str) -> Target:
        world = self.world
        word = "Zanzibar" if visibility == "private" else "Open"
        objective = services.create_objective(
            world.period,
            f"{word} objective",
            owner_unit=world.web_team,
            visibility=visibility,
            focus_areas=[self.focus_area],
            canvas=self.canvas,
            canvas_impact="Pages load in a blink",
        )
        key_result = services.add_key_result(
            objective, f"{word} measure", start=50, target=80, unit_label="%"
        )
        check_in = services.record_check_in(
            key_result, 52, 3, f"{word} note", "blocker", by=Author(world.alice)
        )
        feedback = services.give_feedback(
            check_in, "continue", f"{word} ack", by=Author(world.alice)
        )
        services.align(objective, parent_objective=self.company_objective, kind="support")
        report = self.tmp_path / f"coverage-{visibility}.json"
        shutil.copy(SAMPLE_JSON, report)
        binding = save_binding(key_result, BindingSpec("coverage", str(report)))
        api_plan = services.create_objective(
            world.period, f"API plan ({visibility})", owner_unit=world.api_team
        )
        proposal = services.align(api_plan, parent_objective=objective, state="proposed")
        objective.refresh_from_db()
        return Target(objective, key_result, check_in, feedback, binding, proposal)


def fingerprint() -> str:
    """A digest of every row the web app can write: equal before and after means that
    nothing changed. The security log is left out: a refusal is written there on purpose."""
    parts: list[str] = []
    for app in ("goals", "audit", "api", "measure", "orgs", "auth"):
        for model in apps.get_app_config(app).get_models():
            if model._meta.label == "audit.SecurityEvent":
                continue
            rows = model.objects.order_by("pk").values_list()
            parts.append(f"{model._meta.label}:{list(rows)!r}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


__all__ = ["COLUMNS", "Canvas", "MatrixWorld", "Period", "Target", "fingerprint"]
