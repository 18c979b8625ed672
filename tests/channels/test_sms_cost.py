"""What an answer costs by SMS: the fee on the first message in every language, checklists
that are not numbered like options, typographic punctuation that does not force UCS-2 (letters
are kept), and "0 goes back, 00 to the menu" said once per conversation."""

from __future__ import annotations

import re
import uuid

import pytest
from harness import Driver
from support import PROJECT_ROOT, TODAY

from bot.channels.twilio_sms import HINT_AGAIN_SECONDS, navigation_note, sms_pages
from bot.dialogue import engine
from bot.dialogue.answers.base import action
from bot.dialogue.state import State
from bot.i18n import LANGUAGES, Texts
from bot.messages import Inbound, Reply
from bot.text import sms_text

SMS = Driver("sms")
LOCALES = str(PROJECT_ROOT / "locales")
HINT = "Send 0 to go back, or 00 for the main menu."


def _answer(app, lang: str, chosen: dict) -> Reply:
    """The reply to picking chosen, for a person who speaks lang."""
    content = app.extensions["snapshots"].get()
    state = State(lang=lang, lang_chosen=True, options={"1": chosen})
    reply = engine.respond(content, state, Inbound("sms", "+27000000000", "1"), TODAY, app.config["LOCALES_DIR"]).reply
    return reply


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_fee_is_on_the_first_sms_of_every_documents_answer(app, lang):
    with app.app_context():
        content = app.extensions["snapshots"].get()
        texts = Texts(lang, app.config["LOCALES_DIR"])
        for slug, service in content.services.items():
            pages = sms_pages(_answer(app, lang, action("required_documents", service=slug)), texts)
            fees = service.fees or next((v.fees for v in service.variants if v.fees), None)
            if fees:
                fee = sms_text.same_in_gsm7((fees.get(lang) or fees["en"]).split(" ")[0])
                assert fee in pages[0], (slug, pages[0])
            assert all(sms_text.segments(page)[1] <= sms_text.MAX_SEGMENTS for page in pages)


def test_sepedi_lost_id_answer_gives_the_replacement_fee_first(app):
    with app.app_context():
        pages = sms_pages(
            _answer(app, "nso", action("required_documents", service="smart-id-card")),
            Texts("nso", app.config["LOCALES_DIR"]),
        )
    assert "R140" in pages[0] and "Puku ya gago ya kgale" in "".join(pages[1:])


@pytest.mark.parametrize("lang", ["en", "nso", "zu"])
def test_checklist_items_are_not_numbered_like_options(app, lang):
    with app.app_context():
        reply = _answer(app, lang, action("required_documents", service="passport"))
    numbered = [line for line in reply.text.splitlines() if re.match(r"^\d+[.)]? ", line)]
    assert numbered == [] and "\n- " in reply.text
    assert [o.key for o in reply.options] == ["1", "2", "3"]


def test_one_after_a_checklist_picks_the_first_option(signed_client):
    user = "+2782%07d" % (uuid.uuid4().int % 10**7)
    checklist = SMS.texts(SMS.post(signed_client, SMS.form("documents for a passport", user=user)))[0]
    assert "- " in checklist
    while checklist.endswith("Reply MORE for more"):
        checklist = SMS.texts(SMS.post(signed_client, SMS.form("MORE", user=user)))[0]
    first_option = re.search(r"^1\. (.+)$", checklist, re.M).group(1)
    assert first_option == "Where to get this service"


def test_typographic_apostrophes_do_not_force_ucs2_but_letters_are_kept():
    texts = Texts("ts", LOCALES)
    dates = Reply(blocks=["SASSA: Ravumune, 10 N’wendzamhala 2026 – 08:00"], lang="ts", intent="service_days")
    [page] = sms_pages(dates, texts)
    assert sms_text.is_gsm7(page) and "N'wendzamhala" in page and "- 08:00" in page
    sepedi = Reply(blocks=["Tsela ye e tšela noka. Go sepela ka tsela"], lang="nso", intent="help")
    assert "tšela" in sms_pages(sepedi, texts)[0]  # š marks a different word (tsela, road): never replaced


def test_back_and_menu_are_explained_once_per_conversation(signed_client):
    user = "+2782%07d" % (uuid.uuid4().int % 10**7)
    first = SMS.texts(SMS.post(signed_client, SMS.form("hi", user=user)))[0]
    later = [SMS.texts(SMS.post(signed_client, SMS.form(text, user=user)))[0] for text in ("3", "5", "0", "00")]
    assert first.endswith(HINT)
    assert not any(HINT in text for text in later)


def test_stop_is_confirmed_without_navigation_help(signed_client):
    user = "+2782%07d" % (uuid.uuid4().int % 10**7)
    stopped = SMS.texts(SMS.post(signed_client, SMS.form("STOP", user=user)))[0]
    assert "no messages" in stopped and HINT not in stopped
    assert SMS.texts(SMS.post(signed_client, SMS.form("hi", user=user)))[0].endswith(HINT)


def test_back_and_menu_are_explained_again_in_a_new_conversation():
    texts = Texts("zu", LOCALES)
    said = navigation_note({}, texts, now=1_000_000.0)
    assert said and said != HINT  # in the person's language
    assert navigation_note({"hinted_at": 1_000_000.0}, texts, now=1_000_000.0 + 60) == ""
    assert navigation_note({"hinted_at": 1_000_000.0}, texts, now=1_000_000.0 + HINT_AGAIN_SECONDS) == said


@pytest.mark.parametrize("text", ["documents for a passport", "documents for birth registration", "old age grant"])
def test_the_navigation_note_never_takes_an_sms_of_its_own(signed_client, text):
    user = "+2782%07d" % (uuid.uuid4().int % 10**7)
    pages = SMS.texts(SMS.post(signed_client, SMS.form(text, user=user)))
    while pages[-1].endswith("Reply MORE for more"):
        pages += SMS.texts(SMS.post(signed_client, SMS.form("MORE", user=user)))
    assert all(page.strip() != HINT for page in pages), pages


def test_one_accented_letter_makes_only_its_own_message_ucs2():
    """Each SMS of an answer is measured in its own encoding (issue 29): an Afrikaans answer with
    one "ë" has that message UCS-2 and keeps every other message at GSM-7's 459 units, so it
    costs fewer messages and segments than paging it all at UCS-2's 201; no word is lost."""
    texts = Texts("af", LOCALES)
    footer = "\n" + sms_text.same_in_gsm7(texts.gettext("Reply MORE for more"))
    text = "Bring 'n beëdigde verklaring.\n" + ("Jou ID-boek of slimkaart, en 'n afskrif daarvan. " * 9 + "\n") * 4
    pages = sms_pages(Reply(blocks=[text], lang="af", intent="required_documents"), texts)
    encodings = [sms_text.segments(page)[0] for page in pages]
    assert encodings[0] == "UCS-2" and set(encodings[1:]) == {"GSM-7"}, encodings
    assert all(sms_text.segments(page)[1] <= sms_text.MAX_SEGMENTS for page in pages)
    assert " ".join(page.removesuffix(footer) for page in pages).split() == text.split()
    all_ucs2 = -(-sms_text.units(text, False) // (sms_text.budget(False) - sms_text.units(footer, False)))
    assert len(pages) < all_ucs2
