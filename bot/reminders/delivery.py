"""Sending one planned message: `deliver(reminders, message_id)`, run by a queue's worker.

At most once: a worker first claims the message (queued -> sending, one UPDATE that only one
worker can win), then hands it to Twilio, then records the outcome. So a job that runs twice, or
two workers given the same message, send it once. A worker killed after its claim leaves the
message `sending`; `recover` settles it after LEASE: sent when Twilio's status callback (which
names the message) came, else queued again. Any attempt after the first (after a lease, or a
timeout Twilio may have acted on) first asks Twilio for a message it already has to that number
with the same words (Twilio has no idempotency key for sending): found, it is recorded as sent,
not sent again.

Before sending it is checked that the message is still true and wanted: the person still has
the reminder and a number, is not paused, the service day is still a confirmed day of the
calendar (not cancelled, closed or a holiday since), a cancelled day still off, the notice or
closure not withdrawn; else it is skipped. Within the quiet hours it
waits until they end. The words are made now, in the person's language.

Twilio errors: a permanent one about the number (invalid, not a mobile, unsubscribed) fails the
message and pauses the person; anything else (a timeout, 429, 5xx) is tried again after
BACKOFF, at most MAX_ATTEMPTS times. Sends are paced to REMINDER_SEND_RATE per sender across all
workers (the rate limiter's counters: Redis when REDIS_URL is set).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update

from ..calendar import CONFIRMED, Calendar, calendar_of
from ..content.snapshot import Content, pick
from ..i18n import Texts
from ..outbound import PERMANENT_ERRORS
from ..text.sms_text import for_sms
from .planner import LATEST, after_quiet, quiet
from .subscriptions import MESSAGES, SUBSCRIBERS, SUBSCRIPTIONS, pause

if TYPE_CHECKING:
    from ..database import Database
    from . import Reminders

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 4
BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=25))
# A claimed message whose worker said nothing for this long is settled by `recover`.
LEASE = dt.timedelta(minutes=10)
# Twilio message statuses that say Twilio took the message.
TAKEN = frozenset({"accepted", "scheduled", "queued", "sending", "sent", "delivered", "read", "undelivered", "failed"})


def deliver(reminders: Reminders, message_id: int) -> str:
    """Send the message if it is due and still queued; what became of it (for logs and tests)."""
    database, now = reminders.database, reminders.now()
    content = reminders.snapshots.get()  # (before the claim: it may read the database)
    with database.begin() as connection:
        claimed = connection.execute(
            update(MESSAGES)
            .where(MESSAGES.c.id == message_id, MESSAGES.c.status == "queued", MESSAGES.c.due_at <= now)
            .values(status="sending", claimed_at=now, attempts=MESSAGES.c.attempts + 1)
        ).rowcount
    if claimed != 1:
        return "not due or not queued"
    row = database.read_one(_READ, {"mid": message_id})
    if row is None:  # forgotten meanwhile
        return "gone"
    local = now.astimezone(reminders.zone)
    body = _words(reminders, content, row, local.date())
    number = reminders.numbers.open(row.number)
    why_not = _why_not(database, row, local, body)
    if why_not is None and number is None:  # sealed with another REMINDER_KEY
        why_not = "key"
        log.warning("reminder %d: the number cannot be read with this REMINDER_KEY", message_id)
    if why_not or number is None or body is None:
        with database.begin() as connection:
            if why_not == "quiet":  # (not an attempt: the claim's count is given back)
                _set(
                    connection,
                    message_id,
                    status="queued",
                    due_at=after_quiet(now, reminders.zone),
                    attempts=MESSAGES.c.attempts - 1,
                )
                return "waits for the end of the quiet hours"
            _set(connection, message_id, status="skipped", error=why_not)
        return "skipped: %s" % why_not
    if row.attempts > 1:  # tried before: Twilio may have taken it without our hearing so
        from requests import RequestException
        from twilio.base.exceptions import TwilioException

        try:
            sid = reminders.sent_before(number, body, now.date() - dt.timedelta(days=1))
        except (TwilioException, RequestException, OSError) as error:
            return _again(reminders, message_id, row, "lookup " + type(error).__name__, now)
        if sid is not None:
            with database.begin() as connection:
                _set(connection, message_id, status="sent", sid=sid, sent_at=now)
            return "sent before"
    return _send(reminders, message_id, row, number, body, now)


_READ = (
    select(
        MESSAGES.c.id,
        MESSAGES.c.subscriber_id,
        MESSAGES.c.centre,
        MESSAGES.c.provider,
        MESSAGES.c.kind,
        MESSAGES.c.key,
        MESSAGES.c.day,
        MESSAGES.c.attempts,
        SUBSCRIBERS.c.number,
        SUBSCRIBERS.c.lang,
        SUBSCRIBERS.c.paused_at,
    )
    .join(SUBSCRIBERS, SUBSCRIBERS.c.id == MESSAGES.c.subscriber_id)
    .where(MESSAGES.c.id == bindparam("mid"))
)


def _set(connection: Any, message_id: int, **values: Any) -> None:
    connection.execute(update(MESSAGES).where(MESSAGES.c.id == message_id).values(**values))


def _why_not(database: Database, row: Any, local: dt.datetime, body: str | None) -> str | None:
    """Why the message must not be sent now ("quiet" when it must wait), or None."""
    if row.number is None or row.paused_at is not None:
        return "stopped" if row.number is None else "paused"
    wanted = [SUBSCRIPTIONS.c.subscriber_id == row.subscriber_id, SUBSCRIPTIONS.c.ended_at.is_(None)]
    wanted.append(SUBSCRIPTIONS.c.centre == row.centre)
    if row.kind != "notice":
        wanted.append(SUBSCRIPTIONS.c.provider == row.provider)
    if database.read_one(select(SUBSCRIPTIONS.c.id).where(*wanted).limit(1), {}) is None:
        return "stopped"
    if row.day is not None and row.kind != "notice":
        late = row.day < local.date() or (row.kind == "day" and row.day == local.date() and local.time() >= LATEST)
        if late:
            return "late"
    if body is None:
        return "changed"
    if quiet(local):
        return "quiet"
    return None


def _words(reminders: Reminders, content: Content, row: Any, today: dt.date) -> str | None:
    """The message in the person's language, or None when what it says is no longer true."""
    texts = Texts(row.lang, reminders.locales_dir)
    _ = texts.gettext
    centre = content.centres.get(row.centre)
    provider = content.providers.get(row.provider)
    if centre is None or provider is None:
        return None
    names = {"who": pick(provider.name, texts.lang), "centre": pick(centre.name, texts.lang)}
    calendar = calendar_of(content)
    visits = [v for v in calendar.visits(row.centre, row.provider) if not v.sample]
    if row.kind == "day":
        there = [d.visit for d in calendar.on(visits, row.day, today) if d.status == CONFIRMED]
        if not there:
            return None
        label = _("today") if row.day == today else _("tomorrow") if row.day == today + dt.timedelta(days=1) else ""
        when = ", ".join(part for part in (label, texts.short_date(row.day)) if part)
        times = sorted({d.time for d in there if d.time})
        if times:
            when += " " + ", ".join(times)
        text = _("Thusong reminder: %(who)s is at %(centre)s %(when)s.") % dict(names, when=when)
    elif row.kind == "cancelled":
        if any(d.travel for d in calendar.on(visits, row.day, today)):
            return None
        text = _("Thusong: %(who)s will not come to %(centre)s on %(date)s.") % dict(
            names, date=texts.short_date(row.day)
        )
        text = _with_next(text, texts, calendar, visits, row.day, today)
    elif row.kind == "closed":
        closure = next((n for n in content.notices if row.key == "%s/%s/%s" % (n.centre, row.provider, n.id)), None)
        if closure is None or closure.ends < today:
            return None
        text = _("Thusong: %(centre)s is closed from %(starts)s to %(ends)s: no %(who)s day until then.") % dict(
            names, starts=texts.short_date(closure.starts), ends=texts.short_date(closure.ends)
        )
    else:
        notice = next((n for n in content.notices if "%s/%s" % (n.centre, n.id) == row.key), None)
        if notice is None or notice.ends < today:
            return None
        text = _("Thusong notice for %(centre)s: %(text)s") % dict(names, text=pick(notice.text, texts.lang))
    return for_sms(text + " " + _("Reply STOP to end reminders."), texts.lang)


def _with_next(text: str, texts: Texts, calendar: Calendar, visits: list[Any], after: dt.date, today: dt.date) -> str:
    """text with the next day to travel on after a date, when there is one."""
    later = calendar.next_travel(visits, after + dt.timedelta(days=1), today)
    if later is None or later.status != CONFIRMED:
        return text
    return text + " " + texts.gettext("The next one is %(date)s.") % {"date": texts.short_date(later.date)}


def _send(reminders: Reminders, message_id: int, row: Any, number: str, body: str, now: dt.datetime) -> str:
    """Hand the message to Twilio and record what happened."""
    from requests import RequestException
    from twilio.base.exceptions import TwilioException, TwilioRestException

    reminders.pace()
    try:
        sid = reminders.send_sms(number, body, message_id)
    except TwilioRestException as error:
        code = error.code or 0
        if code in PERMANENT_ERRORS:
            with reminders.database.begin() as connection:
                _set(connection, message_id, status="failed", error="twilio %d" % code)
                pause(connection, row.subscriber_id, "twilio %d" % code, now)
            log.warning("reminder %d: Twilio refused the number (error %d); the person is paused", message_id, code)
            return "failed for good"
        return _again(reminders, message_id, row, "twilio %s %s" % (error.status, code), now)
    except (TwilioException, RequestException, OSError) as error:
        return _again(reminders, message_id, row, type(error).__name__, now)
    with reminders.database.begin() as connection:
        connection.execute(
            update(MESSAGES)
            .where(MESSAGES.c.id == message_id, MESSAGES.c.status == "sending")
            .values(status="sent", sid=sid, sent_at=now)
        )
    return "sent"


def _again(reminders: Reminders, message_id: int, row: Any, error: str, now: dt.datetime) -> str:
    """After a failure that may pass: queued again after the backoff, or failed after MAX_ATTEMPTS."""
    attempts = row.attempts  # read after the claim, which counted this one
    with reminders.database.begin() as connection:
        if attempts >= MAX_ATTEMPTS:
            _set(connection, message_id, status="failed", error=error[:64])
            log.warning("reminder %d: not sent after %d attempts (%s)", message_id, attempts, error)
            return "failed"
        wait = BACKOFF[min(attempts, len(BACKOFF)) - 1]
        connection.execute(
            update(MESSAGES)
            .where(MESSAGES.c.id == message_id, MESSAGES.c.status == "sending")
            .values(status="queued", due_at=now + wait, error=error[:64], enqueued_at=None)
        )
    log.info("reminder %d: attempt %d failed (%s); again in %s", message_id, attempts, error, wait)
    return "again later"


def recover(reminders: Reminders, now: dt.datetime) -> dict[str, int]:
    """Settle messages claimed more than LEASE ago by a worker that never said how it went: sent
    when Twilio's status callback came, else queued again (its next attempt first asks Twilio
    whether it has the message: see deliver)."""
    stale = (MESSAGES.c.status == "sending", MESSAGES.c.claimed_at < now - LEASE)
    with reminders.database.begin() as connection:
        sent = connection.execute(
            update(MESSAGES).where(*stale, MESSAGES.c.delivery.is_not(None)).values(status="sent", sent_at=now)
        ).rowcount
        again = connection.execute(
            update(MESSAGES).where(*stale).values(status="queued", due_at=now, enqueued_at=None, error="lease")
        ).rowcount
    return {"sent (said by Twilio)": sent, "queued again": again}


def status_callback(reminders: Reminders, message_id: str, sid: str, status: str, error_code: str) -> bool:
    """Record Twilio's status callback for a message (named by our id in the callback's URL, or
    by its MessageSid); a permanent failure pauses the person. False when no message matches."""
    now = reminders.now()
    # Twilio's statuses are words and its MessageSids letters and digits: nothing else is kept
    # or looked up (PostgreSQL refuses a NUL in text, which would fail the request).
    status = "".join(ch for ch in status.strip().lower() if ch.isascii() and (ch.isalnum() or ch in "-_"))[:16]
    sid = sid if sid.isascii() and sid.isalnum() else ""
    code = int(error_code) if error_code.isascii() and error_code.isdigit() and len(error_code) <= 9 else None
    if message_id.isascii() and message_id.isdigit() and len(message_id) <= 18:  # a 64-bit id
        which = MESSAGES.c.id == int(message_id)
    elif sid:
        which = MESSAGES.c.sid == sid
    else:
        return False
    with reminders.database.begin() as connection:
        row = connection.execute(
            select(MESSAGES.c.id, MESSAGES.c.subscriber_id, MESSAGES.c.status).where(which)
        ).first()
        if row is None:
            return False
        values: dict[str, Any] = {"delivery": status}
        if sid:
            values["sid"] = sid[:64]
        if status in TAKEN and row.status in ("sending", "queued"):
            values.update(status="sent", sent_at=now)
        if code is not None:
            values["error"] = "twilio %d" % code
        _set(connection, row.id, **values)
        if status in ("failed", "undelivered") and code in PERMANENT_ERRORS:
            pause(connection, row.subscriber_id, "twilio %d" % code, now)
    return True


def pace_wait(hit: Any, seconds: float = 0.005, deadline: float = 60.0) -> None:
    """Call hit() until it returns True, sleeping between tries (at most deadline seconds)."""
    end = time.monotonic() + deadline
    while not hit() and time.monotonic() < end:
        time.sleep(seconds)
