"""The in-memory, read-only view of the loaded content that every turn answers from.

Content is read-mostly: `SnapshotCache.get()` returns the current `Content` and rebuilds it
only when the database's content_version changes (checked at most every few seconds), so a
turn does not query the content tables.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..models import (
    Centre,
    CentreService,
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
from .store import loaded_version

if TYPE_CHECKING:
    from ..database import Database

Translated = dict[str, str]
_T = TypeVar("_T")


def pick(text: Translated | None, lang: str) -> str:
    """The text in lang, else English, else empty (never None)."""
    if not text:
        return ""
    return text.get(lang) or text.get("en") or ""


@dataclass(frozen=True)
class ProviderInfo:
    slug: str
    name: Translated
    full_name: Translated | None
    help_line: str | None
    website: str | None


@dataclass(frozen=True)
class Document:
    text: Translated
    note: Translated | None


@dataclass(frozen=True)
class Variant:
    slug: str
    name: Translated
    fees: Translated | None
    documents: tuple[Document, ...]


@dataclass(frozen=True)
class ServiceInfo:
    slug: str
    provider: str
    name: Translated
    description: Translated
    eligibility: Translated | None
    fees: Translated | None
    steps: Translated | None
    documents: tuple[Document, ...]
    variants: tuple[Variant, ...]
    verified: bool
    source: str
    checked: dt.date


@dataclass(frozen=True)
class Offered:
    service: str
    mode: str
    verified: bool


@dataclass(frozen=True)
class CentreInfo:
    slug: str
    name: Translated
    aliases: tuple[str, ...]
    town: str
    municipality: str
    district: str
    province: str
    address: Translated
    phones: tuple[str, ...]
    hours: dict[str, str]
    hours_verified: bool
    latitude: float
    longitude: float
    precision: str
    services: tuple[Offered, ...]
    status: str | None = None  # reported_damaged | under_construction | unverified
    status_year: int | None = None


@dataclass(frozen=True)
class ServiceDayInfo:
    centre: str
    provider: str
    service: str | None
    repeat: dict[str, Any] | None
    dates: tuple[dt.date, ...]
    starts: dt.date | None
    ends: dt.date | None
    exceptions: frozenset[dt.date]
    time: str | None
    sample: bool
    # bot.schedule's dates of this service day, by (day asked from, how many): kept with the
    # snapshot, so they go when a reload replaces it.
    found_dates: dict[tuple[dt.date, int], tuple[dt.date, ...]] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class PlaceInfo:
    name: str
    aliases: tuple[str, ...]
    province: str
    latitude: float
    longitude: float
    population: int | None


@dataclass(frozen=True)
class HelpLineInfo:
    slug: str
    name: Translated
    number: str
    topics: tuple[str, ...]


@dataclass
class Content:
    """Everything a turn may need, keyed by slug; `derived` caches indexes built from it."""

    version: str | None
    provinces: dict[str, Translated] = field(default_factory=dict)
    providers: dict[str, ProviderInfo] = field(default_factory=dict)
    services: dict[str, ServiceInfo] = field(default_factory=dict)
    centres: dict[str, CentreInfo] = field(default_factory=dict)
    service_days: list[ServiceDayInfo] = field(default_factory=list)
    places: list[PlaceInfo] = field(default_factory=list)
    help_lines: list[HelpLineInfo] = field(default_factory=list)
    vocabularies: dict[str, dict[str, Any]] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict)

    def cached(self, key: str, build: Callable[[Content], _T]) -> _T:
        """Return derived[key], building it once with build(self)."""
        if key not in self.derived:
            self.derived[key] = build(self)
        return cast("_T", self.derived[key])  # what build made for this key


def read_content(session: Session) -> Content:
    """Read every content table into a Content snapshot."""
    content = Content(version=loaded_version(session))
    content.provinces = {p.code: p.name for p in session.scalars(select(Province))}
    provider_slugs: dict[int, str] = {}
    for p in session.scalars(select(Provider)):
        provider_slugs[p.id] = p.slug
        content.providers[p.slug] = ProviderInfo(p.slug, p.name, p.full_name, p.help_line, p.website)
    documents: dict[tuple[int, int | None], list[Document]] = {}
    for d in session.scalars(select(RequiredDocument).order_by(RequiredDocument.position)):
        documents.setdefault((d.service_id, d.variant_id), []).append(Document(d.text, d.note))
    variants: dict[int, list[Variant]] = {}
    for v in session.scalars(select(ServiceVariant).order_by(ServiceVariant.position)):
        variants.setdefault(v.service_id, []).append(
            Variant(v.slug, v.name, v.fees, tuple(documents.get((v.service_id, v.id), ())))
        )
    service_slugs: dict[int, str] = {}
    for s in session.scalars(select(Service).order_by(Service.id)):
        service_slugs[s.id] = s.slug
        content.services[s.slug] = ServiceInfo(
            s.slug,
            provider_slugs[s.provider_id],
            s.name,
            s.description,
            s.eligibility,
            s.fees,
            s.steps,
            tuple(documents.get((s.id, None), ())),
            tuple(variants.get(s.id, ())),
            s.verified,
            s.source,
            s.checked,
        )
    offered: dict[int, list[Offered]] = {}
    for o in session.scalars(select(CentreService).order_by(CentreService.id)):
        offered.setdefault(o.centre_id, []).append(Offered(service_slugs[o.service_id], o.mode, o.verified))
    centre_slugs: dict[int, str] = {}
    for c in session.scalars(select(Centre).order_by(Centre.id)):
        centre_slugs[c.id] = c.slug
        content.centres[c.slug] = CentreInfo(
            c.slug,
            c.name,
            tuple(c.aliases),
            c.town,
            c.local_municipality,
            c.district,
            c.province_code,
            c.address,
            tuple(c.phones),
            dict(c.hours),
            c.hours_verified,
            c.latitude,
            c.longitude,
            c.precision,
            tuple(offered.get(c.id, ())),
            c.status,
            c.status_year,
        )
    for day in session.scalars(select(ServiceDay).order_by(ServiceDay.id)):
        content.service_days.append(
            ServiceDayInfo(
                centre_slugs[day.centre_id],
                provider_slugs[day.provider_id],
                None if day.service_id is None else service_slugs.get(day.service_id),
                day.repeat,
                tuple(dt.date.fromisoformat(x) for x in day.dates),
                day.starts,
                day.ends,
                frozenset(dt.date.fromisoformat(x) for x in day.exceptions),
                day.time,
                day.sample,
            )
        )
    for place in session.scalars(select(Place).order_by(Place.id)):
        content.places.append(
            PlaceInfo(
                place.name, tuple(place.aliases), place.province_code, place.latitude, place.longitude, place.population
            )
        )
    content.help_lines = [
        HelpLineInfo(h.slug, h.name, h.number, tuple(h.topics))
        for h in session.scalars(select(HelpLine).order_by(HelpLine.position))
    ]
    content.vocabularies = {v.language: v.words for v in session.scalars(select(Vocabulary))}
    return content


class SnapshotCache:
    """Holds the current Content for one process; thread-safe."""

    def __init__(self, database: Database, check_seconds: float = 10.0) -> None:
        self.database = database
        self.check_seconds = check_seconds
        self._content: Content | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def get(self) -> Content:
        """The current snapshot, re-read when the loaded content_version has changed."""
        now = time.monotonic()
        if self._content is not None and now - self._checked_at < self.check_seconds:
            return self._content
        with self._lock:
            if self._content is not None and now - self._checked_at < self.check_seconds:
                return self._content
            try:
                with self.database.session() as session:
                    version = loaded_version(session)
                    if self._content is None or version != self._content.version:
                        self._content = read_content(session)
            except SQLAlchemyError:
                if self._content is None:
                    raise
                # The database is down: keep answering from what was loaded.
            self._checked_at = time.monotonic()
            return self._content

    def last(self) -> Content | None:
        """The snapshot held now, without asking the database (None before the first load)."""
        return self._content
