"""Shared fixtures: apps on fresh temporary SQLite databases loaded from content.

`app` and `client` use the project's real curated content (loaded once into a template
database per test session, then copied for each test); `small_app` uses the small content
fixture in tests/fixtures/content. Today is fixed at support.TODAY so dates are reproducible.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import CONTENT_DIR, SMALL_CONTENT_DIR, build_database, make_app


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
