"""Which messages are due: `plan(connection, content, now, zone, per_month)` adds them.

For every active reminder (a provider at a centre, of a person whose number is kept and not
paused), from the content snapshot in force and its calendar (bot.calendar):
- "day": a confirmed service day tomorrow (the calendar says CONFIRMED: not cancelled, closed or
  a public holiday), from REMIND_AT (17:00) the day before, for people who asked before then; if
  nothing was planned the evening before (the scheduler was down), a service day today is
  reminded until LATEST on the day. The person is then told of that date (reminder_told_dates).
- "cancelled": a date the person was told of (in an answer, their reminder's confirmation or a
  reminder) that is no longer a day to travel on: the centre cancelled it, or changed the
  schedule; once per person and date.
- "closed": a closure notice over dates the person was told of: once per person and notice,
  however many of their dates it covers.
- "notice": any other notice for the centre (or for the provider there) from NOTICE_DAYS before
  it starts until it ends, for people who asked before it was published.
Each is one row per (person, kind, key): planning again plans nothing twice (the unique
constraint; rows already there are left as they are). A message is due at once, or at the end
of the quiet hours (QUIET_FROM to QUIET_UNTIL) when planned within them. A person's messages
beyond per_month in a calendar month are kept as skipped ("month"), not sent, except a
cancellation or a closure (URGENT): those reach the person whatever came before them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..calendar import CLOSED, CLOSURE, CONFIRMED, Calendar, calendar_of
from ..content.snapshot import Content, ServiceDayInfo
from ..database import utc
from .subscriptions import MESSAGES, SUBSCRIBERS, SUBSCRIPTIONS, TOLD, insert_new

REMIND_AT = dt.time(17, 0)
LATEST = dt.time(12, 0)
QUIET_FROM, QUIET_UNTIL = dt.time(20, 0), dt.time(7, 0)
NOTICE_DAYS = 30
# Subscribers per query (SQLite allows 32,766 parameters a statement).
CHUNK = 5_000
# Statuses that count against the month's bound (all but skipped).
COUNTED = ("queued", "sending", "sent", "failed", "unknown")
# Kinds that are sent over the month's bound: a day the person may travel on is off.
URGENT = ("cancelled", "closed")


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


def _day_targets(now: dt.datetime, zone: ZoneInfo) -> list[tuple[dt.date, dt.datetime]]:
    """(service date to remind of, the moment its reminder was due: REMIND_AT the day before)."""
    local = now.astimezone(zone)
    targets = []
    if local.time() >= REMIND_AT:
        targets.append(local.date() + dt.timedelta(days=1))
    if local.time() < LATEST:
        targets.append(local.date())
    return [(day, dt.datetime.combine(day - dt.timedelta(days=1), REMIND_AT, zone)) for day in targets]


def day_key(centre: str, provider: str, day: dt.date) -> str:
    """The key of a reminder or a cancellation of one date."""
    return "%s/%s/%s" % (centre, provider, day.isoformat())


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
    calendar = calendar_of(content)
    due = after_quiet(now, zone)
    planned: list[dict[str, Any]] = []

    def add(subscriber_id: int, centre: str, provider: str, kind: str, key: str, day: dt.date) -> None:
        planned.append(
            {"subscriber_id": subscriber_id, "centre": centre, "provider": provider, "kind": kind, "key": key}
            | {"day": day, "due_at": due}
        )

    targets = _day_targets(now, zone)
    for (centre, provider), who in people.items():
        visits = _confirmed(calendar, centre, provider)
        for day, reminded_at in targets:
            if any(d.status == CONFIRMED for d in calendar.on(visits, day, today)):
                for row in who:
                    if utc(row.created_at) < reminded_at:
                        add(row.subscriber_id, centre, provider, "day", day_key(centre, provider, day), day)
        for notice in content.notices:
            if (
                notice.kind != CLOSURE
                and notice.centre == centre
                and notice.provider in (None, provider)
                and notice.starts - dt.timedelta(days=NOTICE_DAYS) <= today <= notice.ends
            ):
                for row in who:
                    if notice.published_at is None or utc(row.created_at) < notice.published_at:
                        add(row.subscriber_id, centre, provider, "notice", "%s/%s" % (centre, notice.id), notice.ends)
    for (centre, provider, day), told in _told_off(connection, calendar, people, today).items():
        days = calendar.on(_confirmed(calendar, centre, provider), day, today)
        closure = next((d.closure for d in days if d.status == CLOSED), None)
        for subscriber_id in told:
            if closure is not None:
                add(
                    subscriber_id, centre, provider, "closed", "%s/%s/%s" % (centre, provider, closure.id), closure.ends
                )
            else:  # cancelled, or no longer a service day of the schedule in force
                add(subscriber_id, centre, provider, "cancelled", day_key(centre, provider, day), day)
    fresh = _insert(connection, planned, _month_start(local), per_month)
    _tell(connection, [row for row in fresh if row["kind"] == "day" and row["status"] == "queued"], now)
    return len(fresh)


def _confirmed(calendar: Calendar, centre: str, provider: str) -> list[ServiceDayInfo]:
    return [v for v in calendar.visits(centre, provider) if not v.sample]


def _told_off(
    connection: Connection, calendar: Calendar, people: dict[tuple[str, str], list[Any]], today: dt.date
) -> dict[tuple[str, str, dt.date], list[int]]:
    """The dates from today on that people were told of and that are no longer days to travel
    on, with the people (of these active reminders) told of each. The dates are looked at once
    each (a few hundred), the people read only for those that are off."""
    told = connection.execute(
        select(TOLD.c.centre, TOLD.c.provider, TOLD.c.day).where(TOLD.c.day >= today).distinct()
    ).all()
    off = [
        (centre, provider, day)
        for centre, provider, day in told
        if (centre, provider) in people
        and not any(d.travel for d in calendar.on(_confirmed(calendar, centre, provider), day, today))
    ]
    found: dict[tuple[str, str, dt.date], list[int]] = {}
    for centre, provider, day in off:
        active = {row.subscriber_id for row in people[(centre, provider)]}
        rows = connection.execute(
            select(TOLD.c.subscriber_id).where(TOLD.c.centre == centre, TOLD.c.provider == provider, TOLD.c.day == day)
        )
        found[(centre, provider, day)] = [row.subscriber_id for row in rows if row.subscriber_id in active]
    return found


def _tell(connection: Connection, reminders: list[dict[str, Any]], now: dt.datetime) -> None:
    """Keep that people reminded of a day were told of it (its cancellation then reaches them)."""
    rows = [
        {key: row[key] for key in ("subscriber_id", "centre", "provider", "day")} | {"created_at": now}
        for row in reminders
    ]
    if rows:
        connection.execute(insert_new(connection, TOLD), rows)


def _month_start(local: dt.datetime) -> dt.datetime:
    return dt.datetime(local.year, local.month, 1, tzinfo=local.tzinfo).astimezone(dt.UTC)


def _insert(
    connection: Connection, planned: list[dict[str, Any]], month: dt.datetime, per_month: int
) -> list[dict[str, Any]]:
    """Insert planned rows not there yet, and return them; beyond per_month a person's new rows
    are skipped, except URGENT ones."""
    if not planned:
        return []
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
    # The most urgent first: what is off before what is on.
    for row in sorted(planned, key=lambda row: row["kind"] not in URGENT):
        mark = (row["subscriber_id"], row["kind"], row["key"])
        if mark in existing:
            continue
        existing.add(mark)
        sent = counts.get(row["subscriber_id"], 0)
        over = sent >= per_month and row["kind"] not in URGENT
        counts[row["subscriber_id"]] = sent + (0 if over else 1)
        fresh.append(row | {"status": "skipped" if over else "queued", "error": "month" if over else None})
    if fresh:
        # Another planner may have added some meanwhile: those rows are left as they are.
        connection.execute(insert_new(connection, MESSAGES), fresh)
    return fresh
