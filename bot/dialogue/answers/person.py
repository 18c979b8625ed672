"""Talking to a person: the citizen's question becomes a ticket for the centre's people (or the
province's coordinators), answered on the citizen's own channel (bot.helpdesk).

In steps, each a pending question: which centre should answer (the one the conversation was
about, a centre or place named, the nearest one, or only a province), then the question itself;
then the ticket is opened and the person told who answers, when (within one working day), their
reference, and the help lines for what is urgent (a person in danger is answered by the bot at
once, whatever is open: bot.dialogue.engine). While the ticket is open their messages are added
to it, acknowledged once (on USSD, where a screen must answer, every time); "00", "menu" or a new
clear request returns them to the bot, the ticket staying open. Staff replies waiting for them
come before the bot's next answer.
"""

from __future__ import annotations

from typing import Any

from ...content.snapshot import CentreInfo, pick
from ...geo import centre_index
from ...helpdesk import tickets
from ..feedback import reference as new_reference
from .base import Answer, Turn, action, centre_of, lookup
from .centres import provinces_options
from .menu import help_lines, menu_options, not_understood, remembered


def talk_to_person(turn: Turn, entities: dict[str, Any]) -> Answer:
    """Ask which centre, then the question; then open the ticket (see the module docstring)."""
    _ = turn._
    content = turn.content
    desk = turn.desk
    centre = centre_of(turn, entities) or _near(turn, entities) or lookup(content.centres, remembered(turn, "centre"))
    province = centre.province if centre else entities.get("province")
    provider = entities.get("provider") if entities.get("provider") in content.providers else None
    service = lookup(content.services, entities.get("service"))
    provider = provider or (service.provider if service else None)
    kept = {"centre": centre.slug if centre else None, "province": province, "provider": provider}
    kept = {k: v for k, v in kept.items() if v}
    if desk is None:  # (the warm-up and tools without a database: the help lines only)
        return help_lines(turn, kept)
    if desk.open is not None and not entities.get("text"):
        return Answer(
            "talk_to_person",
            [_ticket_open(turn, desk.open["reference"]), _("Reply 00 for the menu.")],
            entities=kept,
            pending=action("talk_to_person", **kept),
        )
    if centre is None and province is None:
        return Answer(
            "talk_to_person",
            [_("A person at your Thusong Service Centre can answer you. Which centre? Type its name or your town.")],
            entities=kept,
            options=provinces_options(turn, "talk_to_person", kept),
            pending=action("talk_to_person", **kept),
        )
    who = tickets.from_whom(content, turn.texts, centre.slug if centre else None)
    text = entities.get("text")
    if not text:
        return Answer(
            "talk_to_person",
            [_("What is your question for %(who)s? Write it in one message: a person will read it.") % {"who": who}],
            entities=kept,
            pending=action("talk_to_person", asked="text", **kept),
        )
    if desk.per_day == 0:  # (the API's bound per address: many people's questions from one place)
        return Answer(
            "talk_to_person",
            [_("Too many questions for a person came from this connection today. Please try again tomorrow.")]
            + _lines(turn, provider),
            entities=kept,
            options=menu_options(turn)[:4],
        )
    if desk.opened_today >= desk.per_day:
        return Answer(
            "talk_to_person",
            [
                _("You have asked a person %(count)d questions today: they will answer those. Ask again tomorrow.")
                % {"count": desk.opened_today},
                *_lines(turn, provider),
            ],
            entities=kept,
            options=menu_options(turn)[:4],
        )
    reference = new_reference()
    turn.desk_changes.append(
        {
            "open": {
                "reference": reference,
                "centre": centre.slug if centre else None,
                "province": province,
                "provider": provider,
                "lang": turn.lang,
                "channel": desk.channel,
                "text": text,
                "context": _context(turn),
            }
        }
    )
    turn.state.ticket, turn.state.ticket_acked = reference, False
    where = _("by SMS") if desk.channel == "ussd" else _("here")
    said = _("Your question is with %(who)s. A person will answer you %(where)s within one working day.") % {
        "who": who,
        "where": where,
    }
    blocks = [said, _("Your reference: %(reference)s.") % {"reference": reference}, *_lines(turn, provider)]
    if desk.channel != "ussd":
        blocks.append(_("Until then, what you write here is added to your question. Reply 00 for the menu."))
    # On USSD nothing is left to choose: the session ends (the answer comes by SMS).
    ussd = desk.channel == "ussd"
    return Answer("talk_to_person", blocks, entities=kept, brief="\n".join(blocks[:2]), end_session=ussd)


def ticket_message(turn: Turn, entities: dict[str, Any]) -> Answer:
    """A message while a ticket is open: added to it; said once (on USSD every time)."""
    desk, state = turn.desk, turn.state
    if desk is None or desk.open is None or not entities.get("text"):
        state.ticket = None
        return not_understood(turn, entities)
    turn.desk_changes.append({"add": {"reference": desk.open["reference"], "text": entities["text"]}})
    if state.ticket_acked and desk.channel != "ussd":
        return Answer("talk_to_person", [], final=False)  # said once: nothing more to send
    state.ticket_acked = True
    return Answer("talk_to_person", [_ticket_open(turn, desk.open["reference"], added=True)], final=False)


def _ticket_open(turn: Turn, reference: str, added: bool = False) -> str:
    _ = turn._
    if added:
        return _("Added to your question %(reference)s. A person will answer you; reply 00 for the menu.") % {
            "reference": reference
        }
    return _("Your question %(reference)s is open: a person will answer you. What you write is added to it.") % {
        "reference": reference
    }


def _lines(turn: Turn, provider: str | None) -> list[str]:
    """If it is urgent: the department's help line (every department's when none is known)."""
    content = turn.content
    found = [content.providers[provider]] if provider in content.providers else []
    lines = [p for p in found or content.providers.values() if p.help_line]
    if not lines:
        return []
    listed = ", ".join("%s %s" % (turn.name(p.name), p.help_line) for p in lines)
    return [turn._("If it is urgent, call: %(lines)s.") % {"lines": listed}]


def _near(turn: Turn, entities: dict[str, Any]) -> CentreInfo | None:
    """The centre nearest the place named (any distance), or None."""
    place = entities.get("place")
    if isinstance(place, str) and place.isdigit() and int(place) < len(turn.content.places):
        p = turn.content.places[int(place)]
        found = centre_index(turn.content).nearest(p.latitude, p.longitude, 1)
        return found[0][1] if found else None
    return None


# What staff read of the bot's earlier answers (the console is in English).
ANSWERED = {
    "nearest_centre": "Nearest centre",
    "centre_info": "A centre's details",
    "centre_services": "Services at a centre",
    "required_documents": "Documents to bring",
    "find_service": "Where to get a service",
    "service_days": "Service days",
    "feedback": "Feedback",
    "unknown": "A message not understood",
    "out_of_scope": "A question the centres do not handle",
}


def _context(turn: Turn) -> list[str]:
    """What the bot answered before, in English for staff: what was asked about and what it
    named ("Service days: SASSA, Jozini Thusong Service Centre"), never the person's words; up to
    the last three."""
    content, said = turn.content, []
    for earlier in turn.state.history[-4:]:
        what = ANSWERED.get(earlier["intent"])
        if what is None:
            continue
        entities = earlier["entities"]
        names = [
            pick(table[entities[kind]].name, "en")
            for kind, table in (
                ("service", content.services),
                ("provider", content.providers),
                ("centre", content.centres),
            )
            if entities.get(kind) in table
        ]
        said.append(what + (": " + ", ".join(names) if names else ""))
    return said[-3:]
