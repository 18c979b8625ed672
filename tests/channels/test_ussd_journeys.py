"""USSD as people dial it: the documents checklist and the next service days within 6 screens
(English and isiZulu), pages cut between phrases and never a heading alone, no offer to share
a location, and a clear END when the SMS cannot be sent."""

from __future__ import annotations

import re
from dataclasses import replace

import harness
import pytest
import requests
from harness import Driver
from support import TODAY
from twilio.base.exceptions import TwilioRestException

from bot.channels.render import split_pages
from bot.channels.ussd import screens
from bot.content.snapshot import pick
from bot.dialogue import engine
from bot.dialogue.answers.base import action
from bot.dialogue.state import State
from bot.i18n import LANGUAGES, Texts
from bot.messages import Inbound
from bot.outbound import TwilioSms

USSD = Driver("ussd")
MAX_SCREENS = 6  # from the dial (issue 29's target for a whole answer; the language choice not counted)
CHECKLIST_ITEM = re.compile(r"^- ", re.M)
# A date on a list ("- Friday, 11 December 2026") or after whom it is for ("SASSA: Friday, ...").
DATED_DAY = re.compile(r"^(- |\S[^:\n]*: ).*\b20\d\d\b", re.M)
# isiZulu is chosen from the language menu: 5 Language, 3 isiZulu.
CHOOSE = {"en": [], "zu": ["5", "3"]}


class Dialled(harness.Dialled):
    """A USSD session that can page until a screen shows what it looks for."""

    def more_until(self, pattern: re.Pattern) -> int:
        """Press 98 until a screen matches pattern; the screens it took from the dial (the
        language choice not counted)."""
        while not pattern.search(self.screens[-1]) and "\n98 " in self.screens[-1]:
            self.press("98")
        assert pattern.search(self.screens[-1]), self.screens
        return len(self.screens)


def _dial(client, lang: str) -> tuple[Dialled, int]:
    dialled = Dialled(client)
    for value in CHOOSE[lang]:
        dialled.press(value)
    return dialled, len(CHOOSE[lang])


@pytest.mark.parametrize("lang", ["en", "zu"])
def test_dial_to_a_documents_checklist_in_at_most_six_screens(app, client, lang):
    content = app.extensions["snapshots"].get()
    for slug, service in content.services.items():
        dialled, choosing = _dial(client, lang)
        dialled.press("3")
        dialled.press(pick(service.name, lang))
        assert dialled.more_until(CHECKLIST_ITEM) - choosing <= MAX_SCREENS, (slug, dialled.screens)
    dialled, choosing = _dial(client, lang)
    dialled.press("3")
    dialled.press("1")  # the first service on the list
    assert dialled.more_until(CHECKLIST_ITEM) - choosing <= MAX_SCREENS, dialled.screens


@pytest.mark.parametrize("lang", ["en", "zu"])
def test_dial_to_the_next_service_days_in_at_most_six_screens(app, client, lang):
    content = app.extensions["snapshots"].get()
    with_days = {day.centre for day in content.service_days}
    centres = [c for slug, c in sorted(content.centres.items()) if slug in with_days][:12]
    assert centres
    for centre in centres:
        dialled, choosing = _dial(client, lang)
        dialled.press("4")
        dialled.press(pick(centre.name, lang))
        assert dialled.more_until(DATED_DAY) - choosing <= MAX_SCREENS, (centre.slug, dialled.screens)


def test_ussd_never_offers_to_share_a_location(client):
    for path in (["1"], ["2", "Xyzzyville"], ["4", "ask me where"]):
        dialled = Dialled(client)
        for value in path:
            dialled.press(value)
        assert not any("location" in screen.lower() for screen in dialled.screens), dialled.screens


def _answers(app, lang: str):
    content = app.extensions["snapshots"].get()
    asked = [action("required_documents", service=slug) for slug in content.services]
    asked += [action("find_service", service=slug) for slug in content.services]
    asked += [action(kind, centre=slug) for kind in ("centre_services", "service_days") for slug in content.centres]
    for chosen in asked:
        state = State(lang=lang, lang_chosen=True, options={"1": chosen})
        reply = engine.respond(
            content, state, Inbound("ussd", "+27000000000", "1"), TODAY, app.config["LOCALES_DIR"]
        ).reply
        yield replace(reply, options=[], end_session=True) if reply.final else reply


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_no_screen_holds_only_a_heading(app, lang):
    texts = Texts(lang, app.config["LOCALES_DIR"])
    nav = re.compile(r"^(98|0) ")
    for reply in _answers(app, lang):
        shown = screens(reply, texts, 160, "1")
        for screen in shown[:-1]:
            lines = [line for line in screen[4:].split("\n") if not nav.match(line)]
            assert not (len(lines) == 1 and lines[0].rstrip().endswith(":")), shown


def test_pages_break_between_phrases_not_inside_brackets():
    line = "SASSA: Older persons grant (old age pension) (visiting), Child support grant, Disability grant"
    pages = split_pages("Services at Sterkspruit Thusong Service Centre:\n" + line, 80)
    assert all(page.count("(") == page.count(")") for page in pages), pages
    assert any("(old age pension)" in page for page in pages)


def test_a_filled_page_breaks_after_a_sentence_and_never_inside_a_list_item():
    """Issue 29: a line is cut after a sentence when one is within reach (not where the most
    words fit: "... Not all confirmed: ask the"), a list item or an option moves whole to the
    next page, and the first page may be larger (a USSD screen without "0 Back")."""
    checked = "Checked on 07 December 2026. Not all confirmed: ask the office before you travel."
    item, offer = "- An affidavit in SASSA's format, before a commissioner of oaths", "1 Send this to me by SMS"
    text = "\n".join([checked, item, offer])
    assert split_pages(text, 70, fill=True) == [
        "Checked on 07 December 2026.",
        "Not all confirmed: ask the office before you travel.",
        item,
        offer,
    ]
    assert split_pages(text, 70, fill=True, first=90) == [checked, item, offer]


def test_a_heading_goes_with_the_line_it_heads():
    text = "Bring:\n- Your ID\nReplacing an ID (lost or damaged):\n- An affidavit from the police"
    pages = split_pages(text, 70)
    assert pages[-1].startswith("Replacing an ID") and "affidavit" in pages[-1]
    alone = split_pages("Within 30 days:\nAfter 30 days:\n- Ask Home Affairs for the late registration steps", 60)
    assert all(not re.fullmatch(r"[^\n]*:", page) for page in alone[:-1]), alone


class _Unreachable:
    """Twilio's client with every request failing as given."""

    def __init__(self, error: Exception) -> None:
        self.messages = self
        self.error = error

    def create(self, **message):
        raise self.error


@pytest.mark.parametrize(
    "error",
    [
        requests.ConnectionError("Twilio unreachable"),
        TwilioRestException(500, "https://api.twilio.com", "server error"),
    ],
    ids=["unreachable", "refused"],
)
@pytest.mark.parametrize("lang, said", [("en", "the SMS could not be sent"), ("zu", "ayikwazanga ukuthunyelwa")])
def test_an_sms_that_cannot_be_sent_ends_the_session_with_a_clear_sentence(new_app, error, lang, said):
    app = new_app()
    sender = TwilioSms("AC" + "0" * 32, "token", {"from_": "+27600000000"})
    sender.client = _Unreachable(error)
    app.extensions["sms_sender"] = sender
    dialled, _choosing = _dial(app.test_client(), lang)
    for value in ("4", "Zava", "SASSA"):  # one department's days: a final answer
        dialled.press(value)
    while "\n98 " in dialled.screens[-1]:
        dialled.press("98")
    offer = [line for line in dialled.screens[-1].removeprefix("CON ").splitlines() if line.startswith("1 ")]
    assert offer, dialled.screens[-1]
    end = dialled.press("1")
    assert end.startswith("END ") and said in end and len(end) <= 160


def test_the_answer_sent_by_sms_uses_gsm7_punctuation(signed_app):
    dialled = Dialled(signed_app.test_client())
    for value in ("5", "8", "4", "Zava", "SASSA"):  # Xitsonga, then SASSA's service days at Zava
        dialled.press(value)
    while "\n98 " in dialled.screens[-1]:
        dialled.press("98")
    assert dialled.press("1").startswith("END ")
    [(_to, body)] = signed_app.extensions["sms_sender"].sent
    assert "N'wendzamhala" in body and "’" not in body


def test_service_days_by_way_of_the_nearest_centre_show_the_chosen_centres_days(client):
    """Service days -> "Nearest centre" -> a town -> a centre: that centre's service days (it
    once showed the centre's hours and ended); the list is a choice, never an END."""
    dialled, _choosing = _dial(client, "en")
    dialled.press("4")
    dialled.press("1")  # Nearest centre
    listed = dialled.press("Giyani")
    assert listed.startswith("CON ") and "1 Zava Thusong Service Centre" in listed
    assert dialled.press("1").startswith("CON Service days at Zava Thusong Service Centre")


def test_a_list_of_centres_offers_to_send_it_by_sms_after_its_choices(signed_app):
    """The nearest centres are a choice (CON) and an answer worth keeping: "Send this to me by
    SMS" comes after the centres, and the SMS holds them, numbered."""
    dialled, _choosing = _dial(signed_app.test_client(), "en")
    dialled.press("1")
    screens = [dialled.press("Giyani")]
    while "\n98 " in screens[-1]:
        screens.append(dialled.press("98"))
    offer = re.search(r"^(\d+) Send this to me by SMS$", "\n".join(screens), re.M)
    assert offer and offer.group(1) == "4" and all(s.startswith("CON ") for s in screens)
    assert dialled.press(offer.group(1)).startswith("END ")
    [(_to, body)] = signed_app.extensions["sms_sender"].sent
    assert "Giyani" in body and "1. Zava Thusong Service Centre (about 13 km)" in body
