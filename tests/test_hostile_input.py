"""Hostile input on every endpoint: 5 MB bodies get 413, and hypothesis throws at least 500
generated requests at each endpoint (any bytes, any content type, forms and JSON with known
and unknown fields, any text) with no 5xx and no loss of what was already stored.

The endpoints are read from the app's URL map, so a new route is covered without editing this
file. The rate limit is on (the production default), so its key functions see the garbage too.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from support import make_app

from bot.content.store import loaded_content
from bot.models import Conversation

FIVE_MB = b"x" * (5 * 1024 * 1024)
EXAMPLES = 500
FIELDS = [
    "user",
    "text",
    "location",
    "lang",
    "From",
    "To",
    "Body",
    "MessageSid",
    "AccountSid",
    "NumMedia",
    "Latitude",
    "Longitude",
    "ButtonText",
    "sessionId",
    "serviceCode",
    "phoneNumber",
    "networkCode",
]
CONTENT_TYPES = [
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xyz",
    "text/plain",
    "application/json; charset=latin-1",
    "",
    "application/xml",
]
TEXT = st.text(st.characters(codec="utf-8"), max_size=400) | st.sampled_from(
    [
        "",
        "hi",
        "0",
        "98",
        "1*2*98*0*3",
        "more",
        "MORE",
        "zava",
        "-28.65",
        "nan",
        "inf",
        "1e309",
        "+27820000000",
        "whatsapp:+27820000000",
        "\x00",
        "\u202e",
        "😀" * 50,
        "<script>",
        "'; DROP TABLE conversations; --",
    ]
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


def _endpoints(app) -> set[tuple[str, str]]:
    """(method, path) for every route of the app, static files included; OPTIONS only where a
    view answers it (Flask answers the others itself)."""
    found = set()
    for rule in app.url_map.iter_rules():
        path = rule.rule.replace("<path:filename>", "widget.css")
        explicit = app.view_functions[rule.endpoint].__name__ == "preflight"
        for method in rule.methods - {"HEAD"} - (set() if explicit else {"OPTIONS"}):
            found.add((method, path))
    return found


# Read from an app that is only built (no request, so no database is opened): every route any
# channel or page adds is fuzzed, with no list to keep here.
ENDPOINTS = sorted(_endpoints(make_app("sqlite://")))


def test_the_endpoints_read_include_every_channel(app):
    assert _endpoints(app) == set(ENDPOINTS)
    assert {("POST", "/api/chat"), ("POST", "/sms"), ("POST", "/whatsapp"), ("POST", "/ussd")} <= set(ENDPOINTS)


@st.composite
def requests(draw):
    """A request body and content type: JSON, a form, or raw bytes."""
    kind = draw(st.sampled_from(["json", "form", "bytes"]))
    if kind == "json":
        fields = draw(st.dictionaries(st.sampled_from(FIELDS) | TEXT, JSON_VALUE, max_size=6))
        body = json.dumps(draw(st.sampled_from([fields, [fields], "x", 1])), allow_nan=True).encode()
        return body, draw(st.sampled_from(CONTENT_TYPES[:2] + [CONTENT_TYPES[4]]))
    if kind == "form":
        from urllib.parse import urlencode

        fields = draw(st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=8))
        return urlencode(fields).encode("utf-8", "surrogatepass"), CONTENT_TYPES[1]
    return draw(st.binary(max_size=600)), draw(st.sampled_from(CONTENT_TYPES))


@pytest.fixture()
def limited_app(new_app):
    return new_app(RATE_LIMIT="30 per minute")


def _stored(app) -> tuple[int, int]:
    with app.extensions["database"].session() as session:
        return (
            len(loaded_content(session).centres),
            session.scalar(select(func.count()).select_from(Conversation)),
        )


def test_every_endpoint_refuses_a_five_megabyte_body_with_413(app):
    client = app.test_client()
    for method, path in sorted(_endpoints(app)):
        for content_type in ("application/json", "application/x-www-form-urlencoded"):
            response = client.open(path, method=method, data=FIVE_MB, content_type=content_type)
            assert response.status_code == 413, (method, path, response.status_code)
            # In the channel's own format (tests/test_body_limits.py): JSON, USSD text or TwiML.
            assert "over 65536 bytes" in response.get_data(as_text=True)


@pytest.mark.parametrize("method,path", ENDPOINTS, ids=["%s %s" % e for e in ENDPOINTS])
def test_fuzz_endpoint_with_no_5xx(limited_app, method, path):
    app = limited_app
    client = app.test_client()
    centres, _ = _stored(app)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        request=requests(),
        query=st.dictionaries(st.sampled_from(["lang", "q", "text"]), TEXT, max_size=2),
        signature=st.none() | st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
    )
    def one(request, query, signature):
        body, content_type = request
        headers = {"X-Twilio-Signature": signature} if signature is not None else {}
        response = client.open(
            path, method=method, data=body, content_type=content_type or None, query_string=query, headers=headers
        )
        assert response.status_code < 500, (body[:200], response.get_data()[:300])
        if path == "/api/chat" and method == "POST" and response.status_code >= 400:
            assert response.is_json and response.get_json()["error"]

    one()
    assert _stored(app)[0] == centres, "no content was lost"
