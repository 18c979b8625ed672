"""The neutral message types every channel speaks with the conversation core.

A channel adapter turns its wire request into an `Inbound` and renders the core's `Reply`
back into its wire format. The core imports nothing channel-specific.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Inbound.session_event: a session begins (USSD's dial, an empty first message), goes on, or is
# closed by the network.
NEW, RESUME, CLOSE = "new", "resume", "close"


@dataclass(frozen=True)
class Location:
    """A point given by the person (a WhatsApp pin, browser geolocation, API location)."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Inbound:
    """One message from a person.

    `user` is the channel's id for the person (a phone number, a web user id); the core
    stores only a keyed hash of it. `lang` is an explicit language choice made outside the
    text (the API's `lang` field); it sticks until changed. `lang_hint` is where a conversation
    starts (the language of the page the person reads, the API's `lang_hint`): it holds only
    until the person's own words show a language, and never over a choice. `session_event` is
    NEW, RESUME or CLOSE (USSD sessions).
    `media` says the message carried a picture, voice note, sticker or other file, which the
    bot cannot read. `key` is the keyed hash of `user` when the adapter has it already
    (bot.channels.caller), so the core does not hash it again.
    """

    channel: str
    user: str
    text: str = ""
    location: Location | None = None
    lang: str | None = None
    lang_hint: str | None = None
    session_event: str = RESUME
    message_id: str | None = None
    media: bool = False
    key: str | None = None
    # False when the sender may not open another helpdesk question now (the API's per-address
    # bound: bot.channels.limits); the per-person bound is the core's.
    tickets: bool = True


@dataclass(frozen=True)
class Option:
    """A numbered choice offered with a reply; `key` is what the person types to pick it."""

    key: str
    label: str


@dataclass
class Reply:
    """The core's answer: text blocks, numbered options, and what was understood."""

    blocks: list[str]
    lang: str
    intent: str
    entities: dict[str, str] = field(default_factory=dict)
    options: list[Option] = field(default_factory=list)
    end_session: bool = False
    # An answer with facts (not a menu or a question) and nothing to choose next: USSD ends the
    # session with it, offering only to send it by SMS.
    final: bool = False
    # An answer with facts, final or not (a list of centres to choose from, service days with
    # a reminder to take): USSD offers to send it by SMS beside its options.
    sendable: bool = False
    # A short form of the text for small screens (USSD), when the core has one.
    brief: str | None = None
    # The service days the answer names, as data: {"date", "provider", "service"?, "status",
    # "time"?, "holiday"?}, status one of bot.calendar.STATUSES.
    dates: list[dict[str, Any]] = field(default_factory=list)
    # The reference of the person's open helpdesk question (bot.helpdesk), if any: the web
    # widget then asks for replies (POST /api/replies) until it is gone.
    ticket: str | None = None
    # Whether this turn opened that question (the API counts them per address).
    ticket_opened: bool = False

    @property
    def text(self) -> str:
        """The blocks joined by blank lines."""
        return "\n\n".join(block for block in self.blocks if block)
