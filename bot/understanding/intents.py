"""Choose what to answer from what the classifier says and the names a message carries.

The intent classifier (classify.py) decides when it is confident. When a message is only names
("Jozini", "passport at Zava"), or the classifier is unsure, RULES decide from the names and
the vocabularies' cue words: a table of `Rule`s (data: the cue, the names needed or excluded,
a priority) tried by priority, the more specific request first ("when is SASSA at Zava" is about
service days even though it names a centre). The dialogue's intents may add rules of their own
(bot.dialogue.answers.Intent.rules). Weak cues ("need", "where") count only beside an entity or
when no strong cue is present.

The answer is an action name: a public intent, or `thanks`, `about`, `out_of_scope` or `danger`,
which are answered with their own replies under the public intents help, unknown and
talk_to_person (`thanks` and `about` are read by parse.py from the vocabularies' word lists).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..calendar.asked import one_day

if TYPE_CHECKING:
    from .result import Understanding

# The classifier's labels that are not public intents: the action each one takes.
ACTIONS = {"greeting": "help"}
# The action to take for each public intent the classifier may not name.
PUBLIC = {"thanks": "help", "about": "help", "out_of_scope": "unknown", "danger": "talk_to_person"}
# Labels that are politeness, not a request; and the names that make a message a request.
SOCIAL = ("greeting", "thanks")
NAMED = {"centre", "service", "provider", "place", "province"}
# The classifier alone decides at this probability or more; below it the rules decide first,
# and at PLAUSIBLE or more the classifier's choice stands where the rules find nothing.
CONFIDENT = 0.6
PLAUSIBLE = 0.4


def public_intent(action: str) -> str:
    """The public intent an action is answered under."""
    return PUBLIC.get(action, action)


def decide(u: Understanding, has_location: bool = False, empty: bool = False, rules: Sequence[Rule] = ()) -> str | None:
    """The action for Understanding u, or None when the message says nothing we know; rules are
    the RULES to decide by (default RULES; the dialogue adds its intents' own)."""
    if empty:
        return "nearest_centre" if has_location else None
    e = u.entities
    cues = set(u.strong_cues)
    if e.keys() & {"centre", "service", "provider", "place", "province"} or not cues:
        cues |= u.cues
    if u.opens_feedback:
        return "feedback"
    label, confidence = _request_label(u)
    # A language named alone ("isiZulu"), or in a request the classifier reads as one ("reply in
    # Sesotho"); a long message that only mentions a language is about something else.
    if "language" in e and (not u.request_words or (label == "change_language" and confidence >= PLAUSIBLE)):
        return "change_language"
    # A question about what the centres do not do (a referral: a traffic fine, a title deed, a
    # grant payment that did not come) is out of scope, whatever service it also names ("a police
    # clearance for a job"). A broad subject (electricity, school) gives way to one of our
    # services or departments named beside it unless the classifier reads the message as out of
    # scope with confidence ("passport: is an electricity bill proof of address?"), and a matter to
    # the services it lists ("certified copies of my matric certificate"); a service only the
    # classifier reads in the message does not count.
    ours = u.named & {"service", "provider"}
    doubted = u.broad_topic and label == "out_of_scope" and confidence >= CONFIDENT
    if not _ours_first(u) and (not u.broad_topic or not ours or doubted):
        return "out_of_scope"
    if u.request_words and confidence >= CONFIDENT:
        return _where(label, u, cues)
    # A place is no request for the nearest centres when it is all a message names, no cue asks
    # anything and the classifier reads the rest as none of ours ("<script>alert(1)</script>":
    # "alert" is spelt like Albert Falls).
    if label == "out_of_scope" and confidence >= PLAUSIBLE and u.named <= {"place"} and u.request_words and not cues:
        return "out_of_scope"
    ruled = _rules(u, cues, has_location, rules or RULES)
    if ruled or not u.request_words:
        return ruled
    # Words no example uses, most of the request ("Qwertyville", "drop table conversations"): the
    # classifier's unsure guess at a request is only letters (that it is none of ours may stand).
    guessing = bool(u.unknown_names) and 2 * len(u.unknown_names) >= u.request_words and label != "out_of_scope"
    return label if confidence >= PLAUSIBLE and not guessing else None


def _where(label: str, u: Understanding, cues: set[str]) -> str:
    """label, unless it asks the wrong "where": "where is the Zava Thusong centre?" asks where that
    centre is, not which is nearest (the nearest are asked with a word that says so, "nearest",
    "eduze") nor where a service is found (none is named); "UIF near Mamelodi" and "can I do an ID
    at Archie Gumede?" ask where a service is found, not only which centre is nearest or what a
    centre offers."""
    named = u.entities.keys() & {"service", "provider"}
    where_is = label == "nearest_centre" or (label == "find_service" and not named)
    if where_is and "centre" in u.named and "nearest_centre" not in cues:
        return "centre_info"
    if label in ("nearest_centre", "centre_services") and "service" in u.named:
        return "find_service"  # "can I do an ID at Archie Gumede?": that service there
    return label


def _request_label(u: Understanding) -> tuple[str, float]:
    """The classifier's action and its probability. A greeting or thanks that comes with a name
    ("Lotjhani, ngitlhoga isazisi", "thank you, the staff at Matsamo helped me well") is
    politeness around a request, and a message that names one of our services, or that the
    service classifier reads as a need with confidence ("my husband was retrenched"), is not out
    of scope unless it names a topic others answer ("my grant was not paid"): in both the best
    other label counts, with its share of what remains."""
    label = u.label
    aside: tuple[str, ...] = ()
    if u.named & NAMED and (label in SOCIAL or any(u.labels.get(s, 0.0) >= PLAUSIBLE for s in SOCIAL)):
        aside = SOCIAL
    elif label in SOCIAL + ("out_of_scope",) and (u.service_need or "service" in u.named) and _ours_first(u):
        aside = SOCIAL + ("out_of_scope",)
    others = {k: p for k, p in u.labels.items() if k not in aside}
    if aside and others:
        label = max(others, key=others.__getitem__)
        return ACTIONS.get(label, label), others[label] / (sum(others.values()) or 1)
    return ACTIONS.get(label, label), u.confidence


def _ours_first(u: Understanding) -> bool:
    """Whether a service of ours in u comes before what others answer: u names no topic, or a
    topic that gives way to the service named ("certify a copy of my driver's licence")."""
    return "topic" not in u.entities or ("service" in u.named and u.entities.get("service") in u.topic_gives_way_to)


@dataclass(frozen=True)
class Rule:
    """When a message asks for `intent` by its names and cue words: every condition given holds.

    `cue`: the message carries this intent's cue words (only strong ones with `strong`); `not_cue`:
    it does not carry this one's. `names`: it names every one of these kinds of entity,
    `any_of`: at least one of these, `not_names`: none of these (besides the entities, "location"
    is a location sent and "rating" a rating given). `alone`: it asks nothing else (no request
    words). `one_day`: the day asked is one day. `where`: the intent is checked for the wrong
    "where" (_where). Rules are tried by `priority`, lowest first.
    """

    intent: str
    priority: int
    cue: str | None = None
    strong: bool = False
    not_cue: str | None = None
    names: frozenset[str] = frozenset()
    any_of: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    alone: bool = False
    one_day: bool = False
    where: bool = False

    def holds(self, u: Understanding, cues: set[str], kinds: set[str]) -> bool:
        """Whether u (with cues and the kinds it names) asks for this rule's intent."""
        return (
            (self.cue is None or self.cue in (u.strong_cues if self.strong else cues))
            and (self.not_cue is None or self.not_cue not in cues)
            and self.names <= kinds
            and (not self.any_of or bool(self.any_of & kinds))
            and not self.not_names & kinds
            and (not self.alone or not u.request_words)
            and (not self.one_day or one_day(u.entities.get("day", "")))
        )


def _kinds(*names: str) -> frozenset[str]:
    return frozenset(names)


# The rules for messages the classifier does not decide alone, most specific first: "when is SASSA
# at Zava" is about service days even though it names a centre; a cue word beside the names it
# needs wins over the names alone; the names alone come next; a cue word alone last.
RULES: tuple[Rule, ...] = (
    Rule("change_language", 10, cue="change_language", alone=True),
    Rule("feedback", 20, names=_kinds("rating")),  # "4 out of 5", "5 stars": only feedback is rated
    Rule("talk_to_person", 30, cue="talk_to_person", where=True),
    Rule("feedback", 31, cue="feedback", where=True),
    Rule("nearest_centre", 32, cue="nearest_centre", where=True),
    # Service days, unless the message asks about a centre and names no department or service.
    Rule("service_days", 40, cue="service_days", not_cue="centre_info"),
    Rule("service_days", 41, cue="service_days", any_of=_kinds("provider", "service")),
    # "where can I apply for ..." asks where, not what to bring.
    Rule(
        "find_service",
        50,
        cue="find_service",
        strong=True,
        any_of=_kinds("service", "provider"),
        not_names=_kinds("centre"),
    ),
    Rule("required_documents", 60, cue="required_documents", any_of=_kinds("service")),
    Rule("required_documents", 61, cue="required_documents", not_names=_kinds("centre")),
    Rule("centre_services", 70, cue="centre_services", any_of=_kinds("centre", "place"), not_names=_kinds("service")),
    Rule("centre_info", 80, cue="centre_info", names=_kinds("centre")),
    Rule("find_service", 90, cue="find_service", any_of=_kinds("service", "provider")),
    Rule("find_service", 91, cue="centre_services", any_of=_kinds("service", "provider")),
    Rule("find_service", 92, cue="centre_info", any_of=_kinds("service", "provider")),
    # "SASSA at Zava tomorrow?", "passport on Friday?" or only "and on Friday?" (a month beside a
    # service is when it is needed: "we are getting married in December").
    Rule("service_days", 100, names=_kinds("day"), any_of=_kinds("centre", "provider")),
    Rule("service_days", 101, names=_kinds("day", "service"), one_day=True),
    Rule("service_days", 102, names=_kinds("day"), alone=True),
    # The names alone.
    Rule("find_service", 110, names=_kinds("service", "centre")),
    Rule("required_documents", 111, names=_kinds("service")),
    Rule("service_days", 120, names=_kinds("centre", "provider")),
    Rule("centre_services", 121, cue="centre_services", names=_kinds("centre")),
    Rule("centre_info", 122, names=_kinds("centre")),
    Rule("find_service", 130, names=_kinds("provider")),
    Rule("nearest_centre", 140, any_of=_kinds("centre", "place", "province", "location")),
    # A cue word alone.
    Rule("help", 150, cue="help"),
    Rule("required_documents", 151, cue="required_documents"),
    Rule("service_days", 152, cue="service_days"),
    Rule("centre_services", 153, cue="centre_services"),
    Rule("centre_info", 154, cue="centre_info"),
    Rule("find_service", 155, cue="find_service"),
)


def _rules(u: Understanding, cues: set[str], has_location: bool, rules: Sequence[Rule]) -> str | None:
    """The action the first of rules that holds for the names and cue words of u asks for, or None."""
    kinds = set(u.entities) | ({"location"} if has_location else set()) | ({"rating"} if u.rating else set())
    for rule in rules:
        if rule.holds(u, cues, kinds):
            return _where(rule.intent, u, cues) if rule.where else rule.intent
    return None
