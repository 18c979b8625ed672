"""One module per group of intents; ANSWERS maps each action to its answer function.

An action is a public intent, or thanks, out_of_scope or danger (answered under help, unknown
and talk_to_person: see bot.understanding.intents), or media (a picture or voice note without
text, answered under unknown), or stop (STOP and its equivalents, answered under help).

An answer function takes (turn, entities) and returns an Answer. When an entity it needs is
missing it asks for it and sets `pending`, so the next message can complete the request.
"""

from . import centres, days, menu, services

ANSWERS = {
    "help": menu.main_menu,
    "thanks": menu.thanks,
    "unknown": menu.not_understood,
    "out_of_scope": menu.out_of_scope,
    "danger": menu.danger,
    "media": menu.media,
    "stop": menu.stop,
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
