"""Requests about reminders, read before the classifier: they are commands, not questions.

`reminder_request(content, words)` names what a short message asks of reminders, from the
vocabularies' `words.remind` (asking for one: "remind me", "ngikhumbuze") and `words.reminders`
(the word for reminders: "reminders", "izikhumbuzo") together with `words.stop`:
- "remind": a remind phrase ("remind me the day before", "please remind me about Jozini");
- "stop_reminders": a stop word with either ("stop Jozini reminders", "yeka izikhumbuzo");
- "my_reminders": the word for reminders alone or with the person's own ("my reminders").
A message longer than MAX_WORDS is a question in itself ("remind me which papers I need for an
ID"), left to the classifier.
"""

from __future__ import annotations

from ..content.snapshot import Content
from .vocabulary import word_list

MAX_WORDS = 8


def _padded(content: Content, name: str) -> tuple[str, ...]:
    """The phrases of words.<name> with a space on each side (to find them as whole words)."""
    return content.cached(
        "reminder_padded_" + name, lambda c: tuple(" %s " % p for p in word_list(c, name)), curated=True
    )


def _first_words(content: Content) -> frozenset[str]:
    """Every word that begins a remind or reminders phrase: a message with none is no request."""
    return content.cached(
        "reminder_first_words",
        lambda c: frozenset(p.split()[0] for name in ("remind", "reminders") for p in word_list(c, name) if p),
        curated=True,
    )


def reminder_request(content: Content, words: list[str]) -> str | None:
    """ "remind", "stop_reminders", "my_reminders" or None for a message's normalised words."""
    if not words or len(words) > MAX_WORDS or _first_words(content).isdisjoint(words):
        return None
    text = " %s " % " ".join(words)
    remind = any(phrase in text for phrase in _padded(content, "remind"))
    noun = any(phrase in text for phrase in _padded(content, "reminders"))
    if not (remind or noun):
        return None
    if any(phrase in text for phrase in _padded(content, "stop")):
        return "stop_reminders"
    return "remind" if remind else "my_reminders"
