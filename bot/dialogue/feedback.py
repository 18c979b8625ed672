"""Feedback in steps: which centre, then what happened, then a reference to quote.

A message may carry all of it ("the staff at Jozini were rude, 2 stars") or only announce it
("I want to complain about Jozini"): what it says beyond the names, the filler words and the
phrases that only open feedback (the vocabularies' `feedback_openers`) decides which. The centre's
name is never kept as the feedback itself. A rating comes from "4 out of 5", "5 stars", "4/5" or
a lone 1-5 at the end of the feedback.
"""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, Any

from ..cleaning import masked
from ..understanding.vocabulary import without_openers

if TYPE_CHECKING:
    from ..content.snapshot import Content
    from ..understanding import Understanding

# Beyond names, filler and openers, a message with at least this many words says what happened.
SAYS_WORDS = 2
_TRAILING_RATING = re.compile(r"(?:^|\s)([1-5])\s*[.!]*\s*$")
# Reference codes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, so they can be read out over the phone.
_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def says_something(content: Content, u: Understanding, text: str) -> bool:
    """Whether the message tells what happened, beyond naming the centre and announcing feedback
    (two words of its own, or one with a rating: "slow service at Zava, 2")."""
    remaining, _opened = without_openers(content, u.request)
    return len(remaining) >= (1 if rating(u, text) else SAYS_WORDS)


def rating(u: Understanding, text: str) -> int | None:
    """The rating in a feedback message, if any."""
    if u.rating:
        return u.rating
    found = _TRAILING_RATING.search(text)
    return int(found.group(1)) if found else None


def reference() -> str:
    """A short code the person can quote to the centre (TB-7QK3)."""
    return "TB-" + "".join(secrets.choice(_ALPHABET) for _ in range(4))


# A request read with this confidence leaves the feedback question (see leaves).
LEAVE_CONFIDENCE = 0.9
# What the classifier may read that is no request of its own: politeness, feedback itself, and
# what the bot does not answer. Any other intent it reads may leave the feedback question.
NOT_REQUESTS = frozenset({"help", "greeting", "thanks", "feedback", "out_of_scope", "danger"})


def clear_request(u: Understanding, besides: frozenset[str] = frozenset()) -> bool:
    """Whether a message is read with confidence as a request of its own (not politeness, not
    feedback, not one of besides): what leaves a question the bot asked, or an open helpdesk
    question (bot.dialogue.engine)."""
    if u.intent is None or u.intent in NOT_REQUESTS or u.intent in besides:
        return False
    return u.confidence >= LEAVE_CONFIDENCE and u.label == u.intent


def leaves(pending: dict[str, Any], u: Understanding, entities: dict[str, Any], text: str) -> bool:
    """Whether a message answering feedback's question is a new request instead: asked which
    centre, one that names none and is read with confidence as another request ("what do I need
    for a passport"); asked what happened, one read so and asked as a question ("...?")."""
    if not clear_request(u):
        return False
    if pending["entities"].get("asked") == "centre":
        return "centre" not in entities
    return text.rstrip().endswith("?")


def continued(
    pending: dict[str, Any], u: Understanding, entities: dict[str, Any], text: str, content: Content
) -> dict[str, Any]:
    """The feedback action (see answers.base.action) after the person answers the question
    feedback asked (pending): the centre is asked for once, what happened until it is said."""
    so_far = dict(pending["entities"])
    asked = so_far.pop("asked", "text")
    given = rating(u, text)
    if given:
        so_far["rating"] = given
    if "centre" in entities:
        so_far["centre"] = entities["centre"]
    elif asked == "centre":
        so_far["centre_unknown"] = 1
    if asked == "text" or (says_something(content, u, text) and ("centre" in entities or not so_far.get("text"))):
        so_far["text"] = " ".join(filter(None, [so_far.get("text"), masked(text)[:1000]]))[:1000]
    return {"intent": "feedback", "entities": {k: v for k, v in so_far.items() if v is not None}}
