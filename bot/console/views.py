"""The console's blueprint and its sign-in pages (server-rendered, no JavaScript): sign in and
out, the one-time password link, the list of the user's centres. Every page but sign-in and the
password link needs a signed-in user; every form is CSRF-checked (400 without a valid token).
`centre_of(slug)` gives the pages of a centre (bot.console.centre_pages) the centre, or 404, or
403 for a user who does not manage it."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ..content.snapshot import CentreInfo, Content
from . import accounts, attempts
from .forms import LoginForm, PasswordForm
from .texts import _

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


@blueprint.context_processor
def console_words() -> dict[str, Any]:
    """`_` in the console's templates: the console domain (bot.console.texts)."""
    return {"_": _}


@blueprint.errorhandler(HTTPException)
def error_page(error: HTTPException) -> tuple[str, int]:
    return render_template("console/error.html", error=error), error.code or 500


def content() -> Content:
    return current_app.extensions["snapshots"].get()


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Sign in with email and password; a bounded number of failures per account and address."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("console/login.html", form=form)
    email = accounts.normal_email(form.email.data or "")
    address = request.remote_addr or "-"
    database = current_app.extensions["database"]
    # Counted before the password is checked: parallel tries cannot get more checks than the bound.
    # Per account from one address (nobody elsewhere can lock a manager out) and per address.
    pair = attempts.key_of("account", email, address)
    if not attempts.attempt(database, pair, current_app.config["CONSOLE_LOGIN_LIMIT"]) or not attempts.attempt(
        database, attempts.key_of("address", address), current_app.config["CONSOLE_ADDRESS_LIMIT"]
    ):
        log.warning("console: sign-in refused for %s from %s: too many tries", email, address)
        return render_template("console/login.html", form=form, too_many=True), 429
    with database.session() as db, db.begin():
        user = accounts.check(db, email, form.password.data or "")
        if user is not None:
            user.last_login_at = dt.datetime.now(dt.UTC)
            token = accounts.start_session(db, user, current_app.config["CONSOLE_SESSION_HOURS"])
            manager = accounts.as_manager(user, token)
    if user is None:
        log.warning("console: failed sign-in for %s from %s", email, address)
        return render_template("console/login.html", form=form, failed=True), 401
    attempts.forget(database, pair)
    session.clear()
    session.permanent = True
    login_user(manager)
    log.info("console: %s signed in from %s", email, address)
    return redirect(url_for("console.home"))


@blueprint.post("/logout")
def logout() -> Response:
    log.info("console: %s signed out", current_user.email)
    with current_app.extensions["database"].session() as db, db.begin():
        accounts.end_session(db, current_user.get_id())
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
            abort(404, _("This link is not valid any more: ask an administrator for a new one."))
        if form.validate_on_submit():
            accounts.set_password(db, token, form.password.data or "")
            log.info("console: %s set a password", user.email)
            flash(_("Your password is set. Sign in with it."))
            return redirect(url_for("console.login"))
    return render_template("console/password.html", form=form)


@blueprint.get("/")
@login_required
def home() -> str:
    """The centres this user manages."""
    snapshot = content()
    return render_template("console/home.html", centres=current_user.centres_in(snapshot), content=snapshot)


def centre_of(slug: str) -> CentreInfo:
    centre = content().centres.get(slug)
    if centre is None:
        abort(404, _("There is no such centre."))
    if not current_user.may_manage(centre):
        log.warning("console: %s was refused centre %s", current_user.email, slug)
        abort(403, _("You do not manage this centre."))
    return centre
