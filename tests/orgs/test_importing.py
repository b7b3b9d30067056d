"""Importing people: the units and memberships a file names, once, all or nothing."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrs.audit.models import AuditEntry
from okrs.audit.services import Author
from okrs.core import people_file
from okrs.core.errors import InvalidInput
from okrs.core.people_file import parse_people
from okrs.orgs.importing import ImportResult, import_people
from okrs.orgs.models import Member, Membership, Unit
from okrs.orgs.services import create_organisation
from tests.people_files import TEAMS, people_csv, stored

pytestmark = pytest.mark.django_db

HEADER = "name,email,unit,role,access\n"


def run(world, text, **options):
    return import_people(
        world.organisation, parse_people(text), by=Author(world.dave, "cli"), **options
    )


def test_it_builds_200_people_into_3_departments_and_10_teams(world):
    result = run(world, people_csv(200))
    # Engineering and its API team were there; Product, Sales and 9 teams are new.
    assert result == ImportResult(
        created_units=11, created_people=200, added_memberships=200, unchanged=0
    )
    departments = Unit.objects.filter(parent=world.company).order_by("name")
    assert [(u.name, u.kind) for u in departments] == [
        ("Engineering", "department"),
        ("Product", "department"),
        ("Sales", "department"),
    ]
    web_app = Unit.objects.get(name="Web App")
    assert (web_app.parent, web_app.kind, web_app.slug) == (world.engineering, "team", "web-app")
    assert web_app.memberships.count() == 20
    assert web_app.memberships.filter(role="lead").get().user.email == "person0@example.com"
    assert world.api_team.memberships.count() == 20
    assert Membership.objects.filter(user__email__startswith="person").count() == 200
    assert Member.objects.filter(organisation=world.organisation, role="admin").count() == 1 + 4
    person = User.objects.get(email="person7@example.com")
    assert (person.first_name, person.last_name, person.username) == (
        "Person",
        "Number7",
        "person7",
    )
    assert not person.has_usable_password()  # they set one from their invitation


def test_a_second_run_changes_nothing(world):
    run(world, people_csv(200))
    before = stored()
    assert run(world, people_csv(200)) == ImportResult(unchanged=200)
    assert stored() == before


def test_it_audits_every_creation_and_role_change_through_its_door(world):
    before = AuditEntry.objects.count()
    run(world, HEADER + "Ann Lee,ann@example.com,Engineering/Data,lead,\n")
    entries = AuditEntry.objects.order_by("pk")[before:]
    assert [(e.action, e.object_type) for e in entries] == [
        ("create", "unit"),
        ("create", "user"),
        ("create", "member"),
        ("create", "membership"),
    ]
    assert {(e.actor, e.via) for e in entries} == {(world.dave, "cli")}
    result = run(world, HEADER + "Ann Lee,ann@example.com,Engineering/Data,member,viewer\n")
    assert (result.changed_roles, result.unchanged) == (2, 0)
    changes = [e.changes for e in AuditEntry.objects.order_by("pk")[before + 4 :]]
    assert changes == [{"role": ["member", "viewer"]}, {"role": ["lead", "member"]}]


def test_it_adds_existing_people_by_address_and_keeps_what_the_file_leaves_out(world):
    world.bob.email = "Bob@Acme.example"
    world.bob.save()
    result = run(world, HEADER + "Robert B,bob@acme.EXAMPLE,engineering/api,lead,\n")
    assert (result.created_people, result.added_memberships) == (0, 1)
    world.bob.refresh_from_db()
    assert world.bob.first_name == "Bob-Acme"  # their name is theirs; the file only adds
    assert set(world.bob.memberships.values_list("unit__name", "role")) == {
        ("Web", "member"),  # not in the file, kept
        ("API", "lead"),
    }
    assert Member.objects.get(user=world.bob).role == "member"
    dave = "Dave D,dave@acme.example,Web,member,\n"
    world.dave.email = "dave@acme.example"
    world.dave.save()
    run(world, HEADER + dave)
    assert Member.objects.get(user=world.dave).role == "admin"  # no access given: kept


def test_a_refused_file_stores_nothing(world):
    before = stored()
    for text in (people_csv(200, bad_line=17), people_csv(200, bad_line=17, role="boss")):
        with pytest.raises(InvalidInput) as refused:
            run(world, text)
        assert [error.field for error in refused.value.errors] == [
            "line 17, column email" if "boss" not in text else "line 17, column role"
        ]
    assert stored() == before


def test_a_problem_found_against_the_database_late_in_the_file_stores_nothing(world):
    # Two people already share an address: found on the last line, after 199 were stored.
    User.objects.create_user("twin1", email="person199@example.com")
    User.objects.create_user("twin2", email="PERSON199@example.com")
    before = stored()
    with pytest.raises(InvalidInput) as refused:
        run(world, people_csv(200))
    assert [str(error) for error in refused.value.errors] == [
        "line 201, column email: 2 people have the address person199@example.com; "
        "one must change it"
    ]
    assert stored() == before


def test_a_dry_run_reports_the_changes_and_stores_nothing(world):
    before = stored()
    assert run(world, people_csv(30), dry_run=True).created_people == 30
    assert stored() == before


def test_an_admin_cannot_take_their_own_admin_rights(world):
    world.dave.email = "dave@acme.example"
    world.dave.save()
    with pytest.raises(InvalidInput, match="line 2, column access: would take your own admin"):
        run(world, HEADER + "Dave,dave@acme.example,Web,member,member\n")


def test_an_organisation_without_units_gets_a_company_root_and_unique_slugs(db):
    organisation = create_organisation("Initech")
    text = HEADER + (
        "Ann,ann@initech.example,Web,member,\n"
        "Bo,bo@initech.example,Mobile/Web,lead,\n"
        "Cy,cy@example.org,Desktop/Web,member,\n"
        "Di,ann@example.org,web,lead,\n"  # another "ann": the username is numbered
    )
    import_people(organisation, parse_people(text))
    root = Unit.objects.get(organisation=organisation, parent=None)
    assert (root.name, root.kind) == ("Initech", "company")
    units = Unit.objects.filter(organisation=organisation, name__iexact="web").order_by("pk")
    assert [(u.slug, u.kind) for u in units] == [
        ("web", "team"),
        ("mobile-web", "team"),
        ("desktop-web", "team"),
    ]
    assert Unit.objects.get(slug="mobile").kind == "department"
    assert User.objects.get(email="ann@example.org").username == "ann-2"


def test_the_files_limits_are_the_stored_limits():
    assert User._meta.get_field("first_name").max_length == people_file.NAME_MAX_LENGTH
    assert User._meta.get_field("email").max_length == people_file.EMAIL_MAX_LENGTH
    assert Unit._meta.get_field("name").max_length == people_file.UNIT_NAME_MAX_LENGTH
    assert set(people_file.UNIT_ROLES) == set(Membership.Role.values)
    assert set(people_file.ACCESS_ROLES) == set(Member.Role.values)
    assert len(TEAMS) == 10


# (name, address, access): one person is one name and one access, as the parser demands.
PERSONS = [
    ("Ann Lee", "ann@example.com", "admin"),
    ("Bo", "BO@example.com", "viewer"),
    ("Cy Young", "cy@example.org", "member"),
    ("Bob Acme", "bob-acme@x.io", ""),
]
PEOPLE = st.lists(
    st.tuples(
        st.sampled_from(PERSONS),
        st.sampled_from(["Web", "engineering/web", "Engineering/Web App", "Sales/EMEA/North"]),
        st.sampled_from(["lead", "member"]),
        st.booleans(),  # whether this line gives the person's access
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=PEOPLE)
def test_any_file_it_takes_once_it_takes_again_changing_nothing(world, table):
    out = io.StringIO()
    lines = [(n, e, unit, role, a if given else "") for (n, e, a), unit, role, given in table]
    csv.writer(out).writerows([("name", "email", "unit", "role", "access"), *lines])
    try:
        rows = parse_people(out.getvalue())
    except InvalidInput:
        return  # one unit given two roles for a person: the parser's tests cover it
    with transaction.atomic():  # each example starts from the same world
        import_people(world.organisation, rows)
        before = stored()
        assert import_people(world.organisation, rows) == ImportResult(unchanged=len(rows))
        assert stored() == before
        transaction.set_rollback(True)
