"""Languages, gettext catalogs and locale-aware formatting.

Every string a citizen reads goes through `Texts(lang).gettext`; catalogs live in
locales/<code>/LC_MESSAGES/messages.po and are compiled to .mo at install. The language of a
reply comes from the conversation, never from Accept-Language. Dates and weekday names come
from Babel's CLDR data.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_day_names, get_month_names
from babel.support import NullTranslations, Translations

# Each official written language by its own name, in the order menus list them.
LANGUAGES = {
    "en": "English",
    "af": "Afrikaans",
    "zu": "isiZulu",
    "xh": "isiXhosa",
    "nso": "Sepedi",
    "tn": "Setswana",
    "st": "Sesotho",
    "ts": "Xitsonga",
    "ss": "siSwati",
    "ve": "Tshivenda",
    "nr": "isiNdebele",
}
DEFAULT_LANGUAGE = "en"
# Every date a citizen or a centre manager reads is a day in this zone (the TIMEZONE setting).
DEFAULT_TIMEZONE = "Africa/Johannesburg"
# The days of the week as content files and understanding name them, Monday first (as CLDR and
# Python's date.weekday() count them); WEEKDAY_KEYS are the short keys of opening hours.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def N_(message: str) -> str:
    """Mark message for extraction into the catalogs without translating it here."""
    return message


# Where CLDR has no full date pattern for a language, the catalog supplies one (a Babel pattern).
DATE_PATTERN_MSGID = N_("EEEE d MMMM yyyy")


@functools.cache
def _translations(locales_dir: str, lang: str):
    mo = Path(locales_dir) / lang / "LC_MESSAGES" / "messages.mo"
    if mo.exists():
        return Translations.load(locales_dir, [lang])
    return NullTranslations()


@functools.cache
def _locale(lang: str) -> Locale:
    # South African conventions (en_ZA writes "Tuesday, 08 December 2026").
    for name in (lang + "_ZA", lang):
        try:
            return Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en_ZA")


@functools.lru_cache(maxsize=4096)
def _format_date(day: dt.date, pattern: str, locale: Locale) -> str:
    # The same few dates are written all day in each language.
    return format_date(day, pattern, locale=locale)


class Texts:
    """Translation and formatting for one language."""

    def __init__(self, lang: str, locales_dir: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self.locales_dir = locales_dir
        self._catalog = _translations(locales_dir, self.lang)
        self.locale = _locale(self.lang)

    def switch(self, lang: str) -> Texts:
        """Texts for another language, reading the same catalogs."""
        return Texts(lang, self.locales_dir)

    def gettext(self, message: str) -> str:
        """message translated into this language (English when the catalog lacks it)."""
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The plural form for n, by the language's CLDR plural rules."""
        return self._catalog.ngettext(singular, plural, n)

    def date(self, day: dt.date) -> str:
        """A full date such as "Tuesday 9 December 2026", in this language."""
        if self.lang in ("en", "af", "zu", "xh"):
            return _format_date(day, "full", self.locale)
        # CLDR has no full date pattern for this language: the catalog supplies one.
        return _format_date(day, self.gettext(DATE_PATTERN_MSGID), self.locale)

    def short_date(self, day: dt.date) -> str:
        """A date without its weekday, such as "01 June 2025", in this language."""
        return _format_date(day, "long", self.locale)

    def month_year(self, day: dt.date) -> str:
        """The month and year, such as "June 2025" or "Junie 2025", in this language."""
        return _format_date(day, "LLLL y", self.locale)

    def weekday(self, key: str) -> str:
        """The wide weekday name for a key of mon..sun."""
        return get_day_names("wide", locale=self.locale)[WEEKDAY_KEYS.index(key)]

    def month(self, month: int) -> str:
        """The wide name of month 1..12 ("December", "Disemba")."""
        return str(get_month_names("wide", locale=self.locale)[month])


def weekday_names(lang: str) -> list[tuple[str, str]]:
    """(key, wide name) for each day of the week in lang, keys "monday".."sunday"."""
    return [(WEEKDAYS[i], name) for i, name in get_day_names("wide", locale=_locale(lang)).items()]


def month_names(lang: str) -> list[tuple[int, str, str]]:
    """(month 1..12, wide name, abbreviated name) in lang, from CLDR ("Disemba", "Dis")."""
    locale = _locale(lang)
    wide, short = get_month_names("wide", locale=locale), get_month_names("abbreviated", locale=locale)
    return [(month, wide[month], short[month]) for month in range(1, 13)]


def language_name(code: str) -> str:
    """The language's own name (isiZulu, Afrikaans ...)."""
    return LANGUAGES.get(code, code)
