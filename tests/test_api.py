"""The conversation API's contract: good requests answer 200 with the documented shape; every
kind of bad input gets a JSON 4xx error; nothing yields a 5xx."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from harness import Case as WireCase
from harness import Driver, check_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@dataclass
class Case:
    label: str
    body: bytes
    content_type: str = "application/json"
    status: int = 400
    error_has: str = ""
    headers: dict = field(default_factory=dict)


def j(value) -> bytes:
    return json.dumps(value).encode()


BAD_INPUT = [
    Case("malformed JSON", b"{not json", error_has="not valid JSON"),
    Case("empty body", b"", error_has="not valid JSON"),
    Case("JSON array", b"[]", error_has="JSON object"),
    Case("JSON string", b'"hi"', error_has="JSON object"),
    Case("not UTF-8", b"\xff\xfe\x00garbage", error_has="not valid JSON"),
    Case("missing user", j({"text": "hi"}), error_has="user"),
    Case("empty user", j({"user": "", "text": "hi"}), error_has="user"),
    Case("user not text", j({"user": 5, "text": "hi"}), error_has="user"),
    Case("user too long", j({"user": "u" * 129, "text": "hi"}), error_has="user"),
    Case("text not text", j({"user": "u", "text": 5}), error_has="text"),
    Case("text too long", j({"user": "u", "text": "x" * 1001}), error_has="1000"),
    Case("empty text without location", j({"user": "u", "text": "  "}), error_has="empty"),
    Case("location not an object", j({"user": "u", "text": "", "location": "here"}), error_has="location"),
    Case("latitude out of range", j({"user": "u", "text": "", "location": {"lat": 999, "lon": 1}}), error_has="lat"),
    Case("longitude not a number", j({"user": "u", "text": "", "location": {"lat": -27, "lon": "x"}}), error_has="lon"),
    Case("latitude is a boolean", j({"user": "u", "text": "", "location": {"lat": True, "lon": 30}}), error_has="lat"),
    Case("unknown language", j({"user": "u", "text": "hi", "lang": "fr"}), error_has="lang"),
    Case("language as a list", j({"user": "u", "text": "hi", "lang": ["en"]}), error_has="lang"),
    Case("language as an object", j({"user": "u", "text": "hi", "lang": {"a": 1}}), error_has="lang"),
    Case("lone surrogate in user", b'{"user": "\\ud800", "text": "hi"}', error_has="user"),
    Case("lone surrogate in text", b'{"user": "u", "text": "\\udfff feedback about Zava"}', error_has="text"),
    Case(
        "310-digit latitude",
        b'{"user": "u", "text": "", "location": {"lat": %s, "lon": 30}}' % (b"9" * 310),
        error_has="lat",
    ),
    Case(
        "JSON nested 20,000 deep",
        b'{"user": "u", "text": "hi", "x": ' + b"[" * 20000 + b"]" * 20000 + b"}",
        error_has="nested",
    ),
    Case("form body", b"user=u&text=hi", content_type="application/x-www-form-urlencoded", status=415),
    Case("plain text body", b"hi", content_type="text/plain", status=415),
    Case("body over 64 KB", j({"user": "u", "text": "x" * 70000}), status=413),
]


@pytest.mark.parametrize("case", BAD_INPUT, ids=lambda c: c.label)
def test_bad_input_gets_a_json_error(client, case):
    response = client.post("/api/chat", data=case.body, content_type=case.content_type)
    assert response.status_code == case.status
    assert response.is_json
    assert case.error_has in response.get_json()["error"]


def test_five_megabyte_body_is_refused_with_413(client):
    response = client.post("/api/chat", data=b"x" * (5 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413
    assert "error" in response.get_json()


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_wrong_method_is_a_json_405(client, method):
    response = getattr(client, method)("/api/chat")
    assert response.status_code == 405
    assert "error" in response.get_json()


def test_unknown_path_is_a_json_404(client):
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert "error" in response.get_json()


def test_answer_has_the_documented_shape(client):
    response = client.post("/api/chat", json={"user": "shape", "text": "hello"})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"reply", "lang", "intent", "entities", "options", "dates", "ticket"}
    assert body["intent"] == "help" and body["lang"] == "en" and body["reply"] and body["dates"] == []
    assert [o["key"] for o in body["options"]] == ["1", "2", "3", "4", "5", "6"]
    assert all(isinstance(o["label"], str) and o["label"] for o in body["options"])


def test_location_alone_answers_the_nearest_centre(client):
    body = client.post(
        "/api/chat", json={"user": "pin", "text": "", "location": {"lat": -28.65, "lon": 20.42}}
    ).get_json()
    assert body["intent"] == "nearest_centre"
    assert body["entities"]["centre"] == "augrabies"


def test_lang_field_forces_and_keeps_the_reply_language(client):
    assert client.post("/api/chat", json={"user": "l", "text": "hi", "lang": "zu"}).get_json()["lang"] == "zu"
    assert client.post("/api/chat", json={"user": "l", "text": "hi"}).get_json()["lang"] == "zu"


def test_health_reports_the_content_version(client):
    body = client.get("/healthz").get_json()
    assert body["ok"] is True and len(body["content_version"]) == 16


def test_health_is_503_without_content(tmp_path):
    from support import make_app

    from bot.migrate import upgrade

    upgrade("sqlite:///%s" % (tmp_path / "empty.sqlite3"))
    app = make_app(tmp_path / "empty.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["ok"] is False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), user=st.text(min_size=1, max_size=128))
def test_any_text_from_anyone_gets_an_answer_not_an_error(client, text, user):
    response = client.post("/api/chat", json={"user": user, "text": text})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.get_json()["reply"]
    else:
        assert response.get_json()["error"]


def test_lang_hint_starts_the_conversation_but_the_persons_words_move_it(client):
    def say(user, text, **extra):
        return client.post("/api/chat", json={"user": user, "text": text, **extra}).get_json()["lang"]

    # A number shows no language: the hint holds.
    assert say("h1", "1", lang_hint="zu") == "zu"
    # Words in a language outweigh the hint, now and later.
    assert say("h1", "what documents do I need for a passport", lang_hint="zu") == "en"
    assert say("h1", "2", lang_hint="zu") == "en"
    # A choice is never overruled by a hint.
    assert say("h2", "hi", lang="af") == "af"
    assert say("h2", "1", lang_hint="zu") == "af"


@pytest.mark.parametrize("hint", ["fr", ["zu"], 5])
def test_a_bad_lang_hint_is_a_400(client, hint):
    response = client.post("/api/chat", json={"user": "u", "text": "hi", "lang_hint": hint})
    assert response.status_code == 400 and "lang_hint" in response.get_json()["error"]


# The JSON API's requests that cannot be read (the widget's too).
WIRE_CASES = [
    WireCase("not UTF-8", b"\xff\xfe\x00garbage", status=400, body_has="error", sign=False),
    WireCase("missing user", {"text": "hi"}, status=400, body_has="user"),
]


@pytest.mark.parametrize("case", WIRE_CASES, ids=[c.label for c in WIRE_CASES])
def test_api_wire_case(app, client, case):
    check_case(app, client, Driver("web"), case)
