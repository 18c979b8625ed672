"""SMS encodings and lengths: GSM-7 where every character allows it, else UCS-2.

A reply is at most 3 segments: 3 x 153 = 459 GSM-7 units (extension characters such as € and
{ take two), or 3 x 67 = 201 UCS-2 units (a character outside the BMP, such as an emoji, takes
two). One character that GSM-7 lacks (Afrikaans ê, Sepedi š, Tshivenda ṱ) makes the whole
message UCS-2.

Typographic punctuation that reads the same in GSM-7 (’ ‘ “ ” – — … and the no-break space)
is replaced before measuring (`same_in_gsm7`): Babel writes Xitsonga months as N’wendzamhala,
which alone made half the Xitsonga answers UCS-2.

Letters, per language (issue 29; docs/sms-segments.md has the figures and the reasons):
- by SMS (`for_sms`), Sepedi, Tshivenda and Afrikaans are written with the plain letters people
  type on phones (s for š; d, t, n, l, n for ḓ, ṱ, ṋ, ḽ, ṅ; e, o, a for ê, ë, ô, á): every Sepedi
  and Tshivenda answer held such a letter, so every message was UCS-2 and cost 2.3 times as
  much, and one "môre" in an Afrikaans date did the same to its message;
- on USSD (`for_ussd`), every language is written in GSM 03.38's letters: a gateway that
  garbles the others shows "s?" where the plain letter shows "se".
"""

from __future__ import annotations

import math
import unicodedata

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")
SAME_IN_GSM7 = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)
MAX_SEGMENTS = 3
GSM7_SEGMENT, UCS2_SEGMENT = 153, 67
GSM7_SINGLE, UCS2_SINGLE = 160, 70


def same_in_gsm7(text: str) -> str:
    """text with typographic punctuation replaced by the GSM-7 characters that read the same
    (letters are left alone)."""
    return text.translate(SAME_IN_GSM7)


# The languages whose SMS use plain letters (see the module's docstring).
SMS_PLAIN_LETTERS = frozenset({"nso", "ve", "af"})


def plain_letters(text: str) -> str:
    """text with every letter GSM-7 lacks written without its marks where that makes it a GSM-7
    letter (š -> s, ṱ -> t, ê -> e); other characters are left alone."""
    if is_gsm7(text):
        return text
    out = []
    for ch in text:
        if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION:
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
            ch = base if base and is_gsm7(base) else ch
        out.append(ch)
    return "".join(out)


def for_sms(text: str, lang: str) -> str:
    """text as an SMS in lang carries it: GSM-7 punctuation, and plain letters in SMS_PLAIN_LETTERS."""
    text = same_in_gsm7(text)
    return plain_letters(text) if lang in SMS_PLAIN_LETTERS else text


def for_ussd(text: str) -> str:
    """text as a USSD screen carries it, in any language: GSM 03.38's punctuation and letters."""
    return plain_letters(same_in_gsm7(text))


def is_gsm7(text: str) -> bool:
    """True when every character of text has a GSM-7 encoding."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def units(text: str, gsm7: bool) -> int:
    """Length in the encoding's units (septets for GSM-7, UTF-16 code units for UCS-2)."""
    if gsm7:
        return sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> tuple[str, int]:
    """(encoding name, number of SMS segments) for text."""
    gsm7 = is_gsm7(text)
    n = units(text, gsm7)
    single, multi = (GSM7_SINGLE, GSM7_SEGMENT) if gsm7 else (UCS2_SINGLE, UCS2_SEGMENT)
    count = 1 if n <= single else math.ceil(n / multi)
    return ("GSM-7" if gsm7 else "UCS-2"), count


def tables() -> dict[str, str | int]:
    """The GSM-7 tables and segment sizes, for a page that measures text as this module does
    (the SMS simulator)."""
    return {
        "basic": "".join(sorted(GSM7_BASIC)),
        "extension": "".join(sorted(GSM7_EXTENSION)),
        "gsm7_single": GSM7_SINGLE,
        "gsm7_segment": GSM7_SEGMENT,
        "ucs2_single": UCS2_SINGLE,
        "ucs2_segment": UCS2_SEGMENT,
    }


def budget(gsm7: bool) -> int:
    """The most units one reply may use: 459 for GSM-7, 201 for UCS-2."""
    return MAX_SEGMENTS * (GSM7_SEGMENT if gsm7 else UCS2_SEGMENT)
