"""Whether a message asks the bot to send nothing more (STOP and what people really send).

`opts_out(content, words)` is read before anything else in a turn (a person who wants no more
messages is never answered with something else, least of all a safety message). A message opts
out when, with the words that may go with a stop word taken out (the vocabularies'
`words.stop_with`: "please", "sms", "messages", "ngicela"...), what is left is one of the
vocabularies' `words.stop` phrases: Twilio's own opt-out words (STOP, STOPALL, UNSUBSCRIBE,
CANCEL, END, QUIT, REVOKE, OPTOUT; https://help.twilio.com/articles/223134027) and each
language's ("hou op", "yeka ukungithumelela", "remove my number"). Spaces inside a word
("un subscribe", "s t o p") do not matter, and a stop word of at least 6 letters is still read
with one slip ("unsubcribe", "cancle"). A message of more than MAX_WORDS words is never one.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..content.snapshot import Content
from .vocabulary import word_list

MAX_WORDS = 8
# Stop words this long are read with one slip (shorter ones would take everyday words: shop).
FUZZY_LETTERS = 6


def _stop_phrases(content: Content) -> frozenset[str]:
    """Every stop phrase, also without the words that may go with one ("remove number" for
    "remove my number", since "my" goes with a stop word in Afrikaans), and without spaces."""

    def build(c: Content) -> frozenset[str]:
        phrases = set(word_list(c, "stop"))
        phrases |= {stripped for p in phrases if (stripped := _without_along(c, p))}
        return frozenset(phrases | {p.replace(" ", "") for p in phrases})

    return content.cached("stop_phrases", build, curated=True)


def _without_along(content: Content, text: str) -> str:
    """text without the words that may go with a stop word."""
    padded = " %s " % text
    for phrase in _along(content):
        while " %s " % phrase in padded:
            padded = padded.replace(" %s " % phrase, " ")
    return padded.strip()


def _fuzzy_choices(content: Content) -> list[str]:
    return content.cached(
        "stop_fuzzy",
        lambda c: sorted(p for p in _stop_phrases(c) if len(p) >= FUZZY_LETTERS and " " not in p),
        curated=True,
    )


def _along(content: Content) -> list[str]:
    """The words that may go with a stop word, longest first (so "thank you" goes before "you")."""
    return content.cached("stop_with", lambda c: sorted(word_list(c, "stop_with"), key=len, reverse=True), curated=True)


def opts_out(content: Content, words: list[str]) -> bool:
    """Whether a message of these normalised words only asks for no more messages."""
    if not words or len(words) > MAX_WORDS:
        return False
    phrases = _stop_phrases(content)
    text = " ".join(words)
    if text in phrases:
        return True
    rest = _without_along(content, text)
    if not rest:
        return False
    if rest in phrases or rest.replace(" ", "") in phrases:
        return True
    joined = rest.replace(" ", "")
    if len(joined) < FUZZY_LETTERS:
        return False
    return process.extractOne(joined, _fuzzy_choices(content), scorer=OSA.distance, score_cutoff=1) is not None
