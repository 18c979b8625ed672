"""Who is talking, namespaced by how it was proven, and never stored as such (POPIA).

An identity is a string whose form says where it came from, so no channel can reach another's
conversations:
- `phone(number)`: a phone number from a signed Twilio request or a token-checked USSD
  callback, in E.164 ("+27821234567", normalised with `phonenumbers`; South African national
  forms such as "082 123 4567" are understood). SMS, WhatsApp and USSD of one number share it.
  What cannot be read as a number (a short code, an alphanumeric sender) is "tel:" + the text.
- `web(user)`: the API's and the widget's `user`, "web:" + user. It never starts with "+" or
  "tel:", so whatever a web client sends, it cannot name a phone.
- `simulated(number)`: a simulator visitor's test number, "sim:" + number; never a phone
  (nothing is sent to it).
`user_key(secret, identity)` is the HMAC-SHA256 of an identity keyed with SECRET_KEY: the one
value that stands for a person in every table and rate-limit counter; the identity itself
cannot be read back from it without the key.

Phone identities are the bare E.164 numbers that keys were made of before namespaces, so a
phone's stored conversation carries over; web users' old rows no longer match and expire with
`purge` (they cannot be told apart from phones' rows once hashed).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Container

import phonenumbers

# Numbers written without a country code are South African.
DEFAULT_REGION = "ZA"
WEB, SIMULATED, OTHER_PHONE = "web:", "sim:", "tel:"


def e164(number: str) -> str | None:
    """number in E.164 ("+27821234567"), or None when it cannot be read as a phone number.
    Accepts "whatsapp:" before it, spaces, dashes and South African national forms."""
    text = number.strip().removeprefix("whatsapp:").strip()
    if not text or len(text) > 64:
        return None
    try:
        parsed = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone(number: str) -> str:
    """The identity of a phone number proven by its channel (see the module docstring)."""
    normal = e164(number)
    return normal if normal else OTHER_PHONE + number.strip().removeprefix("whatsapp:").strip()


def web(user: str) -> str:
    """The identity of an API or widget user id."""
    return WEB + user.strip()


def simulated(number: str) -> str:
    """The identity of a simulator visitor's test number."""
    return SIMULATED + number.strip()


def phone_number(identity: str) -> str | None:
    """The E.164 number a phone identity stands for (to send it an SMS), else None."""
    return identity if identity.startswith("+") else None


# Number types an SMS reaches (phonenumbers' types): a landline never gets one.
_SMS_TYPES = frozenset({phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})


def sms_reaches(identity: str, regions: Container[str]) -> bool:
    """True when identity is a valid mobile phone number (as phonenumbers types it; "fixed line
    or mobile" where a region's numbers cannot tell) of one of regions (ISO codes such as "ZA"):
    a number the bot may send an SMS to (+27116001234, a Johannesburg landline, is not one)."""
    number = phone_number(identity)
    if number is None:
        return False
    parsed = phonenumbers.parse(number)
    return (
        phonenumbers.is_valid_number(parsed)
        and phonenumbers.region_code_for_number(parsed) in regions
        and phonenumbers.number_type(parsed) in _SMS_TYPES
    )


def user_key(secret: str, identity: str) -> str:
    """The keyed hash that stands for identity in every table (64 hex characters)."""
    return hmac.new(secret.encode("utf-8"), identity.strip().encode("utf-8"), hashlib.sha256).hexdigest()
