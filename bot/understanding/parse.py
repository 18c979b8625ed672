"""Turn one message into an `Understanding`: the entities it names, each resolved to a slug (or
a gazetteer place), what the intent classifier makes of it, and the cue words it carries.

Names come from the phrase index (exact, prefixed or fuzzy); a service may also come from the
service classifier, which reads a need described in other words. The choice of action is in
intents.py; what to do with a half-told request across messages is the dialogue's job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..text.normalize import word_pairs
from .classify import NONE, both_features, classifiers, features
from .dates import DATE, with_date
from .index import Match, select
from .intents import Rule, decide
from .result import Understanding
from .vocabulary import (
    english_provider_names,
    only,
    phrase_index,
    variant_index,
    weak_cues,
    whole_centre_names,
    without_openers,
)

if TYPE_CHECKING:
    from ..content.snapshot import Content

ENTITY_KINDS = ("centre", "service", "provider", "place", "province", "language", "topic")
# The day asked about is entity "day" (a bot.calendar.asked text), read by dates.read_date.
DAY = "day"
# The variant of a service asked about is entity "variant" (a variant's slug), read from phrases
# scoring at least VARIANT_SCORE.
VARIANT = "variant"
VARIANT_SCORE = 90
# Names that say nothing about a message's language: left out when telling it (providers only
# by their English names, see vocabulary.english_provider_names).
NAME_KINDS = {"centre", "place", "province", "provider"}
# The service classifier names the service at this probability even against the phrase index
# ("copies of my ID certified" is about certification), and where the index names none at
# SERVICE_PLAUSIBLE.
SERVICE_CONFIDENT = 0.8
SERVICE_PLAUSIBLE = 0.5
# The intent classifier's label for a person in danger (see _danger_in_whole_words).
DANGER = "danger"
_RATING = re.compile(r"\b([1-5])\s*(?:/\s*5|stars?|out of 5)\b|\b(?:rate|rating)\s*(?:it|them|you)?\s*:?\s*([1-5])\b")


def _best_place(content: Content, places: list[Match], area: str | None) -> str:
    """The place a name means: the best spelt, then one in the province the conversation is
    about (area), then the largest ("Mamelodi" is the township of 334 577, not a village of
    3 619 of the same name)."""

    def rank(match: Match) -> tuple[float, int, bool, int]:
        place = content.places[int(match.target.key)]
        return match.score, match.words, place.province == area, place.population or 0

    return max(places, key=rank).target.key


def understand(
    content: Content, text: str, has_location: bool = False, area: str | None = None, rules: Sequence[Rule] = ()
) -> Understanding:
    """Read text against content's vocabulary and classifiers; see Understanding. area is the
    province the conversation is about, when known (a place name several provinces share is
    read as the one there). rules decide what the names and cue words ask for where the
    classifier does not (intents.RULES when none are given; the dialogue gives its registry's)."""
    pairs = word_pairs(text)
    words = [word for word, _written in pairs]
    matches = with_date(content, text, words, select(phrase_index(content).find(words))) if words else []
    matches = whole_centre_names(content, words, matches)
    weak = weak_cues(content)
    cues = {m.target.key for m in matches if m.target.kind == "intent"}
    strong = {m.target.key for m in matches if m.target.kind == "intent" and m.phrase not in weak}
    by_kind: dict[str, list[Match]] = {}
    for match in matches:
        by_kind.setdefault(match.target.kind, []).append(match)
    entities: dict[str, str] = {}
    for kind in ENTITY_KINDS:
        of_kind = by_kind.get(kind)
        if of_kind and kind == "place":
            entities[kind] = _best_place(content, of_kind, area)
        elif of_kind:
            entities[kind] = max(of_kind, key=lambda m: (m.score, m.words)).target.key
    if DATE in by_kind:
        entities[DAY] = by_kind[DATE][0].target.key
    result = Understanding(intent=None, strong_cues=strong, cues=cues, entities=entities, named=set(entities))
    referral = content.referrals.get(entities.get("topic", ""))
    result.broad_topic = referral is not None and referral.broad
    result.topic_gives_way_to = referral.gives_way_to if referral is not None else ()
    found = _RATING.search(text.lower())
    if found:
        result.rating = int(found.group(1) or found.group(2))
    ignore = phrase_index(content).ignore
    covered = {i for m in matches for i in range(m.start, m.end)}
    other = [i for i, w in enumerate(words) if i not in covered and w not in ignore]
    result.other_words = len(other)
    common = phrase_index(content).common
    result.unknown_names = [
        pairs[i][1] for i in other if len(words[i]) >= 4 and words[i] not in common and not words[i].isdigit()
    ]
    named = {i for m in matches if m.target.kind in (*ENTITY_KINDS, DATE) for i in range(m.start, m.end)}
    result.request = [w for i, w in enumerate(words) if i not in named and w not in ignore and not w.isdigit()]
    remaining, opened = without_openers(content, result.request)
    result.opens_feedback = opened and not remaining
    neutral = english_provider_names(content)
    names = {
        i
        for m in matches
        if m.target.kind in NAME_KINDS and (m.target.kind != "provider" or m.phrase in neutral)
        for i in range(m.start, m.end)
    }
    result.residual = [written for i, (_word, written) in enumerate(pairs) if i not in names]
    if words:
        models = classifiers(content)
        for_intent, for_service = both_features(words, matches)
        result.labels = models.intents.probabilities(for_intent)
        if result.labels and max(result.labels, key=result.labels.__getitem__) == DANGER:
            _danger_in_whole_words(result, models.intents.probabilities(features(words, matches, grams=False)))
        if result.labels:
            result.label = max(result.labels, key=result.labels.__getitem__)
            result.confidence = result.labels[result.label]
        named_by = max((m.words for m in by_kind.get("service", ())), default=0)
        _classify_service(result, models.services.probabilities(for_service), named_by)
    # Thanks or goodbye and nothing else is thanked, whatever else the words may look like; "what
    # is Thusong?" and nothing else is told what Thusong and the bot are.
    if words and only(content, "about", words, besides=("thanks",)):
        result.intent = "about"
    elif words and only(content, "thanks", words):
        result.intent = "thanks"
    else:
        result.intent = decide(result, has_location=has_location, empty=not words, rules=rules)
    variant = _variant(content, words)
    if variant:  # said beside the names, not one of them: added once the intent is decided
        result.entities[VARIANT] = variant
    return result


def _variant(content: Content, words: list[str]) -> str | None:
    """The variant of a service the words ask about ("I lost my ID": lost-smart-id), read from
    the variants' own phrases, exactly or nearly (a fuzzy "last" is not "lost")."""
    found = [m for m in variant_index(content).find(words) if m.score >= VARIANT_SCORE] if words else []
    return max(found, key=lambda m: (m.words, m.score, -m.start)).target.key if found else None


def _danger_in_whole_words(result: Understanding, by_words: dict[str, float]) -> None:
    """Danger is read in whole words a message shares with the examples that say danger, never
    in letters alone: a village whose name holds such letters ("Tshilwavhusiku") is no danger.
    Danger stands when the message's whole words alone (no character n-grams) also read most
    like danger; else the message is read as its next most likely label."""
    if by_words and max(by_words, key=by_words.__getitem__) == DANGER:
        return
    rest = {k: p for k, p in result.labels.items() if k != DANGER}
    total = sum(rest.values()) or 1.0
    result.labels = {k: p / total for k, p in rest.items()}


def _classify_service(result: Understanding, services: dict[str, float], named_by: int = 0) -> None:
    """Name the service the classifier reads in the message (see SERVICE_CONFIDENT). A service
    the message names in two words or more ("granny grant", "birth certificate") stands: only a
    one-word name ("ID" in "copies of my ID certified") gives way to the need read around it."""
    best = max(services, key=services.__getitem__) if services else NONE
    if best == NONE:
        return
    result.service_need = services[best] >= SERVICE_CONFIDENT
    if named_by >= 2:
        return
    # A message of only cue words and names ("which documents do I need") names no service
    # unless the classifier is confident: there is nothing else to read a need in.
    plausible = "service" not in result.entities and services[best] >= SERVICE_PLAUSIBLE and result.other_words
    if result.service_need or plausible:
        result.entities["service"] = best
