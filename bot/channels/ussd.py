"""USSD menus over Africa's Talking's protocol: POST /ussd.

Wire in: form sessionId, serviceCode, phoneNumber, networkCode, text, where text is every
input of the session so far joined by "*" ("" on the first request).
Wire out: text/plain "CON <screen>" (continue) or "END <screen>" (finish), each screen, prefix
included, at most USSD_SCREEN_CHARS characters.
- Long answers and lists page with "98 More" and "0 Back"; "0" on a first page goes back in
  the conversation.
- A final answer (facts, not a menu or a question) ends the session: its last screen is END,
  or, when an SMS sender is set, offers only "1 Send this to me by SMS" (then END: "Sent", or,
  when the SMS cannot be sent, a short sentence saying so in the person's language). An answer
  with facts that also offers choices (the nearest centres, service days with a reminder to
  take) stays open, with "Send this to me by SMS" as the choice after its options; the SMS
  then holds the options too.
- Africa's Talking does not sign callbacks: with USSD_TOKEN set, the callback URL must carry it
  (`/ussd?token=...`); a missing or wrong token gets 403 and nothing is stored. The number is
  then trusted as the person's phone identity (identity.phone, E.164).
- An SMS is offered only to mobile numbers of SMS_REGIONS (South Africa unless configured), sent at
  most once per session and at most USSD_SMS_PER_DAY times per number a day (sms_quota).
- A session is the pair (sessionId, phone): another phone sending the same sessionId starts
  its own session and never sees the first one's screens.
- A phone over the rate limit gets 200 "END" with one short "please wait" (see limits).
- The same request delivered twice shows the same screen and advances nothing (answer_once on
  the session, phone and text); the session's pages live in the database so any worker continues it.
- POST /simulator/ussd is the same menu for the web simulator, under the visitor's test number
  (identity.simulated): it needs no token, never reaches a phone's conversation, sends no SMS.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from flask import Blueprint, Response, current_app, request

from ..cleaning import one_line
from ..dialogue import identity
from ..dialogue.conversation import Write
from ..i18n import Texts
from ..messages import NEW, RESUME, Inbound, Reply
from ..outbound import SmsNotSent
from ..text.sms_text import for_sms, for_ussd
from . import sms_quota
from .caller import caller
from .render import full_text, once_per_reply, split_pages
from .spec import Channel, Wire
from .store import ChannelSessions, Delivery, answer_once, commit

log = logging.getLogger(__name__)
blueprint = Blueprint("ussd", __name__)
MORE, BACK = "98", "0"
MAX_INPUT = 200
# A session this server has not seen is rebuilt from its last inputs only (a bounded replay).
MAX_REPLAY = 10


def _plain(text: str, status: int = 200) -> Response:
    return Response(text, status=status, mimetype="text/plain")


def screens(reply: Reply, texts: Texts, limit: int, sms_key: str | None = None) -> list[str]:
    """The reply as USSD screens of at most limit characters each, "CON " or "END " included."""
    # Blank lines cost screen space on a 160-character USSD screen.
    body = full_text(reply, separator=" ", brief=True).replace("\n\n", "\n")
    if sms_key:
        body += "\n%s %s" % (sms_key, texts.gettext("Send this to me by SMS"))
    body = for_ussd(body)  # letters outside GSM 03.38 written plain: some gateways garble them
    prefix = "END " if reply.end_session else "CON "
    more, back = "%s %s" % (MORE, for_ussd(texts.gettext("More"))), "%s %s" % (BACK, for_ussd(texts.gettext("Back")))
    if len(prefix) + len(body) <= limit:
        return [prefix + body]
    room = limit - len("CON ") - len(more) - len(back) - 2
    # cut after a sentence, never inside a list item; the first screen has no "0 Back"
    pages = split_pages(body, room, fill=True, first=room + len(back) + 1)
    result = []
    for index, page in enumerate(pages):
        last = index == len(pages) - 1
        ends = last and reply.end_session
        nav = ([] if last else [more]) + ([back] if index and not ends else [])
        result.append(("END " if ends else "CON ") + "\n".join([page] + nav))
    return result


def _send_by_sms(who: str, owner: str, body: str) -> None:
    """Send body by SMS to the phone identity who; SmsNotSent when it may not or cannot be."""
    sender = current_app.extensions.get("sms_sender")
    number = identity.phone_number(who)
    if sender is None or number is None:  # configured when the offer was made, gone since
        raise SmsNotSent("no sender or no phone")
    if not sms_quota.claim(current_app.extensions["database"], owner, current_app.config["USSD_SMS_PER_DAY"]):
        raise SmsNotSent("the number's SMS for today are used up")
    sender.send(number, body)


def _may_offer_sms(who: str, data: dict[str, Any]) -> bool:
    """An SMS is offered once per session, to mobile phones of SMS_REGIONS, when a sender is set."""
    return (
        not data.get("sms_sent")
        and current_app.extensions.get("sms_sender") is not None
        and identity.sms_reaches(who, current_app.config["SMS_REGIONS"])
    )


def _texts(lang: str | None) -> Texts:
    return Texts(lang or "en", current_app.config["LOCALES_DIR"])


def _moved(data: dict[str, Any], value: str) -> dict[str, Any] | None:
    """The session after value moved between the pages of the answer shown ("98 More",
    "0 Back"), or None when value is not such a move."""
    pages, page = data.get("pages", []), data.get("page", 0)
    if pages and value == MORE and page + 1 < len(pages):
        return dict(data, page=page + 1)
    if pages and value == BACK and page > 0:
        return dict(data, page=page - 1)
    return None


def _asks_sms(data: dict[str, Any], value: str) -> bool:
    """True when value takes the offer to send the answer shown by SMS."""
    return bool(data.get("sms_key") and value == data["sms_key"] and data.get("answer"))


def _after_sms(data: dict[str, Any], sent: bool) -> dict[str, Any]:
    """The session after the SMS was asked for: one final screen saying whether it was sent;
    never offered again in this session."""
    said = (
        _texts(data.get("lang")).gettext("Sent. You will get an SMS soon. Thank you.")
        if sent
        else _texts(data.get("lang")).gettext("Sorry, the SMS could not be sent now. Please dial again later.")
    )
    screen = "END " + split_pages(for_ussd(said), current_app.config["USSD_SCREEN_CHARS"] - 4)[0]
    return dict(data, pages=[screen], page=0, answer=None, sms_key=None, sms_sent=True)


def _shown(data: dict[str, Any], reply: Reply, who: str) -> dict[str, Any]:
    """The session that shows reply: its screens, the language, and (for an answer with facts,
    to a phone that may get one) the SMS offer and the text it would send: a final answer's
    only choice ("1 Send this to me by SMS"), else the choice after its options, and then the
    SMS holds the options too (a list of centres, numbered as the conversation reads them)."""
    can_send = (reply.final or reply.sendable) and not reply.end_session and _may_offer_sms(who, data)
    shown = replace(reply, options=[], end_session=not can_send) if reply.final else reply
    sms_key = str(len(shown.options) + 1) if can_send else None
    pages = screens(shown, _texts(reply.lang), current_app.config["USSD_SCREEN_CHARS"], sms_key)
    answer = for_sms(reply.text if reply.final else full_text(reply), reply.lang) if can_send else None
    return dict(data, pages=pages, page=0, lang=reply.lang, sms_key=sms_key, answer=answer)


def _screen(data: dict[str, Any]) -> str:
    return str(data["pages"][data["page"]])


def _inbound(who: str, value: str, event: str, key: str | None = None) -> Inbound:
    return Inbound(channel="ussd", user=who, text=value, session_event=event, key=key)


def apology_response(reply: Reply) -> Response:
    """The reply as a final screen ("END ...") of at most USSD_SCREEN_CHARS characters."""
    return _plain(("END " + for_ussd(reply.text))[: current_app.config["USSD_SCREEN_CHARS"]])


def wait_response(reply: Reply, breach) -> Response:
    """Over the rate limit: 200 with one "please wait" screen that ends the session."""
    return apology_response(reply)


def token_ok() -> bool:
    """True when no USSD_TOKEN is configured, or the request's ?token= is it."""
    token = current_app.config.get("USSD_TOKEN")
    if not token:
        return True
    return hmac.compare_digest(request.args.get("token", "").encode("utf-8"), token.encode("utf-8"))


def _simulated() -> bool:
    return request.path == SIMULATOR_PATH


def request_user() -> str | None:
    """The identity of the session's phone (or simulator test number), the rate limit's key."""
    number = request.form.get("phoneNumber", "").strip()
    if not number:
        return None
    return identity.simulated(number) if _simulated() else identity.phone(number)


def rate_exempt() -> bool:
    """Requests without the right token are refused, not counted against the number they name."""
    return not _simulated() and not token_ok()


SIMULATOR_PATH = "/simulator/ussd"


def session_key(owner: str, session_id: str) -> str:
    """Where a session's data is kept: the pair (person's user key, sessionId), so another
    phone naming this sessionId has a session of its own."""
    return "ussd:" + hashlib.sha256((owner + "\0" + session_id).encode("utf-8", "replace")).hexdigest()


@blueprint.post("/ussd")
def ussd():
    """One USSD request from Africa's Talking."""
    if not token_ok():
        return _plain("END Forbidden: missing or wrong token", 403)
    return _answer()


@blueprint.post(SIMULATOR_PATH)
def simulator():
    """One USSD request from the web simulator, under the visitor's test number."""
    return _answer()


def _answer() -> Response:
    """Answer the USSD request in the form, as the person request_user() names."""
    form = request.form
    session_id = form.get("sessionId", "").strip()
    phone = form.get("phoneNumber", "").strip()
    dialler = caller(request_user, rate_exempt)
    who, owner = dialler.user, dialler.key
    if not session_id or who is None or owner is None or len(session_id) > 128 or len(phone) > 64:
        return _plain("END Sorry, this request could not be read.", 400)
    text = one_line(form.get("text", ""))
    session = _Session(who, owner, session_key(owner, session_id), text.split("*") if text else [])
    request_id = hashlib.sha256((session.key + "\0" + text).encode("utf-8", "replace")).hexdigest()
    database = current_app.extensions["database"]
    return _plain(answer_once(database, "ussd", request_id, partial(_advance, session), owner))


@dataclass(frozen=True)
class _Session:
    """Who is dialling (identity and user key), where the session is kept, and every input so far."""

    who: str
    owner: str
    key: str
    inputs: list[str]


def _advance(session: _Session, delivery: Delivery) -> str:
    """Advance the session by its new input and return the screen to show.

    Normally there is one new input; a session this server has not seen (or lost) replays its
    inputs, each as a turn of its own. The last input's session, its screen (the delivery's
    reply) and, for a conversation turn, the conversation's new state commit in one write; an
    SMS is sent only after the session that says it was asked for is committed, so a retry
    never sends it twice.
    """
    database = current_app.extensions["database"]
    sessions = ChannelSessions(database)
    data = sessions.load(session.key) if session.inputs else {}
    done = data.get("done", 0)
    if session.inputs and done == len(session.inputs) and data.get("pages"):
        # This request's session was committed but its reply was not (it failed after an SMS
        # was sent): show the session as it is, doing nothing again.
        commit(database, delivery.storing(_screen(data)))
        return _screen(data)
    pending = session.inputs[done:] if 0 <= done < len(session.inputs) else session.inputs[-1:]
    steps = [(value.strip()[:MAX_INPUT], RESUME) for value in pending[-MAX_REPLAY:]] or [("", NEW)]
    for value, event in steps[:-1]:
        data = _replayed(data, value, event, session)
    value, event = steps[-1]
    data = dict(data, done=len(session.inputs))

    def keep(new: dict[str, Any]) -> list[Write]:
        return [sessions.saving(session.key, new, session.owner), delivery.storing(_screen(new))]

    moved = _moved(data, value)
    if moved is not None:
        commit(database, *keep(moved))
        return _screen(moved)
    if _asks_sms(data, value):
        not_sent = _after_sms(data, sent=False)
        commit(database, sessions.saving(session.key, not_sent, session.owner))
        try:
            _send_by_sms(session.who, session.owner, data["answer"])
        except SmsNotSent as error:
            log.warning("USSD: the SMS was not sent (%s)", error)
            commit(database, delivery.storing(_screen(not_sent)))
            return _screen(not_sent)
        sent = _after_sms(data, sent=True)
        commit(database, *keep(sent))
        return _screen(sent)
    conversations = current_app.extensions["conversations"]
    shown = once_per_reply(lambda reply: _shown(data, reply, session.who))
    reply = conversations.respond(_inbound(session.who, value, event, session.owner), lambda reply: keep(shown(reply)))
    return _screen(shown(reply))


def _replayed(data: dict[str, Any], value: str, event: str, session: _Session) -> dict[str, Any]:
    """The session after an input replayed from an earlier request (its conversation turn is
    committed; the session is kept with the last input's). An SMS asked for then is not sent now."""
    moved = _moved(data, value)
    if moved is not None:
        return moved
    if _asks_sms(data, value):
        return _after_sms(data, sent=False)
    reply = current_app.extensions["conversations"].respond(_inbound(session.who, value, event, session.owner))
    return _shown(data, reply, session.who)


def error_response(message: str, status: int) -> Response:
    """A request refused before it reached the view (such as a body over the limit), as a screen
    that ends the session."""
    return _plain("END Sorry, this request could not be read: %s." % message, status)


def _form(text: str = "", user: str | None = None, session: str | None = None, **extra: Any) -> dict[str, Any]:
    """An Africa's Talking request's fields: the session's inputs so far (text, joined by `*`)
    from user (a new number when None) in session (a new one when None)."""
    fields = {
        "sessionId": session or "ATUid_" + uuid.uuid4().hex,
        "serviceCode": "*134*1020#",
        "phoneNumber": user or "+2782%07d" % (uuid.uuid4().int % 10**7),
        "networkCode": "65501",
        "text": text,
    }
    return fields | extra


CHANNEL = Channel(
    blueprint=blueprint,
    request_user=request_user,
    rate_exempt=rate_exempt,
    wait_response=wait_response,
    apology_response=apology_response,
    error_response=error_response,
    wires={
        "ussd": Wire(
            path="/ussd",
            form=_form,
            texts=lambda response: [response.get_data(as_text=True)],
            identity=identity.phone,
            pages_key=lambda owner, session: session_key(owner, session or ""),
            sessions=True,
        )
    },
    sms_reaches=True,
)
