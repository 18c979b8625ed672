"""The centre managers' console at /console: sign in, then publish a centre's service days.

Contract: `register(app)` adds the blueprint (bot.console.views), Flask-Login (a user is a
bot.console.accounts.Manager, loaded on every request from the sign-in its cookie names, kept
on the server: a sign-in ends CONSOLE_SESSION_HOURS after it began, never renewed, or at once
when the user signs out, is disabled or gets a new password, so a copied cookie opens nothing
then; the cookie holds a random token, so knowing SECRET_KEY forges none), CSRF protection on
every console form (Flask-WTF), and cookie sessions for /console only (the rest of the app keeps
none): HTTP-only, SameSite=Lax, Secure unless CONSOLE_COOKIE_SECURE is off. Sign-ins tried are
counted before a password is checked, per account from one address (CONSOLE_LOGIN_LIMIT) and per
address (CONSOLE_ADDRESS_LIMIT), in the database (bot.console.attempts: every worker shares them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, Request, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from .accounts import Manager, as_manager, session_user

PREFIX = "/console"


class ConsoleSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions under /console; none anywhere else (no cookie is read or
    written for the channels, the API or the widget)."""

    def open_session(self, app: Flask, request: Request) -> Any:
        if not request.path.startswith(PREFIX):
            return None  # Flask then uses its NullSession
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Any) -> None:
        if request.path.startswith(PREFIX):
            super().save_session(app, session, response)


def register(app: Flask) -> None:
    """Add the console to app (see the module docstring)."""
    from . import centre_pages, cli, helpdesk, reports, schedules, views  # noqa: F401 (pages that add routes)

    app.session_interface = ConsoleSessions()
    app.config["SESSION_COOKIE_PATH"] = PREFIX
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = app.config["CONSOLE_COOKIE_SECURE"]
    app.config["SESSION_COOKIE_NAME"] = "thusong_console"
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=app.config["CONSOLE_SESSION_HOURS"])
    # The sign-in's own end is kept on the server (bot.models.ConsoleSession): never renewed.
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    app.config["WTF_CSRF_TIME_LIMIT"] = None  # the token lives as long as the session
    # Checked by the console's own before_request (views.py): webhooks and the API carry none.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    CSRFProtect(app)
    logins = LoginManager(app)
    logins.login_view = "console.login"
    logins.session_protection = "strong"

    @logins.user_loader
    def load(token: str) -> Manager | None:
        with app.extensions["database"].session() as session:
            user = session_user(session, token)
            return as_manager(user, token) if user is not None else None

    app.register_blueprint(views.blueprint)
    cli.register(app)
