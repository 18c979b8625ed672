"""Text normalisation shared by the vocabulary index and the matcher.

Lower-case, accents removed (š -> s, ṱ -> t, ê -> e), every run of characters that is not a
letter or digit becomes one space. Both sides of every comparison go through `normalize`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’`ʼ]")


def normalize(text: str) -> str:
    """The comparable form of text: lower-case ASCII words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


_PIECES = re.compile(r"[\W_]+")


def word_pairs(text: str) -> list[tuple[str, str]]:
    """(normalised word, word as written in lower case) for every word of text: the first for
    matching, the second for telling the language (š and ḓ matter there)."""
    pairs = []
    for piece in _PIECES.split(_APOSTROPHES.sub("", unicodedata.normalize("NFC", text.lower()))):
        for word in normal_words(piece):
            pairs.append((word, piece))
    return pairs


@functools.lru_cache(maxsize=1 << 16)
def normal_words(piece: str) -> tuple[str, ...]:
    """The normalised words of a short piece of text; pieces recur, so they are kept (bounded)."""
    return tuple(normalize(piece).split())


def tokens(text: str) -> list[str]:
    """The words of text after normalisation."""
    return [word for word, _written in word_pairs(text)]
