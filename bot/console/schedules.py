"""A centre's service days in the console: publish a department's schedule, cancel one date.

The schedule form opens with the schedule in force (published, or the content's example, with
its cancelled dates) and asks only what its kind of repeat needs (choosing another kind shows
its fields: the page works without JavaScript). "Preview" shows the next dates the schedule
gives as bot.calendar will say them (public holidays and closures marked); "Publish" is offered
only with a preview of exactly what is published, and writes over the version the form was
opened with (bot.console.changes: a manager who changed it meanwhile wins, the other is told
to reload). A date can be cancelled only when it is a confirmed service day to come.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..calendar import CANCELLED, CLOSED, CONFIRMED, HOLIDAY, Day, calendar_of
from ..calendar.public_holidays import holiday
from ..content import published
from ..content.snapshot import ServiceDayInfo, pick
from .changes import Stale, amend, day, record, version
from .forms import CancelForm, ScheduleForm
from .texts import _
from .views import blueprint, centre_of
from .views import content as snapshot

UTC = ZoneInfo("UTC")
# Dates shown in a preview.
PREVIEWED = 12


def _today() -> dt.date:
    return current_app.extensions["conversations"].today()


def _form() -> ScheduleForm:
    content = snapshot()
    return ScheduleForm(
        providers=[(p.slug, pick(p.name, "en")) for p in content.providers.values()],
        services=[(s.slug, pick(s.name, "en")) for s in content.services.values()],
    )


def as_value(visit: ServiceDayInfo) -> dict[str, Any]:
    """A schedule from the content (an example) as a published value, to open the form with."""
    return {
        "provider": visit.provider,
        "service": visit.service,
        "repeat": dict(visit.repeat) if visit.repeat else None,
        "dates": [d.isoformat() for d in visit.dates],
        "starts": visit.starts.isoformat() if visit.starts else None,
        "ends": visit.ends.isoformat() if visit.ends else None,
        "except": sorted(d.isoformat() for d in visit.exceptions),
        "time": visit.time,
        "cancelled": [d.isoformat() for d in visit.cancelled],
    }


def _open(form: ScheduleForm, slug: str, provider: str, service: str | None) -> None:
    """Fill form with the schedule in force for provider (and service) at the centre."""
    target = published.target_of(provider, service)
    form.version.data = "%s@%d" % (target, version(slug, published.SERVICE_DAY, target))
    found = [v for v in calendar_of(snapshot()).visits(slug, provider) if (v.service or None) == service]
    if found:
        form.fill(as_value(found[0]))
    else:
        form.provider.data, form.service.data = provider, service or ""


def _checked(value: dict[str, Any]) -> str:
    """A short fingerprint of a value: the preview shown is of exactly what is published."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def preview(slug: str, value: dict[str, Any]) -> list[tuple[Day, str]]:
    """The next dates value gives at the centre from today, each with what the bot will say."""
    visit = published.service_day(slug, value, dt.datetime.now(dt.UTC), UTC)
    today = _today()
    days = calendar_of(snapshot()).between([visit], today, today + dt.timedelta(days=400), today)[:PREVIEWED]
    return [(d, _said(d)) for d in days]


def _said(d: Day) -> str:
    if d.status == HOLIDAY:
        return _("Public holiday (%(holiday)s): the bot says the department does not come.") % {"holiday": d.holiday}
    if d.status == CLOSED and d.closure is not None:
        return _("Closed (your notice, %(starts)s to %(ends)s): the bot says the department does not come.") % {
            "starts": day(d.closure.starts),
            "ends": day(d.closure.ends),
        }
    if d.status == CANCELLED:
        return _("Cancelled: the bot says the department does not come.")
    name = holiday(d.date)
    if name is not None:  # a date published as such
        return _("Public holiday (%(holiday)s), and you confirm the department comes.") % {"holiday": name}
    return _("The department comes.")


@blueprint.route("/centres/<slug>/schedule", methods=["GET", "POST"])
def schedule(slug: str) -> Any:
    """Choose, preview and publish the centre's service days for one department (and service)."""
    found = centre_of(slug)
    form = _form()
    action = request.form.get("action", "")
    if request.method == "GET":
        provider = request.args.get("provider", "")
        if provider in snapshot().providers:
            service = request.args.get("service") or None
            _open(form, slug, provider, service if service in snapshot().services else None)
        return render_template("console/schedule.html", centre=found, form=form, fields=form.fields_for())
    shown: list[tuple[Day, str]] = []
    changed = False
    if action in ("preview", "publish") and form.validate_on_submit():
        value = form.value()
        if value["repeat"] and value["repeat"]["interval"] > 1 and not value["starts"]:
            value["starts"] = _today().isoformat()  # "every 2 weeks" counts from the day it is published
        value["cancelled"] = [d for d in value["cancelled"] if _gives(slug, value, d)]
        changed = action == "publish" and form.previewed.data != _checked(value)
        if action == "publish" and not changed:
            target = published.target_of(value["provider"], value["service"])
            opened, _at, over = (form.version.data or "").rpartition("@")
            if opened != target and version(slug, published.SERVICE_DAY, target):
                # The form was opened for another department (or service) that has a schedule in force.
                flash(_("This department has a schedule in force: here it is. Check it, then publish."))
                return redirect(
                    url_for("console.schedule", slug=slug, provider=value["provider"], service=value["service"])
                )
            try:
                record(
                    slug,
                    published.SERVICE_DAY,
                    target,
                    value,
                    "published the service days",
                    _over(opened, target, over),
                )
            except Stale:
                flash(_("Someone changed this schedule since you opened it. Here it is as it is now: check it again."))
                return redirect(
                    url_for("console.schedule", slug=slug, provider=value["provider"], service=value["service"])
                )
            flash(_("Published. The bot gives these service days from now on, marked as confirmed by the centre."))
            return redirect(url_for("console.centre", slug=slug))
        form.previewed.data = _checked(value)
        shown = preview(slug, value)
    return render_template(
        "console/schedule.html",
        centre=found,
        form=form,
        fields=form.fields_for(),
        shown=shown,
        day=day,
        changed=changed,
    )


def _over(opened: str, target: str, over: str) -> int:
    """The version the change is made over: the form's (its target's change when it was opened),
    0 for a target that had none."""
    if opened != target:
        return 0
    return int(over) if over.isdigit() else -1  # (a version no change has: always stale)


def _gives(slug: str, value: dict[str, Any], date: str) -> bool:
    """Whether the schedule value gives date (a cancelled date it does not give is dropped)."""
    visit = published.service_day(slug, value, dt.datetime.now(dt.UTC), UTC)
    when = dt.date.fromisoformat(date)
    return when >= _today() and bool(calendar_of(snapshot()).on([visit], when, _today()))


@blueprint.post("/centres/<slug>/cancel/<path:target>")
def cancel(slug: str, target: str) -> Response:
    """Cancel one confirmed service day of a published schedule: the bot leaves it out and says
    so. Any other date is refused with why, and nothing is stored."""
    centre_of(slug)
    form = CancelForm()
    if not form.validate_on_submit() or form.date.data is None:
        flash(_("Give the date that is cancelled."))
        return redirect(url_for("console.centre", slug=slug))
    date = form.date.data
    problem = _not_cancellable(slug, target, date)
    if problem:
        flash(problem)
        return redirect(url_for("console.centre", slug=slug))

    def cancelled(value: dict[str, Any]) -> dict[str, Any]:
        return dict(value, cancelled=sorted(set(value.get("cancelled", [])) | {date.isoformat()}))

    if not amend(slug, published.SERVICE_DAY, target, cancelled, "cancelled %s" % date.isoformat()):
        flash(_("Only a published schedule can have a date cancelled: publish the service days first."))
        return redirect(url_for("console.centre", slug=slug))
    flash(_("Cancelled %s. The bot says so to anyone who asks.") % day(date))
    return redirect(url_for("console.centre", slug=slug))


def _not_cancellable(slug: str, target: str, date: dt.date) -> str | None:
    """Why date cannot be cancelled in the schedule target at the centre, or None."""
    provider, _sep, service = target.partition("/")
    visits = [
        v
        for v in calendar_of(snapshot()).visits(slug, provider)
        if (v.service or "") == service and v.confirmed_on is not None
    ]
    if not visits:
        return _("Only a published schedule can have a date cancelled: publish the service days first.")
    today = _today()
    if date < today:
        return _("%(date)s has passed: nothing was cancelled.") % {"date": day(date)}
    days = calendar_of(snapshot()).on(visits, date, today)
    if not days:
        return _("%(date)s is not a service day of this schedule: nothing was cancelled.") % {"date": day(date)}
    status = days[0].status
    if status == CONFIRMED:
        return None
    if status == CANCELLED:
        return _("%(date)s is already cancelled.") % {"date": day(date)}
    if status == HOLIDAY:
        return _("%(date)s is a public holiday: the bot already says the department does not come.") % {
            "date": day(date)
        }
    return _("The centre is closed on %(date)s (a notice): the bot already says the department does not come.") % {
        "date": day(date)
    }
