"""Helpers shared by the tests: apps on fresh databases loaded from content, with a fixed today.

Every test database is made from a template loaded once per test session: an SQLite file copied
per test, or, when TEST_DATABASE_URL names a PostgreSQL server, a database created per test
with `CREATE DATABASE ... TEMPLATE` (the whole suite then runs once per backend).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot import create_app
from bot.config import PROJECT_ROOT
from bot.content.bundle import read_bundle
from bot.content.store import load_bundle
from bot.dialogue.answers import unknown_intents
from bot.migrate import upgrade

TODAY = dt.date(2026, 11, 24)
CONTENT_DIR = PROJECT_ROOT / "content"
SMALL_CONTENT_DIR = Path(__file__).parent / "fixtures" / "content"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def make_app(database, content_dir: Path = CONTENT_DIR, **settings):
    """An app on database (an SQLite file path or a database URL), with the fixed date."""
    url = database if isinstance(database, str) else "sqlite:///%s" % database
    config = {
        "TESTING": True,
        "DATABASE_URL": url,
        "CONTENT_DIR": str(content_dir),
        "SECRET_KEY": "test-secret",
        "TODAY": lambda: TODAY,
        "CONTENT_CHECK_SECONDS": 0,
        # Tests send many messages as one person; the rate limit has its own tests.
        "RATE_LIMIT": "",
        "REDIS_URL": "",
    }
    config.update(settings)
    return create_app(config)


def load_content(url: str, content_dir: Path) -> None:
    """Migrate the database at url and load content_dir into it."""
    upgrade(url)
    bundle = read_bundle(content_dir)
    problems = bundle.problems + unknown_intents(bundle.named_intents)  # as `flask content load` checks
    assert not problems, "\n".join(problems)
    database = make_app(url, content_dir).extensions["database"]
    with database.session() as session, session.begin():
        load_bundle(session, bundle)
    database.engine.dispose()


class Databases:
    """Template and per-test databases on one backend ("sqlite" or "postgresql")."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend, self.folder = backend, folder
        self.names = itertools.count()
        self.created: list[str] = []
        if backend == "postgresql":
            self.server = make_url(os.environ["TEST_DATABASE_URL"])
            self.admin = create_engine(self.server, isolation_level="AUTOCOMMIT")

    def _pg_url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def template(self, name: str, content_dir: Path) -> str:
        """The URL of a database loaded with content_dir, made once."""
        if self.backend == "sqlite":
            url = "sqlite:///%s" % (self.folder / ("%s.sqlite3" % name))
        else:
            db_name = "thusong_tpl_%s_%d" % (name, os.getpid())
            self._create(db_name)
            url = self._pg_url(db_name)
        load_content(url, content_dir)
        return url

    def fresh(self, template_url: str, folder: Path) -> str:
        """A new database that is a copy of the template."""
        if self.backend == "sqlite":
            path = folder / ("db%d.sqlite3" % next(self.names))
            shutil.copy(template_url.split("///", 1)[1], path)
            return "sqlite:///%s" % path
        db_name = "thusong_t%d_%d" % (next(self.names), os.getpid())
        template = make_url(template_url).database
        self._create(db_name, template)
        return self._pg_url(db_name)

    def _create(self, name: str, template: str | None = None) -> None:
        with self.admin.connect() as connection:
            connection.execute(text('DROP DATABASE IF EXISTS "%s"' % name))
            connection.execute(text('CREATE DATABASE "%s"%s' % (name, ' TEMPLATE "%s"' % template if template else "")))
        self.created.append(name)

    def drop(self, url: str) -> None:
        """Remove a per-test database (SQLite files go with the test's temporary folder)."""
        if self.backend == "postgresql":
            name = make_url(url).database
            with self.admin.connect() as connection:
                connection.execute(text('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name))
            self.created.remove(name)

    def close(self) -> None:
        """Drop every database still made by this object."""
        if self.backend == "postgresql":
            for name in list(self.created):
                with self.admin.connect() as connection:
                    connection.execute(text('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name))
            self.admin.dispose()
