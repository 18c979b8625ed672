"""The loaded content as one validated, versioned document.

`from_bundle(bundle)` turns a checked bundle's records (the content files' shape, see
bot.content.kinds) into a `Content` snapshot (bot.content.snapshot: one dataclass per kind, the
one schema the bot answers from). `dump(content)` writes it as JSON and `load(text)` reads it
back; cattrs converts both ways from those dataclasses' own field types (dates, tuples,
frozensets), so a new field or a new kind needs no table and no migration. `SCHEMA` numbers
the document's shape: a stored document of another shape is refused (load the content again).
"""

from __future__ import annotations

import datetime as dt

from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter

from .bundle import Bundle
from .kinds import Record
from .snapshot import (
    CentreInfo,
    ClosedCentreInfo,
    Content,
    Document,
    HelpLineInfo,
    Offered,
    PlaceInfo,
    ProviderInfo,
    ReferralInfo,
    ServiceDayInfo,
    ServiceInfo,
    Variant,
)

SCHEMA = 1
_JSON = make_converter()
_JSON.register_unstructure_hook(dt.date, dt.date.isoformat)
_JSON.register_structure_hook(dt.date, lambda value, _type: dt.date.fromisoformat(value))
# Caches built while answering are not content: not stored, and empty when read.
_OMIT = override(omit=True)
_JSON.register_unstructure_hook(
    Content, make_dict_unstructure_fn(Content, _JSON, derived=_OMIT, curated=_OMIT, curated_version=_OMIT)
)
_JSON.register_structure_hook(
    Content, make_dict_structure_fn(Content, _JSON, derived=_OMIT, curated=_OMIT, curated_version=_OMIT)
)


class StaleDocument(Exception):
    """The stored document has another shape than this release reads: load the content again."""


def dump(content: Content) -> str:
    """content as JSON text."""
    return _JSON.dumps(content, ensure_ascii=False)


def load(text: str, schema: int) -> Content:
    """The Content a stored document of shape schema holds."""
    if schema != SCHEMA:
        raise StaleDocument("the loaded content has shape %d, this release reads %d" % (schema, SCHEMA))
    return _JSON.loads(text, Content)


def from_bundle(bundle: Bundle) -> Content:
    """The snapshot of a checked bundle (records in the order of the content files)."""
    return Content(
        version=bundle.version,
        provinces={r["code"]: r["name"] for r in bundle.provinces},
        home_languages={r["code"]: r["home_languages"] for r in bundle.provinces if r["home_languages"]},
        providers={r["slug"]: _provider(r) for r in bundle.providers},
        services={r["slug"]: _service(r) for r in bundle.services},
        centres={r["slug"]: _centre(r) for r in bundle.centres},
        closed_centres={r["slug"]: _closed_centre(r) for r in bundle.closed_centres},
        service_days=[_service_day(r) for r in bundle.service_days],
        places=[_place(r) for r in bundle.places],
        help_lines=[HelpLineInfo(r["slug"], r["name"], r["number"], tuple(r["topics"])) for r in bundle.help_lines],
        referrals={r["slug"]: _referral(r) for r in bundle.referrals},
        vocabularies={v["language"]: v["words"] for v in bundle.vocabularies},
    )


def _referral(r: Record) -> ReferralInfo:
    words = {lang: tuple(phrases) for lang, phrases in r["words"].items()}
    return ReferralInfo(
        r["slug"],
        r["about"],
        r["office"],
        r["number"],
        r["website"],
        r["municipality"],
        words,
        r["broad"],
        tuple(r["gives_way_to"]),
    )


def _provider(r: Record) -> ProviderInfo:
    return ProviderInfo(r["slug"], r["name"], r["full_name"], r["help_line"], r["website"])


def _documents(records: list[Record]) -> tuple[Document, ...]:
    return tuple(Document(d["text"], d["note"]) for d in records)


def _service(r: Record) -> ServiceInfo:
    variants = tuple(
        Variant(v["slug"], v["name"], v["fees"], _documents(v["documents"]), v["verified"]) for v in r["variants"]
    )
    return ServiceInfo(
        r["slug"],
        r["provider"],
        r["name"],
        r["description"],
        r["eligibility"],
        r["fees"],
        r["steps"],
        _documents(r["documents"]),
        variants,
        r["verified"],
        r["source"],
        r["checked"],
    )


def _centre(r: Record) -> CentreInfo:
    status = r["status"] or {}
    return CentreInfo(
        slug=r["slug"],
        name=r["name"],
        aliases=tuple(r["aliases"]),
        town=r["town"],
        municipality=r["local_municipality"],
        district=r["district"],
        province=r["province"],
        address=r["address"],
        phones=tuple(r["phones"]),
        hours=dict(r["hours"]["days"]),
        hours_verified=r["hours"]["verified"],
        latitude=r["location"]["lat"],
        longitude=r["location"]["lon"],
        precision=r["location"]["precision"],
        services=tuple(Offered(s["service"], s["mode"], s["verified"]) for s in r["services"]),
        status=status.get("state"),
        status_year=status.get("year"),
    )


def _closed_centre(r: Record) -> ClosedCentreInfo:
    where = r["location"]
    return ClosedCentreInfo(
        r["slug"], r["name"], r["status"]["state"], r["status"]["year"], where["lat"], where["lon"], tuple(r["aliases"])
    )


def _service_day(r: Record) -> ServiceDayInfo:
    return ServiceDayInfo(
        centre=r["centre"],
        provider=r["provider"],
        service=r["service"],
        repeat=r["repeat"],
        dates=tuple(r["dates"]),
        starts=r["starts"],
        ends=r["ends"],
        exceptions=frozenset(r["except"]),
        time=r["time"],
        sample=r["sample"],
    )


def _place(r: Record) -> PlaceInfo:
    return PlaceInfo(r["name"], tuple(r["aliases"]), r["province"], r["lat"], r["lon"], r["population"])
