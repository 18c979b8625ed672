"""The phrase index: every name, alias and synonym the bot knows, mapped to what it means.

A `Target` is (kind, key): ("centre", "jozini"), ("service", "passport"), ("intent",
"service_days"), ("place", "12"), ("province", "KZN"), ("language", "zu"). `PhraseIndex.find`
scans a message's word windows (longest first), looks each up exactly, then fuzzily with
rapidfuzz among phrases of the same word count and first letter, and returns the matches.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .normalize import normalize

MAX_WORDS = 5
_FUZZY_MAX_WORDS = 4


@dataclass(frozen=True)
class Target:
    kind: str
    key: str


@dataclass(frozen=True)
class Match:
    """A window of the message (words start..end) that means target, with a 0-100 score."""

    target: Target
    start: int
    end: int
    score: float
    phrase: str

    @property
    def words(self) -> int:
        return self.end - self.start


def _min_score(text: str) -> float | None:
    """The fuzzy score a window needs, or None when only an exact match will do."""
    # Short words need a closer match: one wrong letter in "zava" is a different word.
    if len(text) < 4:
        return None
    if len(text) < 6:
        return 88.0
    return 84.0


class PhraseIndex:
    """Phrases -> targets, with exact and fuzzy lookup of message windows."""

    def __init__(self, ignore: set[str], prefixes: tuple[str, ...] = ()) -> None:
        self.ignore = ignore
        # Noun-class and locative prefixes (eJozini, seJozini, kwaJozini, zaseZava, i-ID): a word
        # that is unknown as written is looked up again without one. Longest first.
        self.prefixes = tuple(sorted(set(prefixes), key=len, reverse=True))
        self.targets: dict[str, set[Target]] = defaultdict(set)
        self._blocks: dict[tuple[int, str], list[str]] | None = None

    def add(self, phrase: str, target: Target) -> None:
        """Register phrase (normalised here) as meaning target."""
        normal = normalize(phrase)
        if normal and len(normal.split()) <= MAX_WORDS:
            self.targets[normal].add(target)
            self._blocks = None

    def _fuzzy_choices(self, words: int, first: str) -> list[str]:
        if self._blocks is None:
            blocks: dict[tuple[int, str], list[str]] = defaultdict(list)
            for phrase in self.targets:
                if phrase not in self.ignore:
                    blocks[(len(phrase.split()), phrase[0])].append(phrase)
            self._blocks = dict(blocks)
        return self._blocks.get((words, first), [])

    def _without_prefix(self, word: str) -> str | None:
        """word without a known prefix when what remains is a known phrase (of 3+ letters)."""
        for prefix in self.prefixes:
            stem = word[len(prefix):]
            if word.startswith(prefix) and len(stem) >= 3 and stem in self.targets and stem not in self.ignore:
                return stem
        return None

    def find(self, words: list[str]) -> list[Match]:
        """Every match of a window of words, exact or fuzzy, best per window."""
        found = []
        for size in range(min(MAX_WORDS, len(words)), 0, -1):
            for start in range(0, len(words) - size + 1):
                window = words[start:start + size]
                text = " ".join(window)
                if text in self.targets:
                    found.extend(Match(t, start, start + size, 100.0, text) for t in self.targets[text])
                    continue
                if size == 1:
                    stem = self._without_prefix(text)
                    if stem:
                        found.extend(Match(t, start, start + 1, 95.0, stem) for t in self.targets[stem])
                        continue
                if size > _FUZZY_MAX_WORDS or window[0] in self.ignore or window[-1] in self.ignore:
                    continue
                cutoff = _min_score(text)
                if cutoff is None or any(w.isdigit() for w in window):
                    continue
                best = process.extractOne(text, self._fuzzy_choices(size, text[0]), scorer=fuzz.ratio,
                                          score_cutoff=cutoff)
                if best:
                    phrase, score = best[0], best[1]
                    found.extend(Match(t, start, start + size, score, phrase) for t in self.targets[phrase])
        return found
