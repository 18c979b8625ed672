"""One module per group of intents; INTENTS says, for each action, its answer function and how
the dialogue treats it among other turns, and the rules (bot.understanding.intents.Rule: cue
words, names, priority) that ask for it besides the built-in ones. Adding an intent is one entry
here, with its rule, and its answer.

An action is a public intent, or remind, my_reminders and stop_reminders (reminder requests,
read before the classifier: bot.understanding.reminders), or thanks, about, out_of_scope or
danger (answered under help, unknown and talk_to_person: see bot.understanding.intents), or media (a
picture or voice note without text, answered under unknown), or stop (STOP and its equivalents,
answered under help).

An answer function takes (turn, entities) and returns an Answer. When an entity it needs is
missing it asks for it and sets `pending`, so the next message can complete the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...understanding.intents import ACTIONS, Rule
from ...understanding.intents import RULES as BUILT_IN_RULES
from . import centres, days, menu, person, reminders, services
from .base import Answer, Turn

# The kinds of entity that say where: one of them stands in for a centre carried over.
WHERE = frozenset({"centre", "place", "province", "location"})


@dataclass(frozen=True)
class Intent:
    """An action's answer, and how the dialogue treats it among other turns."""

    answer: Callable[[Turn, dict[str, Any]], Answer]
    # Its answer is final (facts that end the request) unless it asks for more; False for a
    # menu or a question (USSD ends the session on a final answer).
    final: bool = True
    # A message naming one of these kinds completes its pending question (anything else is a
    # new request: the person may change topic at any time).
    completes: frozenset[str] = frozenset()
    # A new request of this intent naming nothing in its place takes from the previous answer
    # these kinds, unless the message names one of the kinds that stand in for it.
    carries: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # A short follow-up naming only one of these ("and Home Affairs?" after service days at
    # Zava) repeats this intent with the new entity in place of the old one.
    follow_up: frozenset[str] = frozenset()
    # A short follow-up naming only one of these kinds is answered as the intent given, with this
    # answer's entities ("and Home Affairs?" after the services at Zava: its service days there).
    follow_up_as: Mapping[str, str] = field(default_factory=dict)
    # Answered from where the person is: a name we do not know in it is taken for a place.
    asks_where: bool = False
    # When its names and cue words ask for it where the classifier does not decide alone, besides
    # the built-in rules (bot.understanding.intents.RULES), tried by priority among them.
    rules: tuple[Rule, ...] = ()


INTENTS: dict[str, Intent] = {
    "help": Intent(menu.main_menu, final=False),
    "thanks": Intent(menu.thanks),
    "about": Intent(menu.about, final=False),
    "unknown": Intent(menu.not_understood, final=False),
    "out_of_scope": Intent(menu.out_of_scope),
    "danger": Intent(menu.danger),
    "media": Intent(menu.media),
    "stop": Intent(menu.stop),
    "change_language": Intent(menu.change_language, final=False, completes=frozenset({"language"})),
    "talk_to_person": Intent(
        person.talk_to_person, final=False, completes=frozenset({"centre", "place", "province"}), asks_where=True
    ),
    "ticket_message": Intent(person.ticket_message, final=False),
    "feedback": Intent(menu.feedback),
    "nearest_centre": Intent(
        centres.nearest_centre, completes=frozenset({"place", "centre", "location", "province"}), asks_where=True
    ),
    "centre_info": Intent(
        centres.at_a_centre("centre_info", centres.centre_info),
        completes=frozenset({"centre", "place"}),
        carries={"centre": WHERE},
        follow_up=frozenset({"centre"}),
        follow_up_as={"provider": "service_days", "service": "find_service"},
    ),
    "centre_services": Intent(
        centres.at_a_centre("centre_services", centres.centre_services),
        completes=frozenset({"centre", "place"}),
        carries={"centre": WHERE},
        follow_up=frozenset({"centre"}),
        follow_up_as={"provider": "service_days", "service": "find_service"},
    ),
    "required_documents": Intent(
        services.required_documents, completes=frozenset({"service"}), carries={"service": frozenset({"service"})}
    ),
    "find_service": Intent(
        services.find_service,
        completes=frozenset({"service", "provider", "place", "location", "province"}),
        carries={"service": frozenset({"service", "provider"})},
        follow_up=frozenset({"service", "centre"}),
        asks_where=True,
    ),
    "service_days": Intent(
        centres.at_a_centre("service_days", days.service_days),
        completes=frozenset({"centre", "place"}),
        carries={"centre": WHERE},
        follow_up=frozenset({"centre", "provider", "day"}),
    ),
    "remind": Intent(reminders.remind),
    "my_reminders": Intent(reminders.my_reminders),
    "stop_reminders": Intent(reminders.stop_reminders),
}
_OTHER = Intent(menu.main_menu)
RULES: tuple[Rule, ...] = tuple(
    sorted(BUILT_IN_RULES + tuple(rule for entry in INTENTS.values() for rule in entry.rules), key=lambda r: r.priority)
)
"""The rules the dialogue understands messages by: the built-in ones and those of INTENTS."""


# Example messages may also be labelled with what the classifier reads as another action
# (bot.understanding.intents.ACTIONS: a greeting is answered as help).
_LABELS = frozenset(INTENTS) | frozenset(ACTIONS)


def unknown_intents(named: Iterable[tuple[str, str, str]]) -> list[str]:
    """The problems ("file:line: ...") of intents content names that the bot does not have:
    named holds (where, "cue" or "example", name), as bot.content.bundle.Bundle.named_intents.
    Checked before content is loaded (`flask content validate` and `load`)."""
    return [
        "%s: unknown %s `%s`" % (at, "intent" if kind == "cue" else "example intent", name)
        for at, kind, name in named
        if name not in (INTENTS if kind == "cue" else _LABELS)
    ]


def intent(name: str | None) -> Intent:
    """What INTENTS says of name; for a name it does not have (an action stored by an older
    version), a final answer that completes, carries and follows nothing."""
    return INTENTS.get(name or "", _OTHER)


__all__ = ["INTENTS", "RULES", "WHERE", "Intent", "intent", "unknown_intents"]
