"""Which messages are due: `plan(connection, content, now, zone, per_month)` adds them.

For every active reminder (a provider at a centre, of a person whose number is kept and not
paused), from the content snapshot in force:
- "day": a confirmed service day tomorrow, from REMIND_AT (17:00) the day before, for people
  who asked before then; if nothing was planned the evening before (the scheduler was down), a
  service day today is reminded until LATEST on the day.
- "cancelled": a date the centre cancelled, from today on, for people who asked before the
  schedule saying so was published;
- "notice": a notice for the centre (or for the provider there) from NOTICE_DAYS before it
  starts until it ends, for people who asked before it was published.
Each is one row per (person, kind, key): planning again plans nothing twice (the unique
constraint; rows already there are left as they are). A message is due at once, or at the end
of the quiet hours (QUIET_FROM to QUIET_UNTIL) when planned within them; a person's messages
beyond per_month in a calendar month are kept as skipped ("month"), not sent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from ..content.snapshot import Content, ServiceDayInfo
from ..database import utc
from ..schedule import next_dates
from .subscriptions import MESSAGES, SUBSCRIBERS, SUBSCRIPTIONS

REMIND_AT = dt.time(17, 0)
LATEST = dt.time(12, 0)
QUIET_FROM, QUIET_UNTIL = dt.time(20, 0), dt.time(7, 0)
NOTICE_DAYS = 30
# Subscribers per query (SQLite allows 32,766 parameters a statement).
CHUNK = 5_000
# Statuses that count against the month's bound (all but skipped).
COUNTED = ("queued", "sending", "sent", "failed", "unknown")


def quiet(local: dt.datetime) -> bool:
    """True within the quiet hours (local time)."""
    return local.time() >= QUIET_FROM or local.time() < QUIET_UNTIL


def after_quiet(now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """now, or the end of the quiet hours when now is within them (UTC)."""
    local = now.astimezone(zone)
    if not quiet(local):
        return now
    day = local.date() + dt.timedelta(days=1) if local.time() >= QUIET_FROM else local.date()
    return dt.datetime.combine(day, QUIET_UNTIL, zone).astimezone(dt.UTC)


def _visits(content: Content) -> dict[tuple[str, str], list[ServiceDayInfo]]:
    """The confirmed service days by (centre, provider)."""
    found: dict[tuple[str, str], list[ServiceDayInfo]] = defaultdict(list)
    for day in content.service_days:
        if day.confirmed_on is not None and not day.sample:
            found[(day.centre, day.provider)].append(day)
    return found


def _day_targets(now: dt.datetime, zone: ZoneInfo) -> list[tuple[dt.date, dt.datetime]]:
    """(service date to remind of, the moment its reminder was due: REMIND_AT the day before)."""
    local = now.astimezone(zone)
    targets = []
    if local.time() >= REMIND_AT:
        targets.append(local.date() + dt.timedelta(days=1))
    if local.time() < LATEST:
        targets.append(local.date())
    return [(day, dt.datetime.combine(day - dt.timedelta(days=1), REMIND_AT, zone)) for day in targets]


def plan(connection: Connection, content: Content, now: dt.datetime, zone: ZoneInfo, per_month: int) -> int:
    """Add the messages due at now (see the module docstring); how many rows were added."""
    local = now.astimezone(zone)
    today = local.date()
    people: dict[tuple[str, str], list[Any]] = defaultdict(list)
    rows = connection.execute(
        select(
            SUBSCRIPTIONS.c.subscriber_id, SUBSCRIPTIONS.c.centre, SUBSCRIPTIONS.c.provider, SUBSCRIPTIONS.c.created_at
        )
        .join(SUBSCRIBERS, SUBSCRIBERS.c.id == SUBSCRIPTIONS.c.subscriber_id)
        .where(SUBSCRIPTIONS.c.ended_at.is_(None), SUBSCRIBERS.c.number.is_not(None), SUBSCRIBERS.c.paused_at.is_(None))
    )
    for row in rows:
        people[(row.centre, row.provider)].append(row)
    if not people:
        return 0
    visits = _visits(content)
    due = after_quiet(now, zone)
    planned: list[dict[str, Any]] = []

    def add(who: list[Any], before: dt.datetime | None, kind: str, key: str, day: dt.date) -> None:
        for row in who:
            if before is None or utc(row.created_at) < before:
                planned.append(
                    {"subscriber_id": row.subscriber_id, "centre": centre, "provider": provider, "kind": kind}
                    | {"key": key, "day": day, "due_at": due}
                )

    targets = _day_targets(now, zone)
    for (centre, provider), who in people.items():
        for visit in visits.get((centre, provider), []):
            for day, reminded_at in targets:
                if next_dates(visit, day, 1) == [day]:
                    add(who, reminded_at, "day", "%s/%s/%s" % (centre, provider, day.isoformat()), day)
            for day in visit.cancelled:
                if day >= today:
                    add(who, visit.published_at, "cancelled", "%s/%s/%s" % (centre, provider, day.isoformat()), day)
        for notice in content.notices:
            if (
                notice.centre == centre
                and notice.provider in (None, provider)
                and notice.starts - dt.timedelta(days=NOTICE_DAYS) <= today <= notice.ends
            ):
                add(who, notice.published_at, "notice", "%s/%s" % (centre, notice.id), notice.ends)
    return _insert(connection, planned, _month_start(local), per_month)


def _month_start(local: dt.datetime) -> dt.datetime:
    return dt.datetime(local.year, local.month, 1, tzinfo=local.tzinfo).astimezone(dt.UTC)


def _insert(connection: Connection, planned: list[dict[str, Any]], month: dt.datetime, per_month: int) -> int:
    """Insert planned rows not there yet; beyond per_month a person's new rows are skipped."""
    if not planned:
        return 0
    ids = sorted({row["subscriber_id"] for row in planned})
    existing: set[tuple[int, str, str]] = set()
    counts: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):  # (a bounded number of parameters per statement)
        chunk = ids[start : start + CHUNK]
        existing.update(
            (row.subscriber_id, row.kind, row.key)
            for row in connection.execute(
                select(MESSAGES.c.subscriber_id, MESSAGES.c.kind, MESSAGES.c.key).where(
                    MESSAGES.c.subscriber_id.in_(chunk)
                )
            )
        )
        counted = connection.execute(
            select(MESSAGES.c.subscriber_id, func.count())
            .where(MESSAGES.c.subscriber_id.in_(chunk), MESSAGES.c.created_at >= month, MESSAGES.c.status.in_(COUNTED))
            .group_by(MESSAGES.c.subscriber_id)
        )
        counts.update((row[0], row[1]) for row in counted)
    fresh = []
    for row in planned:
        mark = (row["subscriber_id"], row["kind"], row["key"])
        if mark in existing:
            continue
        existing.add(mark)
        sent = counts.get(row["subscriber_id"], 0)
        over = sent >= per_month
        counts[row["subscriber_id"]] = sent + (0 if over else 1)
        fresh.append(row | {"status": "skipped" if over else "queued", "error": "month" if over else None})
    if not fresh:
        return 0
    # Another planner may have added some meanwhile: those rows are left as they are.
    from sqlalchemy.dialects import postgresql, sqlite  # (only where reminders are planned)

    dialect = connection.dialect.name
    statement = (
        postgresql.insert(MESSAGES).on_conflict_do_nothing()
        if dialect == "postgresql"
        else sqlite.insert(MESSAGES).on_conflict_do_nothing()
        if dialect == "sqlite"
        else insert(MESSAGES)
    )
    return connection.execute(statement, fresh).rowcount
