"""Read the day a message asks about: "on Thursday 24 December", "Disemba 24", "24 dec",
"24/12", "2026-12-24", "the 24th", "tomorrow", "next Tuesday", "next week", "in December".

Month and weekday names come from CLDR (Babel) in all eleven languages, put in the phrase index
by bot.understanding.vocabulary (so typos and the prefixes people write on them, kuDisemba,
ngoLwesine, are read like any name); the relative words (today, next week, the word for "next")
come from each vocabulary's `days:`. `read_date(...)` turns what a message says into one of
bot.calendar.asked's texts, with the words it covers, as a match of kind "date" that the
classifiers see as `<date>` and the answers resolve against today.

How a day number is told from other numbers: it stands next to a month (24 December, Disemba
24, 24th of Dec), is written as a date (24/12, 24/12/2026, 2026-12-24; day before month, as
South Africa writes it, unless the first number cannot be a month), or has an ordinal ending
(24th, 1ste) and ends the message or follows a word of the vocabularies' `words.day_number`
("on the 24th", "op die 3de"; not "my 1st time"). A month's short name (Dec, Des) counts only
beside a day number; a full name counts alone (a month asked about) when written right (a
prefix allowed: kuDisemba) and not one of the vocabularies' `words.ignore` ("may").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..i18n import LANGUAGES, WEEKDAYS, month_names, weekday_names
from ..text.normalize import normalize
from .index import Match, PhraseIndex, Target
from .vocabulary import phrase_index, word_list

if TYPE_CHECKING:
    from ..content.snapshot import Content

DATE = "date"
# Relative days and periods as the calendar's texts (bot.calendar.asked).
_RELATIVE = {
    "today": "today",
    "tomorrow": "tomorrow",
    "day_after_tomorrow": "+2",
    "this_week": "this week",
    "next_week": "next week",
    "this_month": "this month",
    "next_month": "next month",
}
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th|ste|de|e)?$")
_ORDINAL_ONLY = re.compile(r"^(\d{1,2})(st|nd|rd|th|ste|de)$")
_YEAR = re.compile(r"^20\d\d$")
# Dates written in figures: year first (2026-12-24, 2026/12/24), or day and month with "/"
# and maybe a year (24/12, 24/12/2026, 24/12/26), or with "-" or "." and a year (24-12-2026).
_ISO = re.compile(r"(?<![\d/.-])(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.-])")
_NUMERIC = re.compile(
    r"(?<![\d/.-])(\d{1,2})(?:/(\d{1,2})(?:/(\d{4}|\d{2}))?|[-.](\d{1,2})[-.](\d{4}|\d{2}))(?![\d/.-])"
)
# How far (in words) a number may stand from its month, or a weekday from its date.
_NEAR = 2


@dataclass(frozen=True)
class _Found:
    text: str  # a bot.calendar.asked text
    start: int
    end: int
    rank: int  # how specific: a date 3, a weekday or relative day 2, a period 1


def read_date(content: Content, text: str, words: list[str], matches: list[Match]) -> Match | None:
    """The day text asks about as a match of kind "date" over the words that say it (its key a
    bot.calendar.asked text), or None; words are text's normalised words, matches the phrase
    index's chosen matches of them."""
    days = [m for m in matches if m.target.kind == "day"] + _misspelt_weekdays(content, words, matches)
    months = [m for m in matches if m.target.kind == "month"]
    if not (days or months or any(c.isdigit() for c in text)):
        return None
    used: set[int] = set()
    found = _in_figures(text, words, used)
    found += _with_months(content, words, months, used)
    cues = word_list(content, "day_number")
    found += [
        _Found("---%02d" % int(m.group(1)), i, i + 1, 3)
        for i, word in enumerate(words)
        if i not in used
        and (m := _ORDINAL_ONLY.match(word))
        and 1 <= int(m.group(1)) <= 31
        and (i == len(words) - 1 or (i and words[i - 1] in cues))
    ]
    found = [_with_weekday(f, days) for f in found]
    taken = {i for f in found for i in range(f.start, f.end)}
    found += _relative(words, [d for d in days if not taken.intersection(range(d.start, d.end))])
    if not found:
        return None
    best = max(found, key=lambda f: (f.rank, f.start))
    return Match(Target(DATE, best.text), best.start, best.end, 100.0, " ".join(words[best.start : best.end]))


def _in_figures(text: str, words: list[str], used: set[int]) -> list[_Found]:
    """Dates written in figures, placed on the words (runs of digits) that hold them."""
    found = []
    for match in _ISO.finditer(text):
        found += _placed(words, used, list(match.groups()), _text(*(int(g) for g in match.groups())))
    for match in _NUMERIC.finditer(text):
        first, second, year = match.group(1), match.group(2) or match.group(4), match.group(3) or match.group(5)
        day, month = int(first), int(second)
        if month > 12 >= day:  # 12/24: written month first
            day, month = month, day
        if year is None and (day, month) == (24, 7):
            continue  # "24/7": always, not the 24th of July
        full = None if year is None else (int(year) + 2000 if len(year) == 2 else int(year))
        figures = [g for g in (first, second, year) if g]
        found += _placed(words, used, figures, _text(full, month, day))
    return found


def _text(year: int | None, month: int, day: int) -> str:
    return ("%04d-" % year if year else "--") + "%02d-%02d" % (month, day)


def _placed(words: list[str], used: set[int], figures: list[str], said: str) -> list[_Found]:
    """said placed on the first unused run of words equal to figures (the digits as written)."""
    size = len(figures)
    for start in range(len(words) - size + 1):
        if words[start : start + size] == figures and not used.intersection(range(start, start + size)):
            used.update(range(start, start + size))
            return [_Found(said, start, start + size, 3)]
    return []


def _with_months(content: Content, words: list[str], months: list[Match], used: set[int]) -> list[_Found]:
    """Dates said with a month's name: a day number next to it (and maybe a year), or the
    month alone when its full name is no everyday word."""
    found = []
    short, ignore = month_abbreviations(content), phrase_index(content).ignore
    # A full name takes the day number beside it before a short name does ("dzi 16 Nyendavhusiku").
    for month in sorted(months, key=lambda m: (m.phrase in short, -m.score)):
        if used.intersection(range(month.start, month.end)):
            continue
        number = int(month.target.key)
        day = _number_near(words, month, used)
        if day is not None:
            position, value = day
            start, end = min(position, month.start), max(position + 1, month.end)
            year = end if end < len(words) and _YEAR.match(words[end]) else None
            end = end + 1 if year is not None else end
            used.update(range(start, end))
            found.append(_Found(_text(int(words[year]) if year else None, number, value), start, end, 3))
        elif month.phrase not in short and month.score >= 95.0 and month.phrase not in ignore:
            found.append(_Found("--%02d" % number, month.start, month.end, 1))
    return found


def _number_near(words: list[str], month: Match, used: set[int]) -> tuple[int, int] | None:
    """(position, day) of a day number just before or after the month, at most one word
    between them ("24 Dec", "24th of December", "Disemba 24", "zingama-24 kuDisemba")."""
    for position in (month.start - 1, month.end, month.start - 2, month.end + 1):
        if not 0 <= position < len(words) or position in used:
            continue
        found = _ORDINAL.match(words[position])
        if found and 1 <= int(found.group(1)) <= 31:
            return position, int(found.group(1))
    return None


def _with_weekday(found: _Found, days: list[Match]) -> _Found:
    """found with the weekday said beside it ("Thursday 24 December", "Friday the 4th")."""
    for day in days:
        near = (day.end <= found.start and found.start - day.end < _NEAR) or 0 <= day.start - found.end < _NEAR
        if day.target.key in WEEKDAYS and near and found.rank == 3:
            start, end = min(found.start, day.start), max(found.end, day.end)
            return _Found("%s %s" % (found.text, day.target.key), start, end, found.rank)
    return found


def _relative(words: list[str], days: list[Match]) -> list[_Found]:
    """Weekdays ("on Friday", "next Tuesday", "ngoLwesibili ozayo") and relative days and
    periods ("tomorrow", "next week")."""
    found = []
    nexts = [d for d in days if d.target.key == "next"]
    for day in days:
        key = day.target.key
        if key in WEEKDAYS:
            beside = [n for n in nexts if n.end == day.start or n.start == day.end]
            if beside:
                start, end = min(day.start, beside[0].start), max(day.end, beside[0].end)
                found.append(_Found("next " + key, start, end, 2))
            else:
                found.append(_Found(key, day.start, day.end, 2))
        elif key in _RELATIVE:
            found.append(_Found(_RELATIVE[key], day.start, day.end, 1 if " " in _RELATIVE[key] else 2))
    return found


def _misspelt_weekdays(content: Content, words: list[str], matches: list[Match]) -> list[Match]:
    """Weekdays written with a slip the phrase index's closeness misses ("wendsday", "thrusday"):
    a word of at least 6 letters, no everyday word of the examples, at most one edit (two from 8
    letters; a swap of two letters is one) from a weekday's CLDR name that starts as it does."""
    index = phrase_index(content)
    names = _weekday_names(content)
    covered = {i for m in matches for i in range(m.start, m.end)}
    found = []
    for position, word in enumerate(words):
        if position in covered or len(word) < 6 or word in index.common or word in index.ignore:
            continue
        choices = names.get(word[0])
        best = (
            process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=2 if len(word) >= 8 else 1)
            if choices
            else None
        )
        if best is not None:
            found.append(Match(Target("day", index_key(index, best[0])), position, position + 1, 80.0, best[0]))
    return found


def index_key(index: PhraseIndex, phrase: str) -> str:
    """The weekday key a weekday's name stands for in the index."""
    return next(t.key for t in index.targets[phrase] if t.kind == "day")


def _weekday_names(content: Content) -> dict[str, list[str]]:
    """The weekdays' CLDR names in every language (normalised), by first letter."""

    def build(_content: Content) -> dict[str, list[str]]:
        by_letter: dict[str, list[str]] = {}
        for lang in LANGUAGES:
            for _key, name in weekday_names(lang):
                normal = normalize(name)
                if normal not in by_letter.setdefault(normal[0], []):
                    by_letter[normal[0]].append(normal)
        return by_letter

    return content.cached("weekday_names", build, curated=True)


def month_abbreviations(content: Content) -> frozenset[str]:
    """The months' short names in every language (normalised) that are no month's full name."""

    def build(_content: Content) -> frozenset[str]:
        languages = list(_content.vocabularies) or ["en"]
        wide = {normalize(w) for lang in languages for _m, w, _s in month_names(lang)}
        return frozenset(normalize(s) for lang in languages for _m, _w, s in month_names(lang)) - wide

    return content.cached("month_abbreviations", build, curated=True)


def with_date(content: Content, text: str, words: list[str], matches: list[Match]) -> list[Match]:
    """matches with the date text asks about (kind "date"; see read_date) in place of the other
    names read in the same words ("Mei" the month, not a place), when it asks about one."""
    date = read_date(content, text, words, matches)
    if date is None:
        return matches
    covered = range(date.start, date.end)
    return [m for m in matches if not (m.start < covered.stop and covered.start < m.end)] + [date]
