"""Fixtures for channel tests: an app whose Twilio webhooks check signatures with TOKEN, and a
fake SMS sender in place of Twilio's REST client (no test reaches the network)."""

from __future__ import annotations

import pytest
from harness import TOKEN


class FakeSms:
    """Records what would have been sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> None:
        self.sent.append((to, body))


@pytest.fixture()
def signed_app(new_app):
    app = new_app(TWILIO_AUTH_TOKEN=TOKEN)
    app.extensions["sms_sender"] = FakeSms()
    return app


@pytest.fixture()
def signed_client(signed_app):
    return signed_app.test_client()
