"""Service days: when a department (or one service) is next at a centre, from bot.calendar.

The day asked about (entity `day`: "tomorrow", "on Thursday 24 December", "next week"...) is
answered first: the department is there (with the time), or why not (the centre cancelled that
day, the centre is closed, a public holiday, no visit that day), then the next day to travel
on; a date passed, impossible or more than a year away is said to be so. Then the next dates of
each schedule, with the days it gives that are not to travel on and why. An example schedule is
never a flat yes or no: the first sentence says no centre confirmed these days, and the answer
ends with who sets the visiting days and whom to call. The dates go with the answer as data
(`Answer.dates`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ...calendar import CANCELLED, Calendar, Day, calendar_of
from ...calendar.asked import Asked, resolve
from ...calendar.public_holidays import holiday, holiday_name
from ...content.snapshot import CentreInfo, ServiceDayInfo
from ...i18n import WEEKDAY_KEYS
from .base import Answer, Turn, action, centre_of
from .facts import centre_name, notices
from .reminders import offer, tell
from .when import as_data, contact, day_line, when, who

DATES_SHOWN = 3


def service_days(turn: Turn, entities: dict[str, Any]) -> Answer:
    """The next dates for a centre, narrowed to a provider or service when one was named, with
    the day asked about (entity `day`) answered first."""
    _ = turn._
    content, calendar = turn.content, calendar_of(turn.content)
    centre = centre_of(turn, entities)
    provider = entities.get("provider") if entities.get("provider") in content.providers else None
    service = entities.get("service") if entities.get("service") in content.services else None
    asked = resolve(entities.get("day"), turn.today)
    found_entities: dict[str, Any] = {"provider": provider, "service": service}
    found_entities["day"] = (asked.entity or entities.get("day")) if asked else None
    found_entities = {k: v for k, v in found_entities.items() if v}
    if centre is None:
        return Answer(
            "service_days",
            [_("Which centre? Type its name or the town it is in.")],
            entities=found_entities,
            options=[(_("Nearest centre"), action("nearest_centre", then="service_days", provider=provider))],
            pending=action("service_days", **found_entities),
        )
    found_entities["centre"] = centre.slug
    visits = calendar.visits(centre.slug, provider, service)
    # Asked about no department where several come: the next day of each, and each department
    # as a choice for its further days (a short answer that fits a small screen).
    several = sorted({visit.provider for visit in visits}) if not (provider or service) else []
    several = several if len(several) > 1 else []
    found = calendar.upcoming(visits, turn.today, 1 if several else DATES_SHOWN)
    whom = turn.name(content.services[service].name) if service else _provider_name(turn, provider)
    examples = [visit for visit in visits if visit.sample]
    blocks: list[str] = []
    # Who sets the days when no centre has confirmed them (no public source publishes a schedule).
    who_sets = _(
        "Visiting days are set by each department's local office and announced through ward councillors: "
        "ask the centre or your ward councillor."
    )
    dates: list[Day] = []
    if asked is not None:
        text, said = _asked(turn, calendar, centre, visits, asked, whom, provider or service)
        blocks.append(text)
        dates += said
    mixed = bool(examples) and len(examples) < len(visits)
    if len(found) == 1 and (provider or service) and not mixed:
        # One department's days, as asked: one heading ("SASSA at Zava Thusong Service Centre:").
        visit, days = found[0]
        names = {"who": who(turn, visit), "centre": turn.name(centre.name)}
        blocks.append(
            _("%(who)s at %(centre)s:") % names + "\n" + _visit_block(turn, visit, days, False, heading=False)
        )
        dates += days
    elif found:
        heading = _("Service days at %(centre)s:") % {"centre": turn.name(centre.name)}
        if several:  # one line each, its next day to travel on; each department's choice says more
            blocks.append(heading + "\n" + "\n".join(_next_line(turn, visit, days, mixed) for visit, days in found))
        else:
            blocks.append(heading)
            blocks += [_visit_block(turn, visit, days, mixed) for visit, days in found]
        dates += [day for _visit, days in found for day in days]
        if mixed:
            blocks.append(_("(example): not confirmed by the centre."))
    else:
        blocks.append(
            _("No service days are listed for %(who)s at %(centre)s.") % {"who": whom, "centre": turn.name(centre.name)}
            if whom
            else _("No service days are listed for %(centre)s.") % {"centre": turn.name(centre.name)}
        )
    # After the answer, each in one line: what is uncertain about the centre (never in a heading),
    # that the days are an example, the centre's notices, whom to call; who sets the days (a long
    # sentence) is left out of the brief form (USSD).
    if centre.status:
        blocks.append(centre_name(turn, centre))
    if visits and len(examples) == len(visits):
        blocks.append(_("No centre has confirmed these days: they are an example schedule."))
    blocks += notices(turn, centre, provider)
    owner = provider or (content.services[service].provider if service else None)
    brief = None
    if examples or not found:
        brief = "\n".join([*blocks, contact(turn, centre, owner)])
        blocks.append(who_sets + "\n" + contact(turn, centre, owner))
    remind = offer(turn, centre.slug, owner)
    tell(turn, centre.slug, dates)
    departments = [
        (turn.name(content.providers[slug].name), action("service_days", centre=centre.slug, provider=slug))
        for slug in several
    ]
    return Answer(
        "service_days",
        blocks,
        entities=found_entities,
        final=not (remind or departments),
        brief=brief,
        options=[
            *remind,
            *departments,
            (_("Services at this centre"), action("centre_services", centre=centre.slug)),
            (_("Contact details and hours"), action("centre_info", centre=centre.slug)),
            (_("Talk to a person"), action("talk_to_person", centre=centre.slug, provider=provider)),
        ],
        dates=[as_data(day) for day in _unique(dates)],
    )


def _provider_name(turn: Turn, provider: str | None) -> str | None:
    return turn.name(turn.content.providers[provider].name) if provider else None


def _visit_block(turn: Turn, visit: ServiceDayInfo, days: Sequence[Day], mixed: bool, heading: bool = True) -> str:
    """A schedule's next dates (and those it gives that are not to travel on, with why), under
    who comes (unless heading is False: the answer's heading names them)."""
    _ = turn._
    title = who(turn, visit) + (" (%s)" % _("example") if mixed and visit.sample else "") + ":"
    lines = [title] if heading else []
    lines += [day_line(turn, day) for day in days]
    if visit.confirmed_on:
        lines.append(_("Confirmed by the centre on %(date)s.") % {"date": turn.texts.date(visit.confirmed_on)})
    return "\n".join(lines)


def _next_line(turn: Turn, visit: ServiceDayInfo, days: Sequence[Day], mixed: bool, time: bool = True) -> str:
    """ "SASSA: Friday, 11 December 2026 08:00-13:00": who comes and the next of days to travel
    on (the days before it that are not are said in the department's own answer), "(example)"
    after it when mixed and the visit is an example."""
    day = next(d for d in days if d.travel)
    text = "%s: %s" % (who(turn, visit), when(turn, day.date)) + (" " + visit.time if time and visit.time else "")
    return text + (" (%s)" % turn._("example") if mixed and visit.sample else "")


def _asked(
    turn: Turn,
    calendar: Calendar,
    centre: CentreInfo,
    visits: list[ServiceDayInfo],
    asked: Asked,
    whom: str | None,
    named: str | None,
) -> tuple[str, list[Day]]:
    """What is said about the day or days asked, and the days it names."""
    _ = turn._
    name = turn.name(centre.name)
    if asked.problem == "impossible":
        return _("There is no such date: %(day)s %(month)s.") % {
            "day": asked.day,
            "month": turn.texts.month(asked.month) if asked.month else "?",
        }, []
    assert asked.start is not None and asked.end is not None  # (only an impossible date has none)
    if asked.problem == "past":
        return _("%(date)s has passed.") % {"date": turn.texts.date(asked.start)}, []
    if asked.problem == "far":
        return _("%(date)s is more than a year away: no service days are known that far ahead.") % {
            "date": turn.texts.date(asked.start)
        }, []
    said = []
    if asked.weekday_said:
        said.append(
            _("%(date)s is a %(weekday)s.")
            % {
                "date": turn.texts.short_date(asked.start),
                "weekday": turn.texts.weekday(WEEKDAY_KEYS[asked.start.weekday()]),
            }
        )
    if not asked.one_day:
        text, days = _period(turn, calendar, centre, visits, asked.start, asked.end, whom)
        return " ".join([*said, text]), days
    date = asked.start
    days = calendar.on(visits, date, turn.today)
    there = [day for day in days if day.travel]
    if there:
        example = all(day.visit.sample for day in there)
        heading = (
            _("The example schedule gives %(date)s at %(centre)s:") if example else _("Yes, on %(date)s at %(centre)s:")
        ) % {"date": when(turn, date), "centre": name}
        mark = " (%s)" % _("example")
        lines = [
            "- "
            + who(turn, d.visit)
            + (" " + d.visit.time if d.visit.time else "")
            + (mark if d.visit.sample and not example else "")
            for d in there
        ]
        said.append(heading + "\n" + "\n".join(lines))
    else:
        said.append(_why_not(turn, calendar, centre, visits, days, date, whom))
        later = calendar.next_travel(visits, date + dt.timedelta(days=1), turn.today)
        if later is not None:
            said.append(_next(turn, later, whom, name))
            there = [later]
    also = _also_there(turn, calendar, centre, visits, there[0].date) if named and there else ""
    return "\n".join(part for part in (" ".join(said), also) if part), days + there


def _why_not(
    turn: Turn,
    calendar: Calendar,
    centre: CentreInfo,
    visits: list[ServiceDayInfo],
    days: list[Day],
    date: dt.date,
    whom: str | None,
) -> str:
    """Why nobody asked about comes on date: closed, cancelled, a public holiday, or no visit."""
    _ = turn._
    names = {"who": whom, "centre": turn.name(centre.name), "date": when(turn, date)}
    provider = visits[0].provider if whom and visits else None
    closure = calendar.closure(centre.slug, provider, date)
    if closure is not None:
        dates = {"starts": turn.texts.short_date(closure.starts), "ends": turn.texts.short_date(closure.ends)}
        if closure.provider is None:
            return (
                _("%(centre)s is closed on %(date)s.") % names
                if closure.starts == closure.ends
                else _("%(centre)s is closed from %(starts)s to %(ends)s.") % dict(names, **dates)
            )
        return _("%(who)s is not at %(centre)s from %(starts)s to %(ends)s.") % dict(
            names, who=_provider_name(turn, closure.provider), **dates
        )
    cancelled = [day for day in days if day.status == CANCELLED]
    if cancelled:
        return " ".join(
            _("%(who)s will not come to %(centre)s on %(date)s: the centre cancelled that day.")
            % dict(names, who=who(turn, day.visit))
            for day in cancelled
        )
    name = holiday(date)
    if name is not None:
        names["holiday"] = holiday_name(name, turn._)
        return (
            _("%(date)s is a public holiday (%(holiday)s): %(who)s does not come to %(centre)s that day.") % names
            if whom
            else _("%(date)s is a public holiday (%(holiday)s): no department comes to %(centre)s that day.") % names
        )
    if visits and all(visit.sample for visit in visits):
        return (
            _("The example schedule gives no %(who)s day at %(centre)s on %(date)s.") % names
            if whom
            else _("The example schedule gives no service day at %(centre)s on %(date)s.") % names
        )
    return (
        _("No, %(who)s is not at %(centre)s on %(date)s.") % names
        if whom
        else _("No department visits %(centre)s on %(date)s.") % names
    )


def _next(turn: Turn, day: Day, whom: str | None, centre: str) -> str:
    """ "The next SASSA day is ..." (or the next day of any department at the centre)."""
    _ = turn._
    date = when(turn, day.date) + (" " + day.visit.time if day.visit.time else "")
    if whom:
        return _("The next %(who)s day is %(date)s.") % {"who": whom, "date": date}
    return _("The next service day at %(centre)s is %(date)s: %(who)s.") % {
        "centre": centre,
        "date": date,
        "who": who(turn, day.visit),
    }


def _period(
    turn: Turn,
    calendar: Calendar,
    centre: CentreInfo,
    visits: list[ServiceDayInfo],
    start: dt.date,
    end: dt.date,
    whom: str | None,
) -> tuple[str, list[Day]]:
    """The days of a period asked about (this week, next month, December) with what each is."""
    _ = turn._
    names = {
        "who": whom,
        "centre": turn.name(centre.name),
        "starts": turn.texts.short_date(start),
        "ends": turn.texts.short_date(end),
    }
    days = calendar.between(visits, start, end, turn.today)
    if days:
        heading = (
            _("%(who)s at %(centre)s from %(starts)s to %(ends)s:") % names
            if whom
            else _("Service days at %(centre)s from %(starts)s to %(ends)s:") % names
        )
        lines = [day_line(turn, day) + ("" if whom else " (%s)" % who(turn, day.visit)) for day in days]
        text = heading + "\n" + "\n".join(lines)
        if any(day.travel for day in days):
            return text, days
    else:
        text = (
            _("%(who)s has no service day at %(centre)s from %(starts)s to %(ends)s.") % names
            if whom
            else _("No service days at %(centre)s from %(starts)s to %(ends)s.") % names
        )
    later = calendar.next_travel(visits, end + dt.timedelta(days=1), turn.today)
    if later is None:
        return text, days
    return text + "\n" + _next(turn, later, whom, turn.name(centre.name)), [*days, later]


def _also_there(turn: Turn, calendar: Calendar, centre: CentreInfo, visits: list[ServiceDayInfo], date: dt.date) -> str:
    """ "Also there that day: Home Affairs." for the other departments at the centre on date (an
    example schedule's marked so)."""
    asked = {visit.provider for visit in visits}
    others = [v for v in calendar.visits(centre.slug) if v.provider not in asked]
    there = calendar.on(others, date, turn.today)
    example = " (%s)" % turn._("example")
    names = sorted({who(turn, day.visit) + (example if day.visit.sample else "") for day in there if day.travel})
    return turn._("Also there that day: %(names)s.") % {"names": ", ".join(names)} if names else ""


def _unique(days: list[Day]) -> list[Day]:
    """days without repeats (the day asked is often among the next dates), soonest first."""
    seen: dict[tuple[dt.date, int], Day] = {}
    for day in days:
        seen.setdefault((day.date, id(day.visit)), day)
    return sorted(seen.values(), key=lambda day: day.date)


def next_days_summary(turn: Turn, centre: CentreInfo) -> str:
    """One line per visiting department with its next day to travel on, or "" when none."""
    _ = turn._
    found = calendar_of(turn.content).upcoming(calendar_of(turn.content).visits(centre.slug), turn.today, 1)
    if not found:
        return ""
    lines = [_next_line(turn, visit, days, True, time=False) for visit, days in found]
    text = _("Next service days:") + "\n" + "\n".join(lines)
    if any(visit.sample for visit, _days in found):  # whom to call is one of the answer's options
        text += "\n" + _("(example): not confirmed by the centre.")
    return text
