"""Content tables, modelled on Open Referral HSDS where it fits: organisation -> provider,
service, location -> centre, service_at_location -> centre_service, schedule -> service_day.

Citizen-facing text is a JSON mapping of language code to text ("Translated"), English required.
These rows are written only by the content loader (bot.content.store), all at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from . import Base

Translated = dict[str, str]


class Province(Base):
    __tablename__ = "provinces"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[Translated] = mapped_column(JSON)


class Provider(Base):
    __tablename__ = "providers"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[Translated] = mapped_column(JSON)
    full_name: Mapped[Translated | None] = mapped_column(JSON)
    help_line: Mapped[str | None] = mapped_column(String(64))
    website: Mapped[str | None] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(Text)


class Service(Base):
    __tablename__ = "services"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    name: Mapped[Translated] = mapped_column(JSON)
    description: Mapped[Translated] = mapped_column(JSON)
    eligibility: Mapped[Translated | None] = mapped_column(JSON)
    fees: Mapped[Translated | None] = mapped_column(JSON)
    steps: Mapped[Translated | None] = mapped_column(JSON)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(Text)
    checked: Mapped[dt.date] = mapped_column(Date)


class ServiceVariant(Base):
    """A variant of a service with its own fees and extra documents (first issue, re-issue)."""

    __tablename__ = "service_variants"
    __table_args__ = (UniqueConstraint("service_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[Translated] = mapped_column(JSON)
    fees: Mapped[Translated | None] = mapped_column(JSON)


class RequiredDocument(Base):
    """One line of a service's ordered checklist; variant_id set when only one variant needs it."""

    __tablename__ = "required_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("service_variants.id"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[Translated] = mapped_column(JSON)
    note: Mapped[Translated | None] = mapped_column(JSON)


class Centre(Base):
    __tablename__ = "centres"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[Translated] = mapped_column(JSON)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    town: Mapped[str] = mapped_column(String(128))
    local_municipality: Mapped[str] = mapped_column(String(128))
    district: Mapped[str] = mapped_column(String(128))
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    address: Mapped[Translated] = mapped_column(JSON)
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    # {"mon": "07:30-16:00", ..., "sun": "closed"}
    hours: Mapped[dict[str, str]] = mapped_column(JSON)
    hours_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    hours_source: Mapped[str] = mapped_column(Text)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(16))  # town | estimate | surveyed
    location_source: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    # What is uncertain about the centre (reported_damaged | under_construction | unverified), the
    # year of the report and its source; NULL when the centre is believed open.
    status: Mapped[str | None] = mapped_column(String(32))
    status_year: Mapped[int | None] = mapped_column(Integer)
    status_source: Mapped[str | None] = mapped_column(Text)


class CentreService(Base):
    """A service offered at a centre, at a permanent desk or by a visiting provider."""

    __tablename__ = "centre_services"
    __table_args__ = (UniqueConstraint("centre_id", "service_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    mode: Mapped[str] = mapped_column(String(16))  # permanent | visiting
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(Text)


class ServiceDay(Base):
    """A provider (or one service) visiting a centre: a repeat rule or explicit dates."""

    __tablename__ = "service_days"
    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    # {"every": "week"|"month", "weekday": "tuesday", "position": 2, "interval": 1}
    repeat: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    starts: Mapped[dt.date | None] = mapped_column(Date)
    ends: Mapped[dt.date | None] = mapped_column(Date)
    exceptions: Mapped[list[str]] = mapped_column(JSON, default=list)
    time: Mapped[str | None] = mapped_column(String(16))
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(Text)


class Place(Base):
    """A gazetteer entry: a named place with a position."""

    __tablename__ = "places"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)


class HelpLine(Base):
    """A help line for a person in danger (police, gender-based violence, children, suicide)."""

    __tablename__ = "help_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[Translated] = mapped_column(JSON)
    number: Mapped[str] = mapped_column(String(64))
    topics: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)
    checked: Mapped[dt.date] = mapped_column(Date)


class Vocabulary(Base):
    """The curated words of one language: {"intents": {...}, "services": {...}, ...}."""

    __tablename__ = "vocabularies"
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    words: Mapped[dict[str, Any]] = mapped_column(JSON)


class ContentMeta(Base):
    """Key/value facts about the loaded content, e.g. content_version."""

    __tablename__ = "content_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
