"""SMS encodings and lengths: GSM-7 where every character allows it, else UCS-2.

A reply is at most 3 segments: 3 x 153 = 459 GSM-7 units (extension characters such as € and
{ take two), or 3 x 67 = 201 UCS-2 units (a character outside the BMP, such as an emoji, takes
two). One character that GSM-7 lacks (Afrikaans ê, Sepedi š, Tshivenda ṱ) makes the whole
message UCS-2.

Typographic punctuation that reads the same in GSM-7 (’ ‘ “ ” – — … and the no-break space)
is replaced before measuring (`same_in_gsm7`): Babel writes Xitsonga months as N’wendzamhala,
which alone made half the Xitsonga answers UCS-2. Letters are never replaced: š, ḓ, ṱ, ṅ, ê, ë
distinguish words (Sepedi tsela "road" / tšela "cross"; Afrikaans se / sê), so Sepedi and
Tshivenda answers stay UCS-2 (docs/sms-segments.md has the figures).
"""

from __future__ import annotations

import math

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
