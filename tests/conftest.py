"""Shared fixtures: apps on fresh temporary SQLite databases loaded from content.

`app` and `client` use the project's real curated content (loaded once into a template
database per test session, then copied for each test); `small_app` uses the small content
fixture in tests/fixtures/content. Today is fixed at TODAY so dates are reproducible.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def content_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "content.sqlite3"
    build_database(path, CONTENT_DIR)
    return path


@pytest.fixture(scope="session")
def small_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("small") / "small.sqlite3"
    build_database(path, SMALL_CONTENT_DIR)
    return path


@pytest.fixture()
def app(content_template, tmp_path):
    database = tmp_path / "bot.sqlite3"
    shutil.copy(content_template, database)
    application = make_app(database)
    yield application
    application.extensions["database"].engine.dispose()


@pytest.fixture()
def small_app(small_template, tmp_path):
    database = tmp_path / "small.sqlite3"
    shutil.copy(small_template, database)
    application = make_app(database, SMALL_CONTENT_DIR)
    yield application
    application.extensions["database"].engine.dispose()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()
