"""Answers about services: the documents to bring, and which centres offer a service."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from ...content.snapshot import CentreInfo, Document, Offered, ProviderInfo, ServiceInfo
from ...geo import distance_km
from .base import Answer, Turn, action, lookup
from .centres import centre_choice, provinces_options, where_from
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
    """What to bring for one service, written for the question: the variant asked about (a lost
    card, a child's passport; else the service's first), its fee and checklist, and one short
    line on when this was checked. The other variants, and who can apply, the steps and the help
    line (`part: about`), are numbered follow-ups, never more pages of the same answer."""
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
    variant = next((v for v in service.variants if v.slug == entities.get("variant")), None)
    if variant is None and service.variants:
        variant = service.variants[0]
    result = {"service": service.slug, "provider": service.provider}
    others = [
        (turn.name(v.name), action("required_documents", service=service.slug, variant=v.slug))
        for v in service.variants
        if v is not variant
    ]
    about = (_("Who can apply, steps, help line"), action("required_documents", service=service.slug, part="about"))
    further = [(_("Where to get this service"), action("find_service", service=service.slug))]
    if entities.get("part") == "about":
        return Answer("required_documents", [heading, *_about(turn, service, provider)], result, others + further)
    lines = [heading]
    if variant is not None:
        result["variant"] = variant.slug
        name = turn.name(variant.name)
        if variant.verified is False:  # said where it matters, in a few words
            name += " (%s)" % _("not confirmed: ask the office")
        lines.append(name)
    if variant is not None and variant.fees:
        lines.append(_("Fee: %(fees)s") % {"fees": turn.name(variant.fees)})
    elif service.fees:
        lines.append(_("Fees: %(fees)s") % {"fees": turn.name(service.fees)})
    checklist = _document_lines(turn, service.documents + (variant.documents if variant is not None else ()))
    blocks = ["\n".join(lines), _("Bring:") + "\n" + "\n".join(checklist)]
    checked = checked_line(turn, service.checked)
    if not service.verified:
        checked += " " + _("Not all confirmed: ask the office before you travel.")
    blocks.append(checked)
    return Answer("required_documents", blocks, result, others + [about] + further)


def _about(turn: Turn, service: ServiceInfo, provider: ProviderInfo) -> list[str]:
    """Who can apply, the steps, the help line and when this was checked, in full."""
    _ = turn._
    facts = []
    if service.eligibility:
        facts.append(_("Who can apply: %(who)s") % {"who": turn.name(service.eligibility)})
    if service.steps:
        facts.append(turn.name(service.steps))
    if provider.help_line:
        facts.append(
            _("%(provider)s help line: %(phone)s") % {"provider": turn.name(provider.name), "phone": provider.help_line}
        )
    checked = checked_line(turn, service.checked)
    if not service.verified:
        checked += " " + _(
            "Some of these facts are not confirmed: please check with the help line or the office before you travel."
        )
    return ["\n".join(facts), checked] if facts else [checked]


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
    described = [turn.name(service.description)] if service and not centre else []
    blocks: list[str] = []
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
        return _where_are_you(turn, described + blocks, result)
    if not offering and not centre:
        blocks.append(_("No centre lists %(service)s yet.") % {"service": what})
    elif here is None and len(offering) > CENTRES_SHOWN and not centre and not entities.get("province"):
        blocks.append(_offered_count(turn, what, offering) + " " + _("Which town or village are you in?"))
        return _where_are_you(turn, described + blocks, result)
    elif offering:
        # The centres are the choices (as nearest_centre's): not a final answer, so USSD keeps the
        # session open for them; its small screens go straight to them, without the description.
        options, listed = _listed(turn, what, offering, here)
        result.setdefault("centre", options[0][1]["entities"]["centre"])
        return Answer(
            "find_service",
            described + blocks + listed,
            entities=result,
            options=named + options + documents,
            brief="\n".join(blocks + listed),
            final=False,
        )
    return Answer("find_service", described + blocks, entities=result, options=named + documents)


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
) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """The first CENTRES_SHOWN centres offering the service (nearest to here first, else by
    name) as choices, unconfirmed ones marked, and the blocks said above them (each centre is
    listed once: as its choice)."""
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
    choices = [
        (centre_choice(turn, c, km) + ("" if o.verified else " *"), action("centre_info", centre=c.slug))
        for (c, o), km in zip(shown, kms, strict=False)
    ]
    if not all(o.verified for _c, o in shown):
        heading += "\n" + _("* Not confirmed for this centre: please check with the centre before you travel.")
    return choices, [heading]
