"""What an answer costs by SMS: the fee on the first message in every language, checklists
that are not numbered like options, typographic punctuation that does not force UCS-2 (letters
are kept), and "0 goes back, 00 to the menu" said once per conversation."""

from __future__ import annotations

import re
import uuid

import pytest
from harness import Driver
from support import PROJECT_ROOT, TODAY

from bot.channels.twilio_sms import HINT_AGAIN_SECONDS, navigation_note, sms_pages, whatsapp_messages
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
            # the fee of the variant shown (the first unless another is asked), else the service's
            shown = service.variants[0] if service.variants else None
            fees = shown.fees if shown is not None and shown.fees else service.fees
            if fees:
                fee = sms_text.for_sms((fees.get(lang) or fees["en"]).split(" ")[0], lang)
                assert fee in pages[0], (slug, pages[0])
            assert all(sms_text.segments(page)[1] <= sms_text.MAX_SEGMENTS for page in pages)


def test_sepedi_lost_id_answer_gives_the_lost_card_fee_and_documents_first(app):
    with app.app_context():
        pages = sms_pages(
            _answer(app, "nso", action("required_documents", service="smart-id-card", variant="lost-smart-id")),
            Texts("nso", app.config["LOCALES_DIR"]),
        )
    assert "R140" in pages[0] and "afidabiti ya maphodisa" in pages[0]
    assert "Puku ya gago ya kgale" not in "".join(pages)  # the green-book variant is a follow-up


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
    assert first_option == "Child under 16"  # the passport's other variant, first of the follow-ups
    assert "Child under 16" in SMS.texts(SMS.post(signed_client, SMS.form("1", user=user)))[0]


def test_typographic_apostrophes_do_not_force_ucs2_but_letters_are_kept():
    texts = Texts("ts", LOCALES)
    dates = Reply(blocks=["SASSA: Ravumune, 10 N’wendzamhala 2026 – 08:00"], lang="ts", intent="service_days")
    [page] = sms_pages(dates, texts)
    assert sms_text.is_gsm7(page) and "N'wendzamhala" in page and "- 08:00" in page
    zulu = Reply(blocks=["Uzofika nini? Ngo-08:00"], lang="zu", intent="help")
    assert sms_pages(zulu, Texts("zu", LOCALES)) == ["Uzofika nini? Ngo-08:00"]  # GSM-7 already: unchanged


@pytest.mark.parametrize(
    "lang, marked, plain",
    [
        ("nso", "Tsela ye e tšela noka", "Tsela ye e tsela noka"),
        ("ve", "Ṋwana u ḓo ṱuwa", "Nwana u do tuwa"),
        ("af", "Dinsdag (môre): sê vir hulle, één", "Dinsdag (more): se vir hulle, één"),  # é is GSM-7
    ],
)
def test_sepedi_tshivenda_and_afrikaans_sms_are_written_in_the_plain_letters_people_type(lang, marked, plain):
    """The per-language decision of issue 29 (docs/sms-segments.md): by SMS these languages are
    GSM-7, at 153 units a segment instead of 67; the web and WhatsApp keep every letter."""
    [page] = sms_pages(Reply(blocks=[marked], lang=lang, intent="help"), Texts(lang, LOCALES))
    assert page == plain and sms_text.is_gsm7(page)
    assert whatsapp_messages(Reply(blocks=[marked], lang=lang, intent="help")) == [marked]


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
    """Each SMS of an answer is measured in its own encoding (issue 29): an answer with one
    character GSM-7 has no form for (a centre notice's "✓") has that message UCS-2 and keeps every
    other message at GSM-7's 459 units, so it costs fewer messages and segments than paging it
    all at UCS-2's 201; no word is lost."""
    texts = Texts("en", LOCALES)
    footer = "\n" + sms_text.same_in_gsm7(texts.gettext("Reply MORE for more"))
    text = "Open again ✓ on Monday.\n" + ("Your ID book or smart card, and a copy of it. " * 9 + "\n") * 4
    pages = sms_pages(Reply(blocks=[text], lang="en", intent="required_documents"), texts)
    encodings = [sms_text.segments(page)[0] for page in pages]
    assert encodings[0] == "UCS-2" and set(encodings[1:]) == {"GSM-7"}, encodings
    assert all(sms_text.segments(page)[1] <= sms_text.MAX_SEGMENTS for page in pages)
    assert " ".join(page.removesuffix(footer) for page in pages).split() == text.split()
    all_ucs2 = -(-sms_text.units(text, False) // (sms_text.budget(False) - sms_text.units(footer, False)))
    assert len(pages) < all_ucs2
