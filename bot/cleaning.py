"""Cleaning the text people give, where it enters: a citizen's message on every channel, and
every text a centre manager types in the console (or an administrator on the command line).

What is stored, logged, rendered and exported is then safe by construction: no C0 or C1 control
character (NUL, ESC, CR...: PostgreSQL cannot store NUL, XML cannot carry most of them, a
handset shows ESC as garbage, a newline in a log line forges another line), no bidi control or
other invisible format character (they reorder or hide what a manager or a report reads) except
the joiners some scripts and emoji need, no unpaired surrogate, no private-use character.

- `one_line(text)`: for a field of one line (a message, a name, an email, an address): line and
  paragraph breaks, tabs and runs of spaces fold to one space.
- `lines(text)`: for a field of several lines (phones one per line, a notice): line breaks
  (CRLF, CR, U+2028, U+2029) become "\n"; everything else as one_line does, line by line.

`masked(text)` hides phone and ID numbers and emails in what is kept of a citizen's words
(feedback, a place not known, a message not understood): POPIA.

And where text leaves for a spreadsheet: `spreadsheet_cell(value)` keeps a cell from being read
as a formula (OWASP's CSV injection: a leading = + - @, tab or CR gets a ' before it).
"""

from __future__ import annotations

import re
import unicodedata

# Format characters kept: the zero-width non-joiner and joiner inside words and emoji.
_KEPT_FORMAT = frozenset({"\u200c", "\u200d"})
# Unicode categories dropped: controls are handled apart (they become spaces), these vanish.
_DROPPED = frozenset({"Cf", "Cs", "Co", "Cn"})
_BREAKS = ("\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85")


def one_line(text: str) -> str:
    """text on one line, with no control, bidi or other invisible format character."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp") or char.isspace():
            kept.append(" ")
        elif category not in _DROPPED or char in _KEPT_FORMAT:
            kept.append(char)
    return " ".join("".join(kept).split())


def lines(text: str) -> str:
    """text with its line breaks as "\\n" and each line cleaned as one_line (empty lines at the
    start and end dropped)."""
    for mark in _BREAKS:
        text = text.replace(mark, "\n")
    return "\n".join(one_line(line) for line in text.split("\n")).strip("\n")


# What a spreadsheet reads as the start of a formula (https://owasp.org/www-community/attacks/CSV_Injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """value, with a ' before it when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# Runs of digits (with spaces or dashes) long enough to be a phone or ID number, and emails.
_PRIVATE = re.compile(r"\+?\d[\d \-]{4,}\d|\S+@\S+")


def masked(text: str) -> str:
    """text on one line with phone and ID numbers and emails as "[number]"."""
    return _PRIVATE.sub("[number]", one_line(text))
