"""The centre managers' console at /console: sign in, then publish a centre's service days.

Contract: `register(app)` adds the blueprint (bot.console.views), Flask-Login (a user is a
bot.console.accounts.Manager, loaded again from the database on every request, so a disabled
account or a changed password ends its sessions at once), CSRF protection on every console
form (Flask-WTF), and cookie sessions for /console only (the rest of the app keeps none):
HTTP-only, SameSite=Lax, Secure unless CONSOLE_COOKIE_SECURE is off, expiring after
CONSOLE_SESSION_HOURS. Failed sign-ins are limited per account and per address
(CONSOLE_LOGIN_LIMIT), counted where the rate limit counts (Redis when REDIS_URL is set).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, Request, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from .accounts import Manager, as_manager

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
    from . import centre_pages, cli, reports, schedules, views  # noqa: F401 (pages that add routes)

    app.session_interface = ConsoleSessions()
    app.config["SESSION_COOKIE_PATH"] = PREFIX
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = app.config["CONSOLE_COOKIE_SECURE"]
    app.config["SESSION_COOKIE_NAME"] = "thusong_console"
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=app.config["CONSOLE_SESSION_HOURS"])
    app.config["WTF_CSRF_TIME_LIMIT"] = None  # the token lives as long as the session
    # Checked by the console's own before_request (views.py): webhooks and the API carry none.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    CSRFProtect(app)
    logins = LoginManager(app)
    logins.login_view = "console.login"
    logins.session_protection = "strong"

    @logins.user_loader
    def load(user_id: str) -> Manager | None:
        from ..models import ConsoleUser

        number, _, stamp = user_id.partition(":")
        if not number.isdigit():
            return None
        with app.extensions["database"].session() as session:
            user = session.get(ConsoleUser, int(number))
            manager = as_manager(user) if user is not None and user.active else None
        return manager if manager is not None and manager.stamp == stamp else None

    app.register_blueprint(views.blueprint)
    cli.register(app)
