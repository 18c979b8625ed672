"""Canned replies (bot.models.CannedReply): texts kept to answer common questions with, one
language each: a centre's, or a whole province's (no centre); bot.console.helpdesk gives them
pages.

Who keeps them (`may_keep`): a centre manager those of the centres they manage (never
province-wide ones), a provincial coordinator those of their province (its centres' and the
province-wide ones), an administrator all. Anyone who may see a ticket (staff.may_see) may use
those of its centre and its province in its language (`canned_for`). A canned reply is cleaned
and measured as a reply is (staff.clean_reply), in its language.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..cleaning import lines, one_line
from ..content.snapshot import CentreInfo, Content
from ..i18n import LANGUAGES
from ..models import CannedReply, Ticket
from .staff import StaffError, clean_reply, may_see

log = logging.getLogger(__name__)
# At most this many characters in a canned reply's title.
CANNED_TITLE_CHARS = 80


def may_keep(user: Any, centre: str | None, province: str | None) -> bool:
    """Whether user may add, change and delete the canned replies of centre (a slug, in
    province), or, when centre is None, the province-wide ones of province (see the module
    docstring). For a kept reply: may_keep(user, reply.centre, reply.province)."""
    if user.role == "admin":
        return True
    if user.role == "coordinator":
        return province is not None and province == user.province
    return centre is not None and centre in user.centres


def canned_for(session: Session, user: Any, content: Content, ticket: Ticket) -> list[CannedReply]:
    """The canned replies user may use on ticket: none unless they may see it (`may_see`); else
    those in the ticket's language of its centre (if it has one) and the province-wide ones of
    its province; the centre's first, then by title."""
    if not may_see(user, ticket, content):
        return []
    scopes = []
    if ticket.centre is not None:
        scopes.append(CannedReply.centre == ticket.centre)
    if ticket.province is not None:
        scopes.append(and_(CannedReply.centre.is_(None), CannedReply.province == ticket.province))
    if not scopes:
        return []
    rows = session.scalars(select(CannedReply).where(CannedReply.lang == ticket.lang, or_(*scopes)))
    return sorted(rows, key=lambda c: (c.centre is None, c.title.lower(), c.id))


def canned_list(session: Session, user: Any, content: Content, centre_slug: str) -> list[CannedReply]:
    """The canned replies of a centre, in every language, and the province-wide ones of its
    province: by language (in bot.i18n.LANGUAGES' order), the centre's first, then by title.
    StaffError when there is no such centre or user does not look after it (a manager of it, a
    coordinator of its province, an administrator)."""
    centre = _centre_looked_after(user, content, centre_slug)
    query = select(CannedReply).where(
        or_(
            CannedReply.centre == centre_slug,
            and_(CannedReply.centre.is_(None), CannedReply.province == centre.province),
        )
    )
    order = {code: i for i, code in enumerate(LANGUAGES)}
    return sorted(
        session.scalars(query), key=lambda c: (order.get(c.lang, len(order)), c.centre is None, c.title.lower(), c.id)
    )


def canned_on(session: Session, user: Any, content: Content, centre_slug: str, canned_id: int) -> CannedReply:
    """Canned reply canned_id as one of canned_list(centre_slug): StaffError when it is not
    (no such reply, another centre's or province's, a centre user does not look after)."""
    centre = _centre_looked_after(user, content, centre_slug)
    found = session.get(CannedReply, canned_id)
    if found is None or not (
        found.centre == centre_slug or (found.centre is None and found.province == centre.province)
    ):
        raise StaffError("There is no such canned reply for this centre.")
    return found


def save_canned(
    session: Session,
    user: Any,
    content: Content,
    centre: str | None,
    province: str | None,
    lang: str,
    title: str,
    text: str,
    now: dt.datetime,
    canned_id: int | None = None,
) -> CannedReply:
    """Add a canned reply (canned_id None) or change canned_id, and flush it; who may is
    `may_keep` (of the reply as it was and as it becomes). It is centre's (a slug of content:
    its province is the centre's; a province given must be the same), or, centre None,
    province-wide for province (a province of content). lang is one of bot.i18n.LANGUAGES;
    title one line (bot.cleaning.one_line) of 1 to CANNED_TITLE_CHARS characters; text cleaned
    as a reply is, within REPLY_SEGMENTS SMS segments in lang (`clean_reply`). StaffError,
    saying why, when any of this does not hold: nothing is changed then."""
    if centre is not None:
        info = content.centres.get(centre)
        if info is None:
            raise StaffError("There is no such centre.")
        if province is not None and province != info.province:
            raise StaffError("This centre is not in that province.")
        province = info.province
    elif province is None or province not in content.provinces:
        raise StaffError("A canned reply for a whole province needs the province.")
    if not may_keep(user, centre, province):
        raise StaffError(_refusal(user, centre))
    found: CannedReply | None = None
    if canned_id is not None:
        found = session.get(CannedReply, canned_id)
        if found is None:
            raise StaffError("There is no such canned reply.")
        if not may_keep(user, found.centre, found.province):
            raise StaffError(_refusal(user, found.centre))
    if lang not in LANGUAGES:
        raise StaffError("The language must be one of: %s." % ", ".join(LANGUAGES.values()))
    title = one_line(title)
    if not title:
        raise StaffError("The title is empty.")
    if len(title) > CANNED_TITLE_CHARS:
        raise StaffError("The title is %d characters: at most %d are allowed." % (len(title), CANNED_TITLE_CHARS))
    if not lines(text).strip():
        raise StaffError("The text is empty.")
    cleaned = clean_reply(text, lang)
    if found is None:
        found = CannedReply(created_by=user.id, created_at=now)
        session.add(found)
    found.centre, found.province, found.lang, found.title, found.text = centre, province, lang, title, cleaned
    found.updated_at = now
    session.flush()
    log.info(
        "helpdesk: canned reply %d %s (user %s, %s)",
        found.id,
        "added" if canned_id is None else "changed",
        user.id,
        centre or "province %s" % province,
    )
    return found


def delete_canned(session: Session, user: Any, content: Content, centre_slug: str, canned_id: int) -> None:
    """Delete canned reply canned_id, one of canned_list(centre_slug) that user may keep
    (`may_keep`); StaffError otherwise (nothing deleted)."""
    found = canned_on(session, user, content, centre_slug, canned_id)
    if not may_keep(user, found.centre, found.province):
        raise StaffError(_refusal(user, found.centre))
    session.delete(found)
    session.flush()
    log.info("helpdesk: canned reply %d deleted (user %s, %s)", canned_id, user.id, centre_slug)


def _centre_looked_after(user: Any, content: Content, centre_slug: str) -> CentreInfo:
    centre = content.centres.get(centre_slug)
    if centre is None:
        raise StaffError("There is no such centre.")
    if user.role == "admin" or (user.role == "coordinator" and centre.province == user.province):
        return centre
    if user.role == "manager" and centre_slug in user.centres:
        return centre
    raise StaffError("You do not look after this centre.")


def _refusal(user: Any, centre: str | None) -> str:
    if user.role == "manager" and centre is None:
        return "Canned replies for a whole province are kept by the province's coordinators."
    return "You do not keep the canned replies of this centre or province."
