"""What a conversation turn knows of reminders, and what it may change (bot.reminders does it).

A turn is given a `Reminding` when reminders are configured: whether they can be offered to
this person on this channel (a mobile phone of SMS_REGIONS proven by a channel an SMS reaches: SMS,
WhatsApp or USSD; they go by SMS),
and a way to read the person's reminders when an answer needs them (read only then: most turns
never touch them). The turn's answers add `Change`s; the conversation core commits them with
the turn (bot.reminders.subscriptions.apply).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class Change:
    """A change to the person's reminders: "subscribe" (to provider at centre), "end" (those for
    centre, for provider, or for provider at centre), "end_all", or "told" (the person, if they
    get reminders for provider at centre, was told that these `dates` are its service days);
    consent is the wording the person said yes to, in English (for "subscribe"), and `dates`
    the service days they were told of with it."""

    action: str
    centre: str | None = None
    provider: str | None = None
    consent: str = ""
    dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Reminding:
    """Reminders as this turn may use them: whether they are `offered` to this person on this
    channel, and `active()`, the (centre, provider) pairs the person gets reminders for (one
    read). Both are worked out only when an answer asks (most turns never do)."""

    can_offer: Callable[[], bool]
    active: Callable[[], list[tuple[str, str]]]

    @cached_property
    def offered(self) -> bool:
        return self.can_offer()


class Reminders(Protocol):
    """What the conversation core asks of reminders (bot.reminders.Reminders meets it)."""

    def reminding(self, user_key: str, who: str, channel: str) -> Reminding:
        """What the turn of the person with identity who, on channel, may do with reminders."""
        ...

    def changing(self, user_key: str, who: str, lang: str, changes: list[Change]) -> Callable[[Connection], None]:
        """The write that makes changes for the person (in the turn's transaction)."""
        ...
