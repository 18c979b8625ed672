"""What the widget script needs from the server, in every language: the language list (from
bot.i18n), the widget's own texts (buttons, placeholder, hints; from the gettext catalogs) and
the greeting with the main menu (the main menu's own answer, as "00" gets it).

Contract: `widget_settings(locales_dir)` returns a JSON-ready dict
{"languages": [[code, name], ...], "texts": {code: {key: text}}, "greetings": {code: {"reply",
"lang", "options"}}} with every language of LANGUAGES and every key of WIDGET_TEXTS, from the
catalogs alone. Nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..dialogue.answers.base import Turn
from ..dialogue.answers.menu import MAIN_MENU, main_menu
from ..dialogue.state import State
from ..i18n import LANGUAGES, N_, Texts
from ..messages import Reply

# The widget's own words, by the key widget.js reads them with.
WIDGET_TEXTS = {
    "region": N_("Chat with Thusong Bot"),
    "language": N_("Language"),
    "conversation": N_("Conversation"),
    "choices": N_("Choices"),
    "input": N_("Type your question"),
    "placeholder": N_("Type your question or a number"),
    "send": N_("Send"),
    "locate": N_("Share my location"),
    "my_location": N_("My location"),
    "typing": N_("Thusong Bot is typing…"),
    "retry": N_("Retry"),
    "offline": N_("No connection. Check your network and try again."),
    "failed": N_("The bot could not answer. Please try again."),
    "no_location": N_("Location is not available here."),
    "not_shared": N_("Location was not shared. Type the name of your town instead."),
    "calendar": N_("Add this centre's confirmed service days to your phone's calendar"),
}


def widget_texts(lang: str, locales_dir: str) -> dict[str, str]:
    """The widget's texts in lang (English where the catalog has no translation)."""
    texts = Texts(lang, locales_dir)
    return {key: texts.gettext(message) for key, message in WIDGET_TEXTS.items()}


def greeting(lang: str, locales_dir: str) -> dict[str, Any]:
    """The main menu's greeting and options in lang, as the API sends them for "00".

    Built from the catalogs alone (no content, no database), so /widget.js is served even when
    the database is down; nothing is stored."""
    # The main menu reads no content: none is given (the widget is served when the database is down).
    turn = Turn(content=None, texts=Texts(lang, locales_dir), today=dt.date.today(), state=State(lang=lang))  # type: ignore[arg-type]
    answer = main_menu(turn, {})
    return {
        "reply": Reply(blocks=answer.blocks, lang=lang, intent=answer.intent).text,
        "lang": lang,
        "options": [
            {"key": key, "label": label}
            for (key, _intent), (label, _action) in zip(MAIN_MENU, answer.options, strict=True)
        ],
    }


def widget_settings(locales_dir: str) -> dict:
    """Languages, texts and greetings for the widget (see the module's contract)."""
    return {
        "languages": [[code, name] for code, name in LANGUAGES.items()],
        "texts": {code: widget_texts(code, locales_dir) for code in LANGUAGES},
        "greetings": {code: greeting(code, locales_dir) for code in LANGUAGES},
    }
