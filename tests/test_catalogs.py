"""Message catalogs: in step with the code's messages, placeholders as in English, and complete
for every language declared complete (the others fall back to English until translated)."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from support import PROJECT_ROOT

from bot.i18n import LANGUAGES

LOCALES = PROJECT_ROOT / "locales"
# Every catalog must translate every message (translations marked "needs review" included).
COMPLETE = list(LANGUAGES)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalog(lang):
    with open(LOCALES / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f)


def _texts(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def test_every_language_has_a_catalog_with_every_message_of_the_code():
    with open(LOCALES / "messages.pot", "rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    for lang in LANGUAGES:
        ids = {m.id for m in _catalog(lang) if m.id}
        assert template <= ids, (lang, template - ids)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_translated_messages_keep_the_placeholders_and_are_not_fuzzy(lang):
    for message in _catalog(lang):
        if not message.id or not any(_texts(message.string)):
            continue
        assert "fuzzy" not in message.flags, (lang, message.id)
        wanted = sorted(PLACEHOLDER.findall(_texts(message.id)[0]))
        for text in _texts(message.string):
            assert sorted(PLACEHOLDER.findall(text)) == wanted, (lang, message.id, text)


@pytest.mark.parametrize("lang", COMPLETE)
def test_complete_catalogs_translate_every_message(lang):
    missing = [m.id for m in _catalog(lang) if m.id and not all(_texts(m.string))]
    assert missing == []


def test_the_message_template_matches_the_code(tmp_path):
    """Every _() string in bot/ and its public web pages is in locales/messages.pot (run `make
    extract-messages`)."""
    from babel.messages.extract import extract_from_dir

    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PROJECT_ROOT / "bot"),
            # the console has its own domain; the web pages speak the bot's
            method_map=[("console/**", "ignore"), ("**.py", "python"), ("web/templates/**.html", "jinja2")],
            keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None},
        )
    }
    found = {m if isinstance(m, str) else m[0] for m in found}
    with open(LOCALES / "messages.pot", "rb") as f:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert found == template


def test_the_console_template_matches_its_code_and_pages():
    """Every string of the console (its Python through `_`/`l_`, its templates through `_`) is in
    locales/console.pot (run `make extract-messages`), and none of it in the bot's catalogs."""
    from babel.messages.extract import extract_from_dir

    found = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PROJECT_ROOT / "bot" / "console"),
            method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
            keywords={"_": None, "l_": None},
        )
    }
    with open(LOCALES / "console.pot", "rb") as f:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert found == template and len(found) > 100
    with open(LOCALES / "messages.pot", "rb") as f:
        assert not {m.id for m in read_po(f) if m.id} & {"Sign in", "Publish the real schedule"}
