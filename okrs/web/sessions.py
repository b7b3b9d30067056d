"""Sessions that end: after OKRS_SESSION_IDLE_MINUTES without a request, and at the latest
OKRS_SESSION_MAX_DAYS after the login.

The idle timeout is the session's expiry (SESSION_COOKIE_AGE), pushed forward when the
person is active. Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would
turn every page view into a write; saving it once every few minutes keeps SQLite writers
free and moves the timeout by no more than that.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "okrs_signed_in_at"
SEEN_AT = "okrs_seen_at"
REFRESH_SECONDS = 5 * 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            _keep_or_end(request, time.time())
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="okrs-session-signed-in")
def _signed_in(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """Stamp the login into the session it is saved with, so the first page after it
    needs no write of its own."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT] = session[SEEN_AT] = time.time()


def _keep_or_end(request: HttpRequest, now: float) -> None:
    session = request.session
    signed_in_at = session.get(SIGNED_IN_AT)
    if signed_in_at is None:  # a login, or a session from before this rule
        session[SIGNED_IN_AT] = signed_in_at = now
    if now - float(signed_in_at) > settings.SESSION_MAX_DAYS * 86400:
        logout(request)  # the login page follows, as for any anonymous request
        return
    if now - float(session.get(SEEN_AT, 0)) > REFRESH_SECONDS:
        session[SEEN_AT] = now  # modified: saved with a fresh expiry
