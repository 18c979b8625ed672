"""Errors as JSON, and /healthz.

Every HTTP error becomes {"error": ...} with its status; an unexpected exception in a channel's
view is answered 200 with the apology in the channel's format (channels.apology), elsewhere it
is logged and answered 500 with a short apology (it must not happen: the tests check no input
does it).
A body over MAX_CONTENT_LENGTH (with a Content-Length or chunked) gets 413, and a client that
stops sending its body 408, each in the format of the channel asked (USSD text, TwiML, JSON).
"""

from __future__ import annotations

import io
import logging

from flask import jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .channels import error_response, for_blueprint
from .channels.apology import apologise

log = logging.getLogger(__name__)
# A client sending a body over the limit is still reading our answer only if we read its body:
# closing early breaks its pipe before it sees the 413. Bodies up to this size are drained.
DRAIN_LIMIT = 16 * 1024 * 1024


def _drain(stream, most: int) -> None:
    """Read and drop up to most bytes of stream."""
    left = most
    while left > 0:
        chunk = stream.read(min(65536, left))
        if not chunk:
            break
        left -= len(chunk)


def register(app) -> None:
    """Install the error handlers and the health endpoint on app."""

    @app.before_request
    def refuse_large_bodies():
        limit = app.config["MAX_CONTENT_LENGTH"]
        if not limit:
            return None
        length = request.content_length
        try:
            if length is not None:
                if length <= limit:
                    return None
                if length <= DRAIN_LIMIT:
                    _drain(request.environ["wsgi.input"], length)
                return too_large(limit)
            if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
                # A chunked body has no length to check: read it (up to one byte over the
                # limit) and hand it on as a body of known length, or refuse it.
                body = request.environ["wsgi.input"].read(limit + 1)
                if len(body) > limit:
                    _drain(request.environ["wsgi.input"], DRAIN_LIMIT)
                    return too_large(limit)
                request.environ.pop("HTTP_TRANSFER_ENCODING")
                request.environ.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))})
        except OSError:
            # The client stopped sending (see bot.gunicorn_worker) or went away.
            return error_response(request.blueprint, "the request was not sent in time", 408)
        return None

    def too_large(limit: int):
        return error_response(request.blueprint, "the request body is over %d bytes" % limit, 413)

    @app.errorhandler(RequestEntityTooLarge)
    def body_too_large(error):
        return too_large(app.config["MAX_CONTENT_LENGTH"])

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return jsonify(error=error.description or error.name), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        channel = for_blueprint(request.blueprint)
        if channel is not None:
            return apologise(channel, error)  # 200 with the apology: a person gets an answer
        log.exception("unexpected error while answering a request")
        return jsonify(error="Sorry, something went wrong on our side. Please try again."), 500

    @app.get("/healthz")
    def healthz():
        try:
            with app.extensions["database"].session() as session:
                session.execute(select(1))
            content = app.extensions["snapshots"].get()
        except SQLAlchemyError:
            log.exception("health check: database unavailable")
            return jsonify(ok=False, error="database unavailable"), 503
        if not content.version:
            return jsonify(ok=False, error="no content loaded"), 503
        return jsonify(ok=True, content_version=content.version, **_reminders_health(app))


def _reminders_health(app) -> dict:
    """{"reminders": {"last_tick", "seconds_ago", "ok"}} when reminders are configured (else {}):
    whether the sender (the worker and clock, or `flask reminders run`) is alive."""
    import datetime as dt

    from .reminders.jobs import SENDER_LATE_SECONDS, last_beat

    reminders = app.extensions.get("reminders")
    if reminders is None:
        return {}
    last = last_beat(app.extensions["database"])
    if last is None:
        return {"reminders": {"last_tick": None, "seconds_ago": None, "ok": False}}
    ago = int((dt.datetime.now(dt.UTC) - last).total_seconds())
    return {"reminders": {"last_tick": last.isoformat(), "seconds_ago": ago, "ok": ago <= SENDER_LATE_SECONDS}}
