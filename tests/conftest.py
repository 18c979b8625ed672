"""Shared fixtures: apps on fresh databases loaded from content.

`app`, `client` and `new_app` use the project's real curated content; `small_app` uses the small
content fixture in tests/fixtures/content. Each runs on SQLite and, when TEST_DATABASE_URL is
set, again on PostgreSQL (see support.Databases). Today is fixed at support.TODAY.
"""

from __future__ import annotations

import pytest
from support import BACKENDS, CONTENT_DIR, SMALL_CONTENT_DIR, Databases, make_app


@pytest.fixture(scope="session", params=BACKENDS)
def databases(request, tmp_path_factory):
    made = Databases(request.param, tmp_path_factory.mktemp("templates-" + request.param))
    yield made
    made.close()


@pytest.fixture(scope="session")
def content_template(databases) -> str:
    """The URL of the template database holding the curated content."""
    return databases.template("content", CONTENT_DIR)


@pytest.fixture(scope="session")
def small_template(databases) -> str:
    return databases.template("small", SMALL_CONTENT_DIR)


@pytest.fixture(scope="session")
def content(content_template):
    """A read-only snapshot of the curated content (for understanding without a conversation)."""
    app = make_app(content_template)
    snapshot = app.extensions["snapshots"].get()
    app.extensions["database"].engine.dispose()  # a template database must have no connections
    return snapshot


@pytest.fixture()
def new_app(databases, content_template, tmp_path):
    """A factory of apps, each on its own fresh copy of the content, with extra settings."""
    made = []

    def factory(content_dir=CONTENT_DIR, template=None, **settings):
        url = databases.fresh(template or content_template, tmp_path)
        app = make_app(url, content_dir, **settings)
        made.append((app, url))
        return app

    yield factory
    for app, url in made:
        app.extensions["database"].engine.dispose()
        databases.drop(url)


@pytest.fixture()
def app(new_app):
    return new_app()


@pytest.fixture()
def small_app(new_app, small_template):
    return new_app(SMALL_CONTENT_DIR, template=small_template)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()
