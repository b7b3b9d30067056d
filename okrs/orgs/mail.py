"""Email from okrs: a text and an HTML body from one template pair, through Django's mail
(SMTP or the console, okrs.config.email)."""

from __future__ import annotations

import logging
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


def send(template: str, to: str, subject: str, context: dict[str, object]) -> bool:
    """Send orgs/mail/<template>.txt and .html to one address. False (and a log line) when
    the mail server refuses or cannot be reached: the caller says so and offers the link."""
    context = {**context, "subject": subject}
    text = render_to_string(f"orgs/mail/{template}.txt", context)
    html = render_to_string(f"orgs/mail/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (SMTPException, OSError) as error:
        log.warning("could not send %r to %s: %s", template, to, error)
        return False
    return True


def sends_for_real() -> bool:
    """Whether email leaves this server (an SMTP server is configured), so pages know to
    show an invitation's link for the admin to pass on instead."""
    return str(settings.EMAIL_BACKEND).endswith("smtp.EmailBackend")
