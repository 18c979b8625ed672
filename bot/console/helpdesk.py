"""The helpdesk in the console: the inbox of the tickets a user may see (every one, or one
centre's), a ticket's page with every message of it, and what staff do with a ticket (reply,
assign to me, close, reopen, internal note), through bot.helpdesk.staff.

Contract: every page needs a signed-in user (views.protect) who may see the ticket
(staff.may_see: 403 otherwise; 404 for no such ticket); a centre's inbox needs a user who manages
the centre (views.centre_of: 404 or 403). Every form is CSRF-checked (views.protect); each action
is one transaction, written on the ticket and logged (who, what, which ticket: never the words).
A reply is handed to bot.helpdesk.delivery.dispatch only after its transaction committed, and the
page then says what became of it (sent, waiting in the chat, not sent and why). A reply refused
(empty, over staff.REPLY_SEGMENTS SMS segments, a closed ticket) shows the ticket again with a
400 and the text as typed, nothing stored; another action refused is flashed, with a 303 back to
the ticket. The citizen's number is only ever shown masked (staff.masked_number). The reply box
measures the text as it is typed (an inline script, with the page's CSP nonce); without
JavaScript every page and form works the same.

Canned replies: a centre's page of them (views.centre_of first: 404 or 403) lists the centre's
and its province's, by language, with forms to add, change and delete those the user may keep
(bot.helpdesk.canned.may_keep); a change refused shows the page again with a 400, the text as typed and why.
A ticket's page offers those the user may use on it (bot.helpdesk.canned.canned_for) next to the reply box:
each a link `?canned=<id>` that opens the page with its text in the box (an id not offered is
ignored); with JavaScript a click fills the box without a reload.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from ..content.snapshot import CentreInfo, Content
from ..database import utc
from ..helpdesk import PHONE_CHANNELS, staff
from ..helpdesk import canned as canned_replies
from ..helpdesk.delivery import dispatch
from ..helpdesk.late import answer_by
from ..i18n import LANGUAGES, language_name
from ..models import CannedReply, ConsoleUser, Ticket, TicketEntry
from ..text import sms_text
from .changes import when
from .texts import _
from .views import blueprint, centre_of
from .views import content as snapshot

log = logging.getLogger(__name__)
# The weeks of tickets counted on an inbox (the newest first).
WEEKS_SHOWN = 8


def desk() -> Any:
    """The app's helpdesk (bot.helpdesk.Helpdesk)."""
    return current_app.extensions["helpdesk"]


@blueprint.context_processor
def helpdesk_words() -> dict[str, Any]:
    """`open_tickets()` in the console's templates: counted only where a page asks (home)."""
    return {"open_tickets": open_tickets}


def open_tickets() -> int:
    """How many open tickets the signed-in user may see."""
    query = select(func.count(Ticket.id)).where(Ticket.status != "closed")
    with current_app.extensions["database"].session() as db:
        return db.scalar(staff.visible(query, current_user, snapshot())) or 0


@blueprint.get("/helpdesk")
def tickets() -> str:
    """Every ticket the user may see: open ones (new first, the longest waiting first), or the
    closed ones with ?closed=1; and the counts."""
    return _inbox(None)


@blueprint.get("/centres/<slug>/helpdesk")
def centre_tickets(slug: str) -> str:
    """One centre's tickets, as the inbox shows them."""
    return _inbox(centre_of(slug))


def _inbox(centre: CentreInfo | None) -> str:
    helpdesk, content = desk(), snapshot()
    closed = request.args.get("closed") == "1"
    now = helpdesk.now()
    slug = centre.slug if centre else None
    with helpdesk.database.session() as db:
        found = staff.inbox(db, current_user, content, centre=slug, closed=closed)
        figures = staff.counts(db, current_user, content, now, working_day(helpdesk), helpdesk.zone, centre=slug)
        emails = _emails(db, {t.assigned_to for t in found})
    rows = [
        {
            "ticket": t,
            "where": _where(t, content),
            "channel": channel_name(t.channel),
            "lang": LANGUAGES.get(t.lang, t.lang),
            "status": status_name(t.status),
            "waiting": waited(t.created_at, now),
            "closed": when(t.closed_at) if t.closed_at else "",
            "assigned": emails.get(t.assigned_to, "") if t.assigned_to else "",
            # Flagged by the clock (bot.helpdesk.late), or past its working day with no answer yet
            # where no clock runs.
            "late": t.late_at is not None
            or (t.status != "closed" and t.first_reply_at is None and answer_by(t.created_at, helpdesk.zone) <= now),
        }
        for t in found
    ]
    return render_template(
        "console/helpdesk.html",
        centre=centre,
        rows=rows,
        closed=closed,
        counts=figures,
        weeks=figures["weeks"][:WEEKS_SHOWN],
    )


def working_day(helpdesk: Any) -> Callable[[dt.datetime], dt.datetime]:
    """When a first answer to a ticket created then is due (bot.helpdesk.late.answer_by, in the
    helpdesk's zone)."""
    return lambda created: answer_by(created, helpdesk.zone)


@blueprint.get("/tickets/<int:number>")
def ticket(number: int) -> str:
    """A ticket: who it is for, every message, and the forms to answer it."""
    return _ticket_page(number)[0]


def _ticket_page(number: int, typed: str = "", problem: str = "") -> tuple[str, int]:
    helpdesk, content = desk(), snapshot()
    with helpdesk.database.session() as db:
        found = _load(db, number, content)
        rows = staff.entries(db, found)
        emails = _emails(db, {found.assigned_to} | {e.user_id for e in rows})
        canned = canned_replies.canned_for(db, current_user, content, found)
    chosen = request.args.get("canned", "") if request.method == "GET" else ""
    if not typed and chosen.isdigit():  # only one offered here: any other id is ignored
        typed = next((c.text for c in canned if c.id == int(chosen)), "")
    centre = content.centres.get(found.centre or "")
    province = content.provinces.get(found.province or "", {})
    page = render_template(
        "console/ticket.html",
        ticket=found,
        centre=centre,
        province=province.get("en", found.province or ""),
        channel=channel_name(found.channel),
        lang=LANGUAGES.get(found.lang, found.lang),
        status=status_name(found.status),
        number=staff.masked_number(found),
        no_number=found.channel in PHONE_CHANNELS and found.number is None and found.status != "closed",
        created=when(found.created_at),
        assigned=emails.get(found.assigned_to, "") if found.assigned_to else "",
        mine=found.assigned_to == current_user.id,
        blocks=_blocks(rows, emails),
        typed=typed,
        problem=problem,
        limit=staff.REPLY_SEGMENTS,
        gsm_chars=staff.REPLY_SEGMENTS * sms_text.GSM7_SEGMENT,
        ucs_chars=staff.REPLY_SEGMENTS * sms_text.UCS2_SEGMENT,
        sms=dict(
            sms_text.tables(),
            same={chr(code): text for code, text in sms_text.SAME_IN_GSM7.items()},
            plain=found.lang in sms_text.SMS_PLAIN_LETTERS,
            limit=staff.REPLY_SEGMENTS,
        ),
        delivery_name=delivery_name,
        channel_name=channel_name,
        when=when,
        canned=canned,
        keeps_canned=centre is not None and current_user.may_manage(centre),
    )
    return page, (400 if problem else 200)


def _load(db: Session, number: int, content: Content) -> Ticket:
    """Ticket number, or 404; 403 when the user may not see it."""
    found = db.get(Ticket, number)
    if found is None:
        abort(404, _("There is no such ticket."))
    if not staff.may_see(current_user, found, content):
        log.warning("console: %s was refused ticket %s", current_user.email, found.reference)
        abort(403, _("This ticket is not for a centre or province you look after."))
    return found


def _blocks(rows: list[TicketEntry], emails: dict[int, str]) -> list[dict[str, Any]]:
    """The entries as the page shows them: what the bot answered before in one block, then each
    message, note and event with who wrote it."""
    blocks: list[dict[str, Any]] = []
    for entry in rows:
        if entry.kind == "context" and blocks and blocks[-1]["kind"] == "context":
            blocks[-1]["entries"].append(entry)
            continue
        blocks.append({"kind": entry.kind, "entries": [entry], "who": emails.get(entry.user_id or 0, "")})
    return blocks


@blueprint.post("/tickets/<int:number>/reply")
def ticket_reply(number: int) -> Any:
    """Reply to the citizen: stored, then sent on their channel once committed."""
    helpdesk, content = desk(), snapshot()
    typed = request.form.get("text", "")
    try:
        with helpdesk.database.session() as db, db.begin():
            found = _load(db, number, content)
            entry = staff.reply(db, found, current_user.id, typed, helpdesk.now())
            entry_id, reference = entry.id, found.reference
    except staff.StaffError as error:  # nothing was stored (the transaction rolled back)
        return _ticket_page(number, typed=typed, problem=str(error))
    log.info("console: %s replied to ticket %s (entry %d)", current_user.email, reference, entry_id)
    try:
        outcome = dispatch(helpdesk, entry_id)
    except Exception:  # stored and still queued: the page says so rather than failing
        log.exception("console: reply %d to ticket %s was stored but not handed over", entry_id, reference)
        outcome = "error"
    with helpdesk.database.session() as db:
        sent = db.get(TicketEntry, entry_id)
    flash(said(outcome, sent))
    return redirect(url_for("console.ticket", number=number), 303)


def said(outcome: str, entry: TicketEntry | None) -> str:
    """What the manager is told became of a reply (dispatch's outcome, the entry as it is now)."""
    why = (entry.error if entry is not None else None) or ""
    via = entry.via if entry is not None else None
    if outcome == "sent":
        told = _("Sent by WhatsApp.") if via == "whatsapp" else _("Sent by SMS.")
    elif outcome == "queued":
        told = _("Queued: it is sent in a moment. This page shows when it was.")
    elif outcome == "waiting":
        told = _("Waiting: the citizen sees it in the chat when they next write.")
    elif outcome in ("not_sent", "failed"):
        return _("Not sent: %(why)s.") % {"why": why or delivery_name(outcome)}
    elif outcome == "retry":
        return _("Not sent yet: %(why)s. It stays queued to be tried again.") % {"why": why or "-"}
    elif outcome == "gone":
        told = _("It is already being sent.")
    else:
        return _("The reply is saved but could not be handed over for sending: tell the operator.")
    return told + (" " + _("(%(why)s)") % {"why": why} if why else "")


@blueprint.post("/tickets/<int:number>/assign")
def ticket_assign(number: int) -> Response:
    """Assign the ticket to the signed-in user."""
    return _act(
        number,
        "assigned",
        lambda db, t, now: staff.assign(db, t, current_user.id, current_user.email, now),
        _("Assigned to you."),
    )


@blueprint.post("/tickets/<int:number>/close")
def ticket_close(number: int) -> Response:
    """Close the ticket (its number is removed: nothing more is sent to it)."""

    def close(db: Session, found: Ticket, now: dt.datetime) -> None:
        if found.status == "closed":
            raise staff.StaffError(_("This ticket is closed already."))
        staff.close(db, found, current_user.id, now)

    return _act(number, "closed", close, _("Closed. The citizen's number is removed: nothing more is sent to them."))


@blueprint.post("/tickets/<int:number>/reopen")
def ticket_reopen(number: int) -> Response:
    """Open a closed ticket again."""

    def reopen(db: Session, found: Ticket, now: dt.datetime) -> None:
        if found.status != "closed":
            raise staff.StaffError(_("This ticket is open already."))
        staff.reopen(db, found, current_user.id, now)

    return _act(number, "reopened", reopen, _("Reopened."))


@blueprint.post("/tickets/<int:number>/note")
def ticket_note(number: int) -> Response:
    """Add an internal note (staff see it; the citizen does not)."""
    text = request.form.get("text", "")
    return _act(
        number,
        "added a note to",
        lambda db, t, now: staff.note(db, t, current_user.id, text, now),
        _("Note added. The citizen does not see it."),
    )


def _act(number: int, what: str, action: Callable[[Session, Ticket, dt.datetime], None], done: str) -> Response:
    """Do action on ticket number in one transaction; flash done, or why not; back to the ticket."""
    helpdesk, content = desk(), snapshot()
    try:
        with helpdesk.database.session() as db, db.begin():
            found = _load(db, number, content)
            action(db, found, helpdesk.now())
            reference = found.reference
    except staff.StaffError as error:  # nothing was written (the transaction rolled back)
        flash(str(error))
        return redirect(url_for("console.ticket", number=number), 303)
    log.info("console: %s %s ticket %s", current_user.email, what, reference)
    flash(done)
    return redirect(url_for("console.ticket", number=number), 303)


@blueprint.get("/centres/<slug>/canned")
def canned(slug: str) -> str:
    """The centre's canned replies and its province's, by language, with the forms to keep them."""
    return _canned_page(centre_of(slug))[0]


@blueprint.post("/centres/<slug>/canned")
def canned_save(slug: str) -> Any:
    """Add a canned reply, or change one (`canned_id`): the centre's, or (`scope` "province")
    its province's."""
    centre = centre_of(slug)
    helpdesk, content = desk(), snapshot()
    typed = {name: request.form.get(name, "") for name in ("canned_id", "lang", "title", "text", "scope")}
    number = int(typed["canned_id"]) if typed["canned_id"].isdigit() else None
    try:
        if typed["canned_id"] and number is None:
            raise staff.StaffError(_("There is no such canned reply."))
        with helpdesk.database.session() as db, db.begin():
            if number is not None:
                canned_replies.canned_on(db, current_user, content, slug, number)
            saved = canned_replies.save_canned(
                db,
                current_user,
                content,
                None if typed["scope"] == "province" else slug,
                centre.province,
                typed["lang"],
                typed["title"],
                typed["text"],
                helpdesk.now(),
                canned_id=number,
            )
            saved_id = saved.id
    except staff.StaffError as error:  # nothing was written (the transaction rolled back)
        return _canned_page(centre, typed, str(error))
    log.info("console: %s %s canned reply %d", current_user.email, "changed" if number else "added", saved_id)
    flash(_("Canned reply saved.") if number else _("Canned reply added."))
    return redirect(url_for("console.canned", slug=slug) + "#canned-%d" % saved_id, 303)


@blueprint.post("/centres/<slug>/canned/<int:number>/delete")
def canned_delete(slug: str, number: int) -> Response:
    """Delete a canned reply of the centre (or of its province, for those who keep those)."""
    centre_of(slug)
    helpdesk, content = desk(), snapshot()
    try:
        with helpdesk.database.session() as db, db.begin():
            canned_replies.delete_canned(db, current_user, content, slug, number)
    except staff.StaffError as error:  # nothing was deleted
        flash(str(error))
        return redirect(url_for("console.canned", slug=slug), 303)
    log.info("console: %s deleted canned reply %d", current_user.email, number)
    flash(_("Canned reply deleted."))
    return redirect(url_for("console.canned", slug=slug), 303)


def _canned_page(centre: CentreInfo, typed: dict[str, str] | None = None, problem: str = "") -> tuple[str, int]:
    """The canned replies page; typed (the form as sent) and problem when a change was refused."""
    content = snapshot()
    with desk().database.session() as db:
        rows = canned_replies.canned_list(db, current_user, content, centre.slug)
        emails = _emails(db, {c.created_by for c in rows})
    groups: dict[str, list[CannedReply]] = {}
    for row in rows:
        groups.setdefault(row.lang, []).append(row)
    typed = typed or {}
    # Where the page says why a change was refused: on the form it came from, when shown.
    kept = {row.id for row in rows if canned_replies.may_keep(current_user, row.centre, row.province)}
    problem_at = "add" if not typed.get("canned_id") else "top"
    if typed.get("canned_id", "").isdigit() and int(typed["canned_id"]) in kept:
        problem_at = "canned-%d" % int(typed["canned_id"])
    province = content.provinces.get(centre.province, {})
    page = render_template(
        "console/canned.html",
        centre=centre,
        groups=[(code, language_name(code), groups[code]) for code in groups],
        languages=LANGUAGES,
        province=province.get("en", centre.province),
        province_wide=canned_replies.may_keep(current_user, None, centre.province),
        kept=kept,
        emails=emails,
        typed=typed,
        problem=problem,
        problem_at=problem_at if problem else "",
        limit=staff.REPLY_SEGMENTS,
        title_chars=canned_replies.CANNED_TITLE_CHARS,
        when=when,
    )
    return page, (400 if problem else 200)


def _emails(db: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {u.id: u.email for u in db.scalars(select(ConsoleUser).where(ConsoleUser.id.in_(wanted)))}


def _where(found: Ticket, content: Content) -> str:
    centre = content.centres.get(found.centre or "")
    if centre is not None:
        return centre.name["en"]
    return found.centre or _("province: %(code)s") % {"code": found.province or "?"}


def waited(since: dt.datetime, now: dt.datetime) -> str:
    """How long since then, roughly: "40 min", "3 h" (under two days), "2 days"."""
    minutes = max(0, int((utc(now) - utc(since)).total_seconds() // 60))
    if minutes < 60:
        return _("%(n)d min") % {"n": minutes}
    if minutes < 48 * 60:
        return _("%(n)d h") % {"n": minutes // 60}
    return _("%(n)d days") % {"n": minutes // (24 * 60)}


def channel_name(channel: str) -> str:
    return {"sms": _("SMS"), "whatsapp": _("WhatsApp"), "ussd": _("USSD"), "web": _("web chat")}.get(channel, channel)


def status_name(status: str) -> str:
    return {"new": _("new"), "assigned": _("assigned"), "answered": _("answered"), "closed": _("closed")}.get(
        status, status
    )


def delivery_name(delivery: str | None) -> str:
    """A reply's delivery (bot.models.TicketEntry) in words."""
    return {
        "queued": _("queued to be sent"),
        "sending": _("being sent"),
        "sent": _("sent"),
        "waiting": _("waiting in the chat for the citizen"),
        "shown": _("shown to the citizen in the chat"),
        "failed": _("failed"),
        "not_sent": _("not sent"),
    }.get(delivery or "", delivery or "-")
