"""Per-person rate limits on every channel, with flask-limiter.

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
- Over the limit, each channel answers with its `wait_response(reply)`: Twilio and USSD get
  200 with one short "please wait" (a 429 counts as a failed webhook), the API gets 429 with
  Retry-After. The reply is in the person's language when the database can tell it.
- A channel may exempt requests (`rate_exempt()`): Twilio requests without a valid signature
  are not counted, so nobody can use up a person's allowance by forging their number.
- On channels where anyone can name any user (the API), feedback is also limited per source
  address (FEEDBACK_ADDRESS_LIMIT, default "60 per minute;600 per hour": many phones share one
  address behind a mobile carrier's NAT): only turns answered as feedback
  count, and once an address is over, all its requests wait. One client inventing a user id per
  request cannot flood a centre's reports. The address is keyed by hash too.
"""
from __future__ import annotations

import logging
import math
import time

from flask import current_app, g
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from limits import parse_many
from limits.storage import MemoryStorage

from ..dialogue.identity import user_key
from ..i18n import Texts
from ..messages import Reply

log = logging.getLogger(__name__)


class _NoTimer:
    """Stands for limits' expiry timer thread: reports itself running, so none is started."""

    def is_alive(self) -> bool:
        return True

    def cancel(self) -> None:
        return None


class SweptMemoryStorage(MemoryStorage):
    """limits' in-memory storage without its expiry thread (storage URI `swept-memory://`).

    The library starts a thread every 10 ms that walks every counter to drop expired ones: with
    thousands of people a minute that walk cost a worker about a fifth of its time (measured
    with wrk, docs/benchmarks.md). Here the same sweep runs at most once a second, in the
    request that finds it due. Counts are unchanged: an expired counter is also ignored when
    read. (Relies on limits' MemoryStorage internals; tests/channels/test_rate_limits.py checks
    that no thread starts and that expired counters go.)
    """

    STORAGE_SCHEME = ["swept-memory"]
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
        self._MemoryStorage__expire_events()

    def _due(self) -> None:
        if time.monotonic() - self._swept >= self.SWEEP_SECONDS:
            self.sweep()

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self._due()
        return super().incr(key, expiry, amount)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        self._due()
        return super().acquire_entry(key, limit, expiry, amount)


class _RedisEvents(logging.Handler):
    """Says in this module's log when flask-limiter (its documented "flask-limiter" logger) finds
    its storage unreachable or recovered: the library logs the first at WARNING and the second at
    INFO behind a NullHandler, so neither reached the server log."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "storage unreachable" in message:
            log.warning("rate limit: Redis (REDIS_URL) is unreachable; counting in this worker's memory until "
                        "it is back")
        elif "storage recovered" in message:
            log.warning("rate limit: Redis (REDIS_URL) is reachable again; counters are shared again")


def _log_redis_events() -> None:
    library = logging.getLogger("flask-limiter")
    if not any(isinstance(handler, _RedisEvents) for handler in library.handlers):
        library.addHandler(_RedisEvents(logging.INFO))
    if library.getEffectiveLevel() > logging.INFO:
        library.setLevel(logging.INFO)


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


def seconds_until_reset(limit: RequestLimit) -> int:
    """Whole seconds until the breached window lets the person in again (at least 1)."""
    return max(1, math.ceil(limit.window.reset_time - time.time()))


def install(app, channels, by_address=()) -> Limiter | None:
    """Limit every channel in channels that has `request_user` and `wait_response`, and the
    feedback of each channel in by_address per source address."""
    rate = app.config["RATE_LIMIT"]
    if not rate:
        return None
    try:
        parse_many(rate)
    except ValueError:
        raise ValueError("RATE_LIMIT %r is not a rate such as '30 per minute;300 per hour'" % rate) from None
    limiter = Limiter(get_remote_address, app=app, storage_uri=app.config["REDIS_URL"] or "swept-memory://",
                      strategy="fixed-window", key_prefix="thusong", swallow_errors=True,
                      in_memory_fallback_enabled=bool(app.config["REDIS_URL"]))
    if app.config["REDIS_URL"]:
        _log_redis_events()
    secret = app.config["SECRET_KEY"]
    for channel in channels:
        def key(channel=channel) -> str:
            # Asked once per limit: computed once per request.
            if "rate_key" not in g:
                user = channel.request_user()
                g.rate_key = user_key(secret, user) if user else "ip:" + (get_remote_address() or "-")
            return g.rate_key

        def breach(limit: RequestLimit, channel=channel):
            return channel.wait_response(please_wait(channel.request_user()), limit)

        limiter.limit(rate, key_func=key, on_breach=breach,
                      exempt_when=getattr(channel, "rate_exempt", None))(channel.blueprint)
    feedback_rate = app.config.get("FEEDBACK_ADDRESS_LIMIT")
    for channel in by_address if feedback_rate else ():
        def address_key() -> str:
            return user_key(secret, "address:" + (get_remote_address() or "-"))

        def breach(limit: RequestLimit, channel=channel):
            return channel.wait_response(please_wait(channel.request_user()), limit)

        limiter.limit(feedback_rate, key_func=address_key, on_breach=breach, deduct_when=_was_feedback,
                      scope="feedback-address")(channel.blueprint)
    app.extensions["limiter"] = limiter
    return limiter


def _was_feedback(response) -> bool:
    """Whether the request's turn was answered as feedback (what the address limit counts): the
    adapter notes the answered intent in g (no second parse of the response)."""
    return response.status_code == 200 and g.get("answered_intent") == "feedback"
