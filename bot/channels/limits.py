"""Per-person rate limits on every channel: the `limits` library's fixed-window counters, checked
in one before_request hook (flask-limiter did the same with about a third of a worker's time per
chat turn: docs/benchmarks.md).

Contract:
- The limit (RATE_LIMIT, default "30 per minute"; "off" disables it) counts the
  requests of one person on one channel: the key is the keyed hash of the person's identity
  (dialogue.identity: the API's `user` as a web identity, Twilio's `From` and USSD's `phoneNumber`
  as phone identities), never the IP address (all Twilio traffic comes
  from Twilio's addresses) and never the raw number (POPIA: the counters live in Redis).
  A request that names nobody is counted by its address; it is refused as bad input anyway.
- Counters live in Redis when REDIS_URL is set, so every worker shares them; otherwise in the
  worker's memory (SweptMemoryStorage). If Redis is unreachable, requests are answered, not refused,
  counted in the worker's memory meanwhile; each worker logs a warning when it finds Redis
  unreachable and again when Redis is back (once each time, not per request).
- Over the limit, each channel answers with its `wait_response(reply, breach)` (a Breach): Twilio and USSD get
  200 with one short "please wait" (a 429 counts as a failed webhook), the API gets 429 with
  Retry-After. The reply is in the person's language when the database can tell it.
- A channel exempts requests it will refuse as unproven (`rate_exempt()`): Twilio requests without a valid signature
  are not counted, so nobody can use up a person's allowance by forging their number.
- On channels where anyone can name any user (the API), helpdesk questions opened are counted per
  source address (HELPDESK_ADDRESS_PER_DAY a day; over it, the bot says it cannot take more
  today), and feedback is also limited per source
  address (FEEDBACK_ADDRESS_LIMIT, default "60 per minute;600 per hour": many phones share one
  address behind a mobile carrier's NAT): only turns answered as feedback
  count, and once an address is over, all its requests wait. One client inventing a user id per
  request cannot flood a centre's reports. The address is keyed by hash too.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request
from limits import RateLimitItem, parse, parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from ..dialogue.identity import user_key
from ..i18n import Texts
from ..messages import Reply
from .caller import caller

log = logging.getLogger(__name__)


class _NoTimer(threading.Timer):
    """Stands for limits' expiry timer thread: never started, it reports itself running, so
    limits starts none."""

    def __init__(self) -> None:
        super().__init__(0, lambda: None)

    def is_alive(self) -> bool:
        return True


class SweptMemoryStorage(MemoryStorage):
    """limits' in-memory storage without its expiry thread (Counters builds it directly).

    The library starts a thread every 10 ms that walks every counter to drop expired ones: with
    thousands of people a minute that walk cost a worker about a fifth of its time (measured
    with wrk, docs/benchmarks.md). Here the same sweep runs at most once a second, in the
    request that finds it due. Counts are unchanged: an expired counter is also ignored when
    read. (Relies on limits' MemoryStorage internals; tests/channels/test_rate_limits.py checks
    that no thread starts and that expired counters go.)
    """

    # Its own scheme: inheriting "memory" would replace limits' own. (limits declares it as a
    # plain attribute, so it is not a ClassVar here.)
    STORAGE_SCHEME = ["swept-memory"]  # noqa: RUF012
    SWEEP_SECONDS = 1.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._stop_timer()
        self._swept = time.monotonic()

    def __setstate__(self, state) -> None:
        super().__setstate__(state)
        self._stop_timer()

    def _stop_timer(self) -> None:
        started, self.timer = self.timer, _NoTimer()
        started.cancel()
        started.join()

    def sweep(self) -> None:
        """Drop expired counters now."""
        self._swept = time.monotonic()
        # limits' own expiry walk, name-mangled private: the test named above fails loudly if it goes.
        expire: Callable[[], None] = getattr(self, "_MemoryStorage__expire_events")  # noqa: B009
        expire()

    def _due(self) -> None:
        if time.monotonic() - self._swept >= self.SWEEP_SECONDS:
            self.sweep()

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self._due()
        return super().incr(key, expiry, amount)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        self._due()
        return super().acquire_entry(key, limit, expiry, amount)


class Counters:
    """limits' fixed-window counters in Redis (when REDIS_URL is set) or in this worker's memory,
    and in memory meanwhile when Redis does not answer: a Redis outage never refuses a request.
    The outage is logged once when found and once when Redis answers again (looked for at most
    once a second)."""

    RETRY_SECONDS = 1.0

    def __init__(self, redis_url: str | None) -> None:
        self.memory = FixedWindowRateLimiter(SweptMemoryStorage())
        self.shared = None
        if redis_url:
            # Short timeouts: an unreachable Redis host must not hold a request.
            self.shared = FixedWindowRateLimiter(
                storage_from_string(redis_url, wrap_exceptions=True, socket_timeout=0.5, socket_connect_timeout=0.5)
            )
        self.storage = (self.shared or self.memory).storage
        self._down_since: float | None = None

    def _limiter(self) -> FixedWindowRateLimiter:
        if self.shared is None:
            return self.memory
        if self._down_since is not None:
            if time.monotonic() - self._down_since < self.RETRY_SECONDS:
                return self.memory
            if not self.shared.storage.check():
                self._down_since = time.monotonic()
                return self.memory
            self._down_since = None
            log.warning("rate limit: Redis (REDIS_URL) is reachable again; counters are shared again")
        return self.shared

    def _call(self, method: str, item: RateLimitItem, *identifiers: str):
        identifiers = ("thusong",) + identifiers  # keys read LIMITER/thusong/... in a shared Redis
        limiter = self._limiter()
        try:
            return getattr(limiter, method)(item, *identifiers)
        except StorageError:
            if self._down_since is None:
                log.warning(
                    "rate limit: Redis (REDIS_URL) is unreachable; counting in this worker's memory until it is back"
                )
            self._down_since = time.monotonic()
            return getattr(self.memory, method)(item, *identifiers)

    def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Count one request; False when it is over the limit."""
        return self._call("hit", item, *identifiers)

    def test(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Whether one more request would be within the limit (counts nothing)."""
        return self._call("test", item, *identifiers)

    def reset_time(self, item: RateLimitItem, *identifiers: str) -> float:
        """When the window of item for identifiers ends (epoch seconds)."""
        return self._call("get_window_stats", item, *identifiers).reset_time


@dataclass(frozen=True)
class Breach:
    """A request over a limit: what `wait_response(reply, breach)` is given."""

    limit: RateLimitItem
    reset_time: float


def please_wait(user: str | None) -> Reply:
    """The short "please wait" in the person's language."""
    lang = "en"
    if user:
        try:
            lang = current_app.extensions["conversations"].language(user)
        except Exception:  # the database is down: English is still an answer
            log.warning("rate limit: language unknown, the database did not answer")
    texts = Texts(lang, current_app.config["LOCALES_DIR"])
    text = texts.gettext("You are sending messages very quickly. Please wait a minute, then try again.")
    return Reply(blocks=[text], lang=texts.lang, intent="unknown", end_session=True)


def seconds_until_reset(breach: Breach) -> int:
    """Whole seconds until the breached window lets the person in again (at least 1)."""
    return max(1, math.ceil(breach.reset_time - time.time()))


def install(app, channels) -> Counters | None:
    """Limit every channel in channels (bot.channels.spec.Channel) per person, and the feedback
    of each channel `by_address` per source address."""
    rate = _rate(app.config["RATE_LIMIT"], "RATE_LIMIT")
    if not rate:
        return None
    counters = Counters(app.config["REDIS_URL"])
    feedback_rate = _rate(app.config.get("FEEDBACK_ADDRESS_LIMIT"), "FEEDBACK_ADDRESS_LIMIT")
    secret = app.config["SECRET_KEY"]
    per_person = {channel.name: channel for channel in channels}
    per_address = {channel.name for channel in channels if channel.by_address} if feedback_rate else set()
    by_address = {channel.name for channel in channels if channel.by_address}
    tickets_rate = parse("%d per day" % app.config["HELPDESK_ADDRESS_PER_DAY"])

    def address_key() -> str:
        return user_key(secret, "address:" + (request.remote_addr or "-"))

    def breached(channel, user: str | None, limit: RateLimitItem, *identifiers: str):
        log.info("rate limit exceeded (%s) for %s", limit, identifiers[-1])
        breach = Breach(limit, counters.reset_time(limit, *identifiers))
        return channel.wait_response(please_wait(user), breach)

    @app.before_request
    def check():
        channel = per_person.get(request.blueprint)
        if channel is None or request.method == "OPTIONS":
            return None
        who = caller(channel.request_user, channel.rate_exempt)
        if who.exempt:
            return None
        person = who.key or "ip:" + (request.remote_addr or "-")
        for limit in rate:
            if not counters.hit(limit, "person", person):
                return breached(channel, who.user, limit, "person", person)
        if request.blueprint in per_address:
            address = address_key()
            for limit in feedback_rate:
                if not counters.test(limit, "feedback-address", address):
                    return breached(channel, who.user, limit, "feedback-address", address)
        return None

    @app.after_request
    def count_feedback(response):
        if request.blueprint in per_address and _was_feedback(response):
            address = address_key()
            for limit in feedback_rate:
                counters.hit(limit, "feedback-address", address)
        if request.blueprint in by_address and request.environ.get(TICKET_OPENED) and response.status_code == 200:
            counters.hit(tickets_rate, "ticket-address", address_key())
        return response

    def tickets_allowed() -> bool:
        """Whether this request's address may open another helpdesk question today (on a channel
        where anyone can name any user: the API); elsewhere the per-person bound holds alone."""
        return request.blueprint not in by_address or counters.test(tickets_rate, "ticket-address", address_key())

    app.extensions["tickets_allowed"] = tickets_allowed

    app.extensions["limiter"] = counters
    return counters


def _rate(value: str | None, name: str) -> list[RateLimitItem]:
    """The limits a setting names ("30 per minute;300 per hour"), none when it is empty."""
    if not value:
        return []
    try:
        return parse_many(value)
    except ValueError:
        raise ValueError("%s %r is not a rate such as '30 per minute;300 per hour'" % (name, value)) from None


# Where a channel notes, in the request's WSGI environ, the intent its turn was answered as, and
# that its turn opened a helpdesk question (counted per address: HELPDESK_ADDRESS_PER_DAY).
ANSWERED_INTENT = "thusong.answered_intent"
TICKET_OPENED = "thusong.ticket_opened"


def _was_feedback(response) -> bool:
    """Whether the request's turn was answered as feedback (what the address limit counts): the
    adapter notes the answered intent with the request (no second parse of the response)."""
    return response.status_code == 200 and request.environ.get(ANSWERED_INTENT) == "feedback"
