"""Intent and service classifiers learned from the example messages in content/examples.

A message's features: its words, with every name the phrase index recognises replaced by the
kind of name (`<centre>`, `<provider>`, ..., and `<date>` for a day asked about), as word
unigrams and bigrams, plus the character 2- to 5-grams of each remaining word (so SMS
spellings, typos and the prefixes Nguni and Sotho languages write onto words still share most
features with the examples). Features are hashed into 2**16 buckets.

Each classifier is a multinomial naive Bayes model (add-alpha smoothing) whose log
probabilities are tempered (TEMPERATURE), so its probabilities mean something. The intent
classifier (equal priors) sees service names as `<service>` (what is asked, not about what);
the service classifier sees them as words and learns the need from its description ("my
granny passed away" -> death registration), with a `none` class for messages about no service
and priors by share, so a request that names no service reads as none.

Both are trained from a content snapshot (`classifiers(content)`), in about a second for the
shipped examples: their placeholders ({centre}, {place}, {provider}, {service}, {language},
{topic}: what people call something the centres do not do, content/referrals.yaml) are
filled with names from the content, chosen by a seeded random generator, so the same content
always gives the same models.
"""

from __future__ import annotations

import functools
import random
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from ..text.normalize import tokens
from .dates import with_date
from .index import Match, select
from .vocabulary import phrase_index, whole_centre_names

if TYPE_CHECKING:
    from ..content.snapshot import Content

BITS = 16
ALPHA = 0.1
# Per-feature temperature: features of one message overlap heavily (a word's character grams),
# so their summed log probabilities overstate the evidence.
TEMPERATURE = 12.0
NONE = "none"
ENTITY_KINDS = ("centre", "place", "province", "provider", "language", "service", "date")
_PLACEHOLDER = re.compile(r"(\w*)\{(centre|place|provider|service|language|topic)\}(\w*)")
GRAM_ORDERS = (2, 3, 4, 5)


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) & ((1 << BITS) - 1)


@functools.lru_cache(maxsize=1 << 14)
def _word_grams(word: str) -> np.ndarray:
    """The hashed character n-grams (GRAM_ORDERS) of word padded with spaces; words recur, so
    they are kept (a few MB at most)."""
    padded = " %s " % word
    return np.array(
        [_hash("c" + padded[i : i + n]) for n in GRAM_ORDERS for i in range(len(padded) - n + 1)], dtype=np.int32
    )


def features(words: list[str], matches: list[Match], keep_services: bool = False, grams: bool = True) -> np.ndarray:
    """The hashed features of a message's normalised words and its chosen phrase matches (without
    the character n-grams with grams=False: what its whole words say)."""
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
    named = ["w " + t for t in tokens] + ["b %s %s" % pair for pair in zip(["^"] + tokens, tokens + ["$"], strict=True)]
    whole = np.array([_hash(f) for f in named], dtype=np.int32)
    return np.concatenate([whole, *map(_word_grams, plain)]) if grams else whole


@dataclass
class NaiveBayes:
    """log P(feature | class) for each class (columns), and the class names."""

    classes: tuple[str, ...]
    log_probabilities: np.ndarray  # float32, (2**BITS, classes), divided by TEMPERATURE
    log_priors: np.ndarray  # float32, (classes,): zeros for equal priors

    @classmethod
    def fit(cls, samples: list[tuple[np.ndarray, str, float]], priors: bool = False) -> NaiveBayes:
        """A model of (features, class, weight) samples; with priors, each class is as likely
        beforehand as its share of the samples' weight, else all are equally likely."""
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
        shares = np.array([sum(w for _f, label_, w in samples if label_ == label) for label in classes])
        log_priors = np.log(shares / shares.sum()) if priors and len(classes) else np.zeros(len(classes))
        return cls(classes, (logs / TEMPERATURE).astype(np.float32), log_priors.astype(np.float32))

    def probabilities(self, buckets: np.ndarray) -> dict[str, float]:
        """P(class | features), tempered (see TEMPERATURE); uniform with no features, and empty
        for a model trained on nothing (content without example messages)."""
        if not self.classes:
            return {}
        if not len(buckets):
            return {label: 1 / len(self.classes) for label in self.classes}
        scores = np.take(self.log_probabilities, buckets, axis=0).sum(axis=0) + self.log_priors
        weights = np.exp(scores - scores.max())
        weights /= weights.sum()
        return dict(zip(self.classes, weights.tolist(), strict=True))


def _names(content: Content, lang: str, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """(key, name) of each placeholder kind, names in lang where the content has them."""
    vocabulary = content.vocabularies.get(lang, {})

    def own(translated: Mapping[str, str]) -> str:
        # Never None: validated content has an English text for every name.
        return cast(str, translated.get(lang) or translated.get("en"))

    def listed(section: str) -> list[tuple[str, str]]:
        return [(key, p) for key, phrases in vocabulary.get(section, {}).items() for p in phrases[:3]]

    places = [("", p.name) for p in rng.sample(content.places, min(300, len(content.places)))]
    centres = [(c.slug, name) for c in content.centres.values() for name in (c.town, *c.aliases[:1])]
    return {
        "centre": centres,
        "place": places or centres,
        "provider": [(p.slug, own(p.name)) for p in content.providers.values()] + listed("providers"),
        "service": [(s.slug, own(s.name)) for s in content.services.values()] + listed("services"),
        "language": listed("languages") or [("en", "English")],
        "topic": [
            (slug, phrase)
            for slug, referral in content.referrals.items()
            for phrase in (referral.words.get(lang) or referral.words.get("en", ()))[:4]
        ]
        or [("", "electricity")],
    }


def fill(template: str, names: dict[str, list[tuple[str, str]]], rng: random.Random) -> tuple[str, dict[str, str]]:
    """template with each placeholder replaced by a name of its kind (prefixes kept, joined), and
    the key of the name chosen for each kind."""
    chosen: dict[str, str] = {}

    def name(match: re.Match[str]) -> str:
        key, text = rng.choice(names[match.group(2)])
        chosen[match.group(2)] = key
        return match.group(1) + text + match.group(3)

    return _PLACEHOLDER.sub(name, template), chosen


def both_features(words: list[str], matches: list[Match]) -> tuple[np.ndarray, np.ndarray]:
    """(intent features, service features): the same unless the message names a service."""
    for_intent = features(words, matches)
    if not any(m.target.kind == "service" for m in matches):
        return for_intent, for_intent
    return for_intent, features(words, matches, keep_services=True)


def message_features(content: Content, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(intent features, service features) of text, as the classifiers see it."""
    words = tokens(text)
    if not words:
        return both_features(words, [])
    matches = with_date(content, text, words, select(phrase_index(content).find(words)))
    return both_features(words, whole_centre_names(content, words, matches))


@dataclass
class Classifiers:
    """The intent classifier (the examples' labels) and the service classifier (slugs and NONE)."""

    intents: NaiveBayes
    services: NaiveBayes
    examples: int


# Examples with placeholders are filled this many times, with different names.
FILLS = 2
# Weights: an example of a need counts half as a `required_documents` example (such messages
# ask what to do, usually what to bring); a vocabulary phrase or name counts half as a service.
NEED_AS_REQUEST = 0.5
PHRASE_AS_SERVICE = 0.5


def train(content: Content) -> Classifiers:
    """Both classifiers from the content's example messages, vocabularies and service names."""
    rng = random.Random(0)
    intents: list[tuple[np.ndarray, str, float]] = []
    services: list[tuple[np.ndarray, str, float]] = []
    count = 0
    for lang in sorted(content.vocabularies):
        vocabulary = content.vocabularies[lang]
        examples = vocabulary.get("examples", {})
        names = _names(content, lang, rng)
        for label, templates in examples.get("intents", {}).items():
            for template in templates:
                for _fill in range(FILLS if "{" in template else 1):
                    text, chosen = fill(template, names, rng)
                    for_intent, for_service = message_features(content, text)
                    intents.append((for_intent, label, 1.0))
                    services.append((for_service, chosen.get("service", NONE), 1.0))
                if "{service}" in template:
                    # The same request without its service ("what documents do I need for") names none.
                    without, _chosen = fill(template.replace("{service}", ""), names, rng)
                    services.append((message_features(content, without)[1], NONE, 1.0))
                count += 1
        for slug, texts in examples.get("services", {}).items():
            for text in texts:
                for_intent, for_service = message_features(content, text)
                intents.append((for_intent, "required_documents", NEED_AS_REQUEST))
                services.append((for_service, slug, 1.0))
                count += 1
        for slug, phrases in vocabulary.get("services", {}).items():
            services.extend((message_features(content, p)[1], slug, PHRASE_AS_SERVICE) for p in phrases)
    for slug, service in content.services.items():
        services.extend(
            (message_features(content, name)[1], slug, PHRASE_AS_SERVICE) for name in set(service.name.values())
        )
    return Classifiers(NaiveBayes.fit(intents), NaiveBayes.fit(services, priors=True), count)


# Trained classifiers by content version: a process trains once per version of the content,
# however many snapshots of it it reads (each test app, a worker re-reading unchanged content).
_TRAINED: dict[str, Classifiers] = {}
_KEEP = 4


def classifiers(content: Content) -> Classifiers:
    """The classifiers of a content snapshot, trained on first use and kept with it."""
    return content.cached("classifiers", _trained_once, curated=True)


def _trained_once(content: Content) -> Classifiers:
    # By the curated content's version: what managers publish is never trained on.
    version = content.curated_version or content.version
    if version is None:
        return train(content)
    if version not in _TRAINED:
        while len(_TRAINED) >= _KEEP:
            del _TRAINED[next(iter(_TRAINED))]
        _TRAINED[version] = train(content)
    return _TRAINED[version]
