"""Bodies over MAX_CONTENT_LENGTH (64 KB) get 413, whether sent with a Content-Length or chunked,
in the format of the channel asked: JSON on /api/chat, a USSD END screen on /ussd, TwiML on /sms.
A chunked body within the limit is read as usual."""

from __future__ import annotations

import io
import json

import pytest

OVER = 65 * 1024


def post(client, path: str, body: bytes, content_type: str, chunked: bool):
    if chunked:
        return client.post(
            path, input_stream=io.BytesIO(body), content_type=content_type, headers={"Transfer-Encoding": "chunked"}
        )
    return client.post(path, data=body, content_type=content_type)


def json_error(response) -> str:
    return response.get_json()["error"]


def ussd_screen(response) -> str:
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def twiml(response) -> str:
    assert response.mimetype == "application/xml"
    return response.get_data(as_text=True)


CHANNELS = {
    "api": (
        "/api/chat",
        "application/json",
        json.dumps({"user": "u", "text": "x" * OVER}).encode(),
        lambda r: "over 65536 bytes" in json_error(r),
    ),
    "ussd": (
        "/ussd",
        "application/x-www-form-urlencoded",
        b"sessionId=s&phoneNumber=%2B27825550001&text=" + b"1" * OVER,
        lambda r: ussd_screen(r).startswith("END ") and "over 65536 bytes" in ussd_screen(r),
    ),
    "sms": (
        "/sms",
        "application/x-www-form-urlencoded",
        b"From=%2B27825550001&Body=" + b"x" * OVER,
        lambda r: "<Response><Message>" in twiml(r) and "over 65536 bytes" in twiml(r),
    ),
}


@pytest.mark.parametrize("chunked", [False, True], ids=["with a length", "chunked"])
@pytest.mark.parametrize("channel", CHANNELS)
def test_a_body_over_the_limit_is_refused_in_the_channels_format(client, channel, chunked):
    path, content_type, body, in_format = CHANNELS[channel]
    response = post(client, path, body, content_type, chunked)
    assert response.status_code == 413
    assert in_format(response)


def test_a_chunked_body_within_the_limit_is_answered(client):
    body = json.dumps({"user": "chunky", "text": "what documents do I need for a passport"}).encode()
    response = post(client, "/api/chat", body, "application/json", chunked=True)
    assert response.status_code == 200
    assert response.get_json()["entities"].get("service") == "passport"


class Stalled(io.BytesIO):
    """A request body whose sender stopped: reading it times out (see bot.gunicorn_worker)."""

    def read(self, size=-1) -> bytes:
        raise TimeoutError("the client paused too long")


@pytest.mark.parametrize(
    "path, content_type", [("/api/chat", "application/json"), ("/ussd", "application/x-www-form-urlencoded")]
)
def test_a_chunked_body_that_stops_coming_gets_408_never_a_5xx(client, path, content_type):
    response = client.post(
        path, input_stream=Stalled(), content_type=content_type, headers={"Transfer-Encoding": "chunked"}
    )
    assert response.status_code == 408
    assert "not sent in time" in response.get_data(as_text=True)
