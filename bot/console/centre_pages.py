"""A centre's pages in the console: its service days (publish, cancel a date), its contact
details and hours, its notices, how many people get reminders (counts only), and the history
of every change. Each needs a user who manages
the centre (403 otherwise); each change is one PublishedChange (who, when, before, after)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..content import published
from ..content.snapshot import ServiceDayInfo, pick
from ..i18n import LANGUAGES, WEEKDAY_KEYS
from ..models import ConsoleUser, PublishedChange
from ..reminders import subscriptions
from .forms import POSITION_NAMES, WEEKDAY_NAMES, CancelForm, FactsForm, NoticeForm, ScheduleForm, notice_texts
from .texts import _
from .views import blueprint, centre_of
from .views import content as snapshot

log = logging.getLogger(__name__)
# The reminders sent in the last this many days are counted on a centre's page.
REMINDER_DAYS = 30


@blueprint.get("/centres/<slug>")
def centre(slug: str) -> str:
    """A centre's service days (published and examples) and their history."""
    found = centre_of(slug)
    content = snapshot()
    days = [d for d in content.service_days if d.centre == slug]
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
        notices=notices,
        providers=content.providers,
        reminders=subscriptions.counts(current_app.extensions["database"], slug, since),
        reminders_on=current_app.extensions.get("reminders") is not None,
        reminder_days=REMINDER_DAYS,
    )


def describe(schedule: ServiceDayInfo | dict[str, Any] | None) -> str:
    """A schedule in words ("every month on the 2nd Tuesday, 08:00-13:00; cancelled: ..."), or
    another published value as it was stored."""
    if schedule is None:
        return _("nothing (the content's example, if any)")
    if isinstance(schedule, dict) and ("provider" not in schedule or "text" in schedule):  # facts, a notice
        return ", ".join("%s: %s" % (key, value) for key, value in schedule.items())
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
        text = _("on %(dates)s") % {"dates": ", ".join(dates)}
    if time:
        text += ", " + time
    if cancelled:
        text += "; " + _("cancelled: %(dates)s") % {"dates": ", ".join(cancelled)}
    return text


def _authors(db: Any, history: list[PublishedChange]) -> dict[int, str]:
    ids = {change.user_id for change in history}
    return {u.id: u.email for u in db.scalars(select(ConsoleUser).where(ConsoleUser.id.in_(ids)))} if ids else {}


@blueprint.route("/centres/<slug>/schedule", methods=["GET", "POST"])
def schedule(slug: str) -> Any:
    """Publish the centre's service days for one department (and service)."""
    found = centre_of(slug)
    content = snapshot()
    form = ScheduleForm(
        providers=[(p.slug, pick(p.name, "en")) for p in content.providers.values()],
        services=[(s.slug, pick(s.name, "en")) for s in content.services.values()],
    )
    if request.method == "GET" and request.args.get("provider") in content.providers:
        form.provider.data = request.args["provider"]
    if form.validate_on_submit():
        value = form.value()
        today = current_app.extensions["conversations"].today()
        if value["repeat"] and value["repeat"]["interval"] > 1 and not value["starts"]:
            value["starts"] = today.isoformat()  # "every 2 weeks" counts from the day it is published
        target = published.target_of(value["provider"], value["service"])
        _publish(slug, target, value, "published the service days")
        flash(_("Published. The bot gives these service days from now on, marked as confirmed by the centre."))
        return redirect(url_for("console.centre", slug=slug))
    return render_template("console/schedule.html", centre=found, form=form, pick=pick)


@blueprint.post("/centres/<slug>/cancel/<path:target>")
def cancel(slug: str, target: str) -> Response:
    """Cancel one date of a published schedule: the bot leaves it out and says so."""
    centre_of(slug)
    form = CancelForm()
    if not form.validate_on_submit() or form.date.data is None:
        flash(_("Give the date that is cancelled."))
        return redirect(url_for("console.centre", slug=slug))
    current = _in_force(slug, published.SERVICE_DAY, target)
    if current is None or current.value is None:
        abort(404, _("Only a published schedule can have a date cancelled: publish the service days first."))
    value = dict(current.value)
    day = form.date.data.isoformat()
    value["cancelled"] = sorted(set(value.get("cancelled", [])) | {day})
    _publish(slug, target, value, "cancelled %s" % day)
    flash(_("Cancelled %s. The bot says so to anyone who asks.") % day)
    return redirect(url_for("console.centre", slug=slug))


def _in_force(slug: str, kind: str, target: str) -> PublishedChange | None:
    with current_app.extensions["database"].session() as db:
        found = [c for c in published.in_force(db, slug) if c.kind == kind and c.target == target]
    return found[0] if found else None


def _publish(
    slug: str, target: str, value: dict[str, Any] | None, note: str, kind: str = published.SERVICE_DAY
) -> None:
    """Record one change (who, when, before and after); every worker's snapshot takes it up at
    its next check (CONTENT_CHECK_SECONDS)."""
    with current_app.extensions["database"].session() as db, db.begin():
        before = [c for c in published.in_force(db, slug) if c.kind == kind and c.target == target]
        db.add(
            PublishedChange(
                kind=kind,
                centre=slug,
                target=target,
                value=value,
                previous=before[0].value if before else None,
                note=note,
                user_id=current_user.id,
                at=dt.datetime.now(dt.UTC),
            )
        )
    log.info("console: %s %s for %s at %s", current_user.email, note, target, slug)


@blueprint.route("/centres/<slug>/facts", methods=["GET", "POST"])
def facts(slug: str) -> Any:
    """Correct the centre's phones, opening hours and address."""
    found = centre_of(slug)
    form = FactsForm()
    if request.method == "GET":
        form.phones.data = "\n".join(found.phones)
        form.address.data = pick(found.address, "en")
        for key in WEEKDAY_KEYS:
            getattr(form, key).data = found.hours.get(key, "closed")
    if form.validate_on_submit():
        _publish(slug, "facts", form.value(), "corrected the phones, hours and address", kind=published.FACTS)
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
        _publish(slug, "n" + secrets.token_hex(4), form.value(texts), "posted a notice", kind=published.NOTICE)
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
    current = _in_force(slug, published.NOTICE, target)
    if current is None or current.value is None:
        abort(404, _("There is no such notice."))
    _publish(slug, target, None, "withdrew a notice", kind=published.NOTICE)
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
                _publish(slug, service, {"mode": mode}, "set %s to %s" % (service, mode), kind=published.SERVICE)
                changed += 1
        flash(_("Saved %d change(s). The bot lists the centre's services as you set them.") % changed)
        return redirect(url_for("console.centre", slug=slug))
    rows = [
        (s.slug, pick(s.name, "en"), current[s.slug].mode if s.slug in current else "none")
        for s in content.services.values()
    ]
    return render_template("console/services.html", centre=found, rows=rows, modes=SERVICE_MODES)
