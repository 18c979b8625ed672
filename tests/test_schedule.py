"""The dates a schedule's rule gives: weekly and monthly rules, intervals, exceptions, explicit
dates, ends (bot.calendar.rules; what each date is, is tests/calendar)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.calendar.rules import scheduled
from bot.content.snapshot import ServiceDayInfo

D = dt.date


def day(repeat=None, dates=(), starts=None, ends=None, exceptions=(), provider="sassa"):
    return ServiceDayInfo(
        centre="zava",
        provider=provider,
        service=None,
        repeat=repeat,
        dates=tuple(dates),
        starts=starts,
        ends=ends,
        exceptions=frozenset(exceptions),
        time=None,
        sample=True,
    )


CASES = [
    (
        "2nd Tuesday of the month",
        day({"every": "month", "weekday": "tuesday", "position": 2, "interval": 1}, starts=D(2026, 1, 1)),
        D(2026, 11, 24),
        [D(2026, 12, 8), D(2027, 1, 12), D(2027, 2, 9)],
    ),
    (
        "last Friday of the month",
        day({"every": "month", "weekday": "friday", "position": -1, "interval": 1}),
        D(2026, 11, 24),
        [D(2026, 11, 27), D(2026, 12, 25), D(2027, 1, 29)],
    ),
    (
        "every second Wednesday from a start",
        day({"every": "week", "weekday": "wednesday", "interval": 2}, starts=D(2026, 11, 4)),
        D(2026, 11, 24),
        [D(2026, 12, 2), D(2026, 12, 16), D(2026, 12, 30)],
    ),
    (
        "today counts when it is a service day",
        day({"every": "week", "weekday": "tuesday", "interval": 1}),
        D(2026, 11, 24),
        [D(2026, 11, 24), D(2026, 12, 1), D(2026, 12, 8)],
    ),
    (
        "exception dates are skipped",
        day({"every": "month", "weekday": "tuesday", "position": 2, "interval": 1}, exceptions=[D(2026, 12, 8)]),
        D(2026, 11, 24),
        [D(2027, 1, 12), D(2027, 2, 9), D(2027, 3, 9)],
    ),
    (
        "the rule ends",
        day({"every": "month", "weekday": "tuesday", "position": 2, "interval": 1}, ends=D(2027, 1, 31)),
        D(2026, 11, 24),
        [D(2026, 12, 8), D(2027, 1, 12)],
    ),
    (
        "explicit dates, past ones dropped",
        day(dates=[D(2026, 11, 1), D(2027, 1, 14), D(2026, 12, 3)]),
        D(2026, 11, 24),
        [D(2026, 12, 3), D(2027, 1, 14)],
    ),
    ("nothing left", day(dates=[D(2025, 1, 1)]), D(2026, 11, 24), []),
]


@pytest.mark.parametrize("label,service_day,today,expected", CASES, ids=[c[0] for c in CASES])
def test_scheduled(label, service_day, today, expected):
    assert list(scheduled(service_day, today, today + dt.timedelta(days=400))[:3]) == expected


def test_only_the_dates_between_start_and_end():
    weekly = day({"every": "week", "weekday": "monday", "interval": 1})
    assert scheduled(weekly, D(2026, 12, 8), D(2026, 12, 21)) == (D(2026, 12, 14), D(2026, 12, 21))
    assert scheduled(weekly, D(2026, 12, 15), D(2026, 12, 20)) == ()
    dated = day(dates=[D(2026, 12, 3), D(2026, 12, 9)], starts=D(2026, 12, 5))
    assert scheduled(dated, D(2026, 12, 1), D(2026, 12, 31)) == (D(2026, 12, 9),)
