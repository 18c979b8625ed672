"""Channel adapters: each turns its wire format into an Inbound and renders the core's Reply.

Adding a channel is one adapter module, one test file and one entry in CHANNELS.
"""
from . import twilio_sms, ussd, web_api

CHANNELS = [web_api, twilio_sms, ussd]
"""Every channel module; each has a `blueprint`."""


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
