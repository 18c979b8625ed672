"""Property tests: for any reply text, options and language, no SMS page is over 3 segments,
no USSD screen is over its limit, no WhatsApp message over 1,600 characters, and the pages
joined give back the whole answer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from support import PROJECT_ROOT

from bot.channels.render import full_text
from bot.channels.twilio_sms import sms_pages, whatsapp_messages
from bot.channels.ussd import screens
from bot.i18n import LANGUAGES, Texts
from bot.messages import Option, Reply
from bot.text.sms_text import budget, for_sms, for_ussd, is_gsm7, segments, units

LOCALES = str(PROJECT_ROOT / "locales")
# Letters of the eleven languages, with the ones GSM-7 lacks (ê š ṱ ḓ ṅ ḽ ṋ), emoji and symbols.
ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 .,:;!?'()-/\n") * 2
    + list("êëôšṱḓṅḽṋéèàçñ€[]{}^~|")
    + ["😀", "🙏", "\u202e"]
)
WORDY = st.text(alphabet=ALPHABET, max_size=1500)
OPTIONS = st.lists(st.text(alphabet=ALPHABET.filter(lambda c: c != "\n"), min_size=1, max_size=60), max_size=16)


def _reply(text: str, labels: list[str], lang: str, end: bool = False, final: bool = False) -> Reply:
    return Reply(
        blocks=[text],
        lang=lang,
        intent="help",
        options=[Option(str(i), label) for i, label in enumerate(labels, 1)],
        end_session=end,
        final=final,
    )


def _words(text: str) -> str:
    """Every non-space character in order: pages joined must give back the whole answer, even
    where a word too long for a page was cut."""
    return "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(text=WORDY, labels=OPTIONS, lang=st.sampled_from(list(LANGUAGES)))
def test_sms_pages_fit_three_segments_and_keep_every_word(text, labels, lang):
    texts = Texts(lang, LOCALES)
    reply = _reply(text, labels, lang)
    pages = sms_pages(reply, texts)
    footer = for_sms(texts.gettext("Reply MORE for more"), lang)
    for page in pages:
        assert units(page, is_gsm7(page)) <= budget(is_gsm7(page))
        assert segments(page)[1] <= 3
    joined = " ".join(p[: -len(footer)] if i < len(pages) - 1 else p for i, p in enumerate(pages))
    assert _words(joined) == _words(for_sms(full_text(reply), lang))  # in the letters SMS uses for lang


@settings(max_examples=300, deadline=None)
@given(
    text=WORDY,
    labels=OPTIONS,
    lang=st.sampled_from(list(LANGUAGES)),
    limit=st.integers(160, 182),
    end=st.booleans(),
    sms=st.booleans(),
)
def test_ussd_screens_fit_the_limit_and_keep_every_word(text, labels, lang, limit, end, sms):
    texts = Texts(lang, LOCALES)
    reply = _reply(text, labels, lang, end=end)
    shown = screens(reply, texts, limit, sms_key="17" if sms else None)
    assert all(len(screen) <= limit for screen in shown)
    assert all(screen[:4] in ("CON ", "END ") for screen in shown)
    assert all(s.startswith("CON ") for s in shown[:-1])
    more, back = for_ussd(texts.gettext("More")), for_ussd(texts.gettext("Back"))
    nav = re.compile(r"^(98 %s|0 %s)$" % (re.escape(more), re.escape(back)))
    kept = " ".join(" ".join(line for line in s[4:].split("\n") if not nav.match(line)) for s in shown)
    expected = full_text(reply, separator=" ")
    if sms:
        expected += "\n17 " + texts.gettext("Send this to me by SMS")
    assert _words(kept) == _words(for_ussd(expected))  # in GSM 03.38's letters


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=5000), labels=OPTIONS)
def test_whatsapp_messages_fit_1600_characters(text, labels):
    reply = _reply(text, labels, "en")
    messages = whatsapp_messages(reply)
    assert all(len(m) <= 1600 for m in messages)
    assert _words(" ".join(messages)) == _words(full_text(reply))


@given(word=st.text(alphabet=st.sampled_from(list("abcšṱ😀")), min_size=500, max_size=1200))
@settings(max_examples=50, deadline=None)
def test_a_word_longer_than_a_page_is_cut_and_kept(word):
    reply = _reply(word, [], "en")
    pages = sms_pages(reply, Texts("en", LOCALES))
    footer = Texts("en", LOCALES).gettext("Reply MORE for more")
    assert len(pages) > 1
    assert "".join(p.replace(footer, "") for p in pages).replace("\n", "") == word
    assert all(units(p, is_gsm7(p)) <= budget(is_gsm7(p)) for p in pages)
