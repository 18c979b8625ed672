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

from ..text.normalize import normalize

MAX_WORDS = 5
_FUZZY_MAX_WORDS = 4
# A prefixed word's stem is matched fuzzily from this many letters, and only to these kinds.
_FUZZY_STEM = 5
STEM_KINDS = ("centre", "place", "province", "provider", "service")
# Names that keep their meaning under a prefix even where the prefixed word is an everyday word of
# the examples (iSASSA, ngoLwesine: on Thursday, kuDisemba: in December).
PROPER_NAMES = ("centre", "place", "province", "provider", "day", "month")


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

    def __init__(self, ignore: set[str], prefixes: tuple[str, ...] = (), common: frozenset[str] = frozenset()) -> None:
        self.ignore = ignore
        # Everyday words of the languages (from the example messages): matched exactly, never
        # fuzzily, so "leboha" (thank) does not become the place Lebohang.
        self.common = common
        # Noun-class and locative prefixes (eJozini, seJozini, kwaJozini, zaseZava, i-ID): a word
        # that is unknown as written is looked up again without one. Longest first.
        self.prefixes = frozenset(prefixes)
        self._prefix_lengths = sorted({len(p) for p in self.prefixes}, reverse=True)
        # Each phrase's targets in the order they were added (a dict as an ordered set: a set of
        # Targets iterates in an order that changes with each process's string hashing, and with
        # it which of two equal matches comes first, and the classifiers trained on them).
        self.targets: dict[str, dict[Target, None]] = defaultdict(dict)
        self._blocks: dict[tuple[int, str], list[str]] | None = None
        self._first: frozenset[str] | None = None

    def add(self, phrase: str, target: Target) -> None:
        """Register phrase (normalised here) as meaning target."""
        normal = normalize(phrase)
        if normal and len(normal.split()) <= MAX_WORDS:
            self.targets[normal][target] = None
            self._blocks = self._first = None

    def _fuzzy_choices(self, words: int, first: str) -> list[str]:
        if self._blocks is None:
            blocks: dict[tuple[int, str], list[str]] = defaultdict(list)
            for phrase in self.targets:
                if phrase not in self.ignore:
                    blocks[(len(phrase.split()), phrase[0])].append(phrase)
            self._blocks = dict(blocks)
        return self._blocks.get((words, first), [])

    def _stems(self, word: str) -> list[str]:
        """The forms word may stand for without a prefix (eMfolozi: mfolozi, umfolozi, imfolozi),
        kept only when some phrase starts with them."""
        first = self._first_words()
        return [
            candidate
            for n in self._prefix_lengths
            if len(word) - n >= 3 and word[:n] in self.prefixes
            for candidate in (word[n:], "u" + word[n:], "i" + word[n:])
            if candidate in first
        ]

    def _first_words(self) -> frozenset[str]:
        if self._first is None:
            self._first = frozenset(phrase.split(" ", 1)[0] for phrase in self.targets)
        return self._first

    def _without_prefix(self, word: str, stems: list[str], rest: list[str]) -> tuple[str, float] | None:
        """(phrase, score) for a window whose first word carries a prefix: eJozini, seMfolozi (the
        locative drops uMfolozi's first vowel, so u- and i- are tried back on), baseThembalethu,
        iHome Affairs; for a single word also fuzzily, names only (ngaseMkhuze -> Mkuze)."""
        for stem in stems:
            phrase = " ".join([stem, *rest])
            if (
                phrase in self.targets
                and phrase not in self.ignore
                and (word not in self.common or any(t.kind in PROPER_NAMES for t in self.targets[phrase]))
            ):
                # An everyday word stands for itself: "enkosi" is thanks, not e- + nkosi (death);
                # but iSASSA is still SASSA.
                return phrase, 95.0
        if rest or word in self.common:
            return None
        best = None
        for n in self._prefix_lengths:
            stem = word[n:]
            if word[:n] not in self.prefixes or len(stem) < _FUZZY_STEM:
                continue
            found = process.extractOne(
                stem, self._fuzzy_choices(1, stem[0]), scorer=fuzz.ratio, score_cutoff=_min_score(stem)
            )
            if (
                found
                and any(t.kind in STEM_KINDS for t in self.targets[found[0]])
                and (best is None or found[1] > best[1])
            ):
                best = (found[0], found[1] * 0.95)
        return best

    def find(self, words: list[str]) -> list[Match]:
        """Every match of a window of words, exact or fuzzy, best per window."""
        found: list[Match] = []
        stems = [self._stems(word) for word in words]
        for size in range(min(MAX_WORDS, len(words)), 0, -1):
            for start in range(0, len(words) - size + 1):
                window = words[start : start + size]
                text = " ".join(window)
                if text in self.targets:
                    found.extend(Match(t, start, start + size, 100.0, text) for t in self.targets[text])
                    continue
                stem = self._without_prefix(window[0], stems[start], window[1:])
                if stem:
                    found.extend(Match(t, start, start + size, stem[1], stem[0]) for t in self.targets[stem[0]])
                    continue
                if size > _FUZZY_MAX_WORDS or window[0] in self.ignore or window[-1] in self.ignore:
                    continue
                if all(w in self.common for w in window):
                    continue
                cutoff = _min_score(text)
                if cutoff is None or any(w.isdigit() for w in window):
                    continue
                best = process.extractOne(
                    text, self._fuzzy_choices(size, text[0]), scorer=fuzz.ratio, score_cutoff=cutoff
                )
                if best:
                    phrase, score = best[0], best[1]
                    found.extend(Match(t, start, start + size, score, phrase) for t in self.targets[phrase])
        return found


def select(matches: list[Match]) -> list[Match]:
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
