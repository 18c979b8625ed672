"""Security headers (bot.headers): every response carries a Content-Security-Policy, nosniff and a
Referrer-Policy; inline scripts run only with the request's nonce; only listed origins may frame
a page. (tests/browser checks that the widget and the simulators still work under the policy.)"""

from __future__ import annotations

import re

import pytest

WIDGET_ORIGIN = "https://www.municipality.gov.za"
PAGES = ["/", "/simulator/ussd", "/simulator/sms", "/widget.js", "/healthz", "/no-such-page"]


@pytest.fixture()
def client(new_app):
    return new_app(WIDGET_ORIGINS=[WIDGET_ORIGIN]).test_client()


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = [d.split() for d in response.headers["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'", WIDGET_ORIGIN]


def test_api_answers_and_errors_carry_them_too(client):
    for response in (
        client.post("/api/chat", json={"user": "h", "text": "hi"}),
        client.post("/api/chat", json={"user": 5}),
        client.post("/ussd", data={"text": ""}),
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "script-src" in policy(response)


@pytest.mark.parametrize("path", ["/simulator/ussd", "/simulator/sms"])
def test_inline_scripts_carry_this_requests_nonce_and_no_other_inline_script_runs(client, path):
    first, second = client.get(path), client.get(path)
    page = first.get_data(as_text=True)
    sources = policy(first)["script-src"]
    nonces = [s[len("'nonce-") : -1] for s in sources if s.startswith("'nonce-")]
    assert sources[0] == "'self'" and "'unsafe-inline'" not in sources and len(nonces) == 1
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline and all('nonce="%s"' % nonces[0] in attributes for attributes in inline)
    assert policy(second)["script-src"] != sources  # a fresh nonce each time


def test_pages_without_inline_scripts_allow_no_nonce(client):
    assert policy(client.get("/"))["script-src"] == ["'self'"]
