"""The in-memory, read-only view of the loaded content that every turn answers from: one
frozen dataclass per content kind, the one schema of the loaded content (bot.content.document
stores it as it is, bot.content.store.SnapshotCache keeps the current one per process).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

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
    verified: bool | None = None  # None: as sure as its service


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
class ClosedCentreInfo:
    """A centre people may ask about that must not be travelled to (content `closed_centres`)."""

    slug: str
    name: Translated
    state: str  # closed | not_found
    year: int | None
    latitude: float
    longitude: float
    aliases: tuple[str, ...] = ()


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
    # The day a centre manager published this schedule (None: from content/, see `sample`).
    confirmed_on: dt.date | None = None
    # Dates the centre cancelled ("Home Affairs will not come on 10 December"; bot.calendar).
    cancelled: tuple[dt.date, ...] = ()
    # When it was published.
    published_at: dt.datetime | None = None


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


@dataclass(frozen=True)
class ReferralInfo:
    """Something the centres do not do (`about`), and who answers it (content/referrals.yaml)."""

    slug: str
    about: Translated
    office: Translated
    number: str | None
    website: str | None
    municipality: bool
    # What people call it, per language (matched as entity `topic`).
    words: dict[str, tuple[str, ...]]
    # A subject questions about services also mention (electricity, school): a service named
    # beside it is what the message is about.
    broad: bool = False
    # The services a message naming it may be about instead ("certified copies of my matric
    # certificate" is about certification).
    gives_way_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoticeInfo:
    """A notice a centre published (bot.console): said to anyone asking about the centre, or
    about its provider when it names one, while its dates are near."""

    centre: str
    provider: str | None
    kind: str  # closure | offline | event | other
    text: Translated
    starts: dt.date
    ends: dt.date
    published_on: dt.date
    published_at: dt.datetime | None = None
    id: str = ""  # its change's target: one per notice, whatever is changed in it


@dataclass
class Content:
    """Everything a turn may need, keyed by slug; `derived` caches indexes built from it.

    `curated` caches what is built from the curated content alone (content/, loaded as the
    version `curated_version`): names, vocabularies, the phrase index, the classifiers. What
    managers publish (bot.content.published: phones, hours, services offered, service days,
    notices) never changes those, so every overlay() of one curated snapshot shares them
    (bot.content.store.SnapshotCache) and a publish trains nothing again.
    """

    version: str | None
    provinces: dict[str, Translated] = field(default_factory=dict)
    # Province code -> language code -> share (%) of its people with that home language.
    home_languages: dict[str, dict[str, float]] = field(default_factory=dict)
    providers: dict[str, ProviderInfo] = field(default_factory=dict)
    services: dict[str, ServiceInfo] = field(default_factory=dict)
    centres: dict[str, CentreInfo] = field(default_factory=dict)
    closed_centres: dict[str, ClosedCentreInfo] = field(default_factory=dict)
    service_days: list[ServiceDayInfo] = field(default_factory=list)
    places: list[PlaceInfo] = field(default_factory=list)
    help_lines: list[HelpLineInfo] = field(default_factory=list)
    referrals: dict[str, ReferralInfo] = field(default_factory=dict)
    notices: list[NoticeInfo] = field(default_factory=list)
    vocabularies: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Not content: the caches, and which content document they are built from, are never compared.
    derived: dict[str, Any] = field(default_factory=dict, compare=False)
    curated_version: str | None = field(default=None, compare=False)
    curated: dict[str, Any] = field(default_factory=dict, compare=False)

    def cached(self, key: str, build: Callable[[Content], _T], curated: bool = False) -> _T:
        """Return derived[key], building it once with build(self); with curated=True, a cache
        that build makes from the curated content alone (never from what managers publish: not
        the centres' phones, hours, services or days), shared by every overlay() of it."""
        store = self.curated if curated else self.derived
        if key not in store:
            store[key] = build(self)
        return cast("_T", store[key])  # what build made for this key

    def overlay(self) -> Content:
        """A snapshot to put managers' published changes in (bot.content.published.apply): its
        centres, notices and service days are its own; everything else, and the curated caches,
        are this one's, shared (a publish reads and trains nothing again)."""
        return replace(
            self,
            centres=dict(self.centres),
            notices=list(self.notices),
            service_days=list(self.service_days),
            derived={},
        )
