"""One turn is worked out once (issue 28): on every channel, with the rate limit on, a message
has its signature checked once (signed channels), its sender's identity hashed once for the rate
limit and the conversation together, and its reply rendered once for what is stored and what is
sent. Counted by wrapping the functions that do each."""

from __future__ import annotations

import types

import pytest
from harness import DRIVERS, TOKEN
from twilio.request_validator import RequestValidator

from bot.channels import twilio_sms, ussd, web_api
from bot.dialogue import identity

# What renders a reply on each channel shipped (its module and function).
RENDERS = {"sms": (twilio_sms, "_rendered"), "whatsapp": (twilio_sms, "_rendered"), "ussd": (ussd, "_shown")}
RENDERS["web"] = (web_api, "render")


@pytest.fixture()
def counted(monkeypatch):
    """Counts of signature checks, identity hashes (not the per-address feedback key) and renders."""
    counts = {"signatures": 0, "identity hashes": 0, "renders": 0}
    real_validate, real_hmac = RequestValidator.validate, identity.hmac

    def validate(self, *args, **kwargs):
        counts["signatures"] += 1
        return real_validate(self, *args, **kwargs)

    def new(key, message, digest):
        if not message.startswith(b"address:"):
            counts["identity hashes"] += 1
        return real_hmac.new(key, message, digest)

    monkeypatch.setattr(RequestValidator, "validate", validate)
    monkeypatch.setattr(identity, "hmac", types.SimpleNamespace(new=new))
    return counts, monkeypatch


@pytest.mark.parametrize("driver", [d for d in DRIVERS if d.name in RENDERS], ids=lambda d: d.name)
@pytest.mark.parametrize("text", ["when is sassa at jozini", "hi"])
def test_one_turn_checks_hashes_and_renders_once(new_app, counted, driver, text):
    counts, monkeypatch = counted
    app = new_app(TWILIO_AUTH_TOKEN=TOKEN, RATE_LIMIT="30 per minute", USSD_TOKEN="")
    module, name = RENDERS[driver.name]
    real_render = getattr(module, name)

    def render(*args, **kwargs):
        counts["renders"] += 1
        return real_render(*args, **kwargs)

    monkeypatch.setattr(module, name, render)
    client = app.test_client()
    form = driver.form("" if driver.ends_on_final else text, user="+27821234567")  # a session starts with a dial
    response = driver.post(client, form)
    assert response.status_code == 200 and driver.texts(response), response.data[:300]
    assert counts == {"signatures": 1 if driver.signed else 0, "identity hashes": 1, "renders": 1}
