"""Choose the intent of a message from its cues and entities.

Order matters: the more specific request wins ("when is SASSA at Zava" is about service days
even though it names a centre). Weak cues ("need", "where") count only beside an entity or
when no strong cue is present.
"""
from __future__ import annotations


def decide(u, has_location: bool = False, empty: bool = False):
    """The intent for Understanding u, or None when the message says nothing we know."""
    e = u.entities
    cues = set(u.strong_cues)
    if e.keys() & {"centre", "service", "provider", "place", "province"} or not cues:
        cues |= u.cues
    centre, service, provider = "centre" in e, "service" in e, "provider" in e
    where = centre or "place" in e or "province" in e or has_location
    if empty:
        return "nearest_centre" if has_location else None
    if "language" in e and ("change_language" in cues or not (e.keys() - {"language"}) and len(cues) <= 1):
        return "change_language"
    if "change_language" in cues:
        return "change_language"
    for intent in ("talk_to_person", "feedback", "nearest_centre"):
        if intent in cues:
            return intent
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
    for intent in ("help", "required_documents", "service_days", "centre_services", "centre_info",
                   "find_service"):
        if intent in cues:
            return intent
    return None
