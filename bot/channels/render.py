"""Text rendering shared by the text-only channels (SMS, WhatsApp, USSD).

The core always returns structured options; this is the one place that numbers them as text,
and that cuts a long text into pages at line or word boundaries within a size measured by
the channel's own rule (GSM-7/UCS-2 units for SMS, characters for USSD).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from ..messages import Reply

_T = TypeVar("_T")


def option_lines(reply: Reply, separator: str = ". ") -> list[str]:
    """ "1. Label" lines for the reply's options (USSD uses "1 Label" to save space)."""
    return ["%s%s%s" % (o.key, separator, o.label) for o in reply.options]


def full_text(reply: Reply, separator: str = ". ", brief: bool = False) -> str:
    """The reply's text (its brief form when asked and available) followed by its options."""
    lines = option_lines(reply, separator)
    text = reply.brief if brief and reply.brief else reply.text
    return text + ("\n\n" + "\n".join(lines) if lines else "")


# A line ending with a colon heads what follows it ("Bring:", "SASSA:"): it is never left at the
# foot of a page without it.
_HEADING = re.compile(r":\s*$")
# Where a line too long for the room left is cut, best first: after a sentence (". " "; "), after
# a clause (", "), then between words outside brackets, then between words inside them ("(old" |
# "age pension)").
_SENTENCE_END, _CLAUSE_END = ".;", ","  # not ":": a piece ending with one would read as a heading
SENTENCE, CLAUSE, WORDS, BRACKETED = range(4)
_WEIGHTS = (1.0, 0.8, 0.6, 0.3)
# A list item or a numbered option: moved whole to the next page, never cut to fill a page.
_ITEM = re.compile(r"^(- |\d+[. ] )")


def _boundaries(line: str) -> list[tuple[int, int]]:
    """(position of a space in line, kind of boundary: SENTENCE, CLAUSE, WORDS or BRACKETED)."""
    found, depth = [], 0
    for index, ch in enumerate(line):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == " " and index and line[index - 1] != ":":  # a piece ending ":" reads as a heading
            before = line[index - 1]
            if depth:  # a clause inside brackets is not one
                kind = BRACKETED
            elif before in _SENTENCE_END:
                kind = SENTENCE
            elif before in _CLAUSE_END or line[index + 1 : index + 2] in ("(", "-"):
                kind = CLAUSE
            else:
                kind = WORDS
            found.append((index, kind))
    return found


def _cut(line: str, room: int, size: Callable[[str], int], worst: int = BRACKETED) -> int:
    """Where to cut line so that its first part fits room: the best boundary by kind and length,
    of kinds up to worst (0 when no boundary fits)."""
    best, best_score = 0, 0.0
    for index, kind in _boundaries(line):
        if size(line[:index]) > room:
            break
        score = size(line[:index]) * _WEIGHTS[kind]
        if kind <= worst and score >= best_score:
            best, best_score = index, score
    return best


def _trailing_headings(lines: list[str]) -> int:
    """How many of the last lines are headings (a heading may head another: "Variants:", "A:")."""
    count = 0
    while count < len(lines) and _HEADING.search(lines[-1 - count]):
        count += 1
    return count


def _inside_word(word: str, room: int, size: Callable[[str], int]) -> int:
    """The longest start of word that fits room (at least one character)."""
    return max([n for n in range(1, len(word) + 1) if size(word[:n]) <= room] or [1])


def split_pages(
    text: str, budget: int, size: Callable[[str], int] = len, fill: bool = False, first: int | None = None
) -> list[str]:
    """Cut text into pages of at most budget (by size, which must add up over characters).

    A line is kept whole on one page when it fits on a page (unless fill: then a line that does
    not fit the room left is cut after a sentence when at least a quarter of a page is left,
    since every SMS page costs the same however full; a list item or an option is never cut to
    fill a page); a heading line (ending with ":") is kept with the line after it; a line too
    long for a page is cut at the best boundary (after a sentence, else a clause, else between
    words outside brackets, else between words), and a word longer than a page inside itself.
    The words of the pages, in order, are the text's. The first page may have a budget of its
    own (first: a USSD screen without "0 Back").
    """
    if budget < 1 or (first is not None and first < 1):
        raise ValueError("budget must be positive")
    pages: list[list[str]] = []
    current: list[str] = []

    def page_budget() -> int:
        return budget if pages or first is None else first

    def used() -> int:
        return size("\n".join(current) + "\n") if current else 0

    for line in text.split("\n"):
        rest = line
        while True:
            if used() + size(rest) <= page_budget():
                current.append(rest)
                break
            heading_last = bool(current) and bool(_HEADING.search(current[-1]))
            room = page_budget() - used()
            # a sentence's end within reach (a quarter of a page at least) is where to cut
            sentence = _cut(rest, room, size, SENTENCE)
            reach = bool(sentence) and size(rest[:sentence]) * 4 >= page_budget()
            cut = sentence if reach else _cut(rest, room, size)
            filling = fill and room * 4 >= page_budget() and not _ITEM.match(rest) and reach
            # what moves on goes to a later page: measured by their budget
            if size(rest) <= budget and not filling:
                if not heading_last:
                    pages.append(current)
                    current = [rest]
                    break
                headings = _trailing_headings(current)
                if headings < len(current) and size("\n".join(current[-headings:] + [rest])) <= budget:
                    pages.append(current[:-headings])
                    current = current[-headings:] + [rest]
                    break
            if cut and (heading_last or not current or size(rest[:cut]) * 4 >= page_budget()):
                current.append(rest[:cut])
                rest = rest[cut + 1 :]
            elif current:
                pages.append(current)
                current = []
                continue
            else:  # one word longer than a page
                cut = _inside_word(rest.split(" ")[0], room, size)
                current.append(rest[:cut])
                rest = rest[cut:]
            pages.append(current)
            current = []
    pages.append(current)
    texts = ("\n".join(page).strip("\n") for page in pages)
    return [page for page in texts if page.strip()] or [""]


def once_per_reply(render: Callable[[Reply], _T]) -> Callable[[Reply], _T]:
    """render, remembering the reply it last rendered: the writes of a turn (called by the core
    for each attempt) and the response after it share one rendering of the committed reply."""
    last: list[Any] = [None, None]

    def rendered(reply: Reply) -> _T:
        if last[0] is not reply:
            last[:] = [reply, render(reply)]
        return cast("_T", last[1])

    return rendered
