"""Who is talking, without storing who they are (POPIA).

A person's channel id (a phone number, a web user id) is never stored: `user_key` is an
HMAC-SHA256 of it keyed with SECRET_KEY, so the same person maps to the same conversation but
the number cannot be read back or guessed from the database without the key.
"""
import hashlib
import hmac


def user_key(secret: str, user: str) -> str:
    """The keyed hash that stands for user in every table (64 hex characters)."""
    return hmac.new(secret.encode("utf-8"), user.strip().encode("utf-8"), hashlib.sha256).hexdigest()
