"""Turn one message into an `Understanding`: the intent cues it carries and the entities it
names, each resolved to a slug (or a gazetteer place).

The choice of intent from cues and entities is in intents.py; what to do with a half-told
request across messages is the dialogue's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .index import Match
from .intents import decide
from .normalize import tokens
from .vocabulary import phrase_index, weak_cues

ENTITY_KINDS = ("centre", "service", "provider", "place", "province", "language")
NAME_KINDS = {"centre", "place", "province", "provider"}
_RATING = re.compile(r"\b([1-5])\s*(?:/\s*5|stars?|out of 5)\b|\b(?:rate|rating)\s*(?:it|them|you)?\s*:?\s*([1-5])\b")


@dataclass
class Understanding:
    """What a message says: an intent (None when nothing was understood), its cues and entities.

    `entities` maps a kind to a key: a slug for centre/service/provider, a province code, a
    language code, or a gazetteer index (as text) for place. `strong_cues` excludes weak cues.
    """

    intent: Optional[str]
    strong_cues: set[str] = field(default_factory=set)
    cues: set[str] = field(default_factory=set)
    entities: dict[str, str] = field(default_factory=dict)
    rating: Optional[int] = None
    # Words that are neither matched nor filler: what the message says beyond what we know.
    other_words: int = 0
    # The message without the names it mentions (centres, places, providers), for telling
    # its language: "Home Affairs" or "Botlokwa" says nothing about the language.
    residual: str = ""


def _select(matches: list[Match]) -> list[Match]:
    """Keep the longest, best-scoring matches whose windows do not overlap."""
    ordered = sorted(matches, key=lambda m: (-m.words, -m.score, m.start))
    chosen: list[Match] = []
    taken: dict[int, tuple[int, int]] = {}
    for match in ordered:
        span = (match.start, match.end)
        clash = any(taken.get(i) not in (None, span) for i in range(match.start, match.end))
        if clash:
            continue
        if any(taken.get(i) == span for i in range(match.start, match.end)):
            best = max(m.score for m in chosen if (m.start, m.end) == span)
            if match.score < best:
                continue
        chosen.append(match)
        for i in range(match.start, match.end):
            taken[i] = span
    return chosen


def _best_place(content, matches: list[Match]) -> Optional[str]:
    places = [m for m in matches if m.target.kind == "place"]
    if not places:
        return None
    best = max(places, key=lambda m: (m.score, m.words, content.places[int(m.target.key)].population or 0))
    return best.target.key


def understand(content, text: str, has_location: bool = False) -> Understanding:
    """Read text against content's vocabulary; see Understanding."""
    words = tokens(text)
    matches = _select(phrase_index(content).find(words)) if words else []
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
    rating = None
    found = _RATING.search(" ".join(words))
    if found:
        rating = int(found.group(1) or found.group(2))
    covered = {i for m in matches for i in range(m.start, m.end)}
    ignore = phrase_index(content).ignore
    other = sum(1 for i, w in enumerate(words) if i not in covered and w not in ignore)
    named = {i for m in matches if m.target.kind in NAME_KINDS for i in range(m.start, m.end)}
    residual = " ".join(w for i, w in enumerate(words) if i not in named)
    result = Understanding(intent=None, strong_cues=strong, cues=cues, entities=entities, rating=rating,
                           other_words=other, residual=residual)
    result.intent = decide(result, has_location=has_location, empty=not words)
    return result
