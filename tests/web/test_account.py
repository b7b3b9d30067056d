"""Changing one's password."""

from django.urls import reverse


def test_it_changes_the_password_and_keeps_the_person_signed_in(client, world):
    client.force_login(world.bob)
    response = client.post(
        reverse("password-change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "tangerine-orbit-42",
            "new_password2": "tangerine-orbit-42",
        },
    )
    assert response.status_code == 302
    assert "Your password is changed." in client.get(response.url).content.decode()
    world.bob.refresh_from_db()
    assert world.bob.check_password("tangerine-orbit-42")


def test_it_refuses_a_wrong_old_password_next_to_the_field(client, world):
    client.force_login(world.bob)
    response = client.post(
        reverse("password-change"),
        {
            "old_password": "nope",
            "new_password1": "tangerine-orbit-42",
            "new_password2": "tangerine-orbit-42",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_old_password-error"' in page
    assert "incorrectly" in page
    world.bob.refresh_from_db()
    assert world.bob.check_password("correct horse battery")


def test_it_needs_a_signed_in_person(client):
    response = client.get(reverse("password-change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
