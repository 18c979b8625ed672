"""Service-day arithmetic: weekly and monthly rules, intervals, exceptions, explicit dates, ends."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.content.snapshot import ServiceDayInfo
from bot.schedule import next_dates, upcoming

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
def test_next_dates(label, service_day, today, expected):
    assert next_dates(service_day, today, 3) == expected


def test_upcoming_is_soonest_first_and_drops_empty():
    later = day(dates=[D(2027, 3, 1)], provider="home-affairs")
    sooner = day(dates=[D(2026, 12, 1)])
    over = day(dates=[D(2020, 1, 1)], provider="labour")
    assert [d.provider for d, _dates in upcoming([later, over, sooner], D(2026, 11, 24))] == ["sassa", "home-affairs"]


def test_dates_are_kept_with_the_service_day_not_beyond_it():
    """The dates found are kept on the service day (asked again, the same answer without a
    recount), and nothing else holds the day: a reloaded snapshot's old days can go."""
    import gc
    import weakref

    weekly = day({"every": "week", "weekday": "monday", "interval": 1})
    first = next_dates(weekly, D(2026, 12, 1), 2)
    assert weekly.found_dates == {(D(2026, 12, 1), 2): tuple(first)}
    assert next_dates(weekly, D(2026, 12, 1), 2) == first == [D(2026, 12, 7), D(2026, 12, 14)]
    for offset in range(40):  # many different days asked: what is kept stays bounded
        next_dates(weekly, D(2026, 12, 1) + dt.timedelta(days=offset), 1)
    assert len(weekly.found_dates) <= 16
    gone = weakref.ref(weekly)
    del weekly
    gc.collect()
    assert gone() is None
