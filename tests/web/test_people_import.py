"""The people import page: an admin checks a file, imports it, and reads what is wrong."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from okrs.orgs.models import Membership, Unit
from tests.people_files import people_csv, stored

pytestmark = pytest.mark.django_db


def upload(client, text, action="import", name="people.csv"):
    data = text.encode() if isinstance(text, str) else text
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("people-import"), {"file": file, "action": action})


def test_an_admin_imports_a_file_and_sees_the_counts(client, world):
    client.force_login(world.dave)
    page = client.get(reverse("people-import"))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = upload(client, people_csv(200))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Imported people.csv." in text
    assert "11 units created" in text
    assert "200 people created" in text
    assert "200 memberships added" in text
    assert Membership.objects.filter(user__email__endswith="@example.com").count() == 200
    assert "200 lines unchanged" in upload(client, people_csv(200)).content.decode()


def test_a_check_reports_and_stores_nothing(client, world):
    client.force_login(world.dave)
    before = stored()
    response = upload(client, people_csv(20), action="check")
    assert response.status_code == 200
    assert "it can be imported" in response.content.decode()
    assert "20 people created" in response.content.decode()
    assert stored() == before


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (people_csv(200, bad_line=17), "line 17, column email: &#x27;person15@&#x27; is not"),
        (people_csv(200, bad_line=17, role="boss"), "line 17, column role: &#x27;boss&#x27;"),
        (b"\xff\xfe not text", "file: is not UTF-8 text"),
    ],
)
def test_a_bad_file_is_refused_with_its_problems_and_stores_nothing(client, world, text, problem):
    client.force_login(world.dave)
    before = stored()
    response = upload(client, text)
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert "nothing was stored" in response.content.decode()
    assert stored() == before


def test_it_refuses_a_missing_or_too_large_file(client, world, monkeypatch):
    client.force_login(world.dave)
    response = client.post(reverse("people-import"), {"action": "import"})
    assert response.status_code == 400
    assert "file: choose a CSV file" in response.content.decode()
    monkeypatch.setattr("okrs.web.views.people_import.MAX_LINES", 3)
    response = upload(client, people_csv(4))
    assert response.status_code == 400
    assert "line 5: more than 3 people; split the file" in response.content.decode()
    monkeypatch.setattr("okrs.web.views.people_import.MAX_BYTES", 100)
    response = upload(client, people_csv(20))
    assert response.status_code == 400
    assert "file: is 0.0 MB; 5 MB at most" in response.content.decode()
    assert not Unit.objects.filter(name="Web App").exists()


def test_people_who_are_not_admins_are_refused(client, world):
    before = stored()
    for person in (world.alice, world.bob):
        client.force_login(person)
        assert client.get(reverse("people-import")).status_code == 403
        assert upload(client, people_csv(5)).status_code == 403
    assert stored() == before
