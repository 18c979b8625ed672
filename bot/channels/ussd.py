"""USSD menus over Africa's Talking's protocol: POST /ussd.

Wire in: form sessionId, serviceCode, phoneNumber, networkCode, text, where text is every
input of the session so far joined by "*" ("" on the first request).
Wire out: text/plain "CON <screen>" (continue) or "END <screen>" (finish), each screen, prefix
included, at most USSD_SCREEN_CHARS characters.
- Long answers and lists page with "98 More" and "0 Back"; "0" on a first page goes back in
  the conversation.
- A final answer (facts, not a menu or a question) ends the session: its last screen is END,
  or, when an SMS sender is set, offers only "1 Send this to me by SMS" (then END: "Sent", or,
  when the SMS cannot be sent, a short sentence saying so in the person's language).
- Africa's Talking does not sign callbacks: with USSD_TOKEN set, the callback URL must carry it
  (`/ussd?token=...`); a missing or wrong token gets 403 and nothing is stored. The number is
  then trusted as the person's phone identity (identity.phone, E.164).
- An SMS is offered only to numbers of SMS_REGIONS (South Africa unless configured), sent at
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
from dataclasses import replace

from flask import Blueprint, Response, current_app, request

from ..dialogue import identity
from ..i18n import Texts
from ..messages import Inbound, Reply
from . import sms_quota
from .outbound import SmsNotSent
from .render import clean_input, full_text, split_pages
from .sms_text import same_in_gsm7
from .store import ChannelSessions, answer_once

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
    prefix = "END " if reply.end_session else "CON "
    more, back = "%s %s" % (MORE, texts.gettext("More")), "%s %s" % (BACK, texts.gettext("Back"))
    if len(prefix) + len(body) <= limit:
        return [prefix + body]
    room = limit - len("CON ") - len(more) - len(back) - 2
    pages = split_pages(body, room)
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


def _may_offer_sms(who: str, data: dict) -> bool:
    """An SMS is offered once per session, to phones of SMS_REGIONS, when a sender is set."""
    return (
        not data.get("sms_sent")
        and current_app.extensions.get("sms_sender") is not None
        and identity.in_regions(who, current_app.config["SMS_REGIONS"])
    )


def _turn(data: dict, new_input: str, session_event: str, who: str, owner: str, finish=None) -> str:
    """Advance the session data by one input; return the screen to show. When the input is a
    conversation turn, finish(connection) runs in its write transaction after data is updated
    (to save data with it); the caller saves data otherwise."""
    pages, page = data.get("pages", []), data.get("page", 0)
    texts = Texts(data.get("lang") or "en", current_app.config["LOCALES_DIR"])
    limit = current_app.config["USSD_SCREEN_CHARS"]
    if pages and new_input == MORE and page + 1 < len(pages):
        data["page"] = page + 1
    elif pages and new_input == BACK and page > 0:
        data["page"] = page - 1
    elif data.get("sms_key") and new_input == data["sms_key"] and data.get("answer"):
        try:
            _send_by_sms(who, owner, data["answer"])
            said = texts.gettext("Sent. You will get an SMS soon. Thank you.")
        except SmsNotSent as error:
            log.warning("USSD: the SMS was not sent (%s)", error)
            said = texts.gettext("Sorry, the SMS could not be sent now. Please dial again later.")
        data.update(pages=["END " + split_pages(said, limit - 4)[0]], page=0, answer=None, sms_key=None, sms_sent=True)
    else:

        def also(connection, reply: Reply) -> None:
            texts = Texts(reply.lang, current_app.config["LOCALES_DIR"])
            can_send = reply.final and _may_offer_sms(who, data)
            shown = replace(reply, options=[], end_session=not can_send) if reply.final else reply
            sms_key = "1" if can_send else None
            data.update(
                pages=screens(shown, texts, limit, sms_key),
                page=0,
                lang=reply.lang,
                sms_key=sms_key,
                answer=same_in_gsm7(reply.text) if can_send else None,
            )
            if finish is not None:
                finish(connection)

        current_app.extensions["conversations"].respond(
            Inbound(channel="ussd", user=who, text=new_input, session_event=session_event), also
        )
    return data["pages"][data["page"]]


def apology_response(reply: Reply) -> Response:
    """The reply as a final screen ("END ...") of at most USSD_SCREEN_CHARS characters."""
    return _plain(("END " + reply.text)[: current_app.config["USSD_SCREEN_CHARS"]])


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
    if not session_id or not phone or len(session_id) > 128 or len(phone) > 64:
        return _plain("END Sorry, this request could not be read.", 400)
    who = request_user()
    text = clean_input(form.get("text", ""))
    inputs = text.split("*") if text else []
    database = current_app.extensions["database"]
    sessions = ChannelSessions(database)
    owner = identity.user_key(current_app.config["SECRET_KEY"], who)
    key = session_key(owner, session_id)
    request_id = hashlib.sha256((key + "\0" + text).encode("utf-8", "replace")).hexdigest()

    def produce(record) -> str:
        data = sessions.load(key) if inputs else {}
        done = data.get("done", 0)
        # Normally one new input; a session this server has not seen (or lost) replays them all.
        pending = (inputs[done:] if 0 <= done < len(inputs) else inputs[-1:])[-MAX_REPLAY:]
        finished = []

        def finish(connection) -> None:
            # The session, the screen given and the conversation commit together.
            data["done"] = len(inputs)
            sessions.save_on(connection, key, data, owner)
            record(connection, data["pages"][data["page"]])
            finished.append(True)

        screen = _turn(data, "", "new", who, owner, finish) if not inputs else ""
        for number, value in enumerate(pending, 1):
            screen = _turn(
                data, value.strip()[:MAX_INPUT], "resume", who, owner, finish if number == len(pending) else None
            )
        if not finished:  # the last input only moved between screens
            data["done"] = len(inputs)
            sessions.save(key, data, owner)
        return screen

    return _plain(answer_once(database, "ussd", request_id, produce, owner))


def error_response(message: str, status: int) -> Response:
    """A request refused before it reached the view (such as a body over the limit), as a screen
    that ends the session."""
    return _plain("END Sorry, this request could not be read: %s." % message, status)
