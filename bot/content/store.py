"""Write a checked content bundle into the database, all or nothing.

`load_bundle(session, bundle)` replaces every content table's rows in the session's
transaction; the caller commits. Conversations and feedback are never touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..models import (
    CONTENT_TABLES,
    Centre,
    CentreService,
    ContentMeta,
    HelpLine,
    Place,
    Provider,
    Province,
    RequiredDocument,
    Service,
    ServiceDay,
    ServiceVariant,
    Vocabulary,
)
from .bundle import Bundle
from .kinds import Record


class ContentProblems(Exception):
    """The bundle has problems; nothing was loaded."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("%d problem(s) in the content" % len(problems))
        self.problems = problems


def load_bundle(session: Session, bundle: Bundle) -> dict[str, int]:
    """Replace all content with bundle's; return row counts per kind. Raises ContentProblems."""
    if bundle.problems:
        raise ContentProblems(bundle.problems)
    for table in CONTENT_TABLES:
        session.execute(delete(table))
    session.execute(insert(Province), [{"code": r["code"], "name": r["name"]} for r in bundle.provinces])
    provider_ids = _insert_ids(
        session,
        Provider,
        [
            {
                "slug": r["slug"],
                "name": r["name"],
                "full_name": r["full_name"],
                "help_line": r["help_line"],
                "website": r["website"],
                "source": r["source"],
            }
            for r in bundle.providers
        ],
    )
    service_ids: dict[str, int] = {}
    for r in bundle.services:
        service = Service(
            slug=r["slug"],
            provider_id=provider_ids[r["provider"]],
            name=r["name"],
            description=r["description"],
            eligibility=r["eligibility"],
            fees=r["fees"],
            steps=r["steps"],
            verified=r["verified"],
            source=r["source"],
            checked=r["checked"],
        )
        session.add(service)
        session.flush()
        service_ids[r["slug"]] = service.id
        _add_documents(session, service.id, None, r["documents"])
        for position, v in enumerate(r["variants"]):
            variant = ServiceVariant(
                service_id=service.id, slug=v["slug"], position=position, name=v["name"], fees=v["fees"]
            )
            session.add(variant)
            session.flush()
            _add_documents(session, service.id, variant.id, v["documents"])
    centre_ids = _insert_ids(session, Centre, [_centre_row(r) for r in bundle.centres])
    offered = [
        {
            "centre_id": centre_ids[c["slug"]],
            "service_id": service_ids[s["service"]],
            "mode": s["mode"],
            "verified": s["verified"],
            "source": s["source"],
        }
        for c in bundle.centres
        for s in c["services"]
    ]
    if offered:
        session.execute(insert(CentreService), offered)
    days = [
        {
            "centre_id": centre_ids[d["centre"]],
            "provider_id": provider_ids[d["provider"]],
            "service_id": service_ids.get(d["service"]),
            "repeat": d["repeat"],
            "dates": [x.isoformat() for x in d["dates"]],
            "starts": d["starts"],
            "ends": d["ends"],
            "exceptions": [x.isoformat() for x in d["except"]],
            "time": d["time"],
            "sample": d["sample"],
            "source": d["source"],
        }
        for d in bundle.service_days
    ]
    if days:
        session.execute(insert(ServiceDay), days)
    places = [
        {
            "name": r["name"],
            "aliases": r["aliases"],
            "province_code": r["province"],
            "latitude": r["lat"],
            "longitude": r["lon"],
            "population": r["population"],
            "source": r["source"],
        }
        for r in bundle.places
    ]
    if places:
        session.execute(insert(Place), places)
    if bundle.help_lines:
        session.execute(
            insert(HelpLine),
            [
                {
                    "slug": r["slug"],
                    "position": position,
                    "name": r["name"],
                    "number": r["number"],
                    "topics": r["topics"],
                    "source": r["source"],
                    "checked": r["checked"],
                }
                for position, r in enumerate(bundle.help_lines)
            ],
        )
    vocabularies = [{"language": v["language"], "words": v["words"]} for v in bundle.vocabularies]
    if vocabularies:
        session.execute(insert(Vocabulary), vocabularies)
    _set_meta(session, "content_version", bundle.version)
    _set_meta(session, "loaded_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    return {
        "provinces": len(bundle.provinces),
        "providers": len(bundle.providers),
        "services": len(bundle.services),
        "centres": len(bundle.centres),
        "centre services": len(offered),
        "service days": len(days),
        "places": len(places),
        "help lines": len(bundle.help_lines),
        "vocabularies": len(vocabularies),
    }


def _insert_ids(session: Session, model: type[Provider | Centre], rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    if rows:
        session.execute(insert(model), rows)
    return dict(session.execute(select(model.slug, model.id)).all())


def _add_documents(session: Session, service_id: int, variant_id: int | None, documents: Sequence[Record]) -> None:
    for position, doc in enumerate(documents):
        session.add(
            RequiredDocument(
                service_id=service_id, variant_id=variant_id, position=position, text=doc["text"], note=doc["note"]
            )
        )


def _centre_row(r: Record) -> dict[str, Any]:
    return {
        "slug": r["slug"],
        "name": r["name"],
        "aliases": r["aliases"],
        "town": r["town"],
        "local_municipality": r["local_municipality"],
        "district": r["district"],
        "province_code": r["province"],
        "address": r["address"],
        "phones": r["phones"],
        "hours": r["hours"]["days"],
        "hours_verified": r["hours"]["verified"],
        "hours_source": r["hours"]["source"],
        "latitude": r["location"]["lat"],
        "longitude": r["location"]["lon"],
        "precision": r["location"]["precision"],
        "location_source": r["location"]["source"],
        "source": r["source"],
        "notes": r["notes"],
        "status": (r["status"] or {}).get("state"),
        "status_year": (r["status"] or {}).get("year"),
        "status_source": (r["status"] or {}).get("source"),
    }


def _set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(ContentMeta, key)
    if row is None:
        session.add(ContentMeta(key=key, value=value))
    else:
        row.value = value


def loaded_version(session: Session) -> str | None:
    """The content_version of what the database holds, or None when nothing is loaded."""
    row = session.get(ContentMeta, "content_version")
    return row.value if row else None
