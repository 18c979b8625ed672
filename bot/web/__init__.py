"""The web front: GET / (what the service does, with the chat widget) and GET /widget.js.

The widget is one script any site embeds with a single <script> tag; it talks to
/api/chat. Cross-origin calls are allowed only from the origins in WIDGET_ORIGINS.
"""
from __future__ import annotations

import functools
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from ..i18n import LANGUAGES, Texts

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


SIMULATED_PHONE = "+27820000000"


@blueprint.get("/simulator/ussd")
def ussd_simulator():
    """A phone mock-up that dials the service code and shows exactly what /ussd returns."""
    return render_template("simulator_ussd.html", limit=current_app.config["USSD_SCREEN_CHARS"],
                           service_code=current_app.config["USSD_SERVICE_CODE"], phone=SIMULATED_PHONE)


@blueprint.get("/simulator/sms")
def sms_simulator():
    """An SMS thread showing each reply's length, encoding and segments."""
    return render_template("simulator_sms.html", phone=SIMULATED_PHONE,
                           signed=bool(current_app.config["TWILIO_AUTH_TOKEN"]))


@blueprint.get("/widget.js")
def widget():
    """The embeddable widget script (CSS included)."""
    response = Response(_widget_source(), mimetype="text/javascript")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@functools.lru_cache(maxsize=1)
def _widget_source() -> str:
    return (Path(blueprint.static_folder) / "widget.js").read_text(encoding="utf-8")


def allow_widget_origins(response):
    """CORS for /api/chat: echo the Origin only when it is one of WIDGET_ORIGINS."""
    origin = request.headers.get("Origin")
    if request.path == "/api/chat" and origin and origin in current_app.config["WIDGET_ORIGINS"]:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
        response.headers["Vary"] = "Origin"
    return response
