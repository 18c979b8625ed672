"""What managers and coordinators learn in the console: a centre's feedback inbox (status new,
seen or answered, counts per month), the questions the bot could not answer (grouped by week
and language, for the provinces the user looks after; no phone number, no user key), and an
overview per province (confirmed schedules against examples, centres with no phone, hours not
confirmed, centres not confirmed for a year, helpdesk questions answered late)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ..content.freshness import is_stale
from ..content.snapshot import Content
from ..models import Feedback, Ticket, Unanswered
from .texts import _
from .views import blueprint, centre_of
from .views import content as snapshot

STATUSES = ("new", "seen", "answered")
# Unanswered questions shown per week and language: the most asked first.
SHOWN_PER_GROUP = 20


def provinces_of(content: Content) -> list[str]:
    """The provinces the signed-in user looks after (every one for an administrator)."""
    if current_user.role == "admin":
        return sorted(content.provinces)
    if current_user.role == "coordinator":
        return [current_user.province]
    return sorted({content.centres[c].province for c in current_user.centres if c in content.centres})


@blueprint.get("/centres/<slug>/feedback")
def feedback(slug: str) -> str:
    """The centre's feedback, newest first, with its status and the counts per month."""
    centre = centre_of(slug)
    with current_app.extensions["database"].session() as db:
        rows = list(db.scalars(select(Feedback).where(Feedback.centre_slug == slug).order_by(Feedback.id.desc())))
    months = Counter(row.created_at.strftime("%Y-%m") for row in rows)
    return render_template(
        "console/feedback.html",
        centre=centre,
        rows=rows,
        months=sorted(months.items(), reverse=True),
        statuses=STATUSES,
    )


@blueprint.post("/centres/<slug>/feedback/<int:number>")
def feedback_status(slug: str, number: int) -> Response:
    """Mark one feedback message new, seen or answered (who and when are kept)."""
    centre_of(slug)
    status = request.form.get("status", "")
    if status not in STATUSES:
        abort(400, _("The status must be one of: %s.") % ", ".join(STATUSES))
    with current_app.extensions["database"].session() as db, db.begin():
        row = db.get(Feedback, number)
        if row is None or row.centre_slug != slug:
            abort(404, _("There is no such feedback at this centre."))
        row.status, row.status_by, row.status_at = status, current_user.id, dt.datetime.now(dt.UTC)
    flash(_("Marked %s.") % status)
    return redirect(url_for("console.feedback", slug=slug))


@blueprint.get("/unanswered")
def unanswered() -> str:
    """The questions the bot could not answer in the user's provinces, by week and language."""
    provinces = provinces_of(snapshot())
    query = select(Unanswered.kind, Unanswered.text, Unanswered.lang, Unanswered.province, Unanswered.created_at)
    if current_user.role != "admin":
        query = query.where(Unanswered.province.in_(provinces))
    with current_app.extensions["database"].session() as db:
        rows = db.execute(query).all()
    groups: dict[tuple[str, str], Counter[tuple[str, str]]] = {}
    for row in rows:
        year, week, _day = row.created_at.isocalendar()
        key = ("%d-W%02d" % (year, week), row.lang)
        groups.setdefault(key, Counter())[(row.kind, row.text.lower())] += 1
    shown = [
        (week, lang, sum(counts.values()), counts.most_common(SHOWN_PER_GROUP))
        for (week, lang), counts in sorted(groups.items(), reverse=True)
    ]
    return render_template("console/unanswered.html", groups=shown, provinces=provinces)


@blueprint.get("/overview")
def overview() -> str:
    """One page per province for coordinators and administrators."""
    if current_user.role == "manager":
        abort(403, _("The overview is for provincial coordinators and administrators."))
    content = snapshot()
    rows = [_province_row(content, code) for code in provinces_of(content)]
    return render_template("console/overview.html", rows=rows, content=content)


def _province_row(content: Content, code: str) -> dict[str, Any]:
    today = current_app.extensions["conversations"].today()
    centres = [c for c in content.centres.values() if c.province == code]
    confirmed = {d.centre for d in content.service_days if d.confirmed_on}
    with_days = {d.centre for d in content.service_days}
    with current_app.extensions["database"].session() as db:
        late = db.scalar(
            select(func.count(Ticket.id)).where(
                Ticket.province == code, Ticket.status != "closed", Ticket.late_at.is_not(None)
            )
        )
    return {
        "province": code,
        "name": content.provinces[code].get("en", code),
        # Helpdesk questions nobody answered within one working day (bot.helpdesk.late), still open.
        "late_tickets": late or 0,
        "centres": len(centres),
        "confirmed": sorted(c.name["en"] for c in centres if c.slug in confirmed),
        "examples_only": sorted(c.name["en"] for c in centres if c.slug in with_days and c.slug not in confirmed),
        "no_phone": sorted(c.name["en"] for c in centres if not c.phones),
        "hours_not_confirmed": sorted(c.name["en"] for c in centres if not c.hours_verified),
        "not_confirmed_for_a_year": sorted(c.name["en"] for c in centres if c.status == "unverified"),
        # Facts of the services these centres offer (documents, fees) last checked over 12 months ago.
        "stale_services": sorted(
            {
                content.services[o.service].name["en"]
                for c in centres
                for o in c.services
                if o.service in content.services and is_stale(content.services[o.service].checked, today)
            }
        ),
    }
