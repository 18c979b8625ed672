"""The console's pages (server-rendered, no JavaScript). Every page but sign-in and the
password link needs a signed-in user; every page of a centre needs a user who manages it
(403 otherwise); every form is CSRF-checked (400 without a valid token)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from limits import parse
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ..channels.limits import Counters
from ..content import published
from ..content.snapshot import CentreInfo, Content, ServiceDayInfo, pick
from ..models import PublishedChange
from . import accounts
from .forms import CancelForm, LoginForm, PasswordForm, ScheduleForm

log = logging.getLogger(__name__)
blueprint = Blueprint("console", __name__, url_prefix="/console", template_folder="templates")
OPEN = {"console.login", "console.password", "console.static"}


@blueprint.before_request
def protect() -> Response | None:
    """CSRF on every form; a signed-in user everywhere but sign-in and the password link."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        current_app.extensions["csrf"].protect()
    if request.endpoint not in OPEN and not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]  # Flask-Login sets it
    return None


@blueprint.errorhandler(HTTPException)
def error_page(error: HTTPException) -> tuple[str, int]:
    return render_template("console/error.html", error=error), error.code or 500


def _content() -> Content:
    return current_app.extensions["snapshots"].get()


def _counters() -> Counters:
    counters = current_app.extensions.get("console_counters")
    if counters is None:
        counters = Counters(current_app.config["REDIS_URL"] or None)
        current_app.extensions["console_counters"] = counters
    return counters


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Sign in with email and password; a bounded number of failures per account and address."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("console/login.html", form=form)
    email = accounts.normal_email(form.email.data or "")
    address = request.remote_addr or "-"
    per_account = parse(current_app.config["CONSOLE_LOGIN_LIMIT"])
    per_address = parse(current_app.config["CONSOLE_ADDRESS_LIMIT"])
    counters = _counters()
    if not counters.test(per_account, "console", "account", email) or not counters.test(
        per_address, "console", "address", address
    ):
        log.warning("console: sign-in refused for %s from %s: too many failures", email, address)
        return render_template("console/login.html", form=form, too_many=True), 429
    with current_app.extensions["database"].session() as db, db.begin():
        user = accounts.check(db, email, form.password.data or "")
        if user is not None:
            user.last_login_at = dt.datetime.now(dt.UTC)
            manager = accounts.as_manager(user)
    if user is None:
        counters.hit(per_account, "console", "account", email)
        counters.hit(per_address, "console", "address", address)
        log.warning("console: failed sign-in for %s from %s", email, address)
        return render_template("console/login.html", form=form, failed=True), 401
    session.clear()
    session.permanent = True
    login_user(manager)
    log.info("console: %s signed in from %s", email, address)
    return redirect(url_for("console.home"))


@blueprint.post("/logout")
def logout() -> Response:
    log.info("console: %s signed out", current_user.email)
    logout_user()
    session.clear()
    return redirect(url_for("console.login"))


@blueprint.route("/password/<token>", methods=["GET", "POST"])
def password(token: str) -> Any:
    """Set a password with a one-time link (printed by `flask --app bot users add/reset`)."""
    form = PasswordForm()
    with current_app.extensions["database"].session() as db, db.begin():
        user = accounts.link_user(db, token)
        if user is None:
            abort(404, "This link is not valid any more: ask an administrator for a new one.")
        if form.validate_on_submit():
            accounts.set_password(db, token, form.password.data or "")
            log.info("console: %s set a password", user.email)
            flash("Your password is set. Sign in with it.")
            return redirect(url_for("console.login"))
    return render_template("console/password.html", form=form)


@blueprint.get("/")
@login_required
def home() -> str:
    """The centres this user manages."""
    content = _content()
    return render_template("console/home.html", centres=current_user.centres_in(content), content=content)


def _centre(slug: str) -> CentreInfo:
    centre = _content().centres.get(slug)
    if centre is None:
        abort(404, "There is no such centre.")
    if not current_user.may_manage(centre):
        log.warning("console: %s was refused centre %s", current_user.email, slug)
        abort(403, "You do not manage this centre.")
    return centre


@blueprint.get("/centres/<slug>")
def centre(slug: str) -> str:
    """A centre's service days (published and examples) and their history."""
    found = _centre(slug)
    content = _content()
    days = [d for d in content.service_days if d.centre == slug]
    with current_app.extensions["database"].session() as db:
        history = list(
            db.scalars(
                select(PublishedChange).where(PublishedChange.centre == slug).order_by(PublishedChange.id.desc())
            )
        )
        authors = _authors(db, history)
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
    )


_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", -1: "last"}


def describe(schedule: ServiceDayInfo | dict[str, Any] | None) -> str:
    """A schedule in words ("every month on the 2nd Tuesday, 08:00-13:00; cancelled: ...")."""
    if schedule is None:
        return "nothing (the content's example, if any)"
    if isinstance(schedule, ServiceDayInfo):
        repeat, time = schedule.repeat, schedule.time
        dates = [d.isoformat() for d in schedule.dates]
        cancelled = [d.isoformat() for d in schedule.cancelled]
    else:
        repeat, time = schedule.get("repeat"), schedule.get("time")
        dates, cancelled = schedule.get("dates", []), schedule.get("cancelled", [])
    if repeat:
        every, n, weekday = repeat["every"], repeat.get("interval", 1), repeat["weekday"].capitalize()
        text = ("every %s" % every) if n == 1 else ("every %d %ss" % (n, every))
        text += (
            (" on the %s %s" % (_ORDINALS.get(int(repeat.get("position") or 0), "?"), weekday))
            if every == "month"
            else (" on " + weekday)
        )
    else:
        text = "on " + ", ".join(dates)
    if time:
        text += ", " + time
    if cancelled:
        text += "; cancelled: " + ", ".join(cancelled)
    return text


def _authors(db: Any, history: list[PublishedChange]) -> dict[int, str]:
    from ..models import ConsoleUser

    ids = {change.user_id for change in history}
    return {u.id: u.email for u in db.scalars(select(ConsoleUser).where(ConsoleUser.id.in_(ids)))} if ids else {}


@blueprint.route("/centres/<slug>/schedule", methods=["GET", "POST"])
def schedule(slug: str) -> Any:
    """Publish the centre's service days for one department (and service)."""
    found = _centre(slug)
    content = _content()
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
        flash("Published. The bot gives these service days from now on, marked as confirmed by the centre.")
        return redirect(url_for("console.centre", slug=slug))
    return render_template("console/schedule.html", centre=found, form=form, pick=pick)


@blueprint.post("/centres/<slug>/cancel/<path:target>")
def cancel(slug: str, target: str) -> Response:
    """Cancel one date of a published schedule: the bot leaves it out and says so."""
    _centre(slug)
    form = CancelForm()
    if not form.validate_on_submit() or form.date.data is None:
        flash("Give the date that is cancelled.")
        return redirect(url_for("console.centre", slug=slug))
    with current_app.extensions["database"].session() as db:
        current = [c for c in published.in_force(db, slug) if c.kind == published.SERVICE_DAY and c.target == target]
    if not current or current[0].value is None:
        abort(404, "Only a published schedule can have a date cancelled: publish the service days first.")
    value = dict(current[0].value)
    day = form.date.data.isoformat()
    value["cancelled"] = sorted(set(value.get("cancelled", [])) | {day})
    _publish(slug, target, value, "cancelled %s" % day)
    flash("Cancelled %s. The bot says so to anyone who asks." % day)
    return redirect(url_for("console.centre", slug=slug))


def _publish(slug: str, target: str, value: dict[str, Any], note: str) -> None:
    """Record one change (who, when, before and after); every worker's snapshot takes it up at
    its next check (CONTENT_CHECK_SECONDS)."""
    with current_app.extensions["database"].session() as db, db.begin():
        before = [c for c in published.in_force(db, slug) if c.kind == published.SERVICE_DAY and c.target == target]
        db.add(
            PublishedChange(
                kind=published.SERVICE_DAY,
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
