"""Service days: when a provider (or one service) is next at a centre.

A person may ask about one day ("is Home Affairs at Bredasdorp tomorrow?", "on Friday?"): that
day is answered first (yes with the times, or no and the next visit), then the next dates as
always. Today and tomorrow are labelled as such wherever a date is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ...content.snapshot import CentreInfo, ServiceDayInfo
from ...i18n import WEEKDAYS
from ...schedule import next_dates, upcoming
from .base import Answer, Turn, action, centre_of
from .facts import centre_name, notices
from .reminders import offer

DATES_SHOWN = 3


def _matching_days(turn: Turn, centre: CentreInfo, provider: str | None, service: str | None) -> list[ServiceDayInfo]:
    days = [d for d in turn.content.service_days if d.centre == centre.slug]
    if service:
        owner = turn.content.services[service].provider
        days = [d for d in days if d.service == service or (d.service is None and d.provider == owner)]
    elif provider:
        days = [d for d in days if d.provider == provider]
    return days


def _who(turn: Turn, day: ServiceDayInfo) -> str:
    if day.service:
        return turn.name(turn.content.services[day.service].name)
    return turn.name(turn.content.providers[day.provider].name)


def _not_coming(turn: Turn, visit: ServiceDayInfo, day: dt.date) -> str:
    """That the centre cancelled visit's day ("Home Affairs will not come on ...")."""
    _ = turn._
    return _("%(who)s will not come on %(date)s.") % {"who": _who(turn, visit), "date": when(turn, day)}


def asked_date(key: str | None, today: dt.date) -> dt.date | None:
    """The date a day entity means: today, tomorrow, or the next such weekday (today included)."""
    if key == "today":
        return today
    if key == "tomorrow":
        return today + dt.timedelta(days=1)
    if key in WEEKDAYS:
        return today + dt.timedelta(days=(WEEKDAYS.index(key) - today.weekday()) % 7)
    return None


def when(turn: Turn, day: dt.date) -> str:
    """A date in full, with "(today)" or "(tomorrow)" after it when it is one of those."""
    _ = turn._
    text = turn.texts.date(day)
    if day == turn.today:
        return "%s (%s)" % (text, _("today"))
    if day == turn.today + dt.timedelta(days=1):
        return "%s (%s)" % (text, _("tomorrow"))
    return text


def next_days_summary(turn: Turn, centre: CentreInfo) -> str:
    """One line per visiting provider with its next date, or "" when none is listed."""
    _ = turn._
    found = upcoming(_matching_days(turn, centre, None, None), turn.today, 1)
    if not found:
        return ""
    lines = ["%s: %s" % (_who(turn, d), when(turn, dates[0])) for d, dates in found]
    text = _("Next service days:") + "\n" + "\n".join(lines)
    if any(d.sample for d, _dates in found):
        text += "\n" + _("Example schedule: confirm with the centre before you travel.")
    return text


def _on_the_day(turn: Turn, days: Sequence[ServiceDayInfo], asked: dt.date, who: str | None, centre_name: str) -> str:
    """The answer for the day asked about: who is there that day with the times, or that nobody
    asked about is, and the next visit after it."""
    _ = turn._
    there = [d for d in days if next_dates(d, asked, 1)[:1] == [asked]]
    names = {"who": who, "centre": centre_name, "date": when(turn, asked)}
    if there:
        lines = ["- " + _who(turn, d) + (" " + d.time if d.time else "") for d in there]
        return _("Yes, on %(date)s at %(centre)s:") % names + "\n" + "\n".join(lines)
    cancelled = [_not_coming(turn, d, asked) for d in days if asked in d.cancelled]
    text = (
        " ".join(cancelled)
        if cancelled
        else _("No, %(who)s is not at %(centre)s on %(date)s.") % names
        if who
        else _("No department visits %(centre)s on %(date)s.") % names
    )
    later = upcoming(days, asked + dt.timedelta(days=1), 1)
    if later:
        text += " " + _("Next visit: %(date)s.") % {"date": when(turn, later[0][1][0])}
    return text


def service_days(turn: Turn, entities: dict[str, Any]) -> Answer:
    """The next dates for a centre, narrowed to a provider or service when one was named, with
    the day asked about (entity `day`) answered first."""
    _ = turn._
    content = turn.content
    centre = centre_of(turn, entities)
    provider = entities.get("provider") if entities.get("provider") in content.providers else None
    service = entities.get("service") if entities.get("service") in content.services else None
    day = entities.get("day") if asked_date(entities.get("day"), turn.today) else None
    found_entities = {k: v for k, v in (("provider", provider), ("service", service), ("day", day)) if v}
    if centre is None:
        return Answer(
            "service_days",
            [_("Which centre? Type its name or the town it is in.")],
            entities=found_entities,
            options=[(_("Nearest centre"), action("nearest_centre"))],
            pending=action("service_days", **found_entities),
        )
    found_entities["centre"] = centre.slug
    days = _matching_days(turn, centre, provider, service)
    found = upcoming(days, turn.today, DATES_SHOWN)
    name = centre_name(turn, centre)
    who = (
        turn.name(content.services[service].name)
        if service
        else turn.name(content.providers[provider].name)
        if provider
        else None
    )
    if not found:
        text = (
            _("No service days are listed for %(who)s at %(centre)s.") % {"who": who, "centre": name}
            if who
            else _("No service days are listed for %(centre)s.") % {"centre": name}
        )
        blocks = [*notices(turn, centre, provider), text]
        blocks.append(_("Please call the centre or the department's help line before you travel."))
    else:
        # A status goes on its own line, never into a heading (USSD keeps a heading with its line).
        plain = turn.name(centre.name)
        blocks = ([name] if name != plain else []) + notices(turn, centre, provider)
        asked = asked_date(day, turn.today) if day else None
        if asked:  # set exactly when day is: day is kept only when it names a date
            blocks.append(_on_the_day(turn, days, asked, who, plain))
        blocks.append(_("Service days at %(centre)s:") % {"centre": plain})
        for visit, dates in found:
            lines = ["- " + when(turn, d) + (" " + visit.time if visit.time else "") for d in dates]
            lines += [_not_coming(turn, visit, d) for d in visit.cancelled if turn.today <= d <= dates[-1]]
            if visit.confirmed_on:
                lines.append(_("Confirmed by the centre on %(date)s.") % {"date": turn.texts.date(visit.confirmed_on)})
            blocks.append(_who(turn, visit) + ":\n" + "\n".join(lines))
        if any(visit.sample for visit, _dates in found):
            blocks.append(_("Example schedule: confirm with the centre before you travel."))
    remind = offer(turn, centre.slug, provider or (content.services[service].provider if service else None))
    return Answer(
        "service_days",
        blocks,
        entities=found_entities,
        final=not remind,
        options=[
            *remind,
            (_("Services at this centre"), action("centre_services", centre=centre.slug)),
            (_("Contact details and hours"), action("centre_info", centre=centre.slug)),
            (_("Talk to a person"), action("talk_to_person", centre=centre.slug, provider=provider)),
        ],
    )
