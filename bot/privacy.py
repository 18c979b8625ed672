"""What the bot keeps about people, and removing it (POPIA).

Stored: conversation state (language, the question pending, the place named), feedback for
centre managers, SMS pages still to send, USSD sessions and each provider message id with its
reply. All keyed by an HMAC of the person's id, never the number itself, except for people who
asked for reminders: their number, encrypted with REMINDER_KEY, while they have one
(bot.reminders.subscriptions); and helpdesk tickets (bot.helpdesk): the question and messages,
the number encrypted the same way while the ticket is open.
- `purge(database, days)`: removes conversations, channel rows and message ids older than the
  retention period, reminder messages settled and reminders ended before it (and the consent of
  people left with nothing), and blanks the text of older feedback (centre and rating stay for
  counts).
  Run it daily: `flask --app bot purge`.
- `forget(database, secret, identity)`: removes everything about one person, named by their
  identity (dialogue.identity.phone(...) for a number in any form, .web(...) for a web user).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update

from .dialogue.identity import user_key
from .models import (
    ChannelSession,
    ConsoleSession,
    Conversation,
    Feedback,
    InboundMessage,
    SignInCount,
    Ticket,
    TicketEntry,
    Unanswered,
)
from .reminders import subscriptions


def purge(database, days: int, now: dt.datetime | None = None) -> dict[str, int]:
    """Remove what is older than days; return how many rows of each kind were affected."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    with database.session() as session, session.begin():
        counts = {
            "conversations": session.execute(delete(Conversation).where(Conversation.updated_at < cutoff)).rowcount,
            "channel sessions": session.execute(
                delete(ChannelSession).where(ChannelSession.updated_at < cutoff)
            ).rowcount,
            "message ids": session.execute(delete(InboundMessage).where(InboundMessage.created_at < cutoff)).rowcount,
            "unanswered questions": session.execute(delete(Unanswered).where(Unanswered.created_at < cutoff)).rowcount,
            "feedback texts": session.execute(
                update(Feedback).where(Feedback.created_at < cutoff, Feedback.text != "").values(text="")
            ).rowcount,
            # The console's sign-ins that ended or expired, and sign-in counts of old windows.
            "console sign-ins": session.execute(
                delete(ConsoleSession).where(ConsoleSession.expires_at < cutoff)
            ).rowcount,
            "sign-in counts": session.execute(delete(SignInCount).where(SignInCount.window_start < cutoff)).rowcount,
        }
        counts.update(subscriptions.purge(session.connection(), cutoff))
        closed = select(Ticket.id).where(Ticket.closed_at < cutoff).scalar_subquery()
        session.execute(delete(TicketEntry).where(TicketEntry.ticket_id.in_(closed)))
        counts["helpdesk tickets"] = session.execute(delete(Ticket).where(Ticket.closed_at < cutoff)).rowcount
    return counts


def forget(database, secret: str, identity: str) -> dict[str, int]:
    """Remove everything stored about the person with identity; how many rows of each kind went
    (USSD sessions, SMS pages and SMS sends are channel sessions; reminders with the number)."""
    key = user_key(secret, identity)
    with database.session() as session, session.begin():
        theirs = select(Ticket.id).where(Ticket.user_key == key).scalar_subquery()
        session.execute(delete(TicketEntry).where(TicketEntry.ticket_id.in_(theirs)))
        return subscriptions.forget(session.connection(), key) | {
            "helpdesk tickets": session.execute(delete(Ticket).where(Ticket.user_key == key)).rowcount,
            "conversations": session.execute(delete(Conversation).where(Conversation.user_key == key)).rowcount,
            "feedback": session.execute(delete(Feedback).where(Feedback.user_key == key)).rowcount,
            "channel sessions": session.execute(delete(ChannelSession).where(ChannelSession.user_key == key)).rowcount,
            "message ids": session.execute(delete(InboundMessage).where(InboundMessage.user_key == key)).rowcount,
        }
