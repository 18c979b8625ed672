"""The warm-up gunicorn runs in its master before forking (gunicorn.conf.py's when_ready)."""

from __future__ import annotations

import gc

from flask import Flask
from sqlalchemy import func, select

from bot.models import Conversation
from bot.warm import warm_up


def test_warm_up_loads_the_content_and_touches_no_conversation(app):
    try:
        assert warm_up(app) > 0
        assert app.extensions["snapshots"].last() is not None
        assert app.extensions["snapshots"].last().cached("phrase_index", lambda c: None, curated=True) is not None
    finally:
        gc.unfreeze()
    with app.extensions["database"].session() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0
    assert app.test_client().post("/api/chat", json={"user": "u", "text": "hi"}).status_code == 200


def test_warm_up_without_a_database_leaves_it_to_the_workers(new_app, tmp_path):
    app = new_app(DATABASE_URL="sqlite:///%s" % tmp_path)  # a folder: not a database
    assert warm_up(app) == 0.0


def test_warm_up_ignores_another_app():
    assert warm_up(Flask("other")) == 0.0
