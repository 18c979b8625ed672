"""Turn one message into an `Understanding`: the entities it names, each resolved to a slug (or
a gazetteer place), what the intent classifier makes of it, and the cue words it carries.

Names come from the phrase index (exact, prefixed or fuzzy); a service may also come from the
service classifier, which reads a need described in other words. The choice of action is in
intents.py; what to do with a half-told request across messages is the dialogue's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .classify import NONE, classifiers, features
from .index import Match, select
from .intents import decide
from .normalize import word_pairs
from .vocabulary import phrase_index, weak_cues

ENTITY_KINDS = ("centre", "service", "provider", "place", "province", "language")
NAME_KINDS = {"centre", "place", "province", "provider"}
# The service classifier names the service at this probability even against the phrase index
# ("copies of my ID certified" is about certification), and where the index names none at
# SERVICE_PLAUSIBLE.
SERVICE_CONFIDENT = 0.8
SERVICE_PLAUSIBLE = 0.5
_RATING = re.compile(r"\b([1-5])\s*(?:/\s*5|stars?|out of 5)\b|\b(?:rate|rating)\s*(?:it|them|you)?\s*:?\s*([1-5])\b")


@dataclass
class Understanding:
    """What a message says: an action (None when nothing was understood), its cues and entities.

    `entities` maps a kind to a key: a slug for centre/service/provider, a province code, a
    language code, or a gazetteer index (as text) for place. `strong_cues` excludes weak cues.
    `label` and `confidence` are the intent classifier's best label and its probability.
    """

    intent: Optional[str]
    label: str = ""
    confidence: float = 0.0
    strong_cues: set[str] = field(default_factory=set)
    cues: set[str] = field(default_factory=set)
    entities: dict[str, str] = field(default_factory=dict)
    rating: Optional[int] = None
    # Words that are neither matched nor filler: what the message says beyond what we know.
    other_words: int = 0
    # Words that are neither names nor filler: what the classifier has to go on.
    request_words: int = 0
    # The words of the message as written, without the names it mentions (centres, places,
    # providers), for telling its language: "Home Affairs" or "Botlokwa" says nothing about it.
    residual: list[str] = field(default_factory=list)


def _best_place(content, matches: list[Match]) -> Optional[str]:
    places = [m for m in matches if m.target.kind == "place"]
    if not places:
        return None
    best = max(places, key=lambda m: (m.score, m.words, content.places[int(m.target.key)].population or 0))
    return best.target.key


def understand(content, text: str, has_location: bool = False) -> Understanding:
    """Read text against content's vocabulary and classifiers; see Understanding."""
    pairs = word_pairs(text)
    words = [word for word, _written in pairs]
    matches = select(phrase_index(content).find(words)) if words else []
    weak = weak_cues(content)
    cues = {m.target.key for m in matches if m.target.kind == "intent"}
    strong = {m.target.key for m in matches if m.target.kind == "intent" and m.phrase not in weak}
    entities: dict[str, str] = {}
    for kind in ENTITY_KINDS:
        of_kind = [m for m in matches if m.target.kind == kind]
        if not of_kind:
            continue
        if kind == "place":
            entities[kind] = _best_place(content, of_kind)
        else:
            entities[kind] = max(of_kind, key=lambda m: (m.score, m.words)).target.key
    result = Understanding(intent=None, strong_cues=strong, cues=cues, entities=entities)
    found = _RATING.search(" ".join(words))
    if found:
        result.rating = int(found.group(1) or found.group(2))
    ignore = phrase_index(content).ignore
    covered = {i for m in matches for i in range(m.start, m.end)}
    result.other_words = sum(1 for i, w in enumerate(words) if i not in covered and w not in ignore)
    named = {i for m in matches if m.target.kind in ENTITY_KINDS for i in range(m.start, m.end)}
    request = [w for i, w in enumerate(words) if i not in named and w not in ignore and not w.isdigit()]
    result.request_words = len(request)
    result.residual = [written for i, (_word, written) in enumerate(pairs)
                       if not any(m.start <= i < m.end and m.target.kind in NAME_KINDS for m in matches)]
    if words:
        models = classifiers(content)
        # Probabilities count less when fewer than half the words they rest on were seen in
        # training (inflected and misspelt forms are common, so half is plenty).
        known = min(1.0, 2 * models.known_share(request))
        labels = models.intents.probabilities(features(words, matches))
        result.label = max(labels, key=labels.get)
        result.confidence = labels[result.label] * known
        services = models.services.probabilities(features(words, matches, keep_services=True))
        _classify_service(result, {slug: p * known for slug, p in services.items()})
    result.intent = decide(result, has_location=has_location, empty=not words)
    return result


def _classify_service(result: Understanding, services: dict[str, float]) -> None:
    """Name the service the classifier reads in the message (see SERVICE_CONFIDENT)."""
    best = max(services, key=services.get)
    if best == NONE:
        return
    if services[best] >= SERVICE_CONFIDENT or ("service" not in result.entities and services[best] >= SERVICE_PLAUSIBLE):
        result.entities["service"] = best
