"""The database: one SQLAlchemy engine and session factory per app.

`Database(app)` creates it and registers it as app.extensions["database"]; `database.session()`
opens a session for one unit of work.
SQLite (the embedded default) gets foreign keys and a busy timeout so that several
gunicorn workers can share one file; PostgreSQL is used as it is.
"""
from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


class Database:
    """Holds the engine and the session factory of the app it was bound to."""

    def __init__(self, app) -> None:
        self.engine: Engine = make_engine(app.config["DATABASE_URL"])
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        app.extensions["database"] = self

    def session(self) -> Session:
        """Open a new session; use it as a context manager (`with database.session() as s:`)."""
        return self._sessions()


def make_engine(url: str) -> Engine:
    """Return an engine for url, with the SQLite settings that make a shared file safe."""
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # pragma: no cover - trivial
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def _ensure_sqlite_folder(url: str) -> None:
    from pathlib import Path

    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)

