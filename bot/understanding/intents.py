"""Choose what to answer from what the classifier says and the names a message carries.

The intent classifier (classify.py) decides when it is confident. When a message is only names
("Jozini", "passport at Zava"), or the classifier is unsure, the rules below decide from the
names and the vocabularies' cue words, in order: the more specific request wins ("when is
SASSA at Zava" is about service days even though it names a centre). Weak cues ("need",
"where") count only beside an entity or when no strong cue is present.

The answer is an action name: a public intent, or `thanks`, `about`, `out_of_scope` or `danger`,
which are answered with their own replies under the public intents help, unknown and
talk_to_person (`thanks` and `about` are read by parse.py from the vocabularies' word lists).
"""

from __future__ import annotations

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


def decide(u: Understanding, has_location: bool = False, empty: bool = False) -> str | None:
    """The action for Understanding u, or None when the message says nothing we know."""
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
    ruled = _rules(u, cues, has_location)
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


def _rules(u: Understanding, cues: set[str], has_location: bool) -> str | None:
    """The action the names and cue words of u ask for, or None."""
    e = u.entities
    centre, service, provider = "centre" in e, "service" in e, "provider" in e
    where = centre or "place" in e or "province" in e or has_location
    if "change_language" in cues and not u.request_words:
        return "change_language"
    if u.rating:  # "4 out of 5", "5 stars": only feedback is rated
        return "feedback"
    for intent in ("talk_to_person", "feedback", "nearest_centre"):
        if intent in cues:
            return _where(intent, u, cues)
    if "service_days" in cues and not ("centre_info" in cues and not (provider or service)):
        return "service_days"
    if "find_service" in u.strong_cues and (service or provider) and not centre:
        return "find_service"  # "where can I apply for ..." asks where, not what to bring
    if "required_documents" in cues and (service or not centre):
        return "required_documents"
    if "centre_services" in cues and (centre or "place" in e) and not service:
        return "centre_services"
    if "centre_info" in cues and centre:
        return "centre_info"
    if cues & {"find_service", "centre_services", "centre_info"} and (service or provider):
        return "find_service"
    if "day" in e and (centre or provider or (service and one_day(e["day"])) or not u.request_words):
        # "SASSA at Zava tomorrow?", "passport on Friday?" or only "and on Friday?" (a month
        # beside a service is when it is needed: "we are getting married in December").
        return "service_days"
    if service:
        return "find_service" if centre else "required_documents"
    if centre:
        if provider:
            return "service_days"
        return "centre_services" if "centre_services" in cues else "centre_info"
    if provider:
        return "find_service"
    if where:
        return "nearest_centre"
    for intent in ("help", "required_documents", "service_days", "centre_services", "centre_info", "find_service"):
        if intent in cues:
            return intent
    return None
