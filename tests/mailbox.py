"""A real SMTP server on loopback (aiosmtpd) for the tests to read what okrs sends.

The `mailbox` fixture points Django's SMTP backend at it; each message arrives as an
`email.message.EmailMessage`, parsed from the bytes that crossed the socket.
"""

from __future__ import annotations

import re
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.live import free_port


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[attr-defined]
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str, timeout: float = 10) -> list[EmailMessage]:
        """The messages sent to `address`, waiting a little for one to arrive."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.messages if address in m["To"]]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def text(self, message: EmailMessage) -> str:
        return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]

    def html(self, message: EmailMessage) -> str:
        return message.get_body(("html",)).get_content()  # type: ignore[union-attr]

    def link(self, address: str) -> str:
        """The first link of the latest text message to `address`."""
        messages = self.to(address)
        assert messages, f"no mail reached {address}"
        found = re.search(r"https?://\S+", self.text(messages[-1]))
        assert found, self.text(messages[-1])
        return found.group(0)


@pytest.fixture
def smtp_server():
    """The SMTP server alone: (mailbox, port), for a served okrs configured by env."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings):
    """Django in this process sends through the test's SMTP server."""
    box, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return box
