"""The short apology every channel sends when a turn cannot be answered (the database is down,
or an unexpected error), with the help lines people can call instead.

bot.errors calls `apologise(channel, error)` for any unexpected error in a channel's views: it
is logged with a request id (never the person's number or text) and answered 200 with this
apology rendered by the channel's `apology_response`: Twilio would count a 5xx as a failed
webhook, and a person would get nothing.
"""

from __future__ import annotations

import logging
import uuid

from flask import current_app

from ..content.snapshot import pick
from ..i18n import Texts
from ..messages import Reply

log = logging.getLogger(__name__)


def apology_reply(lang: str = "en") -> Reply:
    """The apology with the providers' help lines from the last loaded content."""
    texts = Texts(lang, current_app.config["LOCALES_DIR"])
    content = current_app.extensions["snapshots"].last()
    lines = []
    if content is not None:
        lines = ["%s %s" % (pick(p.name, texts.lang), p.help_line) for p in content.providers.values() if p.help_line]
    text = texts.gettext("Sorry, Thusong Bot cannot answer right now. Please try again later.")
    if lines:
        text += "\n" + texts.gettext("Help lines:") + " " + ", ".join(lines)
    return Reply(blocks=[text], lang=texts.lang, intent="unknown", end_session=True)


def apologise(channel, error: Exception):
    """channel's answer to an unexpected error in one of its views: logged with a request id
    (the traceback unless the database is down), then the apology in the channel's format."""
    request_id = uuid.uuid4().hex[:12]
    log.error(
        "request %s: turn not answered: %s", request_id, type(error).__name__, exc_info=not _is_database_error(error)
    )
    return channel.apology_response(apology_reply())


def _is_database_error(error: Exception) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(error, SQLAlchemyError)
