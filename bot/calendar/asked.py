"""The day or days a person asks about, as a text that keeps (an entity of the conversation),
and what it means on a given day.

bot.understanding.dates reads a message into one of these texts (ISO 8601 where ISO has a form):
- "today", "tomorrow", "+2" (the day after tomorrow);
- a weekday, "thursday" (the next one, today included), or "next thursday" (next week's);
- a date, "2026-12-24", "--12-24" (no year said) or "---24" (a day of the month: "the 24th"),
  maybe with the weekday said beside it: "--12-24 thursday";
- a period: "this week", "next week", "this month", "next month", or a month by name, "--12";
- a resolved day or period, "2026-12-16" or "2026-12-14/2026-12-20" (what answers keep).

`resolve(text, today)` is what it means on today: one day or a period, or why it is no day to
answer about (passed, impossible, more than a year away).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from ..i18n import WEEKDAYS

RELATIVE = {"today": 0, "tomorrow": 1, "+2": 2}
PERIODS = ("this week", "next week", "this month", "next month")
# A date without a year that passed at most this many days ago is asked about as passed (a
# slip, or a question about the past); one further back is next year's.
RECENT_DAYS = 31
# A date with its year, without it ("--12-24") or only its day ("---24"), maybe a weekday after it.
_DATE = re.compile(r"^(\d{4}-|--|---)(?:(\d{2})-)?(\d{2})(?: (\w+))?$")
_MONTH = re.compile(r"^--(\d{2})$")
_INTERVAL = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Asked:
    """What a day entity means on a given day.

    `start`..`end` (one day when equal) unless `problem` says it is no day to answer about:
    "past" (start is that day), "far" (more than a year away; start is that day) or
    "impossible" (no such date: `month` and `day` are what was said). `weekday_said` is a
    weekday named beside a date that falls on another weekday. `period` names a period asked
    by name (one of PERIODS, or "month" for a month by name)."""

    start: dt.date | None
    end: dt.date | None
    problem: str | None = None
    weekday_said: str | None = None
    period: str | None = None
    month: int | None = None
    day: int | None = None

    @property
    def one_day(self) -> bool:
        return self.start is not None and self.start == self.end

    @property
    def entity(self) -> str | None:
        """The text of what was resolved ("2026-12-16", "2026-12-14/2026-12-20")."""
        if self.start is None or self.end is None:
            return None
        return self.start.isoformat() if self.one_day else "%s/%s" % (self.start.isoformat(), self.end.isoformat())


def one_day(text: str) -> bool:
    """Whether text (see the module docstring) names one day, not a period, whatever today is."""
    return text not in PERIODS and not _MONTH.match(text) and "/" not in text


def resolve(text: object, today: dt.date) -> Asked | None:
    """What text (see the module docstring) means on today; None when it is no day text."""
    if not isinstance(text, str):
        return None
    if text in RELATIVE:
        return _day(today + dt.timedelta(days=RELATIVE[text]), today)
    words = text.split()
    if len(words) in (1, 2) and words[-1] in WEEKDAYS and (len(words) == 1 or words[0] == "next"):
        return _day(_weekday(words[-1], today, following_week=len(words) == 2), today)
    if text in PERIODS:
        return _period(text, today)
    found = _MONTH.match(text)
    if found:
        return _named_month(int(found.group(1)), today)
    found = _INTERVAL.match(text)
    if found:
        start, end = (dt.date.fromisoformat(found.group(i)) for i in (1, 2))
        return Asked(start, end) if start <= end else None
    found = _DATE.match(text)
    if found:
        year, month, day, weekday = found.groups()
        if (year == "---") != (month is None):
            return None
        asked = _date(int(year[:4]) if year[0] != "-" else None, int(month) if month else None, int(day), today)
        if weekday in WEEKDAYS and asked.start is not None and WEEKDAYS[asked.start.weekday()] != weekday:
            return Asked(asked.start, asked.end, asked.problem, weekday_said=weekday)
        return asked
    return None


def _day(date: dt.date, today: dt.date, problem: str | None = None) -> Asked:
    if problem is None and date < today:
        problem = "past"
    elif problem is None and date > today + relativedelta(years=1):
        problem = "far"
    return Asked(date, date, problem)


def _weekday(name: str, today: dt.date, following_week: bool) -> dt.date:
    """The next such weekday (today included), or the one of next week (Monday to Sunday)."""
    wanted = WEEKDAYS.index(name)
    if following_week:
        monday = today + dt.timedelta(days=7 - today.weekday())
        return monday + dt.timedelta(days=wanted)
    return today + dt.timedelta(days=(wanted - today.weekday()) % 7)


def _period(name: str, today: dt.date) -> Asked:
    if name == "this week":
        start, end = today, today + dt.timedelta(days=6 - today.weekday())
    elif name == "next week":
        start = today + dt.timedelta(days=7 - today.weekday())
        end = start + dt.timedelta(days=6)
    elif name == "this month":
        start, end = today, _month_end(today.year, today.month)
    else:
        start = _month_end(today.year, today.month) + dt.timedelta(days=1)
        end = _month_end(start.year, start.month)
    return Asked(start, end, period=name)


def _named_month(month: int, today: dt.date) -> Asked | None:
    """A month by name: this month from today, or the next one of that name."""
    if not 1 <= month <= 12:
        return None
    if month == today.month:
        return Asked(today, _month_end(today.year, month), period="month")
    year = today.year if month > today.month else today.year + 1
    return Asked(dt.date(year, month, 1), _month_end(year, month), period="month")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def _date(year: int | None, month: int | None, day: int, today: dt.date) -> Asked:
    """A date said in full, without its year (the next one, or one just passed), or only as a
    day of the month (the next such day)."""
    if month is None:
        for ahead in range(0, 13) if 1 <= day <= 31 else ():
            first = today.replace(day=1) + relativedelta(months=ahead)
            if day <= _calendar.monthrange(first.year, first.month)[1] and first.replace(day=day) >= today:
                return _day(first.replace(day=day), today)
        return Asked(None, None, "impossible", day=day)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return Asked(None, None, "impossible", month=month if 1 <= month <= 12 else None, day=day)
    if year is not None:
        try:
            return _day(dt.date(year, month, day), today)
        except ValueError:
            return Asked(None, None, "impossible", month=month, day=day)
    candidates = []
    for year_ in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(dt.date(year_, month, day))
        except ValueError:
            continue
    if not candidates:
        return Asked(None, None, "impossible", month=month, day=day)
    coming = [d for d in candidates if d >= today]
    passed = [d for d in candidates if d < today]
    if passed and (today - passed[-1]).days <= RECENT_DAYS:
        return _day(passed[-1], today)
    if coming and coming[0] <= today + relativedelta(years=1):
        return _day(coming[0], today)
    # 29 February in a year with none: that year has no such date.
    return Asked(None, None, "impossible", month=month, day=day)
