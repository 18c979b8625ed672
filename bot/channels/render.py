"""Text rendering shared by the text-only channels (SMS, WhatsApp, USSD).

The core always returns structured options; this is the one place that numbers them as text,
and that cuts a long text into pages at line or word boundaries within a size measured by
the channel's own rule (GSM-7/UCS-2 units for SMS, characters for USSD).
"""
from __future__ import annotations

from typing import Callable

from ..messages import Reply


def option_lines(reply: Reply, separator: str = ". ") -> list[str]:
    """"1. Label" lines for the reply's options (USSD uses "1 Label" to save space)."""
    return ["%s%s%s" % (o.key, separator, o.label) for o in reply.options]


def full_text(reply: Reply, separator: str = ". ", brief: bool = False) -> str:
    """The reply's text (its brief form when asked and available) followed by its options."""
    lines = option_lines(reply, separator)
    text = reply.brief if brief and reply.brief else reply.text
    return text + ("\n\n" + "\n".join(lines) if lines else "")


def _hard_split(word: str, budget: int, size: Callable[[str], int]) -> list[str]:
    pieces, current = [], ""
    for ch in word:
        if current and size(current + ch) > budget:
            pieces.append(current)
            current = ""
        current += ch
    return pieces + ([current] if current else [])


def split_pages(text: str, budget: int, size: Callable[[str], int] = len) -> list[str]:
    """Cut text into pages of at most budget (by size), breaking at a newline where possible,
    else at a space, else inside a word. The words of the pages, in order, are the text's."""
    if budget < 1:
        raise ValueError("budget must be positive")
    pages: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = line if not current else current + "\n" + line
        if size(candidate) <= budget:
            current = candidate
            continue
        if current:
            pages.append(current)
            current = ""
        if size(line) <= budget:
            current = line
            continue
        for word in line.split(" "):
            candidate = word if not current else current + " " + word
            if size(candidate) <= budget:
                current = candidate
                continue
            if current:
                pages.append(current)
            current = ""
            if size(word) <= budget:
                current = word
            else:
                *full, current = _hard_split(word, budget, size)
                pages.extend(full)
    if current.strip() or not pages:
        pages.append(current)
    return [p.strip("\n") for p in pages if p.strip()] or [""]
