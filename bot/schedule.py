"""Service-day arithmetic: the next dates a provider visits a centre.

Rules are python-dateutil rrules (weekly with an interval, or monthly by weekday position
such as the 2nd Tuesday or the last Friday); explicit dates are used as they are; exception
dates are removed from both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekdays

from .content.snapshot import ServiceDayInfo
from .i18n import WEEKDAYS

_WEEKDAYS = dict(zip(WEEKDAYS, weekdays, strict=True))  # dateutil's MO..SU, Monday first as WEEKDAYS
_HORIZON_DAYS = 400


# Dates kept per service day (day.found_dates) before they are cleared: a few questions' worth.
_KEPT_PER_DAY = 16


def next_dates(day: ServiceDayInfo, today: dt.date, count: int = 3) -> list[dt.date]:
    """The next count dates on or after today when this service day happens.

    Service days are immutable parts of a content snapshot: their dates from a given day never
    change, and the same few are asked for all day, so they are kept on the service day itself
    (they go with the snapshot)."""
    found = day.found_dates.get((today, count))
    if found is None:
        found = _next_dates(day, today, count)
        if len(day.found_dates) >= _KEPT_PER_DAY:
            day.found_dates.clear()
        day.found_dates[(today, count)] = found
    return list(found)


def _next_dates(day: ServiceDayInfo, today: dt.date, count: int) -> tuple[dt.date, ...]:
    end = today + dt.timedelta(days=_HORIZON_DAYS)
    if day.ends and day.ends < end:
        end = day.ends
    if day.repeat:
        candidates: Iterable[dt.date] = _rule_dates(day, today, end)
    else:
        candidates = sorted(d for d in day.dates if today <= d <= end)
    found = []
    for date in candidates:
        if date in day.exceptions:
            continue
        found.append(date)
        if len(found) == count:
            break
    return tuple(found)


def _rule_dates(day: ServiceDayInfo, today: dt.date, end: dt.date):
    rule = day.repeat
    if rule is None:  # dated days only: no rule to repeat
        return
    weekday = _WEEKDAYS[rule["weekday"]]
    start = day.starts or dt.date(2000, 1, 3)
    if rule["every"] == "month":
        recurrence = rrule(
            MONTHLY,
            interval=rule.get("interval", 1),
            byweekday=weekday(rule["position"]),
            dtstart=_midnight(start),
            until=_midnight(end),
        )
    else:
        recurrence = rrule(
            WEEKLY, interval=rule.get("interval", 1), byweekday=weekday, dtstart=_midnight(start), until=_midnight(end)
        )
    for moment in recurrence.xafter(_midnight(today), inc=True):
        yield moment.date()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def upcoming(
    days: Iterable[ServiceDayInfo], today: dt.date, count: int = 3
) -> list[tuple[ServiceDayInfo, list[dt.date]]]:
    """(service day, its next dates) for each service day that has any, soonest first."""
    pairs = [(d, next_dates(d, today, count)) for d in days]
    pairs = [(d, dates) for d, dates in pairs if dates]
    return sorted(pairs, key=lambda pair: pair[1][0])
