"""The dates a schedule's rule gives, before anything else is known about them.

Rules are python-dateutil rrules (weekly with an interval, or monthly by weekday position such
as the 2nd Tuesday or the last Friday); explicit dates are used as they are; a schedule's
exception dates ("dates it does not happen") are left out of both. Whether a date given here is
a day to travel on (cancelled, closed, a public holiday...) is bot.calendar's question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekdays

from ..content.snapshot import ServiceDayInfo
from ..i18n import WEEKDAYS

_WEEKDAYS = dict(zip(WEEKDAYS, weekdays, strict=True))  # dateutil's MO..SU, Monday first as WEEKDAYS


def scheduled(day: ServiceDayInfo, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """The dates from start to end (both included) that day's rule or dates give, oldest first,
    without its exceptions, within its own starts and ends."""
    if day.ends and day.ends < end:
        end = day.ends
    if day.starts and day.starts > start:
        start = day.starts
    if end < start:
        return ()
    found = _rule_dates(day, start, end) if day.repeat else (d for d in sorted(day.dates) if start <= d <= end)
    return tuple(d for d in found if d not in day.exceptions)


def _rule_dates(day: ServiceDayInfo, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    rule = day.repeat
    if rule is None:  # dated days only: no rule to repeat
        return
    weekday = _WEEKDAYS[rule["weekday"]]
    # A rule counts its intervals from its first day (or from a fixed Monday long ago).
    first = day.starts or dt.date(2000, 1, 3)
    if rule["every"] == "month":
        recurrence = rrule(
            MONTHLY,
            interval=rule.get("interval", 1),
            byweekday=weekday(rule["position"]),
            dtstart=_midnight(first),
            until=_midnight(end),
        )
    else:
        recurrence = rrule(
            WEEKLY, interval=rule.get("interval", 1), byweekday=weekday, dtstart=_midnight(first), until=_midnight(end)
        )
    for moment in recurrence.xafter(_midnight(start), inc=True):
        yield moment.date()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)
