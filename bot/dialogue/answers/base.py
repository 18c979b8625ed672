"""What every answer works with: the `Turn` (content, language, today, state) and the
`Answer` it returns (text blocks, options as actions, a pending question, entities)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ...content.snapshot import CentreInfo, Content, Translated, pick
from ...geo import centre_index
from ...i18n import Texts
from ..reminding import Change, Reminding
from ..state import State

if TYPE_CHECKING:
    from ...helpdesk.tickets import Desk

# A place this close to a centre names that centre ("SASSA at Giyani" means the Zava centre).
SAME_PLACE_KM = 25.0

T = TypeVar("T")


def action(intent: str, **entities: Any) -> dict[str, Any]:
    """A JSON-ready action: what to answer and about what."""
    return {"intent": intent, "entities": {k: v for k, v in entities.items() if v is not None}}


def lookup(table: Mapping[str, T], key: Any) -> T | None:
    """table.get(key), for a key that is an entity's value: any JSON value, None when the entity
    is missing (dict.get takes any key; typeshed's signature wants a str)."""
    return table.get(key)


@dataclass
class Turn:
    """One turn's context; `feedback` collects feedback records for the caller to store,
    `unanswered` what the bot could not answer (bot.dialogue.engine), `reminder_changes` what
    the person changed in their reminders and `desk_changes` in their helpdesk tickets;
    `reminding` is None where reminders are not set up."""

    content: Content
    texts: Texts
    today: dt.date
    state: State
    text: str = ""
    feedback: list[dict[str, Any]] = field(default_factory=list)
    unanswered: list[dict[str, Any]] = field(default_factory=list)
    reminding: Reminding | None = None
    reminder_changes: list[Change] = field(default_factory=list)
    # The person's helpdesk (bot.helpdesk.tickets.Desk; None without a database) and the changes
    # the turn makes to it (a ticket opened, a message added, replies shown).
    desk: Desk | None = None
    desk_changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.texts.lang

    def _(self, message: str) -> str:
        return self.texts.gettext(message)

    def name(self, translated: Translated | None) -> str:
        """A content text in the turn's language (English when missing)."""
        return pick(translated, self.lang)


@dataclass
class Answer:
    """An answer to one action."""

    intent: str
    blocks: list[str]
    entities: dict[str, Any] = field(default_factory=dict)
    options: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    pending: dict[str, Any] | None = None
    end_session: bool = False
    brief: str | None = None  # a short form of the text for small screens
    # False for an answer that offers a next step to take on its options (a reminder), though
    # its intent's answers are final (USSD then keeps the session open with its options).
    final: bool = True
    # The service days the answer names, as data (bot.dialogue.answers.when.as_data).
    dates: list[dict[str, Any]] = field(default_factory=list)


def centre_of(turn: Turn, entities: dict[str, Any]) -> CentreInfo | None:
    """The centre an answer is about: the one named, else the one at or near the place named."""
    content = turn.content
    centre = lookup(content.centres, entities.get("centre"))
    place = entities.get("place")
    if centre is None and isinstance(place, str) and place.isdigit() and int(place) < len(content.places):
        p = content.places[int(place)]
        found = centre_index(content).nearest(p.latitude, p.longitude, 1)
        if found and found[0][0] <= SAME_PLACE_KM:
            centre = found[0][1]
    return centre


def area_of(turn: Turn, entities: dict[str, Any]) -> str | None:
    """The province a message is about: the centre or province it names, else the last centre
    the conversation was about."""
    centres = turn.content.centres
    if entities.get("centre") in centres:
        return centres[entities["centre"]].province
    if entities.get("province"):
        return str(entities["province"])
    for earlier in reversed(turn.state.history):
        if earlier["entities"].get("centre") in centres:
            return centres[earlier["entities"]["centre"]].province
    return None
