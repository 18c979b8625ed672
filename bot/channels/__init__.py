"""Channel adapters: each turns its wire format into an Inbound and renders the core's Reply.

Adding a channel is one adapter module, one test file and one entry in CHANNELS. Each module has
a `blueprint`, `request_user()` and `wait_response(reply, limit)` (see limits) and
`error_response(message, status)`: a refusal before its view runs, in the channel's format.
"""
from flask import jsonify

from . import twilio_sms, ussd, web_api

CHANNELS = [web_api, twilio_sms, ussd]
"""Every channel module; each has a `blueprint`."""


def error_response(blueprint_name: str | None, message: str, status: int):
    """The refusal message with status, in the format of the channel that owns blueprint_name
    (JSON for any other page)."""
    for channel in CHANNELS:
        if channel.blueprint.name == blueprint_name:
            return channel.error_response(message, status)
    return jsonify(error=message), status


def register(app) -> None:
    """Register every channel's blueprint (rate-limited per person), and the web page and
    widget, on app. Call after the app's own before_request checks (body size) are installed."""
    from ..web import allow_widget_origins, blueprint as web
    from . import limits

    for channel in CHANNELS:
        app.register_blueprint(channel.blueprint)
    limits.install(app, CHANNELS, by_address=[web_api])
    app.register_blueprint(web)
    app.after_request(allow_widget_origins)
