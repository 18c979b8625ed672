"""Sending one staff reply on the citizen's channel: `dispatch(helpdesk, entry_id)` after the
reply is committed, `deliver(helpdesk, entry_id)` in a worker (or inline without Redis).

Where a reply goes (`route`): a web user's waits in the chat (delivery "waiting") until they
write again or the widget asks (GET /api/replies); an SMS or USSD asker gets an SMS; a WhatsApp
asker a WhatsApp message inside the 24 hours after their last message when a WhatsApp sender is
set, else an SMS to the same number (the ticket says which). Nothing is sent to a person who
said STOP, nor without a stored number or a sender: the reply then waits in the chat too.

At most once: a worker claims the reply (queued -> sending, one UPDATE only one worker wins),
hands it to Twilio, and records the outcome; a job run twice sends once. Twilio's errors: a
permanent one fails the reply (the ticket shows why); others are tried again by `resend` (every
minute, with the late tickets: bot.helpdesk.late.tick), MAX_ATTEMPTS in all, and then fail. A
worker that died after its claim leaves the reply `sending`: after LEASE it is recorded sent when
Twilio has a message with its words to the number, else queued again. The status callback
(POST /sms/status?t=<entry id>) records what Twilio said last.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from ..database import utc
from ..models import Conversation, table
from ..outbound import PERMANENT_ERRORS
from ..text.sms_text import for_sms
from . import WHATSAPP_WINDOW
from .tickets import ENTRIES, TICKETS

if TYPE_CHECKING:
    from . import Helpdesk

log = logging.getLogger(__name__)
QUEUE = "helpdesk"
DELIVER_JOB = "bot.worker.deliver_reply_job"
MAX_ATTEMPTS = 3
CONVERSATIONS = table(Conversation)


def dispatch(helpdesk: Helpdesk, entry_id: int) -> str:
    """Hand the committed reply entry_id to the queue (RQ on REDIS_URL), or send it now."""
    if helpdesk.redis_url:
        try:
            from redis import Redis
            from rq import Queue

            Queue(QUEUE, connection=Redis.from_url(helpdesk.redis_url)).enqueue(
                DELIVER_JOB, entry_id, result_ttl=0, failure_ttl=7 * 24 * 3600
            )
            return "queued"
        except Exception:  # Redis is down: send it from here rather than not at all
            log.exception("helpdesk: the queue is not reachable; sending reply %d inline", entry_id)
    return deliver(helpdesk, entry_id)


def deliver(helpdesk: Helpdesk, entry_id: int) -> str:
    """Send reply entry_id if it is still queued; what became of it (sent, waiting, failed,
    not_sent, retry, or gone: already taken by another worker)."""
    now = helpdesk.now()
    with helpdesk.database.begin() as connection:
        claimed = connection.execute(
            update(ENTRIES)
            .where(ENTRIES.c.id == entry_id, ENTRIES.c.delivery == "queued")
            .values(delivery="sending", claimed_at=now, attempts=ENTRIES.c.attempts + 1)
        ).rowcount
        if not claimed:
            return "gone"
        row = connection.execute(
            select(ENTRIES.c.text, ENTRIES.c.attempts, TICKETS)
            .join(TICKETS, TICKETS.c.id == ENTRIES.c.ticket_id)
            .where(ENTRIES.c.id == entry_id)
        ).one()
        state = connection.scalar(select(CONVERSATIONS.c.state).where(CONVERSATIONS.c.user_key == row.user_key))
    via, why = route(helpdesk, row, state)
    if via == "web" or via is None:
        outcome = "waiting" if via == "web" else "not_sent"
        _settle(helpdesk, entry_id, delivery=outcome, via="web" if via == "web" else None, error=why)
        return outcome
    number = helpdesk.numbers.open(row.number) if helpdesk.numbers else None
    assert number is not None and helpdesk.outbound is not None  # (route checked both)
    body = for_sms(row.text, row.lang)
    callback = "%s?t=%d" % (helpdesk.status_url, entry_id) if helpdesk.status_url else None
    try:
        if via == "whatsapp":
            sender = {"from_": "whatsapp:" + helpdesk.whatsapp_from.removeprefix("whatsapp:")}
            sid = helpdesk.outbound.hand_over("whatsapp:" + number, row.text, callback, sender)
        else:
            sid = helpdesk.outbound.hand_over(number, body, callback)
    except Exception as error:  # Twilio's and requests' errors: permanent, or try again
        code = getattr(error, "code", None)
        final = code in PERMANENT_ERRORS or row.attempts >= MAX_ATTEMPTS
        _settle(
            helpdesk,
            entry_id,
            delivery="failed" if final else "queued",
            via=via,
            error=("Twilio %s" % code if code else type(error).__name__)[:120],
        )
        log.warning("helpdesk: reply %d not sent (%s)", entry_id, code or type(error).__name__)
        return "failed" if final else "retry"
    _settle(helpdesk, entry_id, delivery="sent", via=via, sid=sid, error=why)
    return "sent"


def route(helpdesk: Helpdesk, ticket, state: dict | None) -> tuple[str | None, str | None]:
    """How a reply reaches the ticket's citizen: ("sms" | "whatsapp" | "web" | None, why not
    the usual way)."""
    if state and state.get("stopped"):
        return None, "the person sent STOP: nothing is sent to them"
    if ticket.channel == "web":
        return "web", None
    if ticket.number is None or helpdesk.numbers is None or helpdesk.outbound is None:
        return "web", "no number or no SMS sender: shown when they write again"
    if ticket.channel == "whatsapp":
        if not helpdesk.whatsapp_from:
            return "sms", "no WhatsApp sender is set: sent by SMS"
        if helpdesk.now() - utc(ticket.citizen_at) > WHATSAPP_WINDOW:
            return "sms", "over 24 hours since their last WhatsApp message: sent by SMS"
        return "whatsapp", None
    return "sms", None


def status_callback(helpdesk: Helpdesk, entry_id: int, sid: str, status: str, error_code: str) -> bool:
    """Record Twilio's status for reply entry_id (the sid must match); False when unknown."""
    with helpdesk.database.begin() as connection:
        values = {"provider_status": status[:16]}
        if error_code:
            values["error"] = ("Twilio %s" % error_code)[:120]
        done = connection.execute(
            update(ENTRIES).where(ENTRIES.c.id == entry_id, ENTRIES.c.sid == sid).values(**values)
        ).rowcount
    return bool(done)


def _settle(helpdesk: Helpdesk, entry_id: int, **values) -> None:
    with helpdesk.database.begin() as connection:
        connection.execute(update(ENTRIES).where(ENTRIES.c.id == entry_id).values(**values))


# A reply left queued this long (its send failed and is to be tried again, or its job was lost
# with Redis) is handed out again; one claimed this long by a worker that said nothing since is
# settled: sent if Twilio has it, else queued again.
RETRY_AFTER = dt.timedelta(minutes=1)
LEASE = dt.timedelta(minutes=10)


def resend(helpdesk: Helpdesk) -> dict[str, int]:
    """Hand out again the replies waiting to be tried again, and settle those whose worker died."""
    now = helpdesk.now()
    with helpdesk.database.begin() as connection:
        stale = connection.execute(
            select(ENTRIES.c.id, ENTRIES.c.text, TICKETS.c.number, TICKETS.c.lang)
            .join(TICKETS, TICKETS.c.id == ENTRIES.c.ticket_id)
            .where(ENTRIES.c.delivery == "sending", ENTRIES.c.claimed_at < now - LEASE)
        ).all()
    for row in stale:
        number = helpdesk.numbers.open(row.number) if helpdesk.numbers else None
        found = None
        if number and helpdesk.outbound is not None:
            try:
                since = (now - LEASE - dt.timedelta(days=1)).date()
                found = helpdesk.outbound.sent_before(number, for_sms(row.text, row.lang), since)
            except Exception:  # Twilio does not answer: ask again at the next tick
                continue
        with helpdesk.database.begin() as connection:
            connection.execute(
                update(ENTRIES)
                .where(ENTRIES.c.id == row.id, ENTRIES.c.delivery == "sending")
                .values(**({"delivery": "sent", "sid": found} if found else {"delivery": "queued"}))
            )
    with helpdesk.database.begin() as connection:
        due = list(
            connection.scalars(
                select(ENTRIES.c.id).where(
                    ENTRIES.c.delivery == "queued",
                    ENTRIES.c.created_at < now - RETRY_AFTER,
                    (ENTRIES.c.claimed_at.is_(None)) | (ENTRIES.c.claimed_at < now - RETRY_AFTER),
                )
            )
        )
    for entry_id in due:
        dispatch(helpdesk, entry_id)
    return {"replies settled": len(stale), "replies handed out again": len(due)}
