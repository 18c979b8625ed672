"""The per-person conversation state kept between turns (stored as JSON).

An *action* is a JSON-ready dict {"intent": str, "entities": {...}}: what a turn decided to
answer. Options offered with a reply are stored as actions, so picking "2" replays one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

HISTORY = 10


@dataclass
class State:
    """What the bot remembers of one conversation."""

    lang: str = "en"
    lang_chosen: bool = False
    # The question the bot is waiting on: an action missing an entity.
    pending: dict[str, Any] | None = None
    # The options offered with the last reply, by key.
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Actions answered, newest last, for "0" (back).
    history: list[dict[str, Any]] = field(default_factory=list)
    # Where the person said they are (a place name and its position), to rank centres.
    where: dict[str, Any] | None = None
    # Whether the reply language was heard in the person's own words (not only the default).
    lang_heard: bool = False
    # The log evidence of the person's messages so far for each language, earlier messages
    # counting less (bot.understanding.language.evidence; see engine._follow_language).
    lang_evidence: dict[str, float] = field(default_factory=dict)
    # The person sent STOP (or its equivalent): the bot sends them nothing unasked.
    stopped: bool = False
    # The reference of the person's open helpdesk ticket (bot.helpdesk), and whether their
    # messages added to it were acknowledged since the last reply.
    ticket: str | None = None
    ticket_acked: bool = False

    def remember(self, action: dict[str, Any]) -> None:
        """Push action onto the history (bounded)."""
        if not self.history or self.history[-1] != action:
            self.history.append(action)
        del self.history[:-HISTORY]

    def to_json(self) -> dict[str, Any]:
        """The stored form (without lang, kept in its own column)."""
        # The fields hold JSON-ready values already: no deep copy (it is serialised at once).
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("lang", "lang_chosen")}

    @staticmethod
    def _is_action(value: object) -> bool:
        """An action as stored: a str intent and entities of plain values (or a location)."""
        if not (
            isinstance(value, dict) and isinstance(value.get("intent"), str) and isinstance(value.get("entities"), dict)
        ):
            return False
        return all(
            isinstance(v, (str, int, float)) or (k == "location" and isinstance(v, dict))
            for k, v in value["entities"].items()
        )

    @classmethod
    def from_json(cls, data: dict[str, Any] | None, lang: str = "en", lang_chosen: bool = False) -> State:
        """Rebuild a State; unknown or damaged fields fall back to defaults."""
        data = data if isinstance(data, dict) else {}
        state = cls(lang=lang, lang_chosen=lang_chosen)
        if cls._is_action(data.get("pending")):
            state.pending = data["pending"]
        if isinstance(data.get("options"), dict):
            state.options = {str(k): a for k, a in data["options"].items() if cls._is_action(a)}
        if isinstance(data.get("history"), list):
            state.history = [a for a in data["history"] if cls._is_action(a)][-HISTORY:]
        if isinstance(data.get("where"), dict):
            state.where = data["where"]
        state.lang_heard = data.get("lang_heard") is True
        evidence = data.get("lang_evidence")
        if isinstance(evidence, dict):
            state.lang_evidence = {
                str(k): float(v)
                for k, v in evidence.items()
                if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            }
        state.stopped = data.get("stopped") is True
        if isinstance(data.get("ticket"), str) and len(data["ticket"]) <= 16:
            state.ticket = data["ticket"]
        state.ticket_acked = data.get("ticket_acked") is True
        return state
