"""One module per group of intents; ANSWERS maps each intent to its answer function.

An answer function takes (turn, entities) and returns an Answer. When an entity it needs is
missing it asks for it and sets `pending`, so the next message can complete the request.
"""
from . import centres, days, menu, services

ANSWERS = {
    "help": menu.main_menu,
    "unknown": menu.not_understood,
    "change_language": menu.change_language,
    "talk_to_person": menu.talk_to_person,
    "feedback": menu.feedback,
    "nearest_centre": centres.nearest_centre,
    "centre_info": centres.centre_info,
    "centre_services": centres.centre_services,
    "required_documents": services.required_documents,
    "find_service": services.find_service,
    "service_days": days.service_days,
}

__all__ = ["ANSWERS"]
