"""Channel adapters: each turns its wire format into an Inbound and renders the core's Reply.

A channel is one module of this package with a `CHANNEL` (bot.channels.spec.Channel): CHANNELS
holds every one found, and `register` mounts each, rate-limits it per person (limits) and
answers its errors (errors, apology) in its format. Adding a channel is that one module and its
table of wire cases (tests/channels/test_contract.py adds a toy channel so; the shared test
harness drives it through its `Wire`s).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

from flask import jsonify

from .spec import Channel, Wire


def _found() -> list[Channel]:
    """The CHANNEL of every module of this package that has one, by module name."""
    found = []
    for module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
        spec = getattr(importlib.import_module("%s.%s" % (__name__, module)), "CHANNEL", None)
        if isinstance(spec, Channel):
            found.append(spec)
    return found


CHANNELS: list[Channel] = _found()
"""Every channel."""


def for_blueprint(blueprint_name: str | None) -> Channel | None:
    """The channel that owns blueprint_name, if any."""
    for channel in CHANNELS:
        if channel.name == blueprint_name:
            return channel
    return None


def error_response(blueprint_name: str | None, message: str, status: int):
    """The refusal message with status, in the format of the channel that owns blueprint_name
    (JSON for any other page)."""
    channel = for_blueprint(blueprint_name)
    return channel.error_response(message, status) if channel else (jsonify(error=message), status)


def wires() -> dict[str, Wire]:
    """Every channel name's Wire (what tests and the simulator speak)."""
    return {name: wire for channel in CHANNELS for name, wire in channel.wires.items()}


def sms_reached() -> frozenset[str]:
    """The channel names whose people may get an SMS (their identity is a proven phone)."""
    return frozenset(name for channel in CHANNELS if channel.sms_reaches for name in channel.wires)


def settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """Every channel's own settings: from environ, else their defaults."""
    return {name: environ.get(name, default) for c in CHANNELS for name, default in c.settings.items()}


def register(app) -> None:
    """Register every channel's blueprint (rate-limited per person) on app. Call after the app's
    own before_request checks (body size) are installed."""
    from . import limits

    for channel in CHANNELS:
        app.register_blueprint(channel.blueprint)
    limits.install(app, CHANNELS)
