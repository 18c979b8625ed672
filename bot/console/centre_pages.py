"""A centre's pages in the console: its service days (published and examples; publishing and
cancelling are bot.console.schedules), its contact details and hours, its notices, the services
it offers, how many people get reminders (counts only), and the history of every change in
words and South African time. Each needs a user who manages the centre (403 otherwise); each
change is one PublishedChange (who, when, before, after), written by bot.console.changes."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..calendar import CONFIRMED, calendar_of
from ..content import published
from ..content.snapshot import ServiceDayInfo, pick
from ..i18n import LANGUAGES, WEEKDAY_KEYS
from ..models import ConsoleUser, PublishedChange
from ..reminders import subscriptions
from .changes import Stale, day, describe_facts, describe_notice, describe_service, in_force, record, version, when
from .forms import POSITION_NAMES, WEEKDAY_NAMES, CancelForm, FactsForm, NoticeForm, notice_texts
from .texts import _
from .views import blueprint, centre_of
from .views import content as snapshot

log = logging.getLogger(__name__)
# The reminders sent in the last this many days are counted on a centre's page.
REMINDER_DAYS = 30
# The next confirmed service days of a schedule offered for cancelling.
CANCELLABLE = 12


@blueprint.get("/centres/<slug>")
def centre(slug: str) -> str:
    """A centre's service days (published and examples) and their history."""
    found = centre_of(slug)
    content = snapshot()
    days = calendar_of(content).visits(slug)
    with current_app.extensions["database"].session() as db:
        notices = [c for c in published.in_force(db, slug) if c.kind == published.NOTICE and c.value is not None]
        history = list(
            db.scalars(
                select(PublishedChange).where(PublishedChange.centre == slug).order_by(PublishedChange.id.desc())
            )
        )
        authors = _authors(db, history)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=REMINDER_DAYS)
    return render_template(
        "console/centre.html",
        centre=found,
        days=days,
        content=content,
        history=history,
        authors=authors,
        pick=pick,
        cancel=CancelForm(),
        target_of=published.target_of,
        describe=describe,
        cancellable=cancellable,
        when=when,
        day=day,
        notices=notices,
        providers=content.providers,
        reminders=subscriptions.counts(current_app.extensions["database"], slug, since),
        reminders_on=current_app.extensions.get("reminders") is not None,
        sender=_sender(),
        reminder_days=REMINDER_DAYS,
    )


def _sender() -> tuple[str, bool] | None:
    """When the reminder sender last ran (in words) and whether that is recent; None when
    reminders are off."""
    from ..reminders.jobs import SENDER_LATE_SECONDS, last_beat

    if current_app.extensions.get("reminders") is None:
        return None
    last = last_beat(current_app.extensions["database"])
    if last is None:
        return _("never"), False
    return when(last), (dt.datetime.now(dt.UTC) - last).total_seconds() <= SENDER_LATE_SECONDS


def cancellable(visit: ServiceDayInfo) -> list[dt.date]:
    """The next confirmed service days of a published schedule (what may be cancelled)."""
    today = current_app.extensions["conversations"].today()
    days = calendar_of(snapshot()).upcoming([visit], today, CANCELLABLE)
    return [d.date for _visit, found in days for d in found if d.status == CONFIRMED]


def describe(schedule: ServiceDayInfo | dict[str, Any] | None, kind: str = published.SERVICE_DAY) -> str:
    """A published value in words: a schedule ("every month on the 2nd Tuesday, 08:00-13:00;
    cancelled: ..."), a centre's facts, a notice, whether a service is offered."""
    if schedule is None:
        return {
            published.SERVICE_DAY: _("nothing (the content's example, if any)"),
            published.NOTICE: _("no notice"),
        }.get(kind, _("what content/ says"))
    if isinstance(schedule, dict) and kind == published.FACTS:
        return describe_facts(schedule)
    if isinstance(schedule, dict) and kind == published.NOTICE:
        names = {slug: pick(p.name, "en") for slug, p in snapshot().providers.items()}
        return describe_notice(schedule, names)
    if isinstance(schedule, dict) and kind == published.SERVICE:
        return describe_service(schedule)
    if isinstance(schedule, ServiceDayInfo):
        repeat, time = schedule.repeat, schedule.time
        dates = [d.isoformat() for d in schedule.dates]
        cancelled = [d.isoformat() for d in schedule.cancelled]
    else:
        repeat, time = schedule.get("repeat"), schedule.get("time")
        dates, cancelled = schedule.get("dates", []), schedule.get("cancelled", [])
    if repeat:
        n, weekday = repeat.get("interval", 1), str(WEEKDAY_NAMES.get(repeat["weekday"], repeat["weekday"]))
        position = str(POSITION_NAMES.get(str(repeat.get("position")), "?"))
        names = {"n": n, "weekday": weekday, "position": position}
        if repeat["every"] == "week":
            text = (_("every week on %(weekday)s") if n == 1 else _("every %(n)s weeks on %(weekday)s")) % names
        else:
            text = (
                _("every month on the %(position)s %(weekday)s")
                if n == 1
                else _("every %(n)s months on the %(position)s %(weekday)s")
            ) % names
    else:
        text = _("on %(dates)s") % {"dates": ", ".join(day(d) for d in dates)}
    if time:
        text += ", " + time
    if cancelled:
        text += "; " + _("cancelled: %(dates)s") % {"dates": ", ".join(day(d) for d in cancelled)}
    return text


def _authors(db: Any, history: list[PublishedChange]) -> dict[int, str]:
    ids = {change.user_id for change in history}
    return {u.id: u.email for u in db.scalars(select(ConsoleUser).where(ConsoleUser.id.in_(ids)))} if ids else {}


@blueprint.route("/centres/<slug>/facts", methods=["GET", "POST"])
def facts(slug: str) -> Any:
    """Correct the centre's phones, opening hours and address."""
    found = centre_of(slug)
    form = FactsForm()
    if request.method == "GET":
        form.version.data = str(version(slug, published.FACTS, "facts"))
        form.phones.data = "\n".join(found.phones)
        form.address.data = pick(found.address, "en")
        for key in WEEKDAY_KEYS:
            getattr(form, key).data = found.hours.get(key, "closed")
    if form.validate_on_submit():
        over = int(form.version.data) if (form.version.data or "").isdigit() else -1
        try:
            record(slug, published.FACTS, "facts", form.value(), "corrected the phones, hours and address", over)
        except Stale:
            flash(_("Someone changed these details since you opened them. Here they are as they are now."))
            return redirect(url_for("console.facts", slug=slug))
        flash(_("Saved. The bot gives these phones, hours and address from now on."))
        return redirect(url_for("console.centre", slug=slug))
    return render_template("console/facts.html", centre=found, form=form, days=WEEKDAY_KEYS)


@blueprint.route("/centres/<slug>/notices/new", methods=["GET", "POST"])
def notice(slug: str) -> Any:
    """Post a notice (closure, system offline, an event) with its dates and languages."""
    found = centre_of(slug)
    content = snapshot()
    form = NoticeForm(providers=[(p.slug, pick(p.name, "en")) for p in content.providers.values()])
    texts, problem = notice_texts(request.form)
    if request.method == "POST" and form.validate_on_submit() and problem is None:
        record(slug, published.NOTICE, "n" + secrets.token_hex(4), form.value(texts), "posted a notice", over=0)
        flash(_("Posted. The bot says this notice to anyone asking about the centre while its dates are near."))
        return redirect(url_for("console.centre", slug=slug))
    return render_template(
        "console/notice.html",
        centre=found,
        form=form,
        texts=texts,
        problem=problem if request.method == "POST" else None,
        languages=LANGUAGES,
    )


@blueprint.post("/centres/<slug>/notices/<target>/withdraw")
def withdraw(slug: str, target: str) -> Response:
    """Withdraw a notice: the bot stops saying it (the history keeps it)."""
    centre_of(slug)
    current = in_force(slug, published.NOTICE, target)
    if current is None or current.value is None:
        abort(404, _("There is no such notice."))
    # Withdrawn (or changed) by someone else at the same moment: the page shows it as it is.
    with contextlib.suppress(Stale):
        record(slug, published.NOTICE, target, None, "withdrew a notice", over=current.id)
    flash(_("Withdrawn."))
    return redirect(url_for("console.centre", slug=slug))


SERVICE_MODES = ("none", "permanent", "visiting")


@blueprint.route("/centres/<slug>/services", methods=["GET", "POST"])
def services(slug: str) -> Any:
    """Which services the centre offers, at a permanent desk or on visits; each change is kept."""
    found = centre_of(slug)
    content = snapshot()
    current = {o.service: o for o in found.services}
    if request.method == "POST":  # (its CSRF token is checked before every console view)
        changed = 0
        for service in content.services:
            mode = request.form.get("mode_" + service)
            if mode is None:
                continue
            if mode not in SERVICE_MODES:
                abort(400, _("A service is offered as none, permanent or visiting."))
            was = current[service].mode if service in current else "none"
            if mode != was or (service in current and not current[service].verified and mode != "none"):
                record(slug, published.SERVICE, service, {"mode": mode}, "set %s to %s" % (service, mode))
                changed += 1
        flash(_("Saved %d change(s). The bot lists the centre's services as you set them.") % changed)
        return redirect(url_for("console.centre", slug=slug))
    rows = [
        (s.slug, pick(s.name, "en"), current[s.slug].mode if s.slug in current else "none")
        for s in content.services.values()
    ]
    return render_template("console/services.html", centre=found, rows=rows, modes=SERVICE_MODES)
