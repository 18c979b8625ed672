"""Service days: when a provider (or one service) is next at a centre."""
from __future__ import annotations

from ...schedule import upcoming
from .base import Answer, Turn, action, centre_of
from .facts import centre_name

DATES_SHOWN = 3


def _matching_days(turn: Turn, centre, provider: str | None, service: str | None):
    days = [d for d in turn.content.service_days if d.centre == centre.slug]
    if service:
        owner = turn.content.services[service].provider
        days = [d for d in days if d.service == service or (d.service is None and d.provider == owner)]
    elif provider:
        days = [d for d in days if d.provider == provider]
    return days


def _who(turn: Turn, day) -> str:
    if day.service:
        return turn.name(turn.content.services[day.service].name)
    return turn.name(turn.content.providers[day.provider].name)


def next_days_summary(turn: Turn, centre) -> str:
    """One line per visiting provider with its next date, or "" when none is listed."""
    _ = turn._
    found = upcoming(_matching_days(turn, centre, None, None), turn.today, 1)
    if not found:
        return ""
    lines = ["%s: %s" % (_who(turn, d), turn.texts.date(dates[0])) for d, dates in found]
    text = _("Next service days:") + "\n" + "\n".join(lines)
    if any(d.sample for d, _dates in found):
        text += "\n" + _("Example schedule: confirm with the centre before you travel.")
    return text


def service_days(turn: Turn, entities: dict) -> Answer:
    """The next dates for a centre, narrowed to a provider or service when one was named."""
    _ = turn._
    content = turn.content
    centre = centre_of(turn, entities)
    provider = entities.get("provider") if entities.get("provider") in content.providers else None
    service = entities.get("service") if entities.get("service") in content.services else None
    found_entities = {k: v for k, v in (("provider", provider), ("service", service)) if v}
    if centre is None:
        return Answer("service_days", [_("Which centre? Type its name or the town it is in.")],
                      entities=found_entities, options=[(_("Nearest centre"), action("nearest_centre"))],
                      pending=action("service_days", **found_entities))
    found_entities["centre"] = centre.slug
    found = upcoming(_matching_days(turn, centre, provider, service), turn.today, DATES_SHOWN)
    name = centre_name(turn, centre)
    if not found:
        who = turn.name(content.services[service].name) if service else \
            turn.name(content.providers[provider].name) if provider else None
        text = (_("No service days are listed for %(who)s at %(centre)s.") % {"who": who, "centre": name}
                if who else _("No service days are listed for %(centre)s.") % {"centre": name})
        blocks = [text, _("Please call the centre or the department's help line before you travel.")]
    else:
        blocks = [_("Service days at %(centre)s:") % {"centre": name}]
        for day, dates in found:
            lines = ["- " + turn.texts.date(d) + (" " + day.time if day.time else "") for d in dates]
            blocks.append(_who(turn, day) + ":\n" + "\n".join(lines))
        if any(day.sample for day, _dates in found):
            blocks.append(_("Example schedule: confirm with the centre before you travel."))
    return Answer("service_days", blocks, entities=found_entities,
                  options=[(_("Services at this centre"), action("centre_services", centre=centre.slug)),
                           (_("Contact details and hours"), action("centre_info", centre=centre.slug)),
                           (_("Talk to a person"), action("talk_to_person", centre=centre.slug,
                                                          provider=provider))])
