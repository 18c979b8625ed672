"""One conversation turn: from the person's message and the remembered state to an Answer.

Order of reading a message: "00"/menu words go home, "0" goes back, a bare number picks an
option of the last reply (or of the main menu), anything else is understood as free text and
completes the pending question when it carries what that question asked for. While the person
has a question open for a person at a centre (bot.dialogue.answers.person), free text that is
not a clear request of its own is added to it; staff replies waiting for them come first.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from ..cleaning import masked
from ..content.snapshot import Content
from ..helpdesk import tickets
from ..i18n import LANGUAGES, Texts
from ..messages import NEW, Inbound, Option, Reply
from ..text.normalize import tokens
from ..understanding import Understanding, understand
from ..understanding.intents import CONFIDENT
from ..understanding.language import detector_for, evidence
from ..understanding.optout import opts_out
from ..understanding.reminders import reminder_request
from . import feedback
from .answers import INTENTS, RULES, WHERE, intent
from .answers.base import Answer, Turn, action, area_of
from .answers.menu import MAIN_MENU
from .reminding import Change, Reminding
from .state import State

if TYPE_CHECKING:
    from ..helpdesk.tickets import Desk

_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")
_HOME_WORDS = {"00", "menu", "main menu", "home", "start"}
# Asking for a person again is no new request while a question for one is open or being asked.
_PERSON = frozenset({"talk_to_person"})
PUBLIC_ENTITIES = ("centre", "service", "provider", "variant", "place", "day")
# A conversation under way moves to another language when, all its messages weighed, it is at
# most this unlikely to be in the current one, and the new message is this likely in its own
# language or has at least SWITCH_LETTERS letters (names not counted).
SWITCH_CONFIDENCE = 0.9
SWITCH_LETTERS = 12
# An earlier message's evidence counts this much beside the next one's (so a person answered in
# the wrong language who writes again in their own is answered in it; a real change of language
# outweighs what came before).
EVIDENCE_DECAY = 0.5
# ... and no language trails the best by more than this (log odds of 1000 to 1): many messages in
# one language must not outweigh a clear message in another.
EVIDENCE_SPAN = 6.9
# A message with more words than this of its own, that the classifier reads confidently, is a
# request in itself, not a follow-up ("the staff at Jozini were rude" after service days).
FOLLOW_UP_WORDS = 2


class Outcome(NamedTuple):
    """A turn's reply and what to store with it: feedback records, what could not be answered
    (a message not understood, a place not known: `kind`, `text` with numbers masked, `lang`,
    `province` when the turn names one) for the people who improve the vocabularies and
    content, and the changes the person made to their reminders."""

    reply: Reply
    feedback: list[dict[str, Any]]
    unanswered: list[dict[str, Any]]
    reminder_changes: list[Change]
    desk_changes: list[dict[str, Any]]


def respond(
    content: Content,
    state: State,
    inbound: Inbound,
    today: dt.date,
    locales_dir: str,
    reminding: Reminding | None = None,
    desk: Desk | None = None,
) -> Outcome:
    """Answer inbound and update state in place (reminding: see bot.dialogue.reminding; desk:
    the person's helpdesk, bot.helpdesk.tickets.Desk, None where there is none)."""
    if inbound.lang in LANGUAGES:
        state.lang, state.lang_chosen = inbound.lang, True
    elif inbound.lang_hint in LANGUAGES and not (state.lang_chosen or state.lang_heard):
        state.lang = inbound.lang_hint
    turn = Turn(
        content, Texts(state.lang, locales_dir), today, state, text=inbound.text, reminding=reminding, desk=desk
    )
    replies = _staff_replies(turn)
    chosen, prefix, went_back = _choose(turn, inbound)
    prefix = replies + prefix
    # An action stored by an older version may name an intent that no longer exists.
    answer: Answer = INTENTS.get(chosen["intent"], INTENTS["help"]).answer(turn, chosen["entities"])
    state.pending = answer.pending
    state.options = {str(i): act for i, (_label, act) in enumerate(answer.options, 1)}
    # Dialling USSD again shows the menu: that is not a question to remember (what was asked
    # before the last session ended still gives the next request its centre or service).
    if not went_back and not (inbound.session_event == NEW and not inbound.text.strip()):
        state.remember(chosen)
    reply = Reply(
        blocks=prefix + answer.blocks,
        lang=turn.lang,
        intent=answer.intent,
        entities=_public(answer.entities),
        options=[Option(str(i), label) for i, (label, _a) in enumerate(answer.options, 1)],
        end_session=answer.end_session,
        final=answer.final and answer.pending is None and intent(answer.intent).final,
        sendable=answer.pending is None and intent(answer.intent).final,
        brief=("\n".join(prefix + [answer.brief]) if answer.brief else None),
        dates=answer.dates,
        ticket=state.ticket,
        ticket_opened=any("open" in change for change in turn.desk_changes),
    )
    _note_unanswered(turn, chosen, inbound)
    return Outcome(reply, turn.feedback, turn.unanswered, turn.reminder_changes, turn.desk_changes)


def _staff_replies(turn: Turn) -> list[str]:
    """The staff replies waiting for the person, each under who wrote it (marked shown), and
    the open ticket forgotten once it is closed and nothing waits."""
    desk, state = turn.desk, turn.state
    if desk is None or state.ticket is None:
        return []
    blocks = [tickets.shown(turn.content, turn.texts, reply) for reply in desk.replies]
    if desk.replies:
        turn.desk_changes.append({"shown": [reply["id"] for reply in desk.replies]})
        state.ticket_acked = False
    if desk.open is None:
        state.ticket, state.ticket_acked = None, False
    return blocks


def _public(entities: dict[str, Any]) -> dict[str, str]:
    """The entities a reply names: slugs, the place named, and the day asked about as an ISO
    date ("day") or an ISO interval ("period": "2026-12-14/2026-12-20") once resolved."""
    public = {k: str(v) for k, v in entities.items() if k in PUBLIC_ENTITIES and v}
    day = public.get("day", "")
    if "/" in day:
        public["period"] = public.pop("day")
    elif not _ISO_DATE.match(day):
        public.pop("day", None)  # not resolved to a date (impossible, or a question still open)
    return public


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _note_unanswered(turn: Turn, chosen: dict[str, Any], inbound: Inbound) -> None:
    """Keep, for the console, a message not understood or a place not known (masked)."""
    entities = chosen["entities"]
    if chosen["intent"] == "unknown" and inbound.text.strip():
        kind, text = "not_understood", inbound.text
    elif entities.get("unknown_place"):
        kind, text = "unknown_place", str(entities["unknown_place"])
    else:
        return
    centre = turn.content.centres.get(entities.get("centre") or "")
    province = entities.get("province") or (centre.province if centre else None)
    turn.unanswered.append({"kind": kind, "text": masked(text)[:200], "lang": turn.lang, "province": province})


def _choose(turn: Turn, inbound: Inbound) -> tuple[dict[str, Any], list[str], bool]:
    """(action to answer, text blocks to put before the answer, whether this is a step back)."""
    state, _ = turn.state, turn._
    text = inbound.text.strip()
    normal = " ".join(tokens(text))
    if inbound.media and not text and inbound.location is None:
        return action("media"), [], False
    if opts_out(turn.content, normal.split()):
        return action("stop"), [], False
    request = reminder_request(turn.content, normal.split()) if inbound.location is None else None
    if request:
        u = understand(turn.content, text, rules=RULES)
        _follow_language(turn, u.residual, area_of(turn, u.entities))
        named = {k: v for k, v in u.entities.items() if k in ("centre", "provider", "service", "place")}
        return action(request, **named), [], False
    if inbound.location is None:
        if text == "00" or normal in _HOME_WORDS or (inbound.session_event == NEW and not text):
            return action("help"), [], False
        if text == "0":
            if len(state.history) >= 2:
                state.history.pop()
                return state.history[-1], [], True
            return action("help"), [], False
        number = _NUMBER.match(text)
        if number:
            options = state.options or {key: action(intent) for key, intent in MAIN_MENU}
            key = str(int(number.group(1)))
            if key in options:
                return options[key], [], False
            again = state.history[-1] if state.history else action("help")
            return again, [_("That number is not on the list. Please choose one of these.")], True
    return _understood(turn, inbound, text)


def _follow_language(turn: Turn, residual: list[str], area: str | None) -> None:
    """Reply in the person's language unless a language was chosen (it sticks until changed).

    The first message that shows a language sets it (weighed by the speakers of the area it is
    about), unless the current one (English by default, or the page's) is among the near
    candidates. After that the evidence of all the person's messages decides, earlier ones
    counting less (EVIDENCE_DECAY), with the area the conversation is about: the conversation
    moves only when that makes the current language unlikely and the new message is clear
    (confident, or said at length), or when the message adds no words but names an area that
    settles a close call ("iza nini?" then "eCofimvaba": isiXhosa). A short reply ("ok",
    "yebo") or a greeting several languages share (Dumela) keeps it.
    """
    state = turn.state
    if state.lang_chosen:
        return
    detector = detector_for(turn.content)
    detection = detector.detect_words(residual, area)
    if detection.lang is not None and not detection.greeting:
        earlier = state.lang_evidence
        summed = {
            lang: EVIDENCE_DECAY * earlier.get(lang, 0.0) + value
            for lang, value in evidence(detection.probabilities).items()
        }
        top = max(summed.values())
        state.lang_evidence = {lang: round(max(value, top - EVIDENCE_SPAN), 2) for lang, value in summed.items()}
    if not state.lang_heard:
        if detection.lang is None:
            return
        state.lang_heard = True
        if state.lang not in detection.candidates:
            _switch(turn, detection.lang)
        return
    if detection.lang is None and not (
        area and state.lang_evidence and max(state.lang_evidence, key=state.lang_evidence.__getitem__) == state.lang
    ):
        return  # no new words, and no area that refines a call the words made
    said_enough = detection.lang is None or (
        detection.confidence >= SWITCH_CONFIDENCE or detection.letters >= SWITCH_LETTERS
    )
    weighed = detector.posterior(state.lang_evidence, area)
    best = max(weighed, key=weighed.__getitem__)
    if best != state.lang and weighed.get(state.lang, 0.0) <= 1 - SWITCH_CONFIDENCE and said_enough:
        _switch(turn, best)


def _switch(turn: Turn, lang: str) -> None:
    turn.state.lang = lang
    turn.texts = turn.texts.switch(lang)


def _understood(turn: Turn, inbound: Inbound, text: str) -> tuple[dict[str, Any], list[str], bool]:
    u = understand(turn.content, text, has_location=inbound.location is not None, area=area_of(turn, {}), rules=RULES)
    _follow_language(turn, u.residual, area_of(turn, u.entities))
    state, _ = turn.state, turn._
    entities: dict[str, Any] = dict(u.entities)
    if inbound.location is not None:
        entities["location"] = {"lat": inbound.location.lat, "lon": inbound.location.lon}
    if u.rating:
        entities["rating"] = u.rating
    if u.intent == "danger":  # safety first, whatever was asked before
        return action("danger"), [], False
    pending = state.pending
    if pending and pending["intent"] == "talk_to_person" and pending["entities"].get("asked") == "text" and text:
        asked = {k: v for k, v in pending["entities"].items() if k != "asked"}
        about = {k: v for k, v in entities.items() if k in ("provider", "service") and "provider" not in asked}
        return action("talk_to_person", **asked, **about, text=masked(text)[:1000]), [], False
    if pending and pending["intent"] == "talk_to_person" and feedback.clear_request(u, _PERSON):
        pending = None  # asked which centre should answer, the person asked the bot instead
    # A ticket open: the message is added to it, unless it answers another question or is a new request.
    desk = turn.desk
    answering = pending is not None and pending["intent"] != "talk_to_person"
    if desk is not None and desk.open is not None and text and not answering and not feedback.clear_request(u, _PERSON):
        return action("ticket_message", text=masked(text)[:1000]), [], False
    if pending:
        wanted = pending["intent"]
        if wanted == "feedback" and text and not feedback.leaves(pending, u, entities, text):
            return feedback.continued(pending, u, entities, text, turn.content), [], False
        if u.intent is None and not entities:
            if intent(wanted).asks_where and text:
                return action(wanted, **{**pending["entities"], "unknown_place": masked(text)[:100]}), [], False
            return pending, [_("Sorry, I did not understand that.")], False
        if u.intent == wanted or (not u.strong_cues and set(entities) & intent(wanted).completes):
            return action(wanted, **{**pending["entities"], **entities}), [], False
    last = state.history[-1] if state.history else None
    follow_up = intent(last["intent"]).follow_up if last else frozenset()
    named = set(entities) - {"place"}
    asks_itself = u.request_words > FOLLOW_UP_WORDS and u.confidence >= CONFIDENT
    # (Without a last answer, follow_up is empty: `last is not None` only tells mypy so.)
    if last is not None and not u.strong_cues and named and named <= follow_up and not asks_itself:
        return action(last["intent"], **{**last["entities"], **entities}), [], False
    # ... or names only what the last answer turns into another question ("and Home Affairs?" after
    # the services at Zava: its service days there).
    turned = {intent(last["intent"]).follow_up_as.get(kind) for kind in named} if last is not None else set()
    as_intent = turned.pop() if len(turned) == 1 else None
    if last is not None and as_intent and not u.strong_cues and not asks_itself:
        return action(as_intent, **{**last["entities"], **entities}), [], False
    if u.intent is None:
        return action("unknown"), [], False
    if intent(u.intent).asks_where and not entities.keys() & WHERE and u.unknown_names:
        entities["unknown_place"] = " ".join(u.unknown_names)[:100]  # a place we do not know
    if u.intent == "feedback":
        entities.update(
            rating=feedback.rating(u, text),
            text=masked(text)[:1000] if feedback.says_something(turn.content, u, text) else "",
        )
    return action(u.intent, **_carried(last, u, entities)), [], False


def _carried(last: dict[str, Any] | None, u: Understanding, entities: dict[str, Any]) -> dict[str, Any]:
    """entities with what the previous answer was about, for a new request that needs it and
    names none of its kind ("services at Jozini" then "when is SASSA there?" is about Jozini).
    A service the classifier only half reads in the new message ("which papers must he bring")
    gives way to the one just answered about; a need it reads with confidence does not."""
    if not last:
        return entities
    carried = dict(entities)
    takes = intent(u.intent).carries
    if "service" in takes and "service" in last["entities"] and not u.service_need and "service" not in u.named:
        carried.pop("service", None)
    for kind, instead in takes.items():
        if kind in last["entities"] and not carried.keys() & instead:
            carried[kind] = last["entities"][kind]
    return carried
