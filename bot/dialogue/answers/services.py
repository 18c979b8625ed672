"""Answers about services: the documents to bring, and which centres offer a service."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from ...content.snapshot import CentreInfo, Document, Offered, ProviderInfo
from ...geo import distance_km
from .base import Answer, Turn, action, lookup
from .centres import centre_line, provinces_options, where_from
from .facts import centre_name, checked_line
from .places import question

CENTRES_SHOWN = 3


def _document_lines(turn: Turn, documents: Iterable[Document]) -> list[str]:
    """A checklist: "- " before each item, since numbers are for choices only (a "1" typed
    after a checklist picks the first option, not the first document)."""
    lines = []
    for doc in documents:
        line = "- %s" % turn.name(doc.text)
        if doc.note:
            line += " (" + turn.name(doc.note) + ")"
        lines.append(line)
    return lines


def _service_choice(turn: Turn, intent: str, question: str) -> Answer:
    options = [(turn.name(s.name), action(intent, service=slug)) for slug, s in turn.content.services.items()]
    return Answer(intent, [question], options=options, pending=action(intent))


def required_documents(turn: Turn, entities: dict[str, Any]) -> Answer:
    """Fees, the ordered checklist, who qualifies, the help line and when this was checked."""
    _ = turn._
    content = turn.content
    service = lookup(content.services, entities.get("service"))
    if service is None:
        return _service_choice(turn, "required_documents", _("Which service do you need documents for?"))
    provider = content.providers[service.provider]
    heading = _("%(service)s (%(provider)s)") % {
        "service": turn.name(service.name),
        "provider": turn.name(provider.name),
    }
    # The fee comes first, then the checklist, then the longer texts: on SMS every page costs,
    # and a Sepedi or Tshivenda page holds 201 characters.
    if service.fees:
        heading += "\n" + _("Fees: %(fees)s") % {"fees": turn.name(service.fees)}
    blocks = [heading]
    common = _document_lines(turn, service.documents)
    if common:
        blocks.append(_("Bring:") + "\n" + "\n".join(common))
    for variant in service.variants:
        lines = _document_lines(turn, variant.documents)
        if variant.fees and not service.fees:
            lines.append(_("Fee: %(fees)s") % {"fees": turn.name(variant.fees)})
        heading = turn.name(variant.name)
        if variant.verified is False:  # said where it matters, in a few words
            heading += " (%s)" % _("not confirmed: ask the office")
        if lines:  # never a heading with nothing under it (validation also refuses such a variant)
            blocks.append(heading + ":\n" + "\n".join(lines))
    facts = []
    if service.eligibility:
        facts.append(_("Who can apply: %(who)s") % {"who": turn.name(service.eligibility)})
    if service.steps:
        facts.append(turn.name(service.steps))
    if facts:
        blocks.append("\n".join(facts))
    if provider.help_line:
        blocks.append(
            _("%(provider)s help line: %(phone)s") % {"provider": turn.name(provider.name), "phone": provider.help_line}
        )
    checked = checked_line(turn, service.checked)
    if not service.verified:
        checked += " " + _(
            "Some of these facts are not confirmed: please check with the help line or the office before you travel."
        )
    blocks.append(checked)
    return Answer(
        "required_documents",
        blocks,
        entities={"service": service.slug, "provider": service.provider},
        options=[
            (_("Where to get this service"), action("find_service", service=service.slug)),
            (_("Documents for another service"), action("required_documents")),
            (_("Nearest centre"), action("nearest_centre")),
        ],
    )


def _offering(turn: Turn, service_slug: str | None, provider_slug: str | None) -> list[tuple[CentreInfo, Offered]]:
    """Centres that offer the service (or any service of the provider), with the offer."""
    content = turn.content
    found = []
    for centre in content.centres.values():
        for offered in centre.services:
            if offered.service == service_slug or (
                service_slug is None and content.services[offered.service].provider == provider_slug
            ):
                found.append((centre, offered))
                break
    return found


def _offered_count(turn: Turn, what: str, offering: Sequence[tuple[CentreInfo, Offered]]) -> str:
    """How many centres offer a service, counting only confirmed offers at centres believed open as
    confirmed, and saying how many more list it without confirmation."""
    confirmed = sum(1 for centre, offered in offering if offered.verified and not centre.status)
    unconfirmed = len(offering) - confirmed
    ngettext = turn.texts.ngettext
    if not confirmed:
        return ngettext(
            "%(service)s is listed at %(count)d centre, but this is not confirmed.",
            "%(service)s is listed at %(count)d centres, but none of them is confirmed.",
            unconfirmed,
        ) % {"service": what, "count": unconfirmed}
    text = ngettext(
        "%(service)s is confirmed at %(count)d centre.", "%(service)s is confirmed at %(count)d centres.", confirmed
    ) % {"service": what, "count": confirmed}
    if unconfirmed:
        text += " " + ngettext(
            "%(count)d more centre lists it, not confirmed.",
            "%(count)d more centres list it, not confirmed.",
            unconfirmed,
        ) % {"count": unconfirmed}
    return text


def find_service(turn: Turn, entities: dict[str, Any]) -> Answer:
    """Which centres offer a service: at a named centre, nearest to the person, or all if few."""
    _ = turn._
    content = turn.content
    service = lookup(content.services, entities.get("service"))
    provider = lookup(content.providers, entities.get("provider") or (service.provider if service else None))
    if service is None and provider is None:
        return _service_choice(turn, "find_service", _("Which service are you looking for?"))
    # Without a service there is a provider (both missing returned above).
    what = turn.name(service.name) if service else turn.name(cast(ProviderInfo, provider).name)
    result = {"service": service.slug} if service else {}
    if provider:
        result["provider"] = provider.slug
    offering = _offering(turn, service.slug if service else None, provider.slug if provider else None)
    centre = lookup(content.centres, entities.get("centre"))
    blocks = [turn.name(service.description)] if service and not centre else []
    named: list[tuple[str, dict[str, Any]]] = []  # the centre asked about, first when it offers the service
    if centre:
        result["centre"] = centre.slug
        text, named = _at_centre(turn, what, centre, offering)
        blocks.append(text)
        offering = [(c, o) for c, o in offering if c.slug != centre.slug]
    if entities.get("province") in content.provinces:
        offering = [(c, o) for c, o in offering if c.province == entities["province"]]
    asked = question(turn, "find_service", entities)
    if asked:
        return asked
    here = where_from(turn, entities)
    documents = [(_("Documents you need"), action("required_documents", service=service.slug))] if service else []
    if here is None and entities.get("unknown_place") and not entities.get("province"):
        blocks.append(_('I do not know the place "%(place)s".') % {"place": entities["unknown_place"][:40]})
        blocks.append(_("Choose your province:"))
        return _where_are_you(turn, blocks, result)
    if not offering and not centre:
        blocks.append(_("No centre lists %(service)s yet.") % {"service": what})
    elif here is None and len(offering) > CENTRES_SHOWN and not centre and not entities.get("province"):
        blocks.append(_offered_count(turn, what, offering) + " " + _("Which town or village are you in?"))
        return _where_are_you(turn, blocks, result)
    elif offering:
        shown, listed = _listed(turn, what, offering, here)
        result.setdefault("centre", shown[0][0].slug)
        options = named + [(turn.name(c.name), action("centre_info", centre=c.slug)) for c, _o in shown]
        return Answer("find_service", blocks + listed, entities=result, options=options + documents)
    return Answer("find_service", blocks, entities=result, options=named + documents)


def _at_centre(
    turn: Turn, what: str, centre: CentreInfo, offering: Sequence[tuple[CentreInfo, Offered]]
) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """Whether centre offers the service (how, and whether that is confirmed), and the option
    to see the centre when it does."""
    _ = turn._
    at_centre = [o for c, o in offering if c.slug == centre.slug]
    if not at_centre:
        return _("%(centre)s does not list %(service)s.") % {"service": what, "centre": centre_name(turn, centre)}, []
    text = _("Yes: %(service)s is offered at %(centre)s.") % {"service": what, "centre": centre_name(turn, centre)}
    if at_centre[0].mode == "visiting":
        text += " " + _("It is offered on service days, when the department visits.")
    if not at_centre[0].verified:
        text += " " + _("This is not confirmed for this centre: please check before you travel.")
    return text, [(turn.name(centre.name), action("centre_info", centre=centre.slug))]


def _where_are_you(turn: Turn, blocks: list[str], result: dict[str, Any]) -> Answer:
    """Ask where the person is (the provinces as options), keeping the request pending."""
    return Answer(
        "find_service",
        blocks,
        entities=result,
        pending=action("find_service", **result),
        options=provinces_options(turn, "find_service", result),
    )


def _listed(
    turn: Turn, what: str, offering: Sequence[tuple[CentreInfo, Offered]], here: tuple[str, float, float] | None
) -> tuple[list[tuple[CentreInfo, Offered]], list[str]]:
    """The first CENTRES_SHOWN centres offering the service (nearest to here first, else by
    name) and the blocks that list them, unconfirmed ones marked."""
    _ = turn._
    if here is not None:
        label, lat, lon = here
        ranked = sorted(offering, key=lambda co: distance_km(lat, lon, co[0].latitude, co[0].longitude))
        heading = _("Centres with %(service)s nearest to %(place)s:") % {"service": what, "place": label}
        kms: list[float | None] = [distance_km(lat, lon, c.latitude, c.longitude) for c, _o in ranked[:CENTRES_SHOWN]]
    else:
        ranked, kms = sorted(offering, key=lambda co: turn.name(co[0].name)), [None] * CENTRES_SHOWN
        heading = _("Centres with %(service)s:") % {"service": what}
    shown = ranked[:CENTRES_SHOWN]
    lines = [
        "%d. %s%s" % (i, centre_line(turn, c, km), "" if o.verified else " *")
        for i, ((c, o), km) in enumerate(zip(shown, kms, strict=False), 1)
    ]
    blocks = [heading, "\n".join(lines)]
    if not all(o.verified for _c, o in shown):
        blocks.append(_("* Not confirmed for this centre: please check with the centre before you travel."))
    return shown, blocks
