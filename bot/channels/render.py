"""Text rendering shared by the text-only channels (SMS, WhatsApp, USSD).

The core always returns structured options; this is the one place that numbers them as text,
and that cuts a long text into pages at line or word boundaries within a size measured by
the channel's own rule (GSM-7/UCS-2 units for SMS, characters for USSD).
"""
from __future__ import annotations

import re
from typing import Callable

from ..messages import Reply

# Control characters other than tab and newline carry no meaning in a message from a person
# (and PostgreSQL cannot store NUL in text).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_input(text: str) -> str:
    """A person's text with control characters replaced by spaces."""
    return _CONTROL.sub(" ", text)


def option_lines(reply: Reply, separator: str = ". ") -> list[str]:
    """"1. Label" lines for the reply's options (USSD uses "1 Label" to save space)."""
    return ["%s%s%s" % (o.key, separator, o.label) for o in reply.options]


def full_text(reply: Reply, separator: str = ". ", brief: bool = False) -> str:
    """The reply's text (its brief form when asked and available) followed by its options."""
    lines = option_lines(reply, separator)
    text = reply.brief if brief and reply.brief else reply.text
    return text + ("\n\n" + "\n".join(lines) if lines else "")


def _pieces(line: str, budget: int, size: Callable[[str], int]) -> list[tuple[str, str]]:
    """A line as (separator, piece) pairs that each fit: the whole line, else its words, else
    the characters of a word too long for a page."""
    if size(line) <= budget:
        return [("\n", line)]
    pieces = []
    for index, word in enumerate(line.split(" ")):
        separator = "\n" if index == 0 else " "
        while size(word) > budget:
            cut = max(n for n in range(1, len(word) + 1) if size(word[:n]) <= budget or n == 1)
            pieces.append((separator, word[:cut]))
            word, separator = word[cut:], ""
        pieces.append((separator, word))
    return pieces


def split_pages(text: str, budget: int, size: Callable[[str], int] = len) -> list[str]:
    """Cut text into pages of at most budget (by size), breaking at a newline where possible,
    else at a space, else inside a word. The words of the pages, in order, are the text's."""
    if budget < 1:
        raise ValueError("budget must be positive")
    pages: list[str] = []
    current = ""
    for line in text.split("\n"):
        for separator, piece in _pieces(line, budget, size):
            candidate = current + separator + piece if current else piece
            if size(candidate) <= budget:
                current = candidate
            else:
                pages.append(current)
                current = piece
    pages.append(current)
    return [page.strip("\n") for page in pages if page.strip()] or [""]
