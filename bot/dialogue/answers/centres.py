"""Answers about centres: the nearest ones, one centre's details, and its services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...content.snapshot import CentreInfo, ClosedCentreInfo
from ...geo import centre_index, distance_km
from ...i18n import N_, WEEKDAY_KEYS
from ...text.normalize import normalize
from .base import SAME_PLACE_KM, Answer, Turn, action, centre_of, lookup
from .days import next_days_summary
from .facts import centre_name, centre_state, centre_status, notices
from .places import question

NEAREST_COUNT = 3
# A place this close to a centre has that centre ("SASSA at Zava": the Zava centre); farther than
# that, the answer says there is no centre there. Up to SAME_PLACE_KM away, the nearest centre is
# answered about after saying so ("SASSA at Thembisa": none there, Alexandra is about 18 km);
# farther, the nearest are offered to choose from.
OWN_PLACE_KM = 5.0


def where_from(turn: Turn, entities: dict[str, Any]) -> tuple[str, float, float] | None:
    """(label, lat, lon) of where the person is, from a location, place, centre or memory (not
    when the person has just named a place we do not know: that place beats the one remembered)."""
    content = turn.content
    location = entities.get("location")
    if isinstance(location, dict) and all(isinstance(location.get(k), (int, float)) for k in ("lat", "lon")):
        return turn._("your location"), location["lat"], location["lon"]
    place = entities.get("place")
    if isinstance(place, str) and place.isdigit() and int(place) < len(content.places):
        p = content.places[int(place)]
        return p.name, p.latitude, p.longitude
    centre = lookup(content.centres, entities.get("centre"))
    if centre:
        return centre.town, centre.latitude, centre.longitude
    gone = content.closed_centres.get(entities.get("centre") or "")
    if gone:
        return turn.name(gone.name), gone.latitude, gone.longitude
    w = turn.state.where
    if (
        w
        and not entities.get("unknown_place")
        and isinstance(w.get("name"), str)
        and all(isinstance(w.get(k), (int, float)) for k in ("lat", "lon"))
    ):
        return w["name"], w["lat"], w["lon"]
    return None


def centre_choice(turn: Turn, centre: CentreInfo, km: float | None = None) -> str:
    """A centre as a choice on a list: its name, how far (when known), and its state when it has
    one (what to do about it is said when the centre is chosen, so a choice fits one line of a
    USSD screen)."""
    _ = turn._
    name = turn.name(centre.name)
    if km is not None:
        name += " (%s)" % (_("about %(km)d km") % {"km": round(km)} if km >= 1 else _("less than 1 km"))
    state = centre_state(turn, centre)
    return name + (" - " + state if state else "")


def _ask_where(turn: Turn, intent: str, entities: dict[str, Any], retry: str | None = None) -> Answer:
    _ = turn._
    blocks = []
    if retry:
        blocks.append(_('I do not know the place "%(place)s".') % {"place": retry[:40]})
        blocks.append(_("Choose your province:"))
        return Answer(
            intent, blocks, options=provinces_options(turn, intent, entities), pending=action(intent, **entities)
        )
    blocks.append(_("Which town or village are you in? Type its name, or share your location."))
    # The brief form is for USSD, where no location can be shared.
    return Answer(
        intent,
        blocks,
        options=[(_("Choose my province"), action(intent, pick="province", **entities))],
        pending=action(intent, **entities),
        brief=_("Which town or village are you in? Type its name."),
    )


def provinces_options(turn: Turn, intent: str, entities: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The nine provinces as options, alphabetical by English name."""
    return [
        (turn.name(name), action(intent, province=code, **entities))
        for code, name in sorted(turn.content.provinces.items(), key=lambda p: p[1]["en"])
    ]


def _province_choice(turn: Turn, intent: str, entities: dict[str, Any]) -> Answer:
    """Centres of a province listed by municipality, for those who prefer to choose: nearest
    first when the person's place is known, else by name."""
    _ = turn._
    code = entities["province"]
    centres = [c for c in turn.content.centres.values() if c.province == code]
    here = where_from(turn, {})
    if here is not None:  # nearest first when we know where the person is, else by name
        centres.sort(key=lambda c: distance_km(here[1], here[2], c.latitude, c.longitude))
    else:
        centres.sort(key=lambda c: c.municipality)
    municipalities = list(dict.fromkeys(c.municipality for c in centres))
    rest = {k: v for k, v in entities.items() if k not in ("province", "pick")}
    options = [(m, action(intent, municipality=m, **rest)) for m in municipalities]
    return Answer(
        intent, [_("Choose your municipality:")], options=options, pending=action(intent, province=code, **rest)
    )


# What a centre chosen from the nearest ones is answered with (entity `then`, the question the
# list was asked from: "Which centre?" in the service days offers the nearest): its details
# unless the person was asking for its service days or its services.
THEN = ("centre_info", "service_days", "centre_services")


def nearest_centre(turn: Turn, entities: dict[str, Any]) -> Answer:
    """The nearest centres to where the person is, asking where when we do not know."""
    _ = turn._
    content = turn.content
    then = entities["then"] if entities.get("then") in THEN else THEN[0]
    # what the steps to the list keep: the question it was asked from, and its department
    keep = {"then": then, "provider": entities.get("provider")} if then != THEN[0] else {}
    keep = {k: v for k, v in keep.items() if v}
    if entities.get("pick") == "province":
        return Answer(
            "nearest_centre",
            [_("Choose your province:")],
            options=provinces_options(turn, "nearest_centre", keep),
            pending=action("nearest_centre", **keep),
        )
    if entities.get("municipality"):
        centres = [c for c in content.centres.values() if c.municipality == entities["municipality"]]
        here = (entities["municipality"], centres[0].latitude, centres[0].longitude) if centres else None
    elif "province" in entities and not entities.get("place") and not entities.get("location"):
        return _province_choice(turn, "nearest_centre", entities)
    else:
        asked = question(turn, "nearest_centre", entities)
        if asked:
            return asked
        here = where_from(turn, entities)
    if here is None:
        return _ask_where(turn, "nearest_centre", keep, retry=entities.get("unknown_place"))
    label, lat, lon = here
    if entities.get("place") or entities.get("location"):
        turn.state.where = {"name": label, "lat": lat, "lon": lon}
    found = centre_index(content).nearest(lat, lon, NEAREST_COUNT)
    gone = content.closed_centres.get(entities.get("centre") or "")
    heading = gone_note(turn, gone) if gone else _("Thusong Service Centres nearest to %(place)s:") % {"place": label}
    result = {"centre": found[0][1].slug} if found else {}
    if entities.get("place") is not None:
        result["place"] = label
    # The centres are the choices (numbered once, on every channel); a choice is not a final
    # answer, so USSD keeps the session open for it.
    return Answer(
        "nearest_centre",
        [heading, _("Distances are straight-line estimates. Reply with a number for a centre's details.")],
        entities=result,
        options=[
            (centre_choice(turn, c, km), action(then, centre=c.slug, provider=keep.get("provider"))) for km, c in found
        ],
        brief=heading,
        final=False,
    )


AnswerFunction = Callable[[Turn, dict[str, Any]], Answer]


def at_a_centre(intent: str, answer: AnswerFunction) -> AnswerFunction:
    """answer, for an intent about one centre, when the person names a place instead of a centre:
    the centre of that place when it has one; else it says there is no Thusong centre there, with
    the nearest and their distances, and answers about the nearest when it is near (SAME_PLACE_KM)
    or offers them to choose from (never silently another town's centre)."""

    def at_place(turn: Turn, entities: dict[str, Any]) -> Answer:
        content, _ = turn.content, turn._
        gone = content.closed_centres.get(entities.get("centre") or "")
        if gone:
            found = centre_index(content).nearest(gone.latitude, gone.longitude, NEAREST_COUNT)
            rest = {k: v for k, v in entities.items() if k in ("provider", "service", "day")}
            return _choose_nearest(turn, intent, rest, gone_note(turn, gone), found)
        place = entities.get("place")
        if lookup(content.centres, entities.get("centre")) or not (
            isinstance(place, str) and place.isdigit() and int(place) < len(content.places)
        ):
            return answer(turn, entities)
        where = content.places[int(place)]
        found = centre_index(content).nearest(where.latitude, where.longitude, NEAREST_COUNT)
        own = [c for km, c in found if km <= OWN_PLACE_KM or normalize(where.name) in normalize(c.town).split()]
        if own or not found:
            return answer(turn, {**entities, "centre": own[0].slug} if own else entities)
        rest = {k: v for k, v in entities.items() if k not in ("place", "centre", "place_chosen")}
        note = _("There is no Thusong Service Centre in %(place)s. The nearest:") % {"place": where.name}
        km, nearest = found[0]
        if km <= SAME_PLACE_KM:
            result = answer(turn, {**rest, "centre": nearest.slug})
            result.blocks[:0] = [note, _distances(turn, found)]
            result.brief = "%s %s: %s" % (note, turn.name(nearest.name), result.brief) if result.brief else None
            return result
        chosen = _choose_nearest(turn, intent, rest, note, found)
        chosen.entities["place"] = where.name
        return chosen

    return at_place


def gone_note(turn: Turn, gone: ClosedCentreInfo) -> str:
    """ "X is closed (reported in 2020): do not travel there. The nearest open centres:" """
    texts = {
        "closed": N_("%(centre)s is closed (reported in %(year)d): do not travel there. The nearest open centres:"),
        "not_found": N_("%(centre)s was not found when it was visited: do not travel there. The nearest centres:"),
    }
    return turn._(texts[gone.state]) % {"centre": turn.name(gone.name), "year": gone.year or 0}


def _distances(turn: Turn, found: list[tuple[float, CentreInfo]]) -> str:
    """ "1. Alexandra Thusong Service Centre - about 18 km", a line each."""
    return "\n".join(
        "%d. %s - %s" % (i, turn.name(c.name), turn._("about %(km)d km") % {"km": round(km)})
        for i, (km, c) in enumerate(found, 1)
    )


def _choose_nearest(
    turn: Turn, intent: str, rest: dict[str, Any], note: str, found: list[tuple[float, CentreInfo]]
) -> Answer:
    """note, the nearest centres with their distances, and a choice of them for intent."""
    return Answer(
        intent,
        [note, _distances(turn, found), turn._("Reply with a number to choose a centre.")],
        entities={k: v for k, v in rest.items() if k in ("provider", "service")},
        options=[(turn.name(c.name), action(intent, **rest, centre=c.slug)) for _km, c in found],
        pending=action(intent, **rest),
    )


def _ask_centre(turn: Turn, intent: str, entities: dict[str, Any]) -> Answer:
    _ = turn._
    return Answer(
        intent,
        [_("Which centre? Type its name or the town it is in.")],
        entities={k: v for k, v in entities.items() if k in ("service", "provider")},
        options=[(_("Nearest centre"), action("nearest_centre", then=intent))],
        pending=action(intent, **entities),
    )


def _hours_lines(turn: Turn, centre: CentreInfo) -> list[str]:
    """Opening hours with days of equal hours joined: "Monday - Friday: 07:30-16:00"."""
    _ = turn._
    keys = WEEKDAY_KEYS
    lines, start = [], 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or centre.hours.get(keys[i]) != centre.hours.get(keys[start]):
            days = turn.texts.weekday(keys[start])
            if i - 1 > start:
                joiner = ", " if i - 1 == start + 1 else " - "
                days += joiner + turn.texts.weekday(keys[i - 1])
            value = centre.hours.get(keys[start], "closed")
            lines.append("%s: %s" % (days, _("closed") if value == "closed" else value))
            start = i
    return lines


def centre_info(turn: Turn, entities: dict[str, Any]) -> Answer:
    """Address, phones and opening hours of one centre."""
    _ = turn._
    centre = centre_of(turn, entities)
    if centre is None:
        return _ask_centre(turn, "centre_info", entities)
    province = turn.name(turn.content.provinces.get(centre.province))
    blocks = [
        centre_name(turn, centre),
        *notices(turn, centre),
        _("Address: %(address)s") % {"address": turn.name(centre.address)}
        + "\n"
        + _("Municipality: %(municipality)s, %(district)s, %(province)s")
        % {"municipality": centre.municipality, "district": centre.district, "province": province},
        _("Phone: %(phones)s") % {"phones": ", ".join(centre.phones)}
        if centre.phones
        else _("No phone number is listed for this centre."),
        _("Opening hours:") + "\n" + "\n".join(_hours_lines(turn, centre)),
    ]
    if not centre.hours_verified:
        blocks.append(_("These hours are not confirmed: please check with the centre before you travel."))
    return Answer(
        "centre_info",
        blocks,
        entities={"centre": centre.slug},
        options=[
            (_("Services at this centre"), action("centre_services", centre=centre.slug)),
            (_("Service days"), action("service_days", centre=centre.slug)),
            (_("Nearest centre"), action("nearest_centre")),
        ],
    )


def centre_services(turn: Turn, entities: dict[str, Any]) -> Answer:
    """The services at one centre, by provider, each marked visiting and/or unconfirmed."""
    _ = turn._
    content = turn.content
    centre = centre_of(turn, entities)
    if centre is None:
        return _ask_centre(turn, "centre_services", entities)
    by_provider: dict[str, list[tuple[str, str]]] = {}
    for offered in centre.services:
        service = content.services[offered.service]
        marks = (" (" + _("visiting") + ")" if offered.mode == "visiting" else "") + ("" if offered.verified else " *")
        by_provider.setdefault(service.provider, []).append((turn.name(service.name), marks))
    unconfirmed = any(not offered.verified for offered in centre.services)
    # After the answer: the centre's notices and its next service days (on USSD's small screens
    # the next days are the first option, "Service days", not more screens of this answer).
    said = notices(turn, centre)
    after = said + [summary for summary in [next_days_summary(turn, centre)] if summary]
    brief = None
    if not by_provider:
        blocks = [_("No services are listed yet for %(centre)s.") % {"centre": centre_name(turn, centre)}]
    else:
        lines, departments = [], []
        for slug, offered_here in by_provider.items():
            # Marks every service of a department shares are said once, after the department.
            shared = {marks for _name, marks in offered_here}
            common = shared.pop() if len(shared) == 1 else ""
            names = ", ".join(name + ("" if common else marks) for name, marks in offered_here)
            lines.append("%s%s: %s" % (turn.name(content.providers[slug].name), common, names))
            departments.append(turn.name(content.providers[slug].name) + common)
        status = [centre_name(turn, centre)] if centre_status(turn, centre) else []  # never in a heading
        heading = _("Services at %(centre)s:") % {"centre": turn.name(centre.name)}
        note = (
            [_("* Not confirmed for this centre: please check with the centre before you travel.")]
            if unconfirmed
            else []
        )
        blocks = [*status, heading, "\n".join(lines), *note]
        # USSD's brief form names the departments only: each one's services are on SMS and the web.
        brief = "\n".join([*status, heading, ", ".join(departments), *note, *said])
    return Answer(
        "centre_services",
        blocks + after,
        brief=brief,
        entities={"centre": centre.slug},
        options=[
            (_("Service days"), action("service_days", centre=centre.slug)),
            (_("Contact details and hours"), action("centre_info", centre=centre.slug)),
            (_("Documents you need"), action("required_documents")),
        ],
    )
