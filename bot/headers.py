"""Security headers on every response: a Content-Security-Policy, X-Content-Type-Options: nosniff
and a Referrer-Policy.

The policy allows scripts and connections to this origin only, inline scripts only with this
request's nonce (templates write `nonce="{{ csp_nonce() }}"`), inline styles (the widget adds its
own <style> element), and framing by this origin and the WIDGET_ORIGINS only. /widget.js is a
script other sites load with a <script> tag: a page's policy does not govern that, so the widget
stays embeddable wherever it is allowed to call /api/chat (see bot.web.allow_widget_origins).
"""

from __future__ import annotations

import secrets

from flask import request

_NONCE = "thusong.csp_nonce"

REFERRER_POLICY = "strict-origin-when-cross-origin"


def csp_nonce() -> str:
    """This request's script nonce (made on first use; the policy then allows it)."""
    if _NONCE not in request.environ:  # kept with the request, never beyond it
        request.environ[_NONCE] = secrets.token_urlsafe(16)
    return request.environ[_NONCE]


def content_security_policy(frame_origins: list[str], nonce: str | None) -> str:
    """The policy for one response: nonce is the request's script nonce, if a template used one."""
    scripts = "'self'" + (" 'nonce-%s'" % nonce if nonce else "")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + scripts,
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors " + " ".join(["'self'", *frame_origins]),
        ]
    )


def install(app) -> None:
    """Add the headers to every response of app, and csp_nonce() to its templates."""
    frame_origins = list(app.config["WIDGET_ORIGINS"])
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(frame_origins, request.environ.get(_NONCE))
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = REFERRER_POLICY
        return response
