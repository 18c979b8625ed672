"""Thusong Bot: answers citizens' questions about Thusong Service Centres.

`create_app(test_config=None)` builds the Flask app: settings (defaults, then the
environment, then test_config), the database, the content snapshot, the conversation core,
the channels, the web pages, /healthz, the security headers (bot.headers) and the CLI (`flask --app bot
content ...`, `flask --app bot db upgrade`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from zoneinfo import ZoneInfo

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config, console, errors, headers, helpdesk, reminders, web
from .channels import register as register_channels
from .channels import settings as channel_settings
from .channels import sms_reached
from .cli import register as register_cli
from .content.store import SnapshotCache
from .database import Database
from .dialogue.conversation import Conversations
from .outbound import make_sender


def create_app(test_config: dict | None = None) -> Flask:
    """The configured application."""
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.config.update(config.from_environment())
    app.config.update(channel_settings(os.environ))
    if test_config:
        app.config.update(test_config)
    config.check(app.config)
    database = Database(app)
    zone = ZoneInfo(app.config["TIMEZONE"])
    snapshots = SnapshotCache(database, app.config["CONTENT_CHECK_SECONDS"], zone)
    app.extensions["snapshots"] = snapshots
    today = app.config.get("TODAY") or (lambda: dt.datetime.now(zone).date())
    app.extensions["conversations"] = Conversations(
        database, snapshots, app.config["SECRET_KEY"], app.config["LOCALES_DIR"], today
    )
    sender = make_sender(app.config)  # the one SMS sender: USSD's "send this by SMS" and reminders
    app.extensions["sms_sender"] = sender
    now = app.config.get("NOW") or (lambda: dt.datetime.now(dt.UTC))
    app.extensions["reminders"] = (
        reminders.Reminders(app.config, database, snapshots, now, sms_reached(), sender)
        if reminders.configured(app.config)
        else None
    )
    app.extensions["conversations"].reminders = app.extensions["reminders"]
    numbers = reminders.subscriptions.Numbers(app.config["REMINDER_KEY"]) if app.config["REMINDER_KEY"] else None
    app.extensions["helpdesk"] = helpdesk.Helpdesk(app.config, database, snapshots, now, sender, numbers)
    app.extensions["conversations"].helpdesk = app.extensions["helpdesk"]
    if app.config["TRUSTED_PROXIES"]:
        # Behind a proxy, trust its X-Forwarded-Proto/Host so Twilio signatures check against the
        # public URL; only as many hops as configured.
        hops = app.config["TRUSTED_PROXIES"]
        # Flask's documented way to wrap the WSGI app; mypy reads it as replacing a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )
    if not app.config["TWILIO_AUTH_TOKEN"] and not app.config.get("TESTING"):
        logging.getLogger(__name__).warning(
            "TWILIO_AUTH_TOKEN is not set: Twilio webhook signatures are not checked (local use only)"
        )
    if not app.config["USSD_TOKEN"] and not app.config.get("TESTING"):
        logging.getLogger(__name__).warning(
            "USSD_TOKEN is not set: anyone can call /ussd as any phone number (local use only)"
        )
    if not (os.environ.get("CONSOLE_URL") or os.environ.get("PUBLIC_URL")) and not app.config.get("TESTING"):
        logging.getLogger(__name__).warning(
            "CONSOLE_URL is not set: the password links `flask --app bot users add` prints point at %s, "
            "which works on this machine only; set CONSOLE_URL (or PUBLIC_URL) to the console's public address",
            app.config["CONSOLE_URL"],
        )
    errors.register(app)
    headers.install(app)
    register_channels(app)
    app.register_blueprint(web.blueprint)
    app.after_request(web.allow_widget_origins)
    register_cli(app)
    console.register(app)
    return app
