"""Adding a channel is one adapter module with a CHANNEL (bot.channels.spec.Channel): a toy
channel's module, put in the package's path, is found, served, rate-limited per person with its
own "please wait", answers a failed turn with its own apology, refuses a body over the limit in
its own format, and is driven by the shared test harness through its Wire, with no other file
changed. A Channel missing a member is refused when made, naming it."""

from __future__ import annotations

import sys
import textwrap

import pytest
from harness import Driver

from bot import channels
from bot.channels.spec import Channel

TOY = '''
"""A channel that speaks plain text on POST /toy (form fields `who` and `text`)."""

from flask import Blueprint, Response, current_app, request

from bot.channels.spec import Channel, Wire
from bot.dialogue import identity
from bot.messages import Inbound

blueprint = Blueprint("toy", __name__)


@blueprint.post("/toy")
def toy():
    if request.form.get("text") == "boom":
        raise RuntimeError("the toy channel's turn failed")
    reply = current_app.extensions["conversations"].respond(
        Inbound(channel="toy", user=identity.web(request.form["who"]), text=request.form.get("text", ""))
    )
    return Response("TOY " + reply.text, mimetype="text/plain")


CHANNEL = Channel(
    blueprint=blueprint,
    request_user=lambda: identity.web(request.form["who"]) if request.form.get("who") else None,
    rate_exempt=lambda: request.form.get("who") == "unproven",
    wait_response=lambda reply, breach: Response("TOY-WAIT " + reply.text, mimetype="text/plain"),
    apology_response=lambda reply: Response("TOY-SORRY " + reply.text, mimetype="text/plain"),
    error_response=lambda message, status: Response("TOY-ERROR " + message, status=status, mimetype="text/plain"),
    wires={
        "toy": Wire(
            path="/toy",
            form=lambda text="hi", user=None, **extra: {"who": user or "someone", "text": text} | extra,
            texts=lambda response: [response.get_data(as_text=True)],
            identity=identity.web,
        )
    },
)
'''


@pytest.fixture()
def toy_client(new_app, monkeypatch, tmp_path):
    (tmp_path / "toy_channel.py").write_text(textwrap.dedent(TOY))
    monkeypatch.setattr(channels, "__path__", [*channels.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, "bot.channels.toy_channel", raising=False)
    found = channels._found()
    assert [c.name for c in found if c.name == "toy"] == ["toy"]
    monkeypatch.setattr(channels, "CHANNELS", found)
    return new_app(RATE_LIMIT="2 per hour").test_client()


def test_a_channel_module_is_found_and_served(toy_client):
    answer = toy_client.post("/toy", data={"who": "a", "text": "what documents do i need for a smart id card"})
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert text.startswith("TOY ") and "ID" in text


def test_the_harness_drives_it_through_its_wire(toy_client):
    driver = Driver("toy")
    texts = driver.texts(driver.post(toy_client, driver.form("passport", user="f")))
    assert texts[0].startswith("TOY ") and "Passport" in texts[0]


def test_it_is_rate_limited_per_person_with_its_own_please_wait(toy_client):
    assert [toy_client.post("/toy", data={"who": "b", "text": "hi"}).get_data(as_text=True)[:4] for _ in range(2)] == [
        "TOY "
    ] * 2
    over = toy_client.post("/toy", data={"who": "b", "text": "hi"}).get_data(as_text=True)
    assert over.startswith("TOY-WAIT ") and "sending messages very quickly" in over
    assert toy_client.post("/toy", data={"who": "c", "text": "hi"}).get_data(as_text=True).startswith("TOY ")


def test_its_exempt_requests_are_not_counted(toy_client):
    for _ in range(4):
        answer = toy_client.post("/toy", data={"who": "unproven", "text": "hi"})
        assert answer.get_data(as_text=True).startswith("TOY ")


def test_a_failed_turn_gets_its_own_apology(toy_client):
    answer = toy_client.post("/toy", data={"who": "d", "text": "boom"})
    assert answer.status_code == 200
    assert answer.get_data(as_text=True).startswith("TOY-SORRY Sorry, Thusong Bot cannot answer right now")


def test_a_body_over_the_limit_is_refused_in_its_format(toy_client):
    answer = toy_client.post("/toy", data={"who": "e", "text": "x" * (70 * 1024)})
    assert answer.status_code == 413
    assert answer.get_data(as_text=True).startswith("TOY-ERROR the request body is over")


@pytest.mark.parametrize("member", ["rate_exempt", "apology_response", "wait_response"])
def test_a_channel_missing_a_member_is_refused_naming_it(member):
    members = {name: (lambda *args: None) for name in Channel.__dataclass_fields__ if name not in ("wires",)}
    members = {k: v for k, v in members.items() if k not in ("sms_reaches", "by_address", member)}
    with pytest.raises(TypeError, match=member):
        Channel(**members)
