"""Intent and service classifiers learned from the example messages in content/examples.

A message's features: its words, with every name the phrase index recognises replaced by the
kind of name (`<centre>`, `<provider>`, ...), as word unigrams and bigrams, plus the character
1- to 7-grams of each remaining word (so SMS spellings, typos and the prefixes Nguni and Sotho
languages write onto words still share most features with the examples). Features are hashed
into 2**18 buckets.

Each classifier is a multinomial naive Bayes model (add-alpha smoothing, equal priors) whose
probabilities are tempered by the number of features, so they are comparable across message
lengths. The intent classifier sees service names as `<service>` (what is asked, not about
what); the service classifier sees them as words and learns the need from its description
("my granny passed away" -> death registration), with a `none` class for messages about no
service.

Both are trained from a content snapshot (`classifiers(content)`), in a fraction of a second:
the examples' placeholders ({centre}, {place}, {provider}, {service}, {language}) are filled
with names from the content, chosen by a seeded random generator, so the same content always
gives the same models.
"""
from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass

import numpy as np

from ..content.kinds import EXAMPLE_INTENTS
from . import langid
from .index import Match, select
from .normalize import tokens
from .vocabulary import phrase_index

BITS = 18
ALPHA = 0.1
# Per-feature temperature: features of one message overlap heavily (a word's character grams),
# so their summed log probabilities overstate the evidence.
TEMPERATURE = 12.0
NONE = "none"
ENTITY_KINDS = ("centre", "place", "province", "provider", "language", "service")
_PLACEHOLDER = re.compile(r"(\w*)\{(centre|place|provider|service|language)\}(\w*)")
_MASK = np.int64((1 << BITS) - 1)


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) & ((1 << BITS) - 1)


def features(words: list[str], matches: list[Match], keep_services: bool = False) -> np.ndarray:
    """The hashed features of a message's normalised words and its chosen phrase matches."""
    kinds = {}
    for match in matches:
        kind = match.target.kind
        if kind in ENTITY_KINDS and not (keep_services and kind == "service"):
            for i in range(match.start, match.end):
                kinds[i] = (match.start, kind)
    tokens, plain = [], []
    for i, word in enumerate(words):
        if i in kinds:
            start, kind = kinds[i]
            if start == i:
                tokens.append("<%s>" % kind)
        elif not word.isdigit():
            tokens.append(word)
            plain.append(word)
        else:
            tokens.append("<number>")
    named = ["w " + t for t in tokens] + ["b %s %s" % pair for pair in zip(["^"] + tokens, tokens + ["$"])]
    grams = langid.grams(plain)[0] & _MASK if plain else np.zeros(0, dtype=np.int64)
    return np.concatenate([np.array([_hash(f) for f in named], dtype=np.int64), grams])


@dataclass
class NaiveBayes:
    """log P(feature | class) for each class (columns), and the class names."""

    classes: tuple[str, ...]
    log_probabilities: np.ndarray  # float16, (2**BITS, classes)

    @classmethod
    def fit(cls, samples: list[tuple[np.ndarray, str, float]]) -> "NaiveBayes":
        """A model of (features, class, weight) samples."""
        classes = tuple(sorted({label for _f, label, _w in samples}))
        column = {label: i for i, label in enumerate(classes)}
        counts = np.zeros((1 << BITS, len(classes)), dtype=np.float64)
        for label in classes:
            rows = [(f, w) for f, label_, w in samples if label_ == label and len(f)]
            if rows:
                buckets = np.concatenate([f for f, _w in rows])
                weights = np.concatenate([np.full(len(f), w) for f, w in rows])
                counts[:, column[label]] = np.bincount(buckets, weights=weights, minlength=1 << BITS)
        logs = np.log(counts + ALPHA) - np.log(counts.sum(axis=0) + ALPHA * counts.shape[0])
        return cls(classes, logs.astype(np.float16))

    def probabilities(self, buckets: np.ndarray) -> dict[str, float]:
        """P(class | features), tempered (see TEMPERATURE); uniform with no features."""
        if not len(buckets):
            return {label: 1 / len(self.classes) for label in self.classes}
        scores = self.log_probabilities[buckets].sum(axis=0, dtype=np.float32) / np.float32(TEMPERATURE)
        weights = np.exp(scores - scores.max())
        weights /= weights.sum()
        return dict(zip(self.classes, weights.tolist()))


def _names(content, lang: str, rng: random.Random) -> dict[str, list[str]]:
    """Names of each placeholder kind, in lang where the content has them."""
    vocabulary = content.vocabularies.get(lang, {})

    def own(translated) -> str:
        return translated.get(lang) or translated.get("en")

    def listed(section: str) -> list[str]:
        return [p for phrases in vocabulary.get(section, {}).values() for p in phrases[:3]]

    places = [p.name for p in rng.sample(content.places, min(300, len(content.places)))]
    centres = [name for c in content.centres.values() for name in (c.town, *c.aliases[:1])]
    return {"centre": centres, "place": places or centres,
            "provider": [own(p.name) for p in content.providers.values()] + listed("providers"),
            "service": [own(s.name) for s in content.services.values()] + listed("services"),
            "language": listed("languages") or ["English"]}


def fill(template: str, names: dict[str, list[str]], rng: random.Random) -> str:
    """template with each placeholder replaced by a name of its kind (prefixes kept, joined)."""
    return _PLACEHOLDER.sub(lambda m: m.group(1) + rng.choice(names[m.group(2)]) + m.group(3), template)


def message_features(content, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(intent features, service features) of text, as the classifiers see it."""
    words = tokens(text)
    matches = select(phrase_index(content).find(words)) if words else []
    return features(words, matches), features(words, matches, keep_services=True)


@dataclass
class Classifiers:
    """The intent classifier (EXAMPLE_INTENTS) and the service classifier (slugs and NONE)."""

    intents: NaiveBayes
    services: NaiveBayes
    examples: int
    # Every word of the training messages: a message whose words are mostly unknown is one the
    # classifiers cannot judge, however their probabilities fall ("what is the capital of France").
    words: frozenset[str]

    def known_share(self, words: list[str]) -> float:
        """The share of words the classifiers were trained on (1 for none)."""
        return sum(w in self.words for w in words) / len(words) if words else 1.0


# Examples with placeholders are filled this many times, with different names.
FILLS = 2
# Weights: an example of a need counts half as a `required_documents` example (such messages
# ask what to do, usually what to bring); a vocabulary phrase or name counts half as a service.
NEED_AS_REQUEST = 0.5
PHRASE_AS_SERVICE = 0.5


def train(content) -> Classifiers:
    """Both classifiers from the content's example messages, vocabularies and service names."""
    rng = random.Random(0)
    intents: list[tuple[np.ndarray, str, float]] = []
    services: list[tuple[np.ndarray, str, float]] = []
    count = 0
    seen: set[str] = set()
    for lang in sorted(content.vocabularies):
        vocabulary = content.vocabularies[lang]
        examples = vocabulary.get("examples", {})
        names = _names(content, lang, rng)
        for label in EXAMPLE_INTENTS:
            for template in examples.get("intents", {}).get(label, []):
                for _fill in range(FILLS if "{" in template else 1):
                    text = fill(template, names, rng)
                    seen.update(tokens(text))
                    for_intent, for_service = message_features(content, text)
                    intents.append((for_intent, label, 1.0))
                    if "{service}" not in template:
                        services.append((for_service, NONE, 1.0))
                count += 1
        for slug, texts in examples.get("services", {}).items():
            for text in texts:
                seen.update(tokens(text))
                for_intent, for_service = message_features(content, text)
                intents.append((for_intent, "required_documents", NEED_AS_REQUEST))
                services.append((for_service, slug, 1.0))
                count += 1
        for slug, phrases in vocabulary.get("services", {}).items():
            services.extend((message_features(content, p)[1], slug, PHRASE_AS_SERVICE) for p in phrases)
    for slug, service in content.services.items():
        services.extend((message_features(content, name)[1], slug, PHRASE_AS_SERVICE)
                        for name in set(service.name.values()))
    return Classifiers(NaiveBayes.fit(intents), NaiveBayes.fit(services), count, frozenset(seen))


# Trained classifiers by content version: a process trains once per version of the content,
# however many snapshots of it it reads (each test app, a worker re-reading unchanged content).
_TRAINED: dict[str, Classifiers] = {}
_KEEP = 4


def classifiers(content) -> Classifiers:
    """The classifiers of a content snapshot, trained on first use and kept with it."""
    return content.cached("classifiers", _trained_once)


def _trained_once(content) -> Classifiers:
    if content.version is None:
        return train(content)
    if content.version not in _TRAINED:
        while len(_TRAINED) >= _KEEP:
            del _TRAINED[next(iter(_TRAINED))]
        _TRAINED[content.version] = train(content)
    return _TRAINED[content.version]
