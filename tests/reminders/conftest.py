"""Fixtures for reminders: an app with reminders configured (reminders_support.settings) and the
clock it reads."""

from __future__ import annotations

import datetime as dt

import pytest
from reminders_support import Clock, FakeSms, FakeTwilio, settings


@pytest.fixture()
def clock():
    # support.TODAY (Tuesday 24 November 2026), 10:00 in South Africa.
    return Clock(dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC))


@pytest.fixture()
def make_reminders_app(new_app, clock):
    def make(**extra):
        app = new_app(**settings(clock, **extra))
        app.extensions["reminders"].client = FakeTwilio()
        app.extensions["sms_sender"] = FakeSms()
        return app

    return make


@pytest.fixture()
def reminders_app(make_reminders_app):
    return make_reminders_app()
