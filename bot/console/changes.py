"""Writing what a manager publishes: one PublishedChange per change, written over the version in
force, and how the history says each one.

Optimistic concurrency: each change names the change it replaces (`replaces`, unique per record
with its kind, centre and target). `record(..., version)` writes over the version a form was
opened with, or raises `Stale` when another change came since (the manager is told to reload:
nothing is overwritten unseen). `amend(...)` applies a change to whatever is in force and tries
again when another change wins the race (a cancelled date: two managers cancelling two dates at
once both get theirs).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask import current_app
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..content import published
from ..i18n import WEEKDAY_KEYS
from ..models import PublishedChange
from .texts import _

log = logging.getLogger(__name__)
# Tries of an amendment that lost a race to another change of the same record.
AMEND_TRIES = 8
# The console writes dates and times as South Africa does, in English (CONSOLE_LANGUAGE).
LOCALE = "en_ZA"


class Stale(Exception):
    """The record changed since the version the manager's form was opened with."""


def in_force(slug: str, kind: str, target: str) -> PublishedChange | None:
    """The change in force for a record of a centre, or None."""
    with current_app.extensions["database"].session() as db:
        found = [c for c in published.in_force(db, slug) if c.kind == kind and c.target == target]
    return found[0] if found else None


def version(slug: str, kind: str, target: str) -> int:
    """The id of the change in force for a record (0 when nothing was published for it)."""
    current = in_force(slug, kind, target)
    return current.id if current else 0


def record(slug: str, kind: str, target: str, value: dict[str, Any] | None, note: str, over: int | None = None) -> None:
    """Write one change (who, when, before and after) over the version `over` (the id of the
    change in force when the form was opened), or over whatever is in force now (None). Raises
    Stale when another change came since `over`. Every worker's snapshot takes it up at its next
    check."""
    for _try in range(1 if over is not None else AMEND_TRIES):
        try:
            _write(slug, kind, target, value, note, over)
            break
        except Stale:
            if over is not None:
                raise
    else:
        raise Stale
    log.info("console: %s %s for %s at %s", current_user.email, note, target, slug)


def _write(slug: str, kind: str, target: str, value: dict[str, Any] | None, note: str, over: int | None) -> None:
    database = current_app.extensions["database"]
    try:
        with database.session() as db, db.begin():
            current = [c for c in published.in_force(db, slug) if c.kind == kind and c.target == target]
            replaces = current[0].id if current else 0
            if over is not None and over != replaces:
                raise Stale
            db.add(
                PublishedChange(
                    kind=kind,
                    centre=slug,
                    target=target,
                    value=value,
                    previous=current[0].value if current else None,
                    note=note,
                    user_id=current_user.id,
                    at=dt.datetime.now(dt.UTC),
                    replaces=replaces,
                )
            )
    except IntegrityError:
        raise Stale from None  # another change over the same version was written first


def amend(slug: str, kind: str, target: str, change: Callable[[dict[str, Any]], dict[str, Any]], note: str) -> bool:
    """Write change(value in force) over the value in force, again over a newer one when another
    change wins the race; False when nothing is in force."""
    for _try in range(AMEND_TRIES):
        current = in_force(slug, kind, target)
        if current is None or current.value is None:
            return False
        try:
            record(slug, kind, target, change(dict(current.value)), note, over=current.id)
            return True
        except Stale:
            continue
    raise Stale


def when(moment: dt.datetime) -> str:
    """A time of the history in South African time, in words: "7 December 2026 at 14:05"."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return format_datetime(aware.astimezone(zone), "d MMMM y 'at' HH:mm", locale=LOCALE)


def day(date: dt.date | str) -> str:
    """A date in words: "Wednesday, 16 December 2026"."""
    return format_date(dt.date.fromisoformat(date) if isinstance(date, str) else date, "full", locale=LOCALE)


def describe_facts(value: dict[str, Any]) -> str:
    """A centre's published phones, hours and address in words."""
    hours = value.get("hours", {})
    names = dict(zip(WEEKDAY_KEYS, _weekday_names(), strict=True))
    parts = [
        _("phones: %(phones)s") % {"phones": ", ".join(value.get("phones", [])) or _("none")},
        _("hours: %(hours)s")
        % {"hours": ", ".join("%s %s" % (names[k], hours[k]) for k in WEEKDAY_KEYS if k in hours)},
        _("address: %(address)s") % {"address": value.get("address", "")},
    ]
    return "; ".join(parts)


def describe_notice(value: dict[str, Any], providers: dict[str, str]) -> str:
    """A published notice in words."""
    about = providers.get(value.get("provider") or "", _("the whole centre"))
    dates = (
        day(value["starts"])
        if value["starts"] == value["ends"]
        else _("%(starts)s to %(ends)s") % {"starts": day(value["starts"]), "ends": day(value["ends"])}
    )
    kinds = {
        "closure": _("closed"),
        "offline": _("a system offline"),
        "event": _("a service-delivery day"),
        "other": _("a notice"),
    }
    return _("%(kind)s, for %(about)s, %(dates)s: %(text)s") % {
        "kind": kinds.get(value.get("kind", ""), value.get("kind", "")),
        "about": about,
        "dates": dates,
        "text": value.get("text", {}).get("en", ""),
    }


def describe_service(value: dict[str, Any]) -> str:
    """Whether a service is offered, in words."""
    return {
        "permanent": _("offered at a permanent desk"),
        "visiting": _("offered on visiting days"),
    }.get(value.get("mode", ""), _("not offered"))


def _weekday_names() -> list[str]:
    return [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
