"""Counting sign-in attempts, shared by every worker and server (in the database, with or
without Redis), counted before a password is checked, one atomic statement per count.

A key's count lives in a fixed window that starts with its first attempt: `attempt(key, rate)`
adds one and says whether the attempt is within the rate ("5 per 15 minutes", the `limits`
notation). An INSERT ... ON CONFLICT DO UPDATE ... RETURNING (SQLite 3.35+, PostgreSQL) adds
and reads in one statement, so parallel attempts are each counted and none slips past the bound.
`forget(key)` clears a key (a successful sign-in clears its account and address).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from limits import parse
from sqlalchemy import case, delete

from ..models import SignInCount, table

COUNTS = table(SignInCount)


def key_of(*parts: str) -> str:
    """A key for the counted thing (an email is not kept: a hash of it)."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()


def attempt(database: Any, key: str, rate: str) -> bool:
    """Count one attempt under key; whether it is within rate."""
    item = parse(rate)
    now = dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(seconds=item.get_expiry())
    with database.begin() as connection:
        insert = _insert(connection)
        restart = COUNTS.c.window_start <= cutoff
        statement = (
            insert.values(key=key, window_start=now, count=1)
            .on_conflict_do_update(
                index_elements=[COUNTS.c.key],
                set_={
                    "count": case((restart, 1), else_=COUNTS.c.count + 1),
                    "window_start": case((restart, now), else_=COUNTS.c.window_start),
                },
            )
            .returning(COUNTS.c.count)
        )
        count = connection.execute(statement).scalar_one()
    return int(count) <= item.amount


def forget(database: Any, key: str) -> None:
    """Clear key's count."""
    with database.begin() as connection:
        connection.execute(delete(COUNTS).where(COUNTS.c.key == key))


def _insert(connection: Any) -> Any:
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(COUNTS)
