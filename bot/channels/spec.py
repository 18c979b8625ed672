"""What a channel is: one `Channel` object in its adapter module (`CHANNEL = Channel(...)`).

bot.channels finds every module of the package that has one, so adding a channel is one module
(and its table of wire cases in tests/channels/). From the specs come the routes (`blueprint`),
the per-person rate limit (`request_user`, `rate_exempt`: one Caller per request,
bot.channels.caller), the answers given before or instead of a turn (`wait_response`,
`apology_response`, `error_response`), which channels' people may get reminders by SMS
(`sms_reaches`), which are limited per source address too (`by_address`) and the
settings it reads (`settings`). Each name the
channel gives `Inbound.channel` has a `Wire`: how a test (or the simulator) speaks it, so the
shared test harness drives every channel without naming any.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint

from ..messages import Reply


def _form_encoded(data: Any) -> bytes:
    return data if isinstance(data, bytes) else urlencode(data or {}).encode()


@dataclass(frozen=True)
class Wire:
    """How to speak one channel name over the wire, for tests and the simulator.

    `form(text, user=None, **extra)` is a request's fields from a person (user: their number or
    id; a new one when None), `encode` its body, `texts(response)` what the person reads in an
    answer, `identity(user)` the bot.dialogue.identity the channel proves for user. `sign(token,
    url, data)` gives the headers that prove a request (None: nothing is signed).
    `location(lat, lon)` is the fields of a shared location (None: the channel cannot send one).
    `pages_key(owner, session)` is where the adapter keeps the pages still to show a person
    (owner: their user key). `sessions`: an answer that is final ends the session (USSD), and the
    next message dials again. `options_as_text`: the options are listed in the text (the web
    shows buttons instead)."""

    path: str
    form: Callable[..., dict[str, Any]]
    texts: Callable[[Any], list[str]]
    identity: Callable[[str], str]
    content_type: str = "application/x-www-form-urlencoded"
    encode: Callable[[Any], bytes] = _form_encoded
    sign: Callable[[str, str, dict[str, Any]], dict[str, str]] | None = None
    location: Callable[[float, float], dict[str, Any]] | None = None
    pages_key: Callable[[str, str | None], str] | None = None
    sessions: bool = False
    options_as_text: bool = True


@dataclass(frozen=True)
class Channel:
    """One channel adapter (see the module docstring); `wires` maps each name it gives
    Inbound.channel ("sms", "whatsapp") to its Wire."""

    blueprint: Blueprint
    request_user: Callable[[], str | None]
    """The identity (bot.dialogue.identity) this request speaks for, or None: the rate limit's
    key. Must not raise on any input; the view refuses what it cannot read."""
    rate_exempt: Callable[[], bool]
    """True for a request the view will refuse as not proven (a forged signature, a wrong
    token): it is not counted against the person it names."""
    wait_response: Callable[[Reply, Any], Any]
    """The answer to a person over the rate limit: reply ("please wait") in the channel's
    format; the breach (limits.Breach) says when the window ends."""
    apology_response: Callable[[Reply], Any]
    """The answer when a turn fails unexpectedly: reply (the apology) with status 200."""
    error_response: Callable[[str, int], Any]
    """A refusal before the view ran (body too large, not sent in time) with status."""
    wires: dict[str, Wire] = field(default_factory=dict)
    sms_reaches: bool = False
    """Its identities are phones the bot may send an SMS to (reminders, "send this by SMS")."""
    by_address: bool = False
    """Anyone may name any user on it: its feedback is also limited per source address."""
    settings: dict[str, Any] = field(default_factory=dict)
    """Its own settings and their defaults (a token, a bot's name): create_app reads each from
    the environment, as bot.config does the app's."""

    @property
    def name(self) -> str:
        """The channel's name: its blueprint's."""
        return self.blueprint.name
