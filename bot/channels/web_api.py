"""The JSON conversation API: POST /api/chat (the public contract; see README).

Request: {"user": str 1..128, "text": str <= 1000 (may be empty with a location),
"location": {"lat", "lon"} optional, "lang": language code optional, "lang_hint": language
code optional (see Inbound)}.
Answer 200: {"reply", "lang", "intent", "entities", "options": [{"key", "label"}], "dates":
[{"date", "provider", "service"?, "status", "time"?, "holiday"?}]} (the service days named).
Bad input gets a JSON {"error": ...} with 400 (invalid), 413 (body over the limit) or
415 (not JSON); a person over the rate limit gets 429 with Retry-After; never a 5xx.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from ..cleaning import one_line
from ..dialogue import identity
from ..helpdesk import tickets
from ..i18n import LANGUAGES, Texts
from ..messages import Inbound, Location, Reply
from .caller import caller
from .limits import ANSWERED_INTENT, TICKET_OPENED, seconds_until_reset
from .spec import Channel, Wire

blueprint = Blueprint("web_api", __name__)
MAX_USER = 128
MAX_TEXT = 1000


class BadRequest(Exception):
    """The request is not acceptable; status and message go back as JSON."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def _number(value, low: float, high: float, name: str) -> float:
    # Compared before any float(): a 310-digit integer overflows float() but not a comparison.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise BadRequest("location.%s must be a number from %g to %g" % (name, low, high))
    return float(value)


def _text(value, name: str) -> str:
    """value when it is text that can be stored (valid Unicode: no lone surrogate from a JSON
    "\\ud800" escape), else BadRequest."""
    if not isinstance(value, str):
        raise BadRequest("`%s` must be text" % name)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest("`%s` must be valid Unicode text (it has a lone surrogate)" % name) from None
    return value


def decode_json(body: bytes, content_type: str | None):
    """The JSON value of a request body, or BadRequest (415 when it is not sent as JSON)."""
    if (content_type or "").split(";")[0].strip().lower() != "application/json":
        raise BadRequest("send JSON with Content-Type: application/json", 415)
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("the body is not valid JSON") from None
    except RecursionError:
        raise BadRequest("the body is nested too deeply") from None


def user_from(data) -> str:
    """The `user` of a decoded request body, or BadRequest saying what is wrong."""
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object")
    user = data.get("user")
    if not isinstance(user, str) or not user.strip() or len(user) > MAX_USER:
        raise BadRequest("`user` must be text of 1 to %d characters" % MAX_USER)
    return _text(user, "user")


def inbound_from(data) -> Inbound:
    """The Inbound for a decoded chat request, or BadRequest saying what is wrong."""
    user = user_from(data)
    text = _text(data.get("text", ""), "text")
    if len(text) > MAX_TEXT:
        raise BadRequest("`text` must be at most %d characters" % MAX_TEXT)
    text = one_line(text)
    location = None
    if data.get("location") is not None:
        raw = data["location"]
        if not isinstance(raw, dict):
            raise BadRequest('`location` must be an object {"lat": number, "lon": number}')
        location = Location(_number(raw.get("lat"), -90, 90, "lat"), _number(raw.get("lon"), -180, 180, "lon"))
    if not text.strip() and location is None:
        raise BadRequest("`text` must not be empty unless a location is sent")
    for name in ("lang", "lang_hint"):
        if data.get(name) is not None and not (isinstance(data[name], str) and data[name] in LANGUAGES):
            raise BadRequest("`%s` must be one of: %s" % (name, ", ".join(LANGUAGES)))
    # Web users have their own namespace: no `user` can name a phone's conversation.
    return Inbound(
        channel="web",
        user=identity.web(user),
        text=text,
        location=location,
        lang=data.get("lang"),
        lang_hint=data.get("lang_hint"),
    )


def render(reply: Reply) -> dict:
    """The JSON body for a reply."""
    return {
        "reply": reply.text,
        "lang": reply.lang,
        "intent": reply.intent,
        "entities": reply.entities,
        "options": [{"key": o.key, "label": o.label} for o in reply.options],
        "dates": reply.dates,
        "ticket": reply.ticket,
    }


def apology_response(reply: Reply):
    """The apology as an ordinary chat answer (200), so the widget shows it."""
    return jsonify(render(reply)), 200


def rate_exempt() -> bool:
    """Every API request counts: anyone may name any web user, and none is proven."""
    return False


# Kept with the request (its WSGI environ), never beyond it: the decoded body, which the rate
# limit reads too, and the intent the turn was answered as (limits counts feedback per address).
_BODY = "thusong.chat_json"


def _request_json():
    """This request's body decoded (once per request: the rate limit reads it too), or the
    BadRequest that says why it cannot be."""
    if _BODY not in request.environ:
        try:
            request.environ[_BODY] = decode_json(request.get_data(), request.content_type)
        except BadRequest as error:
            request.environ[_BODY] = error
    return request.environ[_BODY]


def request_user() -> str | None:
    """The web identity of this request's JSON `user`, if it has one (the rate limit's key)."""
    data = _request_json()
    user = data.get("user") if isinstance(data, dict) else None
    try:
        return identity.web(_text(user, "user")) if isinstance(user, str) and user.strip() else None
    except BadRequest:
        return None  # not a user the view accepts: it refuses the request with 400


def wait_response(reply: Reply, breach):
    """Over the rate limit: 429 with the "please wait" as the error and as the reply."""
    response = jsonify(error=reply.text, **render(reply))
    response.status_code = 429
    response.headers["Retry-After"] = str(seconds_until_reset(breach))
    return response


@blueprint.route("/api/chat", methods=["OPTIONS"])
def preflight():
    """CORS preflight for the widget (headers added for WIDGET_ORIGINS only)."""
    return "", 204


@blueprint.post("/api/chat")
def chat():
    """One conversation turn over JSON."""
    data = _request_json()
    try:
        if isinstance(data, BadRequest):
            raise data
        inbound = inbound_from(data)
    except BadRequest as error:
        return jsonify(error=error.message), error.status
    who = caller(request_user, rate_exempt)
    if who.user == inbound.user:
        inbound = replace(inbound, key=who.key)  # hashed once, for the rate limit and the turn
    allowed = current_app.extensions.get("tickets_allowed")
    if allowed is not None and not allowed():
        inbound = replace(inbound, tickets=False)
    reply = current_app.extensions["conversations"].respond(inbound)
    request.environ[ANSWERED_INTENT] = reply.intent  # what the per-address feedback count reads
    request.environ[TICKET_OPENED] = reply.ticket_opened  # ... and the helpdesk's
    return jsonify(render(reply))


@blueprint.route("/api/replies", methods=["OPTIONS"])
def replies_preflight():
    """CORS preflight for the widget's question for replies."""
    return "", 204


@blueprint.post("/api/replies")
def replies():
    """The replies people at the centre wrote to this web user's open question (bot.helpdesk),
    each once, and whether a question is still open: {"replies": [{"reference", "from", "text",
    "reply"}], "open": bool}; the widget asks while the person has a question open. 400 for a
    body without a valid `user`."""
    data = _request_json()
    try:
        if isinstance(data, BadRequest):
            raise data
        user = user_from(data)
    except BadRequest as error:
        return jsonify(error=error.message), error.status
    app = current_app
    key = identity.user_key(app.config["SECRET_KEY"], identity.web(user))
    content = app.extensions["snapshots"].get()
    found = []
    for waiting in tickets.take_replies(app.extensions["database"], key):
        texts = Texts(waiting["lang"], app.config["LOCALES_DIR"])
        who = tickets.from_whom(content, texts, waiting["centre"])
        reply = tickets.shown(content, texts, waiting)
        found.append({"reference": waiting["reference"], "from": who, "text": waiting["text"], "reply": reply})
    return jsonify(replies=found, open=tickets.has_open(app.extensions["database"], key))


def error_response(message: str, status: int):
    """A request refused before it reached the view (such as a body over the limit), as JSON."""
    return jsonify(error=message), status


def _form(text: str = "hi", user: str | None = None, **extra: Any) -> dict[str, Any]:
    """A chat request's fields from user (a new web user when None)."""
    return {"user": user or "web-" + uuid.uuid4().hex, "text": text} | extra


def _read(response: Any) -> list[str]:
    body = response.get_json(silent=True) or {}
    return [body.get("reply") or body.get("error") or ""]


CHANNEL = Channel(
    blueprint=blueprint,
    request_user=request_user,
    rate_exempt=rate_exempt,
    wait_response=wait_response,
    apology_response=apology_response,
    error_response=error_response,
    wires={
        "web": Wire(
            path="/api/chat",
            form=_form,
            texts=_read,
            identity=identity.web,
            content_type="application/json",
            encode=lambda data: data if isinstance(data, bytes) else json.dumps(data).encode(),
            location=lambda lat, lon: {"location": {"lat": lat, "lon": lon}},
            options_as_text=False,
        )
    },
    by_address=True,
)
