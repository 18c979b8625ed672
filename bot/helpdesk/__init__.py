"""The helpdesk: a citizen's question answered by a person at the centre (or the province), on
the citizen's own channel.

The parts:
- tickets.py: what a conversation turn writes (a ticket opened, a citizen's message added) and
  reads (the person's open ticket, staff replies waiting to be shown), in the turn's transaction;
- staff.py: what the console does with tickets (who may see which, reply, assign, close, notes,
  canned replies, counts);
- delivery.py: sending one staff reply on the citizen's channel, at most once (SMS, WhatsApp
  inside its 24-hour window, else SMS; a USSD asker by SMS; a web user sees it in the chat);
- late.py: a ticket nobody answered within one working day is flagged for the province and the
  citizen told once (run by the same clock as reminders).

`Helpdesk` is the configured whole, app.extensions["helpdesk"], always there: without
REMINDER_KEY (the key of reminders' numbers: create_app gives its sealer) no number is stored
(replies to SMS, WhatsApp and USSD askers then wait in the chat for their next message),
without Twilio's settings nothing is sent by SMS (the same).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from ..content.store import SnapshotCache
    from ..database import Database
    from ..outbound import TwilioSms

STATUSES = ("new", "assigned", "answered", "closed")
# The channels a reply is sent to by SMS or WhatsApp (the person's number is stored for them).
PHONE_CHANNELS = frozenset({"sms", "whatsapp", "ussd"})
# WhatsApp allows free text this long after the person's last message; later, an SMS.
WHATSAPP_WINDOW = dt.timedelta(hours=24)


class Helpdesk:
    """The helpdesk as configured for one app (see the module docstring)."""

    def __init__(
        self,
        config: dict[str, Any],
        database: Database,
        snapshots: SnapshotCache,
        now: Callable[[], dt.datetime] | None = None,
        outbound: TwilioSms | None = None,
        numbers: Sealer | None = None,
    ) -> None:
        self.database = database
        self.snapshots = snapshots
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self.locales_dir: str = config["LOCALES_DIR"]
        # Seals and opens the numbers replies go to (bot.reminders.subscriptions.Numbers with
        # REMINDER_KEY), or None: no number is kept.
        self.numbers = numbers
        self.outbound = outbound
        self.whatsapp_from: str = config.get("TWILIO_WHATSAPP_FROM", "")
        self.redis_url: str = config.get("REDIS_URL", "")
        self.regions: list[str] = config["SMS_REGIONS"]
        self.per_day: int = config["HELPDESK_TICKETS_PER_DAY"]
        self.zone = ZoneInfo(config["TIMEZONE"])
        public = config.get("PUBLIC_URL", "").rstrip("/")
        self.status_url = public + "/sms/status" if public else None

    def sealed(self, number: str | None, channel: str) -> tuple[bytes | None, str | None]:
        """The encrypted number to send replies to (and its last four digits, shown masked to
        staff), or (None, None): a web user, no number an SMS reaches (the conversation gives
        the E.164 number only for one), or no key to keep numbers with."""
        if channel not in PHONE_CHANNELS or self.numbers is None or not number:
            return None, None
        return self.numbers.seal(number), number[-4:]


class Sealer(Protocol):
    """Encrypts and decrypts phone numbers (bot.reminders.subscriptions.Numbers)."""

    def seal(self, number: str) -> bytes: ...

    def open(self, token: bytes | None) -> str | None: ...
