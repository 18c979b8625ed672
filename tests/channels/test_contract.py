"""Adding a channel is one adapter module that meets bot.channels.Channel and one entry in
CHANNELS: a toy channel, added so, is served, rate-limited per person with its own "please
wait", answers a failed turn with its own apology and refuses a body over the limit in its own
format, with no other file changed. A module missing a member of the contract is named at start."""

from __future__ import annotations

import types

import pytest
from flask import Blueprint, Response, current_app, request

from bot import channels
from bot.dialogue import identity
from bot.messages import Inbound


def toy_channel(**without: bool):
    """A channel that speaks plain text on POST /toy (form fields `who` and `text`)."""
    blueprint = Blueprint("toy", __name__)

    @blueprint.post("/toy")
    def toy():
        if request.form.get("text") == "boom":
            raise RuntimeError("the toy channel's turn failed")
        reply = current_app.extensions["conversations"].respond(
            Inbound(channel="web", user=identity.web(request.form["who"]), text=request.form.get("text", ""))
        )
        return Response("TOY " + reply.text, mimetype="text/plain")

    members = {
        "blueprint": blueprint,
        "request_user": lambda: identity.web(request.form["who"]) if request.form.get("who") else None,
        "rate_exempt": lambda: request.form.get("who") == "unproven",
        "wait_response": lambda reply, breach: Response("TOY-WAIT " + reply.text, mimetype="text/plain"),
        "apology_response": lambda reply: Response("TOY-SORRY " + reply.text, mimetype="text/plain"),
        "error_response": lambda message, status: Response(
            "TOY-ERROR " + message, status=status, mimetype="text/plain"
        ),
    }
    return types.SimpleNamespace(**{k: v for k, v in members.items() if k not in without})


@pytest.fixture()
def toy_client(new_app, monkeypatch):
    monkeypatch.setattr(channels, "CHANNELS", channels.CHANNELS + [toy_channel()])
    return new_app(RATE_LIMIT="2 per hour").test_client()


def test_a_channel_in_the_list_is_served(toy_client):
    answer = toy_client.post("/toy", data={"who": "a", "text": "what documents do i need for a smart id card"})
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert text.startswith("TOY ") and "ID" in text


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
def test_a_channel_missing_a_member_is_named_at_start(new_app, monkeypatch, member):
    monkeypatch.setattr(channels, "CHANNELS", channels.CHANNELS + [toy_channel(**{member: True})])
    with pytest.raises(TypeError, match=member):
        new_app()
