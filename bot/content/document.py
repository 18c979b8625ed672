"""The loaded content as one validated, versioned document.

`from_bundle(bundle)` turns a checked bundle's records (the content files' shape, see
bot.content.kinds) into a `Content` snapshot (bot.content.snapshot: one dataclass per kind, the
one schema the bot answers from). `dump(content)` writes it as JSON and `load(text)` reads it
back; cattrs converts both ways from those dataclasses' own field types (dates, tuples,
frozensets), so a new field or a new kind needs no table and no migration. `SCHEMA` numbers
the document's shape: a stored document of another shape is refused (load the content again).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from collections.abc import Callable
from typing import Any

from cattrs import Converter
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter

from .bundle import Bundle
from .kinds import KINDS, Kind, Record
from .snapshot import (
    CentreInfo,
    ClosedCentreInfo,
    Content,
    Document,
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
    """The snapshot of a checked bundle (records in the order of the content files): each kind's
    records made by its own conversion below, or else by its Content field's type."""
    fields: dict[str, Any] = {}
    for kind in KINDS:
        records = bundle.records[kind.name]
        fields.update(_CONVERSIONS[kind.name](records) if kind.name in _CONVERSIONS else _by_type(kind, records))
    return Content(
        version=bundle.version,
        vocabularies={v["language"]: v["words"] for v in bundle.vocabularies},
        **fields,
    )


# Built by name: a record's fields of the same names as the dataclass's (lists made tuples).
_RECORDS = Converter()
_RECORDS.register_structure_hook(dt.date, lambda value, _type: value)
_FIELD_TYPES = typing.get_type_hints(Content)


def _by_type(kind: Kind, records: list[Record]) -> dict[str, Any]:
    """{kind.name: its records as the Content field's type}: a dict by the kind's key, or a
    list, of the field's dataclass, each built from the record's fields of the same names."""
    field_type = _FIELD_TYPES[kind.name]
    one = typing.get_args(field_type)[-1]
    names = {f.name for f in dataclasses.fields(one)}

    def made(record: Record) -> Any:
        return _RECORDS.structure({k: v for k, v in record.items() if k in names}, one)

    if typing.get_origin(field_type) is dict:
        return {kind.name: {record[kind.key or ""]: made(record) for record in records}}
    return {kind.name: [made(record) for record in records]}


def _provinces(records: list[Record]) -> dict[str, Any]:
    return {
        "provinces": {r["code"]: r["name"] for r in records},
        "home_languages": {r["code"]: r["home_languages"] for r in records if r["home_languages"]},
    }


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


# The kinds whose snapshot is not their records by name (a new kind needs none: _by_type).
_CONVERSIONS: dict[str, Callable[[list[Record]], dict[str, Any]]] = {
    "provinces": _provinces,
    "providers": lambda records: {"providers": {r["slug"]: _provider(r) for r in records}},
    "services": lambda records: {"services": {r["slug"]: _service(r) for r in records}},
    "centres": lambda records: {"centres": {r["slug"]: _centre(r) for r in records}},
    "closed_centres": lambda records: {"closed_centres": {r["slug"]: _closed_centre(r) for r in records}},
    "service_days": lambda records: {"service_days": [_service_day(r) for r in records]},
    "places": lambda records: {"places": [_place(r) for r in records]},
    "referrals": lambda records: {"referrals": {r["slug"]: _referral(r) for r in records}},
}
