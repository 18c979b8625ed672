"""Fixtures for channel tests: an app whose Twilio webhooks check signatures with TOKEN, and a
fake SMS sender in place of Twilio's REST client (no test reaches the network)."""
from __future__ import annotations

import shutil

import pytest

from support import make_app
from harness import TOKEN


class FakeSms:
    """Records what would have been sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> None:
        self.sent.append((to, body))


@pytest.fixture()
def signed_app(content_template, tmp_path):
    database = tmp_path / "signed.sqlite3"
    shutil.copy(content_template, database)
    app = make_app(database, TWILIO_AUTH_TOKEN=TOKEN)
    app.extensions["sms_sender"] = FakeSms()
    yield app
    app.extensions["database"].engine.dispose()


@pytest.fixture()
def signed_client(signed_app):
    return signed_app.test_client()
