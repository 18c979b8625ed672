"""The database: one SQLAlchemy engine and session factory per app.

`Database(app)` creates it and registers it as app.extensions["database"]; `database.session()`
opens a session for one unit of work; `database.begin()` a Core connection in a transaction;
`database.read_one(statement, parameters)` one row, without a write lock.
SQLite (the embedded default) gets foreign keys, WAL, a busy timeout and transactions that
take the write lock when they begin, so that several gunicorn workers can share one file and
one person's concurrent turns are serialised; PostgreSQL is used as it is (row locks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Executable, Row, create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from flask import Flask

AnyRow: TypeAlias = "Row[*tuple[Any, ...]]"
"""A row of any columns, as a read returns it."""


class Database:
    """Holds the engine and the session factory of the app it was bound to."""

    def __init__(self, app: Flask) -> None:
        self.use(make_engine(app.config["DATABASE_URL"]))
        app.extensions["database"] = self

    def use(self, engine: Engine) -> None:
        """Work through engine from now on (the fault tests swap in an unreachable one)."""
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def session(self) -> Session:
        """Open a new session; use it as a context manager (`with database.session() as s:`)."""
        return self._sessions()

    def read_one(self, statement: Executable, parameters: Mapping[str, Any]) -> AnyRow | None:
        """The first row statement selects (or None), read without a write lock on SQLite."""
        with self.engine.connect() as connection:
            connection.execution_options(read_only=True)
            return connection.execute(statement, parameters).first()

    def read_all(self, statement: Executable, parameters: Mapping[str, Any] | None = None) -> list[AnyRow]:
        """Every row statement selects, read without a write lock on SQLite."""
        with self.engine.connect() as connection:
            connection.execution_options(read_only=True)
            return list(connection.execute(statement, parameters or {}))

    def begin(self) -> AbstractContextManager[Connection]:
        """A connection in a transaction, committed when the `with` block ends without an error
        (SQLAlchemy Core, for the statements of a conversation turn)."""
        return self.engine.begin()


def utc(moment: dt.datetime) -> dt.datetime:
    """A time read from the database, in UTC with its zone (SQLite gives back stored UTC times
    without one; PostgreSQL gives them with theirs)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def make_engine(url: str) -> Engine:
    """Return an engine for url, with the SQLite settings that make a shared file safe."""
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: Any, _record: Any) -> None:
            # SQLAlchemy, not the driver, starts transactions (the driver would run SELECTs
            # outside any transaction, and a read-then-write could lose a concurrent update).
            connection.isolation_level = None
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL syncs at checkpoints: a power cut may lose the last turns,
            # never corrupt the file.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection: Connection) -> None:
            # Take the write lock at the start: a transaction never has to upgrade a read lock
            # (which fails at once with "database is locked" when another worker wrote), and
            # SELECT ... FOR UPDATE (ignored by SQLite) is serialised all the same. Reads through
            # read_one (execution option read_only=True) are each their own transaction and take
            # no lock (WAL readers do not block the writer). SQLAlchemy's documented recipe for
            # pysqlite's transactions ("Serializable isolation / Savepoints / Transactional DDL").
            if not connection.get_execution_options().get("read_only"):
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


def _ensure_sqlite_folder(url: str) -> None:
    from pathlib import Path

    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
