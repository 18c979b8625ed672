"""How answers say dates and what they are (bot.calendar's statuses), in the person's language.

A date is written in full, with "(today)" or "(tomorrow)" after it when it is one of those. A
day the department does not come although its schedule gives it says why ("public holiday:
Day of Reconciliation", "the centre is closed from ... to ..."). `contact` says whom to call
before travelling: the centre when it has a phone, else the department's line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...calendar import CANCELLED, CLOSED, HOLIDAY, Day
from ...calendar.public_holidays import holiday_name
from ...content.snapshot import CentreInfo, NoticeInfo, ServiceDayInfo
from .base import Turn


def when(turn: Turn, day: dt.date) -> str:
    """A date in full, with "(today)" or "(tomorrow)" after it when it is one of those."""
    _ = turn._
    text = turn.texts.date(day)
    if day == turn.today:
        return "%s (%s)" % (text, _("today"))
    if day == turn.today + dt.timedelta(days=1):
        return "%s (%s)" % (text, _("tomorrow"))
    return text


def who(turn: Turn, visit: ServiceDayInfo) -> str:
    """The name of what a visit brings: its service, else its department."""
    if visit.service:
        return turn.name(turn.content.services[visit.service].name)
    return turn.name(turn.content.providers[visit.provider].name)


def closed_words(turn: Turn, closure: NoticeInfo) -> str:
    """ "closed from 24 December 2026 to 04 January 2027" (or "closed that day")."""
    _ = turn._
    dates = {"starts": turn.texts.short_date(closure.starts), "ends": turn.texts.short_date(closure.ends)}
    if closure.starts == closure.ends:
        return _("closed that day")
    return _("closed from %(starts)s to %(ends)s") % dates


def why_not(turn: Turn, day: Day) -> str:
    """Why a department does not come on a day its schedule gives (day is not to travel on)."""
    _ = turn._
    if day.status == CANCELLED:
        return _("cancelled by the centre")
    if day.status == CLOSED and day.closure is not None:
        return closed_words(turn, day.closure)
    if day.status == HOLIDAY and day.holiday is not None:
        return _("public holiday (%(holiday)s)") % {"holiday": holiday_name(day.holiday, turn._)}
    return ""


def day_line(turn: Turn, day: Day) -> str:
    """One date of a list: "- Wednesday 9 December 2026 08:00-13:00", or "- not on ...: why"."""
    if day.travel:
        return "- " + when(turn, day.date) + (" " + day.visit.time if day.visit.time else "")
    return "- " + turn._("not on %(date)s: %(why)s") % {"date": when(turn, day.date), "why": why_not(turn, day)}


def as_data(day: Day) -> dict[str, Any]:
    """A day as the API gives it: {"date", "provider", "service"?, "status", "time"?}."""
    data: dict[str, Any] = {"date": day.date.isoformat(), "provider": day.visit.provider, "status": day.status}
    if day.visit.service:
        data["service"] = day.visit.service
    if day.visit.time:
        data["time"] = day.visit.time
    if day.holiday:
        data["holiday"] = day.holiday
    return data


def contact(turn: Turn, centre: CentreInfo, provider: str | None) -> str:
    """Whom to call before travelling: the centre's phones, else the department's line (said
    after the centre's answer, which names it: "the centre", one short line of a small screen)."""
    _ = turn._
    if centre.phones:
        return _("Before you travel, call %(centre)s: %(phones)s.") % {
            "centre": turn.name(centre.name),
            "phones": ", ".join(centre.phones),
        }
    line = turn.content.providers.get(provider or "")
    if line is not None and line.help_line:
        return _("Before you travel, call %(who)s on %(number)s.") % {
            "who": turn.name(line.name),
            "number": line.help_line,
        }
    return _("No phone is listed for the centre: ask people who have been there before you travel.")
