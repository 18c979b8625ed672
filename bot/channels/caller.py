"""Who one channel request speaks for, worked out once per request.

`caller(request_user, rate_exempt)` asks the channel who the request names (its
`request_user()`: an identity, bot.dialogue.identity) and whether the view will refuse it as
unproven (`rate_exempt()`: a forged Twilio signature, a wrong USSD token), and hashes the
identity once (identity.user_key). The rate limit (limits.py) and the channel's view both ask;
the answer is kept for the rest of the request (in its WSGI environ), so a turn parses its sender, checks its
signature and hashes its identity once, and the view hands the hash to the core
(`Inbound.key`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request

from ..dialogue.identity import user_key

# Kept in the request's WSGI environ: it lives exactly as long as the request (flask.g lives
# as long as the app context, which a test or a CLI command may hold across requests).
_KEPT = "thusong.caller"


@dataclass(frozen=True)
class Caller:
    """The identity a request names (None: nobody), its keyed hash, and whether the request is
    exempt from the rate limit because the view will refuse it as unproven."""

    user: str | None
    key: str | None
    exempt: bool


def caller(request_user: Callable[[], str | None], rate_exempt: Callable[[], bool]) -> Caller:
    """This request's Caller, worked out by the first to ask (the rate limit, else the view)."""
    found = request.environ.get(_KEPT)
    if found is None:
        user = request_user()
        key = user_key(current_app.config["SECRET_KEY"], user) if user else None
        found = request.environ[_KEPT] = Caller(user, key, rate_exempt())
    return found
