"""Helpers shared by the tests: apps on SQLite files loaded from content, with a fixed today."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot import create_app
from bot.config import PROJECT_ROOT
from bot.content.bundle import read_bundle
from bot.content.store import load_bundle
from bot.migrate import upgrade

TODAY = dt.date(2026, 11, 24)
CONTENT_DIR = PROJECT_ROOT / "content"
SMALL_CONTENT_DIR = Path(__file__).parent / "fixtures" / "content"
def make_app(database: Path, content_dir: Path = CONTENT_DIR, **settings):
    """An app on the SQLite file database, with the fixed date and test settings."""
    config = {"TESTING": True, "DATABASE_URL": "sqlite:///%s" % database, "CONTENT_DIR": str(content_dir),
              "SECRET_KEY": "test-secret", "TODAY": lambda: TODAY, "CONTENT_CHECK_SECONDS": 0}
    config.update(settings)
    return create_app(config)


def build_database(path: Path, content_dir: Path) -> None:
    """Migrate a new SQLite database at path and load content_dir into it."""
    url = "sqlite:///%s" % path
    upgrade(url)
    bundle = read_bundle(content_dir)
    assert not bundle.problems, "\n".join(bundle.problems)
    database = make_app(path, content_dir).extensions["database"]
    with database.session() as session, session.begin():
        load_bundle(session, bundle)
    database.engine.dispose()
