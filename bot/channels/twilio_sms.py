"""SMS and WhatsApp through Twilio: POST /sms and POST /whatsapp (one adapter, two routes).

Wire in: Twilio's form (From, To, Body, MessageSid, AccountSid, NumMedia; WhatsApp adds
`whatsapp:` to numbers, Latitude/Longitude for a location pin, ButtonText for a button).
Wire out: TwiML built with twilio's MessagingResponse.
- With TWILIO_AUTH_TOKEN set, X-Twilio-Signature is checked with twilio's RequestValidator;
  a missing or wrong signature gets 403 and nothing is stored. The sender is then trusted as
  the person's phone identity (identity.phone: E.164, shared by SMS, WhatsApp and USSD).
- A sender over the rate limit gets 200 with one short "please wait" (see limits).
- Twilio retries a webhook after 15 s; the same MessageSid must not advance the conversation
  twice, so each MessageSid is answered once (store.answer_once) and repeats get that reply.
- SMS: a reply is at most 3 segments; a longer one is cut into pages ending "Reply MORE for
  more", and MORE (in English or the person's language) sends the next page; MORE with no
  page left says so in the person's language (it is not a message to understand).
- WhatsApp: at most 1,600 characters a message; a longer reply goes as several messages.
- POST /sms/status takes Twilio's status callbacks for reminders (signature checked too).
- Once per conversation (not again within a day) a reply ends with how to go back (0) and
  home (00); the time it was said is kept with the pages.
"""

from __future__ import annotations

import math
import time
import uuid
from functools import partial
from typing import Any
from xml.etree import ElementTree

from flask import Blueprint, Response, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from ..cleaning import one_line
from ..dialogue import identity
from ..dialogue.conversation import Write
from ..helpdesk.delivery import status_callback as reply_status
from ..i18n import LANGUAGES, Texts
from ..messages import NEW, RESUME, Inbound, Location, Reply
from ..reminders.delivery import status_callback
from ..text import sms_text
from ..text.normalize import normalize
from .caller import caller
from .render import full_text, once_per_reply, split_pages
from .spec import Channel, Wire
from .store import ChannelSessions, Delivery, answer_once, commit

blueprint = Blueprint("twilio", __name__)
WHATSAPP_LIMIT = 1600
MORE_WORDS = {"more"}
MAX_TEXT = 1000
# "0 goes back, 00 to the menu" is said once per conversation: again after a day without it.
HINT_AGAIN_SECONDS = 24 * 3600


def _twiml(messages: list[str]) -> str:
    """TwiML that sends each of messages."""
    response = MessagingResponse()
    for message in messages:
        response.message(message)
    return str(response)


_SIGNED = "thusong.twilio_signed"  # the request's signature check, kept with the request


def signature_ok() -> bool:
    """True when no token is configured, or the request carries Twilio's valid signature
    (checked once per request: the rate limit and the view both ask)."""
    if _SIGNED not in request.environ:
        token = current_app.config.get("TWILIO_AUTH_TOKEN")
        signature = request.headers.get("X-Twilio-Signature", "")
        request.environ[_SIGNED] = not token or bool(
            signature and RequestValidator(token).validate(request.url, request.form.to_dict(flat=True), signature)
        )
    return bool(request.environ[_SIGNED])


def _location(form):
    try:
        lat, lon = float(form.get("Latitude", "")), float(form.get("Longitude", ""))
    except ValueError:
        return None
    if math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180:
        return Location(lat, lon)
    return None


def sms_pages(reply: Reply, texts: Texts, note: str = "") -> list[str]:
    """The reply (and note after its options) as SMS messages of at most 3 segments each, all
    but the last ending with the "Reply MORE for more" footer.

    Each message is measured in its own encoding: a character GSM-7 lacks (an emoji or a sign
    in a manager's notice; Sepedi, Tshivenda and Afrikaans letters are written plain first:
    sms_text.for_sms) makes only the messages holding it UCS-2 (201 units), and every other
    message keeps GSM-7's 459. Pages are filled one at a time: as much as fits in GSM-7 when all
    of it is GSM-7, else as much as fits in UCS-2 (bot.text.sms_text)."""
    body = sms_text.for_sms(_with_note(full_text(reply), note), texts.lang)
    if sms_text.units(body, sms_text.is_gsm7(body)) <= sms_text.budget(sms_text.is_gsm7(body)):
        return [body]
    footer = "\n" + sms_text.for_sms(texts.gettext("Reply MORE for more"), texts.lang)
    pages: list[str] = []
    rest = body
    while rest:
        if sms_text.units(rest, sms_text.is_gsm7(rest)) <= sms_text.budget(sms_text.is_gsm7(rest)):
            pages.append(rest.strip("\n"))
            break
        page, rest = _first_page(rest, footer)
        pages.append(page + footer)
    return pages


def _first_page(text: str, footer: str) -> tuple[str, str]:
    """The first SMS page of text (without footer; room left for it) and the text after it:
    the GSM-7 page when it is all GSM-7, else the UCS-2 page."""
    for gsm7 in (True, False):
        room = sms_text.budget(gsm7) - sms_text.units(footer, gsm7)
        pages = split_pages(text, room, partial(sms_text.units, gsm7=gsm7), fill=True)
        if not gsm7 or sms_text.is_gsm7(pages[0] + footer):
            break
    return pages[0], _after(text, pages[0])


def _after(text: str, page: str) -> str:
    """What of text comes after page, a page split_pages cut from its start (same characters
    but for the spaces and line breaks at the cut)."""
    letters = sum(not ch.isspace() for ch in page)
    for index, ch in enumerate(text):
        if letters == 0:
            return text[index:].lstrip()
        letters -= not ch.isspace()
    return ""


def whatsapp_messages(reply: Reply, note: str = "") -> list[str]:
    """The reply (and note after its options) as WhatsApp messages of at most 1,600 characters."""
    return split_pages(_with_note(full_text(reply), note), WHATSAPP_LIMIT)


def _with_note(text: str, note: str) -> str:
    return text + "\n\n" + note if note else text


def navigation_note(stored: dict, texts: Texts, now: float) -> str:
    """How to go back and home ("0", "00"), said once per conversation: when it was not said
    to this person in the last HINT_AGAIN_SECONDS (stored["hinted_at"]), else ""."""
    if now - float(stored.get("hinted_at") or 0) < HINT_AGAIN_SECONDS:
        return ""
    return texts.gettext("Send 0 to go back, or 00 for the main menu.")


def _more_words(lang) -> set[str]:
    """MORE in English and in the person's language, in comparable form."""
    word = Texts(lang or "en", current_app.config["LOCALES_DIR"]).gettext("MORE")
    return MORE_WORDS | {normalize(word)}


def _any_more_word() -> set[str]:
    """MORE in every language, in comparable form (read once per app)."""
    words = current_app.extensions.get("twilio_more_words")
    if words is None:
        words = set().union(*(_more_words(lang) for lang in LANGUAGES))
        current_app.extensions["twilio_more_words"] = words
    return words


def _nothing_more(inbound: Inbound) -> str:
    """MORE with no page left: say so in the person's language (the word is not a message to
    understand: "more" would read as Afrikaans "môre"). The conversation does not advance."""
    lang = current_app.extensions["conversations"].language(inbound.user)
    if normalize(inbound.text) not in _more_words(lang):
        return ""
    texts = Texts(lang, current_app.config["LOCALES_DIR"])
    return _twiml([texts.gettext("There is nothing more to send. Send 00 for the main menu.")])


def _answer(channel: str, inbound: Inbound, pages_key: str, owner: str, delivery: Delivery) -> str:
    """The TwiML for inbound. The reply, the SMS pages left (under pages_key, owned by the user
    key owner) and the conversation's new state commit in one transaction."""
    database = current_app.extensions["database"]
    sessions = ChannelSessions(database)
    stored = sessions.load(pages_key)
    if channel == "sms" and stored.get("pages") and normalize(inbound.text) in _more_words(stored.get("lang")):
        page = _twiml(stored["pages"][:1])
        rest = {**_hint_of(stored), "pages": stored["pages"][1:], "lang": stored.get("lang")}
        commit(database, sessions.saving(pages_key, rest, owner), delivery.storing(page))
        return page
    if channel == "sms" and normalize(inbound.text) in _any_more_word():
        nothing_more = _nothing_more(inbound)
        if nothing_more:
            return nothing_more
    now = time.time()
    rendered = once_per_reply(lambda reply: _rendered(channel, reply, stored, now))

    def writes(reply: Reply) -> list[Write]:
        body, kept = rendered(reply)
        return ([] if kept is None else [sessions.saving(pages_key, kept, owner)]) + [delivery.storing(body)]

    reply = current_app.extensions["conversations"].respond(inbound, writes)
    return rendered(reply)[0]


def _hint_of(stored: dict[str, Any]) -> dict[str, Any]:
    return {"hinted_at": stored["hinted_at"]} if stored.get("hinted_at") else {}


def _rendered(channel: str, reply: Reply, stored: dict[str, Any], now: float) -> tuple[str, dict[str, Any] | None]:
    """The TwiML that sends reply, and what to keep for the person's next message (the SMS
    pages left, when the navigation note was last said), or None when there is nothing to keep
    or to clear."""
    if not reply.text:  # nothing to say (a message added to an open helpdesk question, said once)
        return _twiml([]), ({**_hint_of(stored), "pages": [], "lang": reply.lang} if stored.get("pages") else None)
    texts = Texts(reply.lang, current_app.config["LOCALES_DIR"])
    # Not after STOP or another closing reply: there is nothing to go back to.
    note = "" if reply.end_session else navigation_note(stored, texts, now)
    pages: list[str] = []
    if channel != "whatsapp":
        pages = sms_pages(reply, texts, note)
        if note and len(pages) > 1 and pages[-1] == sms_text.for_sms(note, texts.lang):
            # Never an SMS of its own: the note waits for an answer it fits beside.
            note, pages = "", sms_pages(reply, texts)
    kept = dict(_hint_of(stored), hinted_at=now) if note else _hint_of(stored)
    if channel == "whatsapp":
        messages = whatsapp_messages(reply, note)
    else:
        kept.update(pages=pages[1:], lang=reply.lang)
        messages = pages[:1]
    changed = note or kept.get("pages") or stored.get("pages")
    return _twiml(messages), kept if changed else None


def handle(channel: str) -> Response:
    """Answer one Twilio webhook request for channel ("sms" or "whatsapp")."""
    if not signature_ok():
        return Response("Forbidden: missing or invalid X-Twilio-Signature\n", status=403, mimetype="text/plain")
    form = request.form
    sender = request.form.get("From", "").strip()
    who = caller(request_user, rate_exempt)
    if who.user is None or who.key is None or len(sender) > 64:
        return Response(
            _twiml(["Sorry, this message could not be read: it has no sender."]), status=400, mimetype="application/xml"
        )
    text = one_line((form.get("ButtonText") or form.get("Body") or "")[:MAX_TEXT])
    location = _location(form) if channel == "whatsapp" else None
    media = form.get("NumMedia", "0").strip() not in ("", "0")
    event = RESUME if text.strip() or location or media else NEW
    inbound = Inbound(
        channel=channel,
        user=who.user,
        text=text,
        location=location,
        session_event=event,
        message_id=form.get("MessageSid") or None,
        media=media,
        key=who.key,
    )
    owner = who.key
    produce = partial(_answer, channel, inbound, pages_key_of(channel, owner), owner)
    # Twilio's MessageSid is "SM" and hex; anything else in it is dropped before it is stored.
    sid = "".join(ch for ch in (inbound.message_id or "") if ch.isascii() and ch.isalnum())[:64]
    body = answer_once(current_app.extensions["database"], channel, sid, produce, owner)
    return Response(body, mimetype="application/xml")


def request_user() -> str | None:
    """The sender's phone identity, the rate limit's key."""
    sender = request.form.get("From", "").strip()
    return identity.phone(sender) if sender.removeprefix("whatsapp:").strip() else None


def rate_exempt() -> bool:
    """Requests without a valid signature are refused, not counted against the number they name;
    status callbacks are Twilio's own reports (From is the bot's number), not a person's turns."""
    return request.path == STATUS_PATH or not signature_ok()


def pages_key_of(channel: str, owner: str) -> str:
    """Where the pages still to send one person (owner: their user key) on channel are kept
    (ChannelSessions): what `MORE` sends next."""
    return "%s:%s" % (channel, owner)


def apology_response(reply: Reply) -> Response:
    """The reply as one TwiML message with 200 (Twilio counts a 5xx or 429 as a failure)."""
    return Response(_twiml([reply.text]), mimetype="application/xml")


def wait_response(reply: Reply, breach) -> Response:
    """Over the rate limit: 200 with one short message (Twilio counts a 429 as a failure)."""
    return apology_response(reply)


@blueprint.post("/sms")
def sms():
    """Twilio SMS webhook."""
    return handle("sms")


@blueprint.post("/whatsapp")
def whatsapp():
    """Twilio WhatsApp webhook."""
    return handle("whatsapp")


STATUS_PATH = "/sms/status"


@blueprint.post(STATUS_PATH)
def sms_status():
    """Twilio's status callback for a reminder (bot.reminders.delivery.status_callback) or, with
    ?t=, a helpdesk reply (bot.helpdesk.delivery.status_callback): 403 without a valid
    signature, 404 when reminders are off or no such message, else 204."""
    if not signature_ok():
        return Response("Forbidden: missing or invalid X-Twilio-Signature\n", status=403, mimetype="text/plain")
    reminders = current_app.extensions.get("reminders")
    form = request.form
    reply = request.args.get("t", "")[:12]
    if reply:  # a helpdesk reply's (bot.helpdesk.delivery)
        found = reply.isdigit() and reply_status(
            current_app.extensions["helpdesk"],
            int(reply),
            form.get("MessageSid", "")[:64],
            form.get("MessageStatus", ""),
            form.get("ErrorCode", "")[:10],
        )
        return Response(status=204) if found else Response("No such message\n", status=404, mimetype="text/plain")
    found = reminders is not None and status_callback(
        reminders,
        request.args.get("m", "")[:20],
        form.get("MessageSid", "")[:64],
        form.get("MessageStatus", ""),
        form.get("ErrorCode", "")[:10],
    )
    return Response(status=204) if found else Response("No such message\n", status=404, mimetype="text/plain")


def error_response(message: str, status: int) -> Response:
    """A request refused before it reached the view (such as a body over the limit), as TwiML."""
    return Response(
        _twiml(["Sorry, this message could not be read: %s." % message]), status=status, mimetype="application/xml"
    )


def _form(channel: str, text: str = "hi", user: str | None = None, **extra: Any) -> dict[str, Any]:
    """A Twilio webhook's fields for a message from user (a new number when None)."""
    number = user or "+2782%07d" % (uuid.uuid4().int % 10**7)
    prefix = "whatsapp:" if channel == "whatsapp" else ""
    fields = {
        "From": prefix + number,
        "To": prefix + "+27600000000",
        "Body": text,
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": "AC" + "0" * 32,
        "NumMedia": "0",
    }
    return fields | extra


def _read(response: Any) -> list[str]:
    """The messages of a TwiML answer."""
    body = response.get_data(as_text=True)
    if not body.startswith("<?xml"):
        return []
    return ["".join(m.itertext()) for m in ElementTree.fromstring(body).iter("Message")]


def _signed(token: str, url: str, data: dict[str, Any]) -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(token).compute_signature(url, data)}


def _wire(channel: str, location: Any = None) -> Wire:
    return Wire(
        path="/" + channel,
        form=partial(_form, channel),
        texts=_read,
        identity=identity.phone,
        sign=_signed,
        location=location,
        pages_key=lambda owner, _session: pages_key_of(channel, owner),
    )


CHANNEL = Channel(
    blueprint=blueprint,
    request_user=request_user,
    rate_exempt=rate_exempt,
    wait_response=wait_response,
    apology_response=apology_response,
    error_response=error_response,
    wires={
        "sms": _wire("sms"),
        "whatsapp": _wire("whatsapp", lambda lat, lon: {"Latitude": str(lat), "Longitude": str(lon)}),
    },
    sms_reaches=True,
)
