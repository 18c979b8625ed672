"""Build the phrase index from the loaded content: names and aliases of centres, services,
providers, places and provinces in every language, plus the curated vocabularies.

`phrase_index(content)` builds it once per content snapshot and caches it there.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import TYPE_CHECKING

from ..i18n import LANGUAGES, month_names, weekday_names
from ..text.normalize import normalize
from .index import Match, PhraseIndex, Target

if TYPE_CHECKING:
    from ..content.snapshot import Content

_PLACEHOLDER = re.compile(r"\w*\{\w+\}\w*")


def _words(content: Content, name: str) -> set[str]:
    found: set[str] = set()
    for vocabulary in content.vocabularies.values():
        for phrase in vocabulary.get("words", {}).get(name, []):
            found.add(normalize(phrase))
    return found


def _distinctive(name: str, generic: set[str]) -> str:
    """A centre name without its generic words: "Jozini Thusong Service Centre" -> "jozini"."""
    words = normalize(name).split()
    return " ".join(w for w in words if w not in generic)


def _example_words(content: Content) -> frozenset[str]:
    """Every word of the example messages (placeholders left out)."""
    words: set[str] = set()
    for vocabulary in content.vocabularies.values():
        for part in vocabulary.get("examples", {}).values():
            for texts in part.values():
                for text in texts:
                    words.update(normalize(_PLACEHOLDER.sub(" ", text)).split())
    return frozenset(words)


def build(content: Content) -> PhraseIndex:
    """A PhraseIndex of everything in content."""
    index = PhraseIndex(
        ignore=_words(content, "ignore"), prefixes=tuple(_words(content, "prefixes")), common=_example_words(content)
    )
    generic = set(centre_words(content))
    for vocabulary in content.vocabularies.values():
        for kind, section in (
            ("intent", "intents"),
            ("service", "services"),
            ("provider", "providers"),
            ("language", "languages"),
            ("day", "days"),
        ):
            for key, phrases in vocabulary.get(section, {}).items():
                for phrase in phrases:
                    index.add(phrase, Target(kind, key))
    for slug, referral in content.referrals.items():
        for phrases in referral.words.values():
            for phrase in phrases:
                index.add(phrase, Target("topic", slug))
    for code, own_name in LANGUAGES.items():
        index.add(own_name, Target("language", code))
        for key, name in weekday_names(code):
            index.add(name, Target("day", key))
    full_names, short_names = _month_phrases()
    everyday = index.ignore | index.prefixes
    for phrase, month in [*full_names.items(), *((p, m) for p, m in short_names.items() if p not in everyday)]:
        # (a short name that is an everyday word or a prefix, ngo or dzi, names no month)
        index.add(phrase, Target("month", str(month)))
    for slug, service in content.services.items():
        index.add(slug.replace("-", " "), Target("service", slug))
        for text in service.name.values():
            index.add(text, Target("service", slug))
    for slug, provider in content.providers.items():
        index.add(slug.replace("-", " "), Target("provider", slug))
        for texts in (provider.name, provider.full_name or {}):
            for text in texts.values():
                index.add(text, Target("provider", slug))
    # A closed centre's name is a centre too: the answer tells the person not to travel there.
    named = [(slug, c.name, c.aliases) for slug, c in content.centres.items()]
    named += [(slug, c.name, c.aliases) for slug, c in content.closed_centres.items()]
    for slug, centre_names, aliases in named:
        names = [slug.replace("-", " "), *centre_names.values(), *aliases]
        for name in names:
            short = _distinctive(name, generic)
            if short and short not in index.ignore:
                index.add(short, Target("centre", slug))
    polite = _words(content, "thanks") | _words(content, "greetings")  # never places
    for position, place in enumerate(content.places):
        for name in (place.name, *place.aliases):
            if normalize(name) not in index.ignore | polite:
                index.add(name, Target("place", str(position)))
    for code, province_names in content.provinces.items():
        index.add(code, Target("province", code))
        for text in province_names.values():
            index.add(text, Target("province", code))
    return index


def _month_phrases() -> tuple[dict[str, int], dict[str, int]]:
    """The months' names from CLDR in every language, and their short names where they are at
    least 3 letters and no month's full name, for the month most languages mean by them (CLDR's
    Sesotho "Jan" is June, but five languages' "Jan" is January); a tie is left out."""
    wide: dict[str, int] = {}
    short: dict[str, Counter[int]] = {}
    for code in LANGUAGES:
        for month, name, abbreviated in month_names(code):
            wide[normalize(name)] = month
            short.setdefault(normalize(abbreviated), Counter())[month] += 1
    abbreviations = {}
    for name, months in short.items():
        ranked = months.most_common(2)
        if len(name) >= 3 and name not in wide and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            abbreviations[name] = ranked[0][0]
    return wide, abbreviations


def phrase_index(content: Content) -> PhraseIndex:
    """The index for content, built on first use and kept with the snapshot."""
    return content.cached("phrase_index", build, curated=True)


def _build_variants(content: Content) -> PhraseIndex:
    names = phrase_index(content)  # its filler and everyday words, read once
    index = PhraseIndex(ignore=names.ignore, common=names.common)
    for vocabulary in content.vocabularies.values():
        for slug, phrases in vocabulary.get("variants", {}).items():
            for phrase in phrases:
                index.add(phrase, Target("variant", slug))
    return index


def variant_index(content: Content) -> PhraseIndex:
    """Every language's `variants` phrases ("lost", "lahlekile": the lost-card variant), in an
    index of their own: a variant is read beside the names, never instead of one ("lost" is
    inside "lost id", the smart ID card), and never changes what the classifiers see."""
    return content.cached("variant_index", _build_variants, curated=True)


def word_list(content: Content, name: str) -> frozenset[str]:
    """The phrases of every language's `words.<name>` list, normalised (read once per snapshot)."""
    return content.cached("words_" + name, lambda c: frozenset(_words(c, name)), curated=True)


def feedback_openers(content: Content) -> list[str]:
    """Phrases that only announce feedback ("I want to complain"), longest first."""
    return content.cached(
        "feedback_openers", lambda c: sorted(_words(c, "feedback_openers"), key=len, reverse=True), curated=True
    )


def without_openers(content: Content, words: list[str]) -> tuple[list[str], bool]:
    """(words without the phrases that only announce feedback, whether any was there)."""
    openers = feedback_openers(content)
    firsts = content.cached("feedback_opener_words", lambda c: {p.split()[0] for p in openers}, curated=True)
    if not firsts.intersection(words):
        return words, False
    text = " %s " % " ".join(words)
    for phrase in openers:
        text = text.replace(" %s " % phrase, " ")
    remaining = text.split()
    return remaining, len(remaining) < len(words)


def phrases_of(content: Content, name: str) -> list[str]:
    """Every language's `words.<name>` phrases, normalised, longest first (read once per snapshot)."""
    return content.cached("phrases_" + name, lambda c: sorted(_words(c, name), key=len, reverse=True), curated=True)


def only(content: Content, name: str, words: list[str], besides: tuple[str, ...] = ()) -> bool:
    """Whether words (normalised) say one of the `words.<name>` phrases and nothing else but the
    phrases of the lists `besides`, greetings, generic centre words (Thusong, centre) and words
    that carry nothing (`ignore`): "ok thanks a lot" and "ngiyabonga kakhulu sisi" are only
    `thanks`, "what is a Thusong centre?" and "thanks, what is Thusong?" only `about` (besides
    thanks)."""
    phrases = phrases_of(content, name)
    firsts = content.cached("first_words_" + name, lambda c: {p.split()[0] for p in phrases}, curated=True)
    if not firsts.intersection(words):
        return False
    text, found = " %s " % " ".join(words), False
    for phrase in phrases:
        if " %s " % phrase in text:
            text, found = text.replace(" %s " % phrase, " "), True
    if not found:
        return False
    for other in besides:
        for phrase in phrases_of(content, other):
            text = text.replace(" %s " % phrase, " ")
    carry_nothing = content.cached(
        "words_carrying_nothing",
        lambda c: (
            phrase_index(c).ignore | {w for p in _words(c, "greetings") | _words(c, "centre_words") for w in p.split()}
        ),
        curated=True,
    )
    return all(w in carry_nothing for w in text.split())


def centre_words(content: Content) -> frozenset[str]:
    """The generic words of centre names in every language (Thusong, service, centre, isikhungo)."""
    return content.cached(
        "centre_words", lambda c: frozenset(w for p in _words(c, "centre_words") for w in p.split()), curated=True
    )


def whole_centre_names(content: Content, words: list[str], matches: list[Match]) -> list[Match]:
    """matches with each centre's name taking in the generic words written after it, and without
    the cues among those: in "when is Home Affairs at Zava Thusong Service Centre", "Thusong
    Service Centre" is part of the name, not a question about services."""
    generic = centre_words(content)
    inside: set[int] = set()
    whole = []
    for match in matches:
        end = match.end
        if match.target.kind == "centre":
            while end < len(words) and words[end] in generic:
                end += 1
            inside.update(range(match.end, end))
        whole.append(dataclasses.replace(match, end=end) if end != match.end else match)
    if not inside:
        return matches
    return [m for m in whole if m.target.kind != "intent" or not set(range(m.start, m.end)) <= inside]


def weak_cues(content: Content) -> set[str]:
    """Cue phrases that alone say little ("need", "where"): they count only beside an entity."""
    return content.cached("weak_cues", lambda c: _words(c, "weak"), curated=True)


def english_provider_names(content: Content) -> frozenset[str]:
    """Providers' English names, slugs and English aliases: used inside messages in every
    language ("iHome Affairs"), so they say nothing about a message's language, unlike a
    translated name ("ezasekhaya")."""

    def build(c: Content) -> frozenset[str]:
        names = {normalize(p.slug.replace("-", " ")) for p in c.providers.values()}
        names |= {normalize(p.name.get("en", "")) for p in c.providers.values()}
        for phrases in c.vocabularies.get("en", {}).get("providers", {}).values():
            names |= {normalize(phrase) for phrase in phrases}
        return frozenset(names)

    return content.cached("english_provider_names", build, curated=True)
