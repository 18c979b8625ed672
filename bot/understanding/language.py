"""Which of the eleven languages a message is written in.

lingua-language-detector decides among the seven languages it knows (en, af, zu, xh, st, tn,
ts). For Sepedi, siSwati, Tshivenda and isiNdebele, which lingua lacks, the project's own
model decides: distinctive letters (Tshivenda ḓ ṱ ṅ ḽ ṋ, Sepedi š), greetings and marker
words from the curated vocabularies, and a character-trigram model trained on the catalogs
and vocabularies of all eleven languages. A greeting shared by several languages (Dumela,
Sawubona) names all of them as candidates, so the caller can keep an earlier choice.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..i18n import DATE_PATTERN_MSGID
from .normalize import normalize

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")

LINGUA_CODES = {"ENGLISH": "en", "AFRIKAANS": "af", "ZULU": "zu", "XHOSA": "xh", "SOTHO": "st",
                "TSWANA": "tn", "TSONGA": "ts"}
OWN_ONLY = ("nso", "ss", "ve", "nr")
# Most home-language speakers first (Census 2022): the pick when a greeting fits several.
SPEAKERS = ("zu", "xh", "af", "nso", "en", "tn", "st", "ts", "ss", "ve", "nr")
LETTERS = {"ve": set("ḓṱṅḽṋḒṰṄḼṊ"), "nso": set("šŠ")}
LINGUA_CONFIDENT = 0.6
OWN_CONFIDENT = 0.6
# How far the known-word (and marker) evidence for one language must lead the next language's
# for the words alone to decide.
LEXICAL_LEAD = 2.0


@dataclass
class Detection:
    """The language of a message, or None when not confident; `candidates` when several fit."""

    lang: Optional[str]
    confidence: float = 0.0
    candidates: set[str] = field(default_factory=set)
    greeting: bool = False


@functools.lru_cache(maxsize=1)
def _lingua():
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LINGUA_CODES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _trigrams(text: str) -> list[str]:
    padded = " %s " % normalize(text)
    return [padded[i:i + 3] for i in range(len(padded) - 2)]


class TrigramModel:
    """Naive Bayes over character trigrams, one distribution per language."""

    def __init__(self, samples: dict[str, list[str]]) -> None:
        self.counts: dict[str, Counter] = {}
        self.totals: dict[str, int] = {}
        vocabulary = set()
        for lang, texts in samples.items():
            counter = Counter(g for text in texts for g in _trigrams(text))
            if counter:
                self.counts[lang], self.totals[lang] = counter, sum(counter.values())
                vocabulary.update(counter)
        self.size = len(vocabulary) + 1

    def probabilities(self, text: str) -> dict[str, float]:
        """Posterior probability of each language for text (equal priors)."""
        grams = _trigrams(text)
        if not grams or not self.counts:
            return {}
        logs = {lang: sum(math.log((counter[g] + 1) / (self.totals[lang] + self.size)) for g in grams)
                for lang, counter in self.counts.items()}
        top = max(logs.values())
        weights = {lang: math.exp((value - top) / max(1, len(grams)) * 8) for lang, value in logs.items()}
        total = sum(weights.values())
        return {lang: w / total for lang, w in weights.items()}


class LanguageDetector:
    """Built once per content snapshot from its vocabularies and the catalogs."""

    def __init__(self, vocabularies: dict[str, dict], catalog_texts: dict[str, list[str]]) -> None:
        self.greetings: dict[str, set[str]] = defaultdict(set)
        self.markers: dict[str, set[str]] = defaultdict(set)
        samples: dict[str, list[str]] = defaultdict(list)
        generic: set[str] = set()
        for lang, vocabulary in vocabularies.items():
            for phrase in vocabulary.get("words", {}).get("centre_words", []):
                generic.update(normalize(phrase).split())
            words = vocabulary.get("words", {})
            for phrase in words.get("greetings", []):
                self.greetings[normalize(phrase)].add(lang)
            for phrase in words.get("markers", []):
                self.markers[normalize(phrase)].add(lang)
            for section in ("intents", "services", "providers"):
                for phrases in vocabulary.get(section, {}).values():
                    samples[lang].extend(phrases)
            samples[lang].extend(words.get("greetings", []) + words.get("markers", []))
            samples[lang].extend(words.get("ignore", []))
        for lang, texts in catalog_texts.items():
            samples[lang].extend(texts)
        self.model = TrigramModel(samples)
        # Which languages use each word: a word known to one language is strong evidence.
        self.lexicon: dict[str, set[str]] = defaultdict(set)
        for lang, texts in samples.items():
            for text in texts:
                for word in normalize(text).split():
                    if len(word) > 1 and not word.isdigit():
                        self.lexicon[word].add(lang)
        # Brand words (Thusong, centre) say nothing about the language of a message.
        self.generic = generic

    def detect(self, text: str) -> Detection:
        """The language of text (see Detection)."""
        return self.detect_parts(text, text)

    def detect_parts(self, text: str, residual: str) -> Detection:
        """The language of text, judged on its distinctive letters and on residual (the text
        without the names it mentions)."""
        for lang, letters in LETTERS.items():
            if any(ch in letters for ch in text):
                return Detection(lang, 0.95, {lang})
        words = [w for w in normalize(residual).split() if w not in self.generic]
        if not words:
            return Detection(None)
        for size in (2, 1):
            greeting = " ".join(words[:size])
            if greeting in self.greetings and len(words) >= size:
                langs = self.greetings[greeting]
                marked = self._marker_votes(words[size:])
                if len(langs) == 1:
                    return Detection(next(iter(langs)), 0.95, set(langs), greeting=True)
                # A greeting shared by several languages: the rest of the message may tell them apart.
                best = max((marked.get(lang, 0) for lang in langs), default=0)
                narrowed = {lang for lang in langs if marked.get(lang, 0) == best}
                if best and len(narrowed) == 1:
                    return Detection(next(iter(narrowed)), 0.9, set(langs), greeting=True)
                return Detection(min(narrowed, key=SPEAKERS.index), 0.5, set(narrowed), greeting=True)
        votes = self._marker_votes(words)
        lexical = self._lexical(words)
        for lang, count in votes.items():
            lexical[lang] = lexical.get(lang, 0.0) + count
        if lexical:
            ranked = sorted(lexical.values(), reverse=True)
            top = max(lexical, key=lexical.get)
            runner_up = ranked[1] if len(ranked) > 1 else 0.0
            known = sum(1 for w in words if w in self.lexicon)
            if lexical[top] >= 1 and lexical[top] >= LEXICAL_LEAD * runner_up and known * 2 >= len(words):
                return Detection(top, lexical[top] / sum(ranked), {top})
        own = self.model.probabilities(" ".join(words))
        best_own = max(own, key=own.get) if own else None
        if votes:
            top = max(votes.values())
            leaders = [lang for lang, n in votes.items() if n == top]
            if len(leaders) == 1 and leaders[0] in OWN_ONLY:
                return Detection(leaders[0], 0.8, {leaders[0]})
        if len(words) < 2 and not votes:
            return Detection(None)
        values = _lingua().compute_language_confidence_values(" ".join(words))
        if values:
            lang, confidence = LINGUA_CODES[values[0].language.name], values[0].value
            if best_own in OWN_ONLY and own[best_own] >= 0.5 and votes.get(best_own, 0) >= votes.get(lang, 0):
                return Detection(best_own, own[best_own], {best_own, lang})
            if confidence >= LINGUA_CONFIDENT:
                return Detection(lang, confidence, {lang})
        if best_own and own[best_own] >= OWN_CONFIDENT:
            return Detection(best_own, own[best_own], {best_own})
        return Detection(None)

    def _lexical(self, words: list[str]) -> dict[str, float]:
        """Evidence per language from known words; a word shared by n languages counts 1/n."""
        scores: dict[str, float] = defaultdict(float)
        for word in words:
            langs = self.lexicon.get(word)
            if langs:
                for lang in langs:
                    scores[lang] += 1 / len(langs)
        return dict(scores)

    def _marker_votes(self, words: list[str]) -> dict[str, int]:
        votes: Counter = Counter()
        for size in (1, 2, 3):
            for i in range(len(words) - size + 1):
                for lang in self.markers.get(" ".join(words[i:i + size]), ()):
                    votes[lang] += 1
        return dict(votes)


def catalog_texts(locales_dir: str) -> dict[str, list[str]]:
    """The translated strings of every catalog, by language (English from the msgids)."""
    from babel.messages.pofile import read_po

    texts: dict[str, list[str]] = {}
    for po in sorted(Path(locales_dir).glob("*/LC_MESSAGES/messages.po")):
        lang = po.parts[-3]
        with open(po, "rb") as f:
            catalog = read_po(f)
        strings = []
        for message in catalog:
            if not message.id or message.id == DATE_PATTERN_MSGID:
                continue
            value = message.id if lang == "en" else message.string
            for text in value if isinstance(value, (list, tuple)) else [value]:
                if text:
                    strings.append(_PLACEHOLDER.sub(" ", text))
        texts[lang] = strings
    return texts


def detector_for(content, locales_dir: str) -> LanguageDetector:
    """The detector for a content snapshot, built once and kept with it."""
    return content.cached("language_detector",
                          lambda c: LanguageDetector(c.vocabularies, catalog_texts(locales_dir)))
