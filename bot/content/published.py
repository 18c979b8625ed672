"""What centre managers published over the content from content/ (bot.console writes it).

Each change is a row of `published_changes` (bot.models.console); the newest change of a
(kind, centre, target) is in force. `in_force(session)` reads those, `apply(content, changes)`
puts them into a snapshot, and `revision(session)` numbers them so the snapshot of every worker
is read again within seconds of a change (bot.content.store.loaded_version). Loading content/
again never touches them.

Kinds of change (`kind`, and what `target` names):
- SERVICE_DAY ("provider" or "provider/service"): replaces the content's service days of the same
  centre, provider and service (examples included); it is confirmed (`confirmed_on`, the day it
  was published in the time zone given, never `sample`), with the dates the centre cancelled
  (`cancelled`: bot.calendar says them).
- FACTS ("facts"): the centre's phones, opening hours (then confirmed) and address.
- SERVICE ("the service's slug"): whether the centre offers the service, at a permanent desk
  or on visits (`mode`: permanent, visiting or none); then confirmed.
- NOTICE (one id per notice): a notice with its dates, texts by language and, maybe, a provider;
  None withdraws it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..database import utc
from ..models import PublishedChange
from .snapshot import CentreInfo, Content, NoticeInfo, Offered, ServiceDayInfo

SERVICE_DAY = "service_day"
FACTS = "facts"
SERVICE = "service"
NOTICE = "notice"


def target_of(provider: str, service: str | None) -> str:
    """The target of a service day: its provider, and its service when it names one."""
    return provider + ("/" + service if service else "")


def revision(session: Session) -> int:
    """The id of the newest change (0 when none): it grows with every change."""
    return session.scalar(select(func.max(PublishedChange.id))) or 0


def in_force(session: Session, centre: str | None = None) -> list[PublishedChange]:
    """The newest change of every (kind, centre, target), oldest first; of one centre when given."""
    newest = select(func.max(PublishedChange.id)).group_by(
        PublishedChange.kind, PublishedChange.centre, PublishedChange.target
    )
    if centre is not None:
        newest = newest.where(PublishedChange.centre == centre)
    return list(
        session.scalars(select(PublishedChange).where(PublishedChange.id.in_(newest)).order_by(PublishedChange.id))
    )


def apply(content: Content, changes: Iterable[PublishedChange], zone: ZoneInfo) -> Content:
    """content with the changes in force put in (content is changed and returned); the day a
    change was published is its day in zone."""
    for change in changes:
        if change.centre not in content.centres:
            continue  # a centre no longer in content/: its changes wait, kept, until it is back
        if not _still_named(content, change):
            continue  # a provider or service no longer in content/: kept, applied when it is back
        if change.kind == FACTS and change.value is not None:
            content.centres[change.centre] = _with_facts(content.centres[change.centre], change.value)
        elif change.kind == SERVICE and change.value is not None:
            content.centres[change.centre] = _with_service(content.centres[change.centre], change.target, change.value)
        elif change.kind == NOTICE and change.value is not None:
            content.notices.append(notice(change.centre, change.value, utc(change.at), zone, change.target))
        if change.kind != SERVICE_DAY:
            continue
        provider, _, service = change.target.partition("/")
        content.service_days = [
            d
            for d in content.service_days
            if not (d.centre == change.centre and d.provider == provider and (d.service or "") == service)
        ]
        if change.value is not None:
            content.service_days.append(service_day(change.centre, change.value, utc(change.at), zone))
    return content


def _still_named(content: Content, change: PublishedChange) -> bool:
    """Whether what the change names (its provider, service) is still in the content."""
    if change.kind == SERVICE:
        return change.target in content.services
    if change.kind == SERVICE_DAY:
        provider, _, service = change.target.partition("/")
        return provider in content.providers and (not service or service in content.services)
    if change.kind == NOTICE and change.value is not None and change.value.get("provider"):
        return change.value["provider"] in content.providers
    return True


def _with_facts(centre: CentreInfo, value: dict[str, Any]) -> CentreInfo:
    """centre with the published phones, hours (confirmed) and address (English, said in every
    language until translated)."""
    return dataclasses.replace(
        centre,
        phones=tuple(value.get("phones", centre.phones)),
        hours=dict(value.get("hours", centre.hours)),
        hours_verified=True if "hours" in value else centre.hours_verified,
        address={"en": value["address"]} if value.get("address") else centre.address,
    )


def _with_service(centre: CentreInfo, service: str, value: dict[str, Any]) -> CentreInfo:
    """centre offering service as published (confirmed), or no longer offering it."""
    offered = [o for o in centre.services if o.service != service]
    if value.get("mode") in ("permanent", "visiting"):
        offered.append(Offered(service, value["mode"], True))
    return dataclasses.replace(centre, services=tuple(offered))


def notice(
    centre: str, value: dict[str, Any], published_at: dt.datetime, zone: ZoneInfo, ident: str = ""
) -> NoticeInfo:
    """The NoticeInfo of a published notice value (see bot.console.forms.NoticeForm), ident its
    change's target."""
    return NoticeInfo(
        centre=centre,
        provider=value.get("provider"),
        kind=value["kind"],
        text=dict(value["text"]),
        starts=dt.date.fromisoformat(value["starts"]),
        ends=dt.date.fromisoformat(value["ends"]),
        published_on=published_at.astimezone(zone).date(),
        published_at=published_at,
        id=ident,
    )


def service_day(centre: str, value: dict[str, Any], published_at: dt.datetime, zone: ZoneInfo) -> ServiceDayInfo:
    """The ServiceDayInfo of a published schedule value (see bot.console.forms.ScheduleForm)."""
    dates = [dt.date.fromisoformat(d) for d in value.get("dates", [])]
    cancelled = tuple(sorted(dt.date.fromisoformat(d) for d in value.get("cancelled", [])))
    exceptions = frozenset(dt.date.fromisoformat(d) for d in value.get("except", []))
    return ServiceDayInfo(
        centre=centre,
        provider=value["provider"],
        service=value.get("service"),
        repeat=value.get("repeat"),
        dates=tuple(sorted(dates)),
        starts=dt.date.fromisoformat(value["starts"]) if value.get("starts") else None,
        ends=dt.date.fromisoformat(value["ends"]) if value.get("ends") else None,
        exceptions=exceptions,
        time=value.get("time"),
        sample=False,
        confirmed_on=published_at.astimezone(zone).date(),
        cancelled=cancelled,
        published_at=published_at,
    )


def export(changes: Iterable[PublishedChange], authors: dict[int, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """What managers published, for curators to review and commit: the service days as a
    content file (`service_days:`, valid for content/; a cancelled date becomes an exception),
    and the centres' corrected facts and notices (for review: not a content file)."""
    days, corrections = [], []
    for change in changes:
        if change.value is None:
            continue
        source = "Published in the console by %s on %s" % (
            authors.get(change.user_id, "?"),
            change.at.date().isoformat(),
        )
        value = change.value
        if change.kind == SERVICE_DAY:
            record: dict[str, Any] = {"centre": change.centre, "provider": value["provider"]}
            if value.get("service"):
                record["service"] = value["service"]
            if value.get("repeat"):
                record["repeat"] = dict(value["repeat"])
            else:
                record["dates"] = list(value["dates"])
            for key in ("starts", "ends", "time"):
                if value.get(key):
                    record[key] = value[key]
            exceptions = sorted(set(value.get("except", [])) | set(value.get("cancelled", [])))
            if exceptions:
                record["except"] = exceptions
            record.update(sample=False, source=source)
            days.append(record)
        else:
            corrections.append({"centre": change.centre, "kind": change.kind, "value": dict(value), "source": source})
    return {"service_days": days}, {"corrections": corrections}
