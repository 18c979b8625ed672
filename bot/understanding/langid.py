"""Naive Bayes over hashed character n-grams: the language model behind language detection.

A text is split into words of letters (diacritics kept: š, ḓ, ṱ tell languages apart). Each word,
padded with a space on each side, gives its character 1- to 7-grams (as scikit-learn's `char_wb`
analyzer does); each gram is hashed into one of 2**20 buckets. The model holds, per bucket and
language, log P(bucket | language) with add-alpha smoothing, quantised to 8 bits so the trained
model is a few megabytes. `word_scores(text)` gives, for each word, the sum of its grams' log
probabilities per language; the detector (language.py) turns those into a decision.

`train(samples)` counts grams of (language, text) pairs; `save` and `load` keep a model in one
compressed .npz file. scripts/train_langid.py rebuilds the shipped model from a corpus.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ORDERS = 7
BITS = 20
ALPHA = 0.01
CACHED_WORDS = 20000
_NOT_LETTER = re.compile(r"[\W\d_]+")
_APOSTROPHES = re.compile(r"['’`ʼ]")
_PRIME = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(64 - BITS)


def letter_words(text: str) -> list[str]:
    """The words of text: lower case, diacritics kept, anything but letters dropped."""
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFC", text.lower()))
    return _NOT_LETTER.sub(" ", text).split()


def grams(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(bucket of every character 1..7-gram of every padded word, index of the word it is in)."""
    padded = " %s " % " ".join(words)
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    spaces = np.cumsum(codes == 32)
    buckets, owners = [], []
    rolling = np.zeros(len(codes), dtype=np.uint64)
    for n in range(1, ORDERS + 1):
        count = len(codes) - n + 1
        if count <= 0:
            break
        rolling = rolling[:count] * _PRIME + codes[n - 1 : n - 1 + count]
        start = np.arange(count)
        if n == 1:
            keep = codes[:count] != 32
        elif n == 2:
            keep = np.ones(count, dtype=bool)
        else:  # no space inside the gram: it stays within one padded word
            keep = spaces[start + n - 2] == spaces[start]
        mixed = (rolling[keep] + np.uint64(n)) * _MIX
        buckets.append((mixed ^ (mixed >> np.uint64(29))) * _MIX >> _SHIFT)
        owners.append(spaces[start[keep]] - 1)
    if not buckets:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(buckets).astype(np.int64), np.concatenate(owners).astype(np.int64)


@dataclass
class LanguageModel:
    """Quantised log P(bucket | language) for each of `languages` (columns of `table`)."""

    languages: tuple[str, ...]
    table: np.ndarray  # uint8, (2**BITS, len(languages))
    offset: float
    scale: float
    info: dict[str, Any] = field(default_factory=dict)
    # Evidence of words seen lately (see word_evidence): words recur, and adding a few cached
    # rows is cheaper than hashing their grams again. Bounded: emptied when full.
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def word_scores(self, words: list[str]) -> np.ndarray:
        """For each word, the summed log probability of its grams per language: (words, languages)."""
        buckets, owners = grams(words)
        values = self.table[buckets].astype(np.float32) * np.float32(self.scale) + np.float32(self.offset)
        scores = np.zeros((len(words), len(self.languages)), dtype=np.float32)
        np.add.at(scores, owners, values)
        return scores

    def word_evidence(self, words: list[str]) -> np.ndarray:
        """For each word, its log likelihood per language as `probabilities` counts it.

        A word is scored at temperature `tau` (a word's grams overlap, so their summed log
        probabilities overstate the evidence). For every language but English a word may also be
        an English loan with probability `loan` ("Ngicela i-ID documents" stays isiZulu): its
        likelihood there is (1 - loan) P(word | language) + loan P(word | English).
        """
        tau, loan = self.info.get("tau", 10.0), self.info.get("loan", 0.0)
        if self._cache.get("settings") != (tau, loan) or len(self._cache) > CACHED_WORDS:
            self._cache.clear()
            self._cache["settings"] = (tau, loan)
        missing = list(dict.fromkeys(w for w in words if w not in self._cache))
        if missing:
            scores = self.word_scores(missing) / np.float32(tau)
            if loan and "en" in self.languages:
                english = self.languages.index("en")
                mixed = np.logaddexp(np.log1p(-loan) + scores, np.log(loan) + scores[:, english : english + 1])
                mixed[:, english] = scores[:, english]
                scores = mixed
            self._cache.update(zip(missing, scores, strict=True))
        return np.array([self._cache[w] for w in words])

    def probabilities(self, words: list[str]) -> np.ndarray:
        """P(language | words) for each of `languages` (uniform if words is empty), from the
        words' evidence (see word_evidence)."""
        if not words:
            return np.full(len(self.languages), 1 / len(self.languages))
        total = self.word_evidence(words).sum(axis=0)
        weights = np.exp(total - total.max())
        probabilities: np.ndarray = weights / weights.sum()  # numpy types a sum over an axis as Any
        return probabilities

    def save(self, path: Path) -> None:
        """Write the model to path (.npz, compressed)."""
        meta = dict(
            self.info, languages=list(self.languages), offset=self.offset, scale=self.scale, orders=ORDERS, bits=BITS
        )
        with open(path, "wb") as f:
            np.savez_compressed(f, table=self.table, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8))


def load(path: Path) -> LanguageModel:
    """A model written by LanguageModel.save (refuses one built with other gram settings)."""
    with np.load(path) as data:
        meta = json.loads(data["meta"].tobytes().decode())
        table = data["table"]
    if meta.get("orders") != ORDERS or meta.get("bits") != BITS:
        raise ValueError("%s was trained with other n-gram settings: retrain it" % path)
    info = {k: v for k, v in meta.items() if k not in ("languages", "offset", "scale", "orders", "bits")}
    return LanguageModel(tuple(meta["languages"]), table, meta["offset"], meta["scale"], info)


def count(samples: Iterable[tuple[str, str]], languages: tuple[str, ...]) -> np.ndarray:
    """Gram counts per bucket and language (float64, (2**BITS, languages)) of (lang, text) pairs."""
    column = {lang: i for i, lang in enumerate(languages)}
    per_language: dict[str, list[np.ndarray]] = {lang: [] for lang in languages}
    for lang, text in samples:
        words = letter_words(text)
        if words:
            per_language[lang].append(grams(words)[0])
    counts = np.zeros((1 << BITS, len(languages)), dtype=np.float64)
    for lang, chunks in per_language.items():
        if chunks:
            counts[:, column[lang]] = np.bincount(np.concatenate(chunks), minlength=1 << BITS)
    return counts


def from_counts(counts: np.ndarray, languages: tuple[str, ...], info: dict[str, Any] | None = None) -> LanguageModel:
    """The smoothed, quantised model of gram counts (see `count`)."""
    totals = counts.sum(axis=0)
    logs = np.log(counts + ALPHA) - np.log(totals + ALPHA * counts.shape[0])
    low, high = float(logs.min()), float(logs.max())
    scale = (high - low) / 255 or 1.0
    table = np.round((logs - low) / scale).astype(np.uint8)
    return LanguageModel(tuple(languages), table, low, scale, dict(info or {}))


def train(
    samples: Iterable[tuple[str, str]], languages: tuple[str, ...], info: dict[str, Any] | None = None
) -> LanguageModel:
    """A model of (lang, text) pairs, each language with equal prior."""
    return from_counts(count(samples, languages), languages, info)
