"""Channel adapters: each turns its wire format into an Inbound and renders the core's Reply.

Adding a channel is one adapter module that meets `Channel`, one test file and one entry in
CHANNELS: `register` mounts it, rate-limits it per person (limits), and answers its errors
(errors, apology) in its format (tests/channels/test_contract.py adds a toy channel so).
"""

from __future__ import annotations

from typing import Any, Protocol

from flask import Blueprint, jsonify

from ..messages import Reply
from . import twilio_sms, ussd, web_api


class Channel(Protocol):
    """What every channel module provides (as Rasa's InputChannel and courier's handlers do)."""

    blueprint: Blueprint
    """The channel's routes."""

    def request_user(self) -> str | None:
        """The identity (bot.dialogue.identity) this request speaks for, or None: the rate
        limit's key. Must not raise on any input; the view refuses what it cannot read."""

    def rate_exempt(self) -> bool:
        """True for a request the view will refuse as not proven (a forged signature, a wrong
        token): it is not counted against the person it names."""

    def wait_response(self, reply: Reply, breach: Any) -> Any:
        """The answer to a person over the rate limit: reply ("please wait") in the channel's
        format; breach (limits.Breach) says when the window ends."""

    def apology_response(self, reply: Reply) -> Any:
        """The answer when a turn fails unexpectedly: reply (the apology) with status 200."""

    def error_response(self, message: str, status: int) -> Any:
        """A refusal before the view ran (body too large, not sent in time) with status."""


_MEMBERS = sorted(
    set(Channel.__annotations__)
    | {name for name, value in vars(Channel).items() if callable(value) and not name.startswith("_")}
)

CHANNELS: list[Channel] = [web_api, twilio_sms, ussd]
"""Every channel module."""


def for_blueprint(blueprint_name: str | None) -> Channel | None:
    """The channel that owns blueprint_name, if any."""
    for channel in CHANNELS:
        if channel.blueprint.name == blueprint_name:
            return channel
    return None


def error_response(blueprint_name: str | None, message: str, status: int):
    """The refusal message with status, in the format of the channel that owns blueprint_name
    (JSON for any other page)."""
    channel = for_blueprint(blueprint_name)
    return channel.error_response(message, status) if channel else (jsonify(error=message), status)


def register(app) -> None:
    """Register every channel's blueprint (rate-limited per person) on app. Call after the app's
    own before_request checks (body size) are installed."""
    from . import limits

    for channel in CHANNELS:
        missing = [name for name in _MEMBERS if not hasattr(channel, name)]
        if missing:
            raise TypeError(
                "channel %s lacks %s (see bot.channels.Channel)"
                % (getattr(channel, "__name__", channel), ", ".join(missing))
            )
        app.register_blueprint(channel.blueprint)
    limits.install(app, CHANNELS, by_address=[web_api])
