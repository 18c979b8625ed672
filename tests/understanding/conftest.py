"""What the tables of kinds of message share: `converse(turns)` plays a conversation as one new
person over the public API (POST /api/chat) and returns the reply to its last turn."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

_people = itertools.count()


@pytest.fixture()
def converse(client) -> Callable[[list[Any]], dict[str, Any]]:
    def play(turns: list[Any]) -> dict[str, Any]:
        user = "kinds-%d" % next(_people)
        body: dict[str, Any] = {}
        for turn in turns:
            payload = turn if isinstance(turn, dict) else {"text": turn}
            response = client.post("/api/chat", json={"user": user, **payload})
            assert response.status_code == 200, response.get_data(as_text=True)
            body = response.get_json()
        return body

    return play
