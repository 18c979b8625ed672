"""Reminders: the offer after a service-days answer, "yes", "my reminders", "stop ... reminders".

A reminder is for one provider at one centre: an SMS at 17:00 the day before each confirmed
service day, and at once when a visit is cancelled or a notice is published (bot.reminders sends
them). The answers here only say what will happen and add the `Change` the conversation core
commits with the turn; what a person gets is checked again when each message is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ...calendar import CONFIRMED, Day, calendar_of
from ...calendar.asked import resolve
from ...i18n import N_, Texts
from ..reminding import Change
from .base import Answer, Turn, action, centre_of
from .facts import centre_name

# The next confirmed days a person is taken to know of when they take a reminder (the answer
# that offered it listed them: bot.dialogue.answers.days.DATES_SHOWN).
DATES_TOLD = 3
# What a person says yes to (stored in English with their reminder as the consent they gave).
WILL_GET = N_("Done: you will get an SMS at 17:00 the day before %(who)s comes to %(centre)s.")
HOW_TO_STOP = N_("Send MY REMINDERS to see them, or STOP to end them.")


def offer(turn: Turn, centre: str, provider: str | None) -> list[tuple[str, dict[str, Any]]]:
    """The option "Remind me the day before" for provider at centre, when it can be offered."""
    if provider is None or turn.reminding is None or not turn.reminding.offered:
        return []
    return [(turn._("Remind me the day before"), action("remind", centre=centre, provider=provider))]


def tell(turn: Turn, centre: str, days: Iterable[Day]) -> None:
    """Note that the person was told of these confirmed days (kept for the reminders they have,
    so a cancellation of one reaches them), where reminders can be had."""
    if turn.reminding is None or not turn.reminding.offered:
        return
    by_provider: dict[str, set[Any]] = {}
    for day in days:
        if day.status == CONFIRMED:
            by_provider.setdefault(day.visit.provider, set()).add(day.date)
    for provider, dates in sorted(by_provider.items()):
        turn.reminder_changes.append(Change("told", centre, provider, dates=tuple(sorted(dates))))


def _told(turn: Turn, centre: str, provider: str) -> tuple[dt.date, ...]:
    """The confirmed days a person taking a reminder was told of: the next DATES_TOLD, and the
    day or days the answer that offered it was asked about."""
    calendar = calendar_of(turn.content)
    visits = calendar.visits(centre, provider)
    days = [day for _visit, found in calendar.upcoming(visits, turn.today, DATES_TOLD) for day in found]
    last = turn.state.history[-1] if turn.state.history else None
    asked = resolve(last["entities"].get("day"), turn.today) if last and last["intent"] == "service_days" else None
    if asked is not None and asked.problem is None and asked.start and asked.end:
        days += calendar.between(visits, asked.start, asked.end, turn.today)
    return tuple(sorted({day.date for day in days if day.status == CONFIRMED}))


def _subject(turn: Turn, entities: dict[str, Any]) -> tuple[str | None, str | None]:
    """The (centre, provider) a reminder request is about: named in it, else the last answer's."""
    content = turn.content
    centre = centre_of(turn, entities)
    provider = entities.get("provider")
    service = content.services.get(str(entities.get("service") or ""))
    if provider not in content.providers:
        provider = service.provider if service else None
    for last in reversed(turn.state.history):  # the newest answer about a centre's service days
        said = last["entities"]
        if last["intent"] in ("service_days", "remind") and said.get("centre") in content.centres:
            centre = centre or content.centres[said["centre"]]
            if provider is None and said.get("provider") in content.providers:
                provider = said["provider"]
            break
    return (centre.slug if centre else None), provider


def _not_here(turn: Turn) -> Answer | None:
    """The answer when reminders cannot be set up for this person here, else None."""
    _ = turn._
    if turn.reminding is None:
        return Answer("remind", [_("Sorry, reminders are not available yet.")])
    if not turn.reminding.offered:
        return Answer("remind", [_("Reminders are sent by SMS: ask for them on SMS, WhatsApp or USSD.")])
    return None


def _how_to_get_one(turn: Turn) -> str:
    return turn._('Ask for a department\'s service days at a centre, then choose "Remind me the day before".')


def remind(turn: Turn, entities: dict[str, Any]) -> Answer:
    """Start reminders for a provider at a centre (the ones named, or the last answer's)."""
    refused = _not_here(turn)
    if refused is not None:
        return refused
    assert turn.reminding is not None  # _not_here answered otherwise
    _ = turn._
    centre, provider = _subject(turn, entities)
    if centre is None or provider is None:
        return Answer("remind", [_how_to_get_one(turn)], entities={"centre": centre} if centre else {})
    info = turn.content.centres[centre]
    names = {"who": turn.name(turn.content.providers[provider].name), "centre": turn.name(info.name)}
    found = {"centre": centre, "provider": provider}
    english = Texts("en", turn.texts.locales_dir)
    consent = " ".join(english.gettext(line) for line in (WILL_GET, HOW_TO_STOP)) % {
        "who": turn.content.providers[provider].name.get("en", provider),
        "centre": info.name.get("en", centre),
    }
    # Also when the person has it already: their language and number are kept as they are now,
    # and a number paused after failures is used again (the person is writing from it).
    had_it = (centre, provider) in turn.reminding.active()
    visits = calendar_of(turn.content).visits(centre, provider)
    turn.reminder_changes.append(
        Change("subscribe", centre, provider, consent=consent, dates=_told(turn, centre, provider))
    )
    if had_it:
        return Answer("remind", [_("You already get reminders for %(who)s at %(centre)s.") % names], entities=found)
    blocks = [_(WILL_GET) % names]
    if all(visit.sample for visit in visits):
        blocks.append(_("%(centre)s has not confirmed this schedule yet: reminders start when it does.") % names)
    blocks.append(_(HOW_TO_STOP))
    return Answer("remind", blocks, entities=found, end_session=True)


def my_reminders(turn: Turn, entities: dict[str, Any]) -> Answer:
    """The person's reminders, and how to end them."""
    refused = _not_here(turn)
    if refused is not None:
        return refused
    assert turn.reminding is not None
    _ = turn._
    active = turn.reminding.active()
    if not active:
        return Answer("my_reminders", [_("You have no reminders."), _how_to_get_one(turn)])
    content = turn.content
    lines = [
        "- %s: %s" % (turn.name(content.providers[p].name), centre_name(turn, content.centres[c]))
        for c, p in active
        if c in content.centres and p in content.providers
    ]
    return Answer(
        "my_reminders",
        [
            _("Your reminders:") + "\n" + "\n".join(lines),
            _('To end one, send "stop reminders" and the centre\'s name.'),
        ],
    )


def stop_reminders(turn: Turn, entities: dict[str, Any]) -> Answer:
    """End the reminders for the centre named (only the provider named there, when one is), for
    the provider named (at every centre), or all of them."""
    refused = _not_here(turn)
    if refused is not None:
        return refused
    assert turn.reminding is not None
    _ = turn._
    centre = centre_of(turn, entities)
    provider = entities.get("provider") if entities.get("provider") in turn.content.providers else None
    if centre is None and provider is None:
        turn.reminder_changes.append(Change("end_all"))
        return Answer("stop_reminders", [_("Done: you will get no more reminders.")], end_session=True)
    # The sentences name a centre, or else the department ("no more reminders for SASSA").
    named = turn.name(centre.name) if centre else turn.name(turn.content.providers[str(provider)].name)
    found = {"centre": centre.slug} if centre else {"provider": str(provider)}
    slug = centre.slug if centre else None
    if not any(slug in (None, c) and provider in (None, p) for c, p in turn.reminding.active()):
        return Answer(
            "stop_reminders", [_("You have no reminders for %(centre)s.") % {"centre": named}], entities=found
        )
    turn.reminder_changes.append(Change("end", slug, provider))
    return Answer(
        "stop_reminders",
        [_("Done: no more reminders for %(centre)s.") % {"centre": named}],
        entities=found,
        end_session=True,
    )
