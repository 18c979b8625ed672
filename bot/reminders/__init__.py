"""Reminders by SMS: the day before a confirmed service day, and at once (outside the quiet
hours) when a visit is cancelled or a notice is published, to people who asked for them.

The parts:
- subscriptions.py: who asked for what (numbers encrypted with REMINDER_KEY), changed by the
  conversation turn that asked (bot.dialogue.answers.reminders says what it does);
- planner.py: which messages are due, one row each in `reminder_messages` (never twice);
- delivery.py: sending one message through Twilio's REST client, at most once;
- jobs.py: the queue. `tick` plans, settles and hands due messages to RQ workers on Redis
  (REDIS_URL; `rq cron` runs it every minute, see the Procfile), or sends them itself when no
  Redis is configured (`flask --app bot reminders run`, which `make run` starts).

`Reminders` is the configured whole, app.extensions["reminders"] when REMINDER_KEY and Twilio's
account, token and a sender (TWILIO_SMS_FROM or TWILIO_MESSAGING_SERVICE_SID) are set, else None
(nothing is offered). Tests replace `client` with a fake Twilio client.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from limits import parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..dialogue import identity
from ..dialogue.reminding import Change, Reminding
from ..outbound import TwilioSms, make_sender
from . import subscriptions

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ..content.store import SnapshotCache
    from ..database import Database


def configured(config: dict[str, Any]) -> bool:
    """Whether the settings allow sending reminders."""
    sender = config.get("TWILIO_SMS_FROM") or config.get("TWILIO_MESSAGING_SERVICE_SID")
    return bool(
        config.get("REMINDER_KEY") and config.get("TWILIO_ACCOUNT_SID") and config.get("TWILIO_AUTH_TOKEN") and sender
    )


class Reminders:
    """Reminders as configured for one app (see the module docstring)."""

    def __init__(
        self,
        config: dict[str, Any],
        database: Database,
        snapshots: SnapshotCache,
        now: Callable[[], dt.datetime] | None = None,
        channels: frozenset[str] = frozenset(),
        outbound: TwilioSms | None = None,
    ) -> None:
        self.database = database
        # The channels whose people may be offered reminders: their identity is a proven phone
        # an SMS reaches (bot.channels.sms_reached(); create_app gives them).
        self.channels = channels
        self.snapshots = snapshots
        self.locales_dir: str = config["LOCALES_DIR"]
        self.zone = ZoneInfo(config["TIMEZONE"])
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self.numbers = subscriptions.Numbers(config["REMINDER_KEY"])
        self.regions: list[str] = config["SMS_REGIONS"]
        self.per_month: int = config["REMINDERS_PER_MONTH"]
        self.redis_url: str = config["REDIS_URL"]
        # The app's one SMS sender (bot.outbound), shared with USSD's "send this by SMS".
        sender = outbound or make_sender(config)
        if sender is None:
            raise ValueError("reminders need Twilio's settings (see configured)")
        self.outbound: TwilioSms = sender
        public = config.get("PUBLIC_URL", "").rstrip("/")
        self.status_url = public + "/sms/status" if public else None
        self.rate = parse(config["REMINDER_SEND_RATE"])
        self._pacers: list[MovingWindowRateLimiter] = []

    # In a conversation turn (bot.dialogue.conversation).

    def reminding(self, user_key: str, who: str, channel: str) -> Reminding:
        """What the turn of the person with identity who, on channel, may do with reminders."""
        return Reminding(
            lambda: channel in self.channels and identity.sms_reaches(who, self.regions), lambda: self.active(user_key)
        )

    def active(self, user_key: str) -> list[tuple[str, str]]:
        return subscriptions.active(self.database, user_key)

    def changing(self, user_key: str, who: str, lang: str, changes: list[Change]) -> Callable[[Connection], None]:
        """The write that makes changes for the person (in the turn's transaction)."""
        number = identity.phone_number(who) or ""
        now = self.now()
        return lambda connection: subscriptions.apply(connection, self.numbers, user_key, number, lang, changes, now)

    # Sending (bot.reminders.delivery).

    @property
    def client(self) -> Any:
        """The shared sender's Twilio REST client (tests put a fake one here)."""
        return self.outbound.client

    @client.setter
    def client(self, client: Any) -> None:
        self.outbound.client = client

    def send_sms(self, number: str, body: str, message_id: int) -> str:
        """Hand one SMS to Twilio; its MessageSid. Raises Twilio's and requests' errors."""
        callback = "%s?m=%d" % (self.status_url, message_id) if self.status_url else None
        return self.outbound.hand_over(number, body, callback)

    def sent_before(self, number: str, body: str, since: dt.date) -> str | None:
        """The MessageSid of a message Twilio already has to number with this body, sent since
        the day given (Twilio filters by day), or None. Raises Twilio's and requests' errors."""
        return self.outbound.sent_before(number, body, since)

    def pace(self) -> None:
        """Wait until one more send is within REMINDER_SEND_RATE for this sender: a moving window
        (no second of any run sees more), counted in Redis for all workers when REDIS_URL is set
        (in this process's memory while Redis does not answer)."""
        if not self._pacers:
            memory = MovingWindowRateLimiter(MemoryStorage())
            shared = (
                MovingWindowRateLimiter(storage_from_string(self.redis_url, wrap_exceptions=True))
                if self.redis_url
                else None
            )
            self._pacers = [shared, memory] if shared else [memory]
        key = ("thusong", "reminders", str(next(iter(self.outbound.sender.values()))))
        while True:
            try:
                pacer = self._pacers[0]
                if pacer.hit(self.rate, *key):
                    return
                wait = pacer.get_window_stats(self.rate, *key).reset_time - time.time()
            except StorageError:
                self._pacers = self._pacers[-1:]  # Redis is gone: pace this worker alone
                continue
            time.sleep(max(0.001, min(1.0, wait)))
