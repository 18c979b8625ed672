"""Which of the eleven languages a message is written in.

The language model (langid.py; the shipped model `langid.npz` is trained on real South African
text by scripts/train_langid.py) gives P(language | words) for the words of the message that are
not names: "Home Affairs" or "Botlokwa" says nothing about the language, and neither do brand
words such as Thusong (the vocabularies' `centre_words`). English nouns inside another language
("Ngicela i-ID documents") do not pull a message to English: the model treats them as loans.

A `Detection` names the most probable language, its probability and the `candidates`: every
language nearly as probable (within CLOSE of the best). A greeting or thanks that several
languages share (Dumela, Sawubona, Ngiyabonga kakhulu; the vocabularies' `greetings`, `thanks`
and `about`) makes all of them candidates when little else is written, so the caller can keep a
conversation in one of them; a new conversation then takes the one most people speak. One
language's own (Molo, Hallo, Wat is Thusong) is that language.

Where the message is about (`area`: a province, from the centre it names or the conversation is
about) weighs the candidates by how many of that province's people speak each (content's
`home_languages`, Census): "iSASSA iza nini eCofimvaba" could be isiZulu, isiXhosa or isiNdebele
by its words, and in the Eastern Cape it is isiXhosa. The model's probabilities are calibrated,
so this is Bayes' rule with the province's speakers as the prior, at AREA_WEIGHT (a place a
message is about says less than where its writer lives). Without an area the priors stay
equal, as the model was trained (national speaker shares would also be right for more people,
but the 15-character NCHLT benchmark's isiNdebele falls from 0.82 to 0.79 with even a tenth of
their weight). `posterior` does the same for the summed evidence of a conversation's messages.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..text.normalize import normal_words, normalize
from . import langid

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
# A language a province's census table leaves out (or puts at 0%) still has this share (%) there:
# people move, and a message clearly in it must still be read so.
SHARE_FLOOR = 0.5
# The weight of an area's speaker shares beside the words' evidence (see the module docstring).
AREA_WEIGHT = 0.5


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

    def __init__(
        self,
        language_model: langid.LanguageModel,
        vocabularies: Mapping[str, Mapping[str, Any]],
        home_languages: Mapping[str, Mapping[str, float]] | None = None,
    ) -> None:
        self.model = language_model
        # Per area, the log of each language's share of its people (see the module docstring).
        self.priors = {
            area: np.log([max(shares.get(lang, 0.0), SHARE_FLOOR) for lang in language_model.languages])
            for area, shares in (home_languages or {}).items()
        }
        self.greetings: dict[str, set[str]] = {}
        self.generic: set[str] = set()
        for vocabulary in vocabularies.values():
            for phrase in vocabulary.get("words", {}).get("centre_words", []):
                self.generic.update(normalize(phrase).split())
        for lang, vocabulary in vocabularies.items():
            words = vocabulary.get("words", {})
            for phrase in [*words.get("greetings", []), *words.get("thanks", []), *words.get("about", [])]:
                # As the detector sees it: without brand words ("wat is Thusong" is "wat is").
                seen = " ".join(w for w in normalize(phrase).split() if w not in self.generic)
                if seen:
                    self.greetings.setdefault(seen, set()).add(lang)

    def detect(self, text: str, area: str | None = None) -> Detection:
        """The language of text (see Detection)."""
        return self.detect_words(langid.letter_words(text), area)

    def detect_words(self, words: list[str], area: str | None = None) -> Detection:
        """The language of a message from its words (names already removed), about area (a
        province code) when known."""
        words = langid.letter_words(" ".join(w for w in words if not self.generic.issuperset(normal_words(w))))
        letters = sum(len(w) for w in words)
        if letters < MIN_LETTERS:
            return Detection(None)
        probabilities = self.model.probabilities(words)
        languages = self.model.languages
        by_language = {lang: float(p) for lang, p in zip(languages, probabilities, strict=True)}
        candidates = {languages[i] for i, p in enumerate(probabilities) if p * CLOSE >= probabilities.max()}
        said = self._greeting(words)
        if said == {"en"}:  # "thanks", "hi": said in every language's conversations
            said = set(languages)
        if len(said) == 1:  # one language's own greeting or thanks ("Molo", "Hallo", "Enkosi")
            (lang,) = said
            certain = {other: float(other == lang) for other in languages}
            return Detection(lang, 1.0, said, False, certain, letters)
        if said:
            lang = min(said, key=SPEAKERS.index)
            return Detection(lang, by_language[lang], candidates | said, True, by_language, letters)
        weighed = self.posterior(evidence(by_language), area)
        lang = max(candidates, key=lambda lang: (weighed[lang], -languages.index(lang)))
        return Detection(lang, by_language[lang], candidates, False, by_language, letters)

    def posterior(self, log_evidence: Mapping[str, float], area: str | None = None) -> dict[str, float]:
        """P(language | evidence, area): log_evidence (per language, as `evidence` gives it; missing
        languages count as the least likely) with the area's speakers as the prior (when known)."""
        languages = self.model.languages
        scores = np.array([log_evidence.get(lang, LEAST) for lang in languages])
        prior = self.priors.get(area or "")
        if prior is not None:
            scores = scores + AREA_WEIGHT * prior
        weights = np.exp(scores - scores.max())
        return dict(zip(languages, (weights / weights.sum()).tolist(), strict=True))

    def _greeting(self, words: list[str]) -> set[str]:
        """The languages of a greeting, thanks or "what is Thusong" (the vocabularies' phrases) that
        opens a message with little else in it."""
        normal = [" ".join(normal_words(w)) for w in words[:4]]
        for size in range(len(normal), 0, -1):
            langs = self.greetings.get(" ".join(normal[:size]))
            if langs and sum(len(w) for w in words[size:]) < GREETING_REST:
                return langs
        return set()


# The log evidence of a language a message all but rules out (probability about 1e-12).
LEAST = -27.6


def evidence(probabilities: Mapping[str, float]) -> dict[str, float]:
    """Probabilities as log evidence, bounded below by LEAST (rounded: it is stored)."""
    return {lang: round(max(float(np.log(max(p, 1e-300))), LEAST), 2) for lang, p in probabilities.items()}


def detector_for(content: Content) -> LanguageDetector:
    """The detector for a content snapshot, built once and kept with it."""
    return content.cached(
        "language_detector", lambda c: LanguageDetector(model(), c.vocabularies, c.home_languages), curated=True
    )
