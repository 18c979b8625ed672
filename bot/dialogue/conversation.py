"""Conversations kept in the database, so any worker can take a person's next message.

`Conversations.respond(inbound)` loads the person's state (by keyed hash), runs one turn of
the engine on the current content snapshot, and writes the new state and any feedback in one
transaction.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..messages import Inbound, Reply
from ..models import Conversation, Feedback
from . import engine
from .identity import user_key
from .state import State


class Conversations:
    """The conversation core bound to a database, a content snapshot cache and settings."""

    def __init__(self, database, snapshots, secret: str, locales_dir: str,
                 today: Callable[[], dt.date]) -> None:
        self.database = database
        self.snapshots = snapshots
        self.secret = secret
        self.locales_dir = locales_dir
        self.today = today

    def respond(self, inbound: Inbound) -> Reply:
        """Answer one inbound message and remember the conversation."""
        key = user_key(self.secret, inbound.user)
        content = self.snapshots.get()
        for attempt in range(2):
            try:
                return self._turn(key, content, inbound)
            except IntegrityError:
                # Two first messages of one person at once: the other created the row; retry.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def language(self, user: str) -> str:
        """The language the person was last answered in ("en" for someone new)."""
        with self.database.session() as session:
            lang = session.scalar(select(Conversation.lang).where(
                Conversation.user_key == user_key(self.secret, user)))
        return lang or "en"

    def _turn(self, key: str, content, inbound: Inbound) -> Reply:
        with self.database.session() as session, session.begin():
            conversation = session.scalars(
                select(Conversation).where(Conversation.user_key == key).with_for_update()).first()
            if conversation is None:
                conversation = Conversation(user_key=key, lang="en", lang_chosen=False, state={}, turns=0)
                session.add(conversation)
            state = State.from_json(conversation.state, conversation.lang, conversation.lang_chosen)
            reply, feedback = engine.respond(content, state, inbound, self.today(), self.locales_dir)
            conversation.state = state.to_json()
            conversation.lang, conversation.lang_chosen = state.lang, state.lang_chosen
            conversation.turns = (conversation.turns or 0) + 1
            conversation.updated_at = dt.datetime.now(dt.timezone.utc)
            for item in feedback:
                session.add(Feedback(user_key=key, centre_slug=item["centre"], rating=item["rating"],
                                     text=item["text"], lang=item["lang"]))
        return reply
