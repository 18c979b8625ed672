"""Real wire payloads (tests/channels/testdata/*.form), the message each adapter must read from
them (*.inbound.json: the Inbound the core receives, as courier's tests assert the parsed
message, its sender and its external id) and the renderings expected beside them (*.expected:
every line must appear in the response body)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

TESTDATA = Path(__file__).parent / "testdata"
PAYLOADS = sorted(TESTDATA.glob("*.form"))
PATHS = {"twilio_sms": "/sms", "twilio_whatsapp": "/whatsapp", "ussd": "/ussd"}


def _path(name: str) -> str:
    return next(path for prefix, path in PATHS.items() if name.startswith(prefix))


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.stem for p in PAYLOADS])
def test_payload_is_read_and_rendered_as_expected(app, client, payload):
    conversations = app.extensions["conversations"]
    received = []
    respond = conversations.respond

    def spy(inbound, *writes):
        received.append(inbound)
        return respond(inbound, *writes)

    conversations.respond = spy
    body = payload.read_bytes().strip()
    response = client.post(_path(payload.stem), data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    expected = json.loads(payload.with_name(payload.stem + ".inbound.json").read_text(encoding="utf-8"))
    # One turn per message; a USSD session this server has not seen replays its earlier inputs.
    assert [inbound.text for inbound in received] == expected.pop("turns", [expected["text"]])
    read = dataclasses.asdict(received[-1])
    assert {name: value for name, value in read.items() if name in expected} == expected
    text = response.get_data(as_text=True)
    for line in payload.with_suffix(".expected").read_text(encoding="utf-8").splitlines():
        assert line in text, (line, text)
    if payload.stem.startswith("twilio"):
        assert response.mimetype == "application/xml"
    else:
        assert response.mimetype == "text/plain" and len(text) <= 160


def test_there_is_a_payload_for_each_channel():
    assert {_path(p.stem) for p in PAYLOADS} == set(PATHS.values())
