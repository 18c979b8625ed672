"""The web pages on the `web` blueprint: GET / (with the chat widget), GET /widget.js, the SMS
and USSD simulators, and `allow_widget_origins` (see the package docstring)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from ..i18n import LANGUAGES, Texts
from ..text import sms_text
from .widget_settings import widget_settings

blueprint = Blueprint("web", __name__, static_folder="static", template_folder="templates")


def page_language() -> str:
    """The landing page's language: ?lang= when given, else the browser's best match, else English."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


@blueprint.get("/")
def home():
    """The landing page in the visitor's language, with the widget started in that language."""
    lang = page_language()
    texts = Texts(lang, current_app.config["LOCALES_DIR"])
    return render_template("home.html", languages=LANGUAGES, lang=lang, _=texts.gettext)


@blueprint.get("/simulator/ussd")
def ussd_simulator():
    """A phone mock-up that dials the service code and shows exactly what /ussd returns."""
    return render_template(
        "simulator_ussd.html",
        limit=current_app.config["USSD_SCREEN_CHARS"],
        service_code=current_app.config["USSD_SERVICE_CODE"],
    )


@blueprint.get("/simulator/sms")
def sms_simulator():
    """An SMS thread showing each reply's length, encoding and segments."""
    return render_template(
        "simulator_sms.html", signed=bool(current_app.config["TWILIO_AUTH_TOKEN"]), sms=sms_text.tables()
    )


@blueprint.get("/widget.js")
def widget():
    """The embeddable widget script (CSS included), its settings written in."""
    config = current_app.config
    response = Response(
        _widget_script(config["LOCALES_DIR"], config["WIDGET_POLL_SECONDS"]), mimetype="text/javascript"
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


# Where widget.js takes its settings: `var SETTINGS = {/* settings */};`
SETTINGS_SLOT = "{/* settings */}"


@functools.lru_cache(maxsize=4)
def _widget_script(locales_dir: str, poll_seconds: int) -> str:
    # Catalogs are compiled at install: the settings do not change while the process runs.
    source = (Path(__file__).parent / "static" / "widget.js").read_text(encoding="utf-8")
    settings = widget_settings(locales_dir) | {"poll_ms": poll_seconds * 1000}
    return source.replace(SETTINGS_SLOT, json.dumps(settings, separators=(",", ":")), 1)


def allow_widget_origins(response):
    """CORS for /api/chat and /api/replies (the widget's two calls): echo the Origin only when
    it is one of WIDGET_ORIGINS."""
    origin = request.headers.get("Origin")
    if request.path in ("/api/chat", "/api/replies") and origin and origin in current_app.config["WIDGET_ORIGINS"]:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
        response.headers["Vary"] = "Origin"
    return response
