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


def _has(words: list[str], phrases: frozenset[str]) -> bool:
    text = " %s " % " ".join(words)
    return any(" %s " % phrase in text for phrase in phrases)


def reminder_request(content: Content, words: list[str]) -> str | None:
    """ "remind", "stop_reminders", "my_reminders" or None for a message's normalised words."""
    if not words or len(words) > MAX_WORDS:
        return None
    remind = _has(words, word_list(content, "remind"))
    noun = _has(words, word_list(content, "reminders"))
    if not (remind or noun):
        return None
    if _has(words, word_list(content, "stop")):
        return "stop_reminders"
    return "remind" if remind else "my_reminders"
