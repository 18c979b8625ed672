"""Typed SQLAlchemy 2.0 models: the curated content (content.py), what conversations write at
run time (runtime.py), what the centre managers' console keeps (console.py) and reminders
(reminders.py) and the helpdesk (helpdesk.py). All share one
declarative Base so Alembic sees every table."""

from .base import Base, table, utc_now
from .console import ConsoleSession, ConsoleUser, PasswordLink, PublishedChange, SignInCount
from .content import ContentDocument
from .helpdesk import CannedReply, Ticket, TicketEntry
from .reminders import Heartbeat, ReminderMessage, Subscriber, Subscription, ToldDate
from .runtime import ChannelSession, Conversation, Feedback, InboundMessage, Unanswered

__all__ = [
    "Base",
    "CannedReply",
    "ChannelSession",
    "ConsoleSession",
    "ConsoleUser",
    "ContentDocument",
    "Conversation",
    "Feedback",
    "Heartbeat",
    "InboundMessage",
    "PasswordLink",
    "PublishedChange",
    "ReminderMessage",
    "SignInCount",
    "Subscriber",
    "Subscription",
    "Ticket",
    "TicketEntry",
    "ToldDate",
    "Unanswered",
    "table",
    "utc_now",
]
