"""What the login page shows beside the form: the demo's login, where it is safe to print."""

from __future__ import annotations

from django.contrib.auth.models import User

# The demo's published password is advertised only while it still opens the demo admin:
# check_password costs an Argon2 hash, so the answer is kept per stored hash.
_demo_password_works: dict[str, bool] = {}


def demo_login() -> tuple[str, str] | None:
    """The demo's login, to print on the login page: only on a server that holds the demo
    organisation and nothing else, while the demo admin's password is still the published
    one. Beside a real organisation it would be a way in."""
    from okrs.demo import DEMO_PASSWORD, DEMO_SLUG, DEMO_USERNAME
    from okrs.orgs.models import Organisation

    slugs = list(Organisation.objects.values_list("slug", flat=True)[:2])
    if slugs != [DEMO_SLUG]:
        return None
    stored = User.objects.filter(username=DEMO_USERNAME, is_active=True).first()
    if stored is None:
        return None
    if stored.password not in _demo_password_works:
        _demo_password_works.clear()  # one demo admin: keep one answer
        _demo_password_works[stored.password] = stored.check_password(DEMO_PASSWORD)
    return (DEMO_USERNAME, DEMO_PASSWORD) if _demo_password_works[stored.password] else None
