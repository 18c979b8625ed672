"""What happens at a centre on a date: the one place that decides it.

Every answer on every channel, every USSD screen, the console's preview, the iCalendar feeds
and the reminder planner ask a content snapshot's `Calendar` (`calendar_of(content)`) and
nothing else. Each date a schedule (a `ServiceDayInfo`, here a "visit") gives is a `Day` with
one status, the first of these that holds:

- CLOSED: a closure notice covers it (bot.console's notices of kind "closure", for the whole
  centre or for the visit's department);
- CANCELLED: the centre cancelled that date;
- HOLIDAY: it is a public holiday (bot.calendar.public_holidays), unless a confirmed schedule
  names that exact date (a schedule of dates, not a rule);
- CONFIRMED: the schedule was published by the centre (bot.console), or is in content/ with
  its source (`sample: false`);
- EXAMPLE: the schedule is an example from content/ that no centre confirmed (`sample: true`).

A date no visit gives is no service day (the visits' dates "it does not happen" included).
CONFIRMED and EXAMPLE days are the ones to travel on (`Day.travel`); an EXAMPLE day only as
an example.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..content.snapshot import Content, NoticeInfo, ServiceDayInfo
from .public_holidays import holiday
from .rules import scheduled

CONFIRMED, EXAMPLE, CANCELLED, CLOSED, HOLIDAY = "confirmed", "example", "cancelled", "closed", "holiday"
STATUSES = (CONFIRMED, EXAMPLE, CANCELLED, CLOSED, HOLIDAY)
# How far ahead dates are worked out (a year and a bit: a date further away is not answered).
HORIZON_DAYS = 400
CLOSURE = "closure"


@dataclass(frozen=True)
class Day:
    """A date a visit's schedule gives, and what it is (`status`, one of STATUSES), with the
    closure notice or the public holiday that makes it so."""

    date: dt.date
    visit: ServiceDayInfo
    status: str
    closure: NoticeInfo | None = None
    holiday: str | None = None

    @property
    def travel(self) -> bool:
        """Whether the department is said to come (for an example schedule, as an example)."""
        return self.status in (CONFIRMED, EXAMPLE)


class Calendar:
    """The service days of one content snapshot (see the module docstring)."""

    def __init__(self, content: Content) -> None:
        self._visits: dict[str, list[ServiceDayInfo]] = defaultdict(list)
        for visit in content.service_days:
            self._visits[visit.centre].append(visit)
        self._closures: dict[str, list[NoticeInfo]] = defaultdict(list)
        for notice in content.notices:
            if notice.kind == CLOSURE:
                self._closures[notice.centre].append(notice)
        self._owners = {slug: service.provider for slug, service in content.services.items()}
        self._known = {id(visit) for visit in content.service_days}
        # The dates each visit gives from one day on (the day the last question was asked from),
        # by id(visit): the same few are asked for all day.
        self._from: dt.date | None = None
        self._dates: dict[int, tuple[dt.date, ...]] = {}

    def visits(self, centre: str, provider: str | None = None, service: str | None = None) -> list[ServiceDayInfo]:
        """The centre's schedules: of a service (its own, or its department's for any service),
        of a department, or all of them."""
        found = self._visits.get(centre, [])
        if service:
            owner = self._owners.get(service)
            return [v for v in found if v.service == service or (v.service is None and v.provider == owner)]
        if provider:
            return [v for v in found if v.provider == provider]
        return list(found)

    def closure(self, centre: str, provider: str | None, date: dt.date) -> NoticeInfo | None:
        """The closure notice that covers date for provider at centre (or the whole centre)."""
        for notice in self._closures.get(centre, ()):
            if notice.starts <= date <= notice.ends and notice.provider in (None, provider):
                return notice
        return None

    def closures(self, centre: str, provider: str | None, start: dt.date, end: dt.date) -> list[NoticeInfo]:
        """The closure notices for provider at centre (or the whole centre) that overlap start..end."""
        return [
            n
            for n in self._closures.get(centre, ())
            if n.starts <= end and n.ends >= start and (provider is None or n.provider in (None, provider))
        ]

    def day(self, visit: ServiceDayInfo, date: dt.date) -> Day:
        """What date is for a visit whose schedule gives it."""
        closure = self.closure(visit.centre, visit.provider, date)
        if closure is not None:
            return Day(date, visit, CLOSED, closure=closure)
        if date in visit.cancelled:
            return Day(date, visit, CANCELLED)
        name = holiday(date)
        if name is not None and not (not visit.sample and date in visit.dates):
            return Day(date, visit, HOLIDAY, holiday=name)
        return Day(date, visit, EXAMPLE if visit.sample else CONFIRMED)

    def between(self, visits: Iterable[ServiceDayInfo], start: dt.date, end: dt.date, today: dt.date) -> list[Day]:
        """Every date the visits give from start to end (both included), soonest first."""
        found = [self.day(v, d) for v in visits for d in self._scheduled(v, start, end, today)]
        return sorted(found, key=lambda day: day.date)

    def on(self, visits: Iterable[ServiceDayInfo], date: dt.date, today: dt.date) -> list[Day]:
        """What date is for each visit that gives it."""
        return self.between(visits, date, date, today)

    def next_travel(self, visits: Iterable[ServiceDayInfo], after: dt.date, today: dt.date) -> Day | None:
        """The first day to travel on from after (included), or None within the horizon."""
        end = today + dt.timedelta(days=HORIZON_DAYS)
        for day in self.between(visits, after, end, today):
            if day.travel:
                return day
        return None

    def upcoming(
        self, visits: Iterable[ServiceDayInfo], today: dt.date, count: int
    ) -> list[tuple[ServiceDayInfo, list[Day]]]:
        """For each visit with a day to travel on ahead: its next count such days and the days it
        gives before the last of them that are not (cancelled, closed, a holiday); soonest first."""
        end = today + dt.timedelta(days=HORIZON_DAYS)
        found = []
        for visit in visits:
            days: list[Day] = []
            travel = 0
            for date in self._scheduled(visit, today, end, today):
                day = self.day(visit, date)
                days.append(day)
                travel += day.travel
                if travel == count:
                    break
            while days and not days[-1].travel:
                days.pop()  # (only what comes before a day to travel on)
            if days:
                found.append((visit, days))
        return sorted(found, key=lambda pair: next(d.date for d in pair[1] if d.travel))

    def _scheduled(self, visit: ServiceDayInfo, start: dt.date, end: dt.date, today: dt.date) -> Sequence[dt.date]:
        """The dates visit gives from start to end, from what is kept for today when it can be."""
        if id(visit) not in self._known or start < today or end > today + dt.timedelta(days=HORIZON_DAYS):
            return scheduled(visit, start, end)
        if self._from != today:
            self._dates, self._from = {}, today
        dates = self._dates.get(id(visit))
        if dates is None:
            dates = self._dates[id(visit)] = scheduled(visit, today, today + dt.timedelta(days=HORIZON_DAYS))
        return dates[bisect.bisect_left(dates, start) : bisect.bisect_right(dates, end)]


def calendar_of(content: Content) -> Calendar:
    """The calendar of a content snapshot, made on first use and kept with it."""
    return content.cached("calendar", Calendar)


__all__ = [
    "CANCELLED",
    "CLOSED",
    "CONFIRMED",
    "EXAMPLE",
    "HOLIDAY",
    "STATUSES",
    "Calendar",
    "Day",
    "calendar_of",
]
