"""Errors as JSON, and /healthz.

Every HTTP error becomes {"error": ...} with its status; an unexpected exception is logged
and answered 500 with a short apology (it must not happen: the tests check no input does it).
"""
from __future__ import annotations

import logging

from flask import jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)
# A client sending a body over the limit is still reading our answer only if we read its body:
# closing early breaks its pipe before it sees the 413. Bodies up to this size are drained.
DRAIN_LIMIT = 16 * 1024 * 1024


def register(app) -> None:
    """Install the error handlers and the health endpoint on app."""

    @app.before_request
    def refuse_large_bodies():
        length = request.content_length
        limit = app.config["MAX_CONTENT_LENGTH"]
        if length is not None and limit and length > limit:
            if length <= DRAIN_LIMIT:
                stream, left = request.environ["wsgi.input"], length
                while left > 0:
                    chunk = stream.read(min(65536, left))
                    if not chunk:
                        break
                    left -= len(chunk)
            return jsonify(error="the request body is over %d bytes" % limit), 413

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return jsonify(error=error.description or error.name), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
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
        return jsonify(ok=True, content_version=content.version)
