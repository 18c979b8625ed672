"""Settings from the environment: a value that cannot be used stops the start with a message
naming the setting and saying what it must be; good values are taken as given."""

from __future__ import annotations

import pytest

from bot import config

BAD = [
    ("USSD_SCREEN_CHARS", "abc", "USSD_SCREEN_CHARS must be a whole number, not 'abc'"),
    ("USSD_SCREEN_CHARS", "500", "USSD_SCREEN_CHARS must be from 60 to 182, not 500"),
    ("LOG_RETENTION_DAYS", "0", "LOG_RETENTION_DAYS must be at least 1, not 0"),
    ("MAX_BODY_BYTES", "64k", "MAX_BODY_BYTES must be a whole number, not '64k'"),
    ("TRUSTED_PROXIES", "-1", "TRUSTED_PROXIES must be at least 0, not -1"),
    (
        "TIMEZONE",
        "Africa/Joburg",
        "TIMEZONE must be an IANA time zone such as Africa/Johannesburg, not 'Africa/Joburg'",
    ),
    ("SMS_REGIONS", "ZA XX", "SMS_REGIONS must be ISO country codes such as ZA, not XX"),
    ("RATE_LIMIT", "thirty a minute", "RATE_LIMIT must be a rate such as"),
    ("REMINDER_KEY", "not-a-key", "REMINDER_KEY must be a Fernet key"),
    ("REMINDER_KEY", "c2hvcnQ=", "REMINDER_KEY must be a Fernet key"),
    ("REMINDERS_PER_MONTH", "0", "REMINDERS_PER_MONTH must be from 1 to 100, not 0"),
    ("REMINDER_SEND_RATE", "fast", "REMINDER_SEND_RATE must be a rate such as"),
]


@pytest.mark.parametrize(("name", "value", "said"), BAD, ids=[f"{n}={v}" for n, v, _ in BAD])
def test_a_setting_that_cannot_be_used_is_named_with_what_it_must_be(monkeypatch, name, value, said):
    monkeypatch.setenv(name, value)
    with pytest.raises(config.SettingError) as refused:
        config.from_environment()
    assert said in str(refused.value)


GOOD = [
    ("USSD_SCREEN_CHARS", "182", 182),
    ("USSD_SCREEN_CHARS", " ", 160),  # empty: the default
    ("TIMEZONE", "Africa/Johannesburg", "Africa/Johannesburg"),
    ("SMS_REGIONS", "za bw", ["ZA", "BW"]),
    ("RATE_LIMIT", "off", ""),
    ("REMINDER_KEY", "Zm9yIHRlc3RzIG9ubHk6IHRoaXJ0eS10d28gYnl0ZXM=", "Zm9yIHRlc3RzIG9ubHk6IHRoaXJ0eS10d28gYnl0ZXM="),
    ("RATE_LIMIT", "10 per minute;100 per hour", "10 per minute;100 per hour"),
]


@pytest.mark.parametrize(("name", "value", "expected"), GOOD, ids=[f"{n}={v}" for n, v, _ in GOOD])
def test_good_settings_are_taken(monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    key = {"MAX_BODY_BYTES": "MAX_CONTENT_LENGTH"}.get(name, name)
    assert config.from_environment()[key] == expected


def test_the_app_does_not_start_on_a_bad_setting(monkeypatch):
    from bot import create_app

    monkeypatch.setenv("USSD_SMS_PER_DAY", "three")
    with pytest.raises(config.SettingError, match="USSD_SMS_PER_DAY"):
        create_app({"DATABASE_URL": "sqlite://"})
