"""The console's words, through gettext: the "console" domain (locales/console.pot, made by
`make extract-messages`; a language's translations in locales/<lang>/LC_MESSAGES/console.po).
The console is in English first (CONSOLE_LANGUAGE); a translated catalog is picked up as it is.

`_` translates now (in a request, a template or a command); `l_` later, when shown (for form
labels and choices, defined before any request).
"""

from __future__ import annotations

import functools

from babel.support import LazyProxy, NullTranslations, Translations
from flask import current_app

DOMAIN = "console"
CONSOLE_LANGUAGE = "en"


@functools.cache
def _translations(locales_dir: str, lang: str) -> NullTranslations:
    return Translations.load(locales_dir, [lang], domain=DOMAIN)


def _(message: str) -> str:
    """message in the console's language."""
    return _translations(current_app.config["LOCALES_DIR"], CONSOLE_LANGUAGE).gettext(message)


def l_(message: str) -> LazyProxy:
    """message, translated when it is shown."""
    return LazyProxy(_, message, enable_cache=False)
