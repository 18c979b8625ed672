"""Which of the eleven languages a message is written in.

The language model (langid.py; the shipped model `langid.npz` is trained on real South African
text by scripts/train_langid.py) gives P(language | words) for the words of the message that are
not names: "Home Affairs" or "Botlokwa" says nothing about the language, and neither do brand
words such as Thusong (the vocabularies' `centre_words`). English nouns inside another language
("Ngicela i-ID documents") do not pull a message to English: the model treats them as loans.

A `Detection` names the most probable language, its probability and the `candidates`: every
language nearly as probable (within CLOSE of the best). A greeting that several languages share
(Dumela, Sawubona; the vocabularies' `greetings`) makes all of them candidates when little else is
written, so the caller can keep a conversation in one of them; a new conversation then takes
the one most people speak.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import langid
from .normalize import normal_words, normalize

if TYPE_CHECKING:
    from ..content.snapshot import Content

MODEL_PATH = Path(__file__).with_name("langid.npz")
# Fewer letters than this say nothing about a language ("ok", "1").
MIN_LETTERS = 3
# A language whose probability is at least the best one's divided by CLOSE is a candidate.
CLOSE = 4.0
# After a greeting, fewer letters than this leave the greeting deciding the candidates.
GREETING_REST = 8
# Most home-language speakers first (Census 2022): the pick when a greeting fits several.
SPEAKERS = ("zu", "xh", "af", "nso", "en", "tn", "st", "ts", "ss", "ve", "nr")


@dataclass
class Detection:
    """The language of a message, or None when it has too few letters to tell."""

    lang: str | None
    confidence: float = 0.0
    candidates: set[str] = field(default_factory=set)
    greeting: bool = False
    probabilities: dict[str, float] = field(default_factory=dict)
    letters: int = 0


@functools.lru_cache(maxsize=4)
def model(path: Path = MODEL_PATH) -> langid.LanguageModel:
    """The language model at path, loaded once per process."""
    return langid.load(path)


class LanguageDetector:
    """A language model with the vocabularies' greetings and brand words."""

    def __init__(self, language_model: langid.LanguageModel, vocabularies: Mapping[str, Mapping[str, Any]]) -> None:
        self.model = language_model
        self.greetings: dict[str, set[str]] = {}
        self.generic: set[str] = set()
        for lang, vocabulary in vocabularies.items():
            words = vocabulary.get("words", {})
            for phrase in words.get("greetings", []):
                self.greetings.setdefault(normalize(phrase), set()).add(lang)
            for phrase in words.get("centre_words", []):
                self.generic.update(normalize(phrase).split())

    def detect(self, text: str) -> Detection:
        """The language of text (see Detection)."""
        return self.detect_words(langid.letter_words(text))

    def detect_words(self, words: list[str]) -> Detection:
        """The language of a message from its words (names already removed)."""
        words = langid.letter_words(" ".join(w for w in words if not self.generic.issuperset(normal_words(w))))
        letters = sum(len(w) for w in words)
        if letters < MIN_LETTERS:
            return Detection(None)
        probabilities = self.model.probabilities(words)
        languages = self.model.languages
        by_language = {lang: float(p) for lang, p in zip(languages, probabilities, strict=True)}
        best = int(np.argmax(probabilities))
        candidates = {languages[i] for i, p in enumerate(probabilities) if p * CLOSE >= probabilities[best]}
        shared = self._greeting(words)
        if shared:
            lang = min(shared, key=SPEAKERS.index)
            return Detection(lang, by_language[lang], candidates | shared, True, by_language, letters)
        return Detection(languages[best], by_language[languages[best]], candidates, False, by_language, letters)

    def _greeting(self, words: list[str]) -> set[str]:
        """The languages of a greeting that opens a message with little else in it."""
        normal = [" ".join(normal_words(w)) for w in words[:2]]
        for size in (2, 1):
            langs = self.greetings.get(" ".join(normal[:size]))
            if langs and sum(len(w) for w in words[size:]) < GREETING_REST:
                return langs if len(langs) > 1 else set()
        return set()


def detector_for(content: Content) -> LanguageDetector:
    """The detector for a content snapshot, built once and kept with it."""
    return content.cached("language_detector", lambda c: LanguageDetector(model(), c.vocabularies))
