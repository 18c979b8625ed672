"""Configuration: defaults, then the environment, then a test mapping (see create_app).

Every setting an operator may change is read here and nowhere else. A setting that cannot be
used stops the start with a `SettingError` naming it and saying what it must be (never a
silent fall back to the default).
"""

import base64
import os
import secrets
import zoneinfo
from pathlib import Path
from typing import Any

import limits
import phonenumbers

from .i18n import DEFAULT_TIMEZONE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


class SettingError(ValueError):
    """A setting from the environment that cannot be used."""


def _int(name: str, default: int, low: int = 0, high: int | None = None) -> int:
    """The whole number in environment variable name (default when unset or empty), from low to high."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError("%s must be a whole number, not %r" % (name, raw)) from None
    if value < low or (high is not None and value > high):
        bounds = "from %d to %d" % (low, high) if high is not None else "at least %d" % low
        raise SettingError("%s must be %s, not %d" % (name, bounds, value))
    return value


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingError("%s must be on or off, not %r" % (name, raw))


def _zone(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip() or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise SettingError("%s must be an IANA time zone such as Africa/Johannesburg, not %r" % (name, value)) from None
    return value


def _regions(name: str, default: str) -> list[str]:
    codes = (os.environ.get(name, "").strip() or default).upper().split()
    unknown = [code for code in codes if code not in phonenumbers.SUPPORTED_REGIONS]
    if unknown:
        raise SettingError("%s must be ISO country codes such as ZA, not %s" % (name, " ".join(unknown)))
    return codes


def _rate(name: str, default: str) -> str:
    """A rate such as "30 per minute;300 per hour" ("" for none: "off", "0", "none")."""
    value = os.environ.get(name, default).strip()
    if value.lower() in ("", "0", "off", "none"):
        return ""
    try:
        limits.parse_many(value)
    except ValueError:
        raise SettingError(
            "%s must be a rate such as '30 per minute;300 per hour' or off, not %r" % (name, value)
        ) from None
    return value


def _fernet_key(name: str) -> str:
    """The Fernet key in environment variable name ("" when unset; README's "Reminders" says how
    to make one)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return ""
    try:
        valid = len(base64.urlsafe_b64decode(value.encode("ascii"))) == 32
    except (ValueError, UnicodeEncodeError):
        valid = False
    if not valid:
        raise SettingError("%s must be a Fernet key (32 bytes in URL-safe base64; README shows how to make one)" % name)
    return value


# The SECRET_KEY of earlier versions when none was set: public (it is in this file), so it
# protects nothing; refused.
DEFAULT_SECRET_KEY = "dev-only-secret-change-me"
# Without SECRET_KEY, a random key made once for this install and kept here (mode 0600).
SECRET_KEY_FILE = INSTANCE_DIR / "secret_key"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else this install's own random key (made on first use)."""
    value = os.environ.get("SECRET_KEY", "").strip()
    if value:
        return value
    try:
        return SECRET_KEY_FILE.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    SECRET_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process of this install made it first
        return SECRET_KEY_FILE.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secrets.token_urlsafe(48))
    return SECRET_KEY_FILE.read_text(encoding="ascii").strip()


def from_environment() -> dict[str, Any]:
    """Return the settings read from the environment, with defaults for local use."""
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:///" + str(INSTANCE_DIR / "thusong.sqlite3")),
        # Keys the hash of every identity and signs the console's cookie (see _secret_key).
        "SECRET_KEY": _secret_key(),
        "CONTENT_DIR": os.environ.get("CONTENT_DIR", str(PROJECT_ROOT / "content")),
        "LOCALES_DIR": os.environ.get("LOCALES_DIR", str(PROJECT_ROOT / "locales")),
        # Days conversation data is kept before `flask --app bot purge` removes it.
        "LOG_RETENTION_DAYS": _int("LOG_RETENTION_DAYS", 30, low=1),
        # How often a worker asks the database whether the content was reloaded.
        "CONTENT_CHECK_SECONDS": _int("CONTENT_CHECK_SECONDS", 10),
        # Request bodies over this size are refused with 413.
        "MAX_CONTENT_LENGTH": _int("MAX_BODY_BYTES", 64 * 1024, low=1024),
        # The time zone every date a citizen sees is computed in.
        "TIMEZONE": _zone("TIMEZONE", DEFAULT_TIMEZONE),
        # Twilio: the auth token checks webhook signatures; with the account SID and a sender
        # number the bot can also send an SMS (USSD "Send this to me by SMS").
        "TWILIO_AUTH_TOKEN": os.environ.get("TWILIO_AUTH_TOKEN", ""),
        "TWILIO_ACCOUNT_SID": os.environ.get("TWILIO_ACCOUNT_SID", ""),
        "TWILIO_SMS_FROM": os.environ.get("TWILIO_SMS_FROM", ""),
        # Requests one person may send on one channel ("off" for no limit), and where the
        # counters live: Redis when REDIS_URL is set (shared by all workers), else each worker.
        "RATE_LIMIT": _rate("RATE_LIMIT", "30 per minute"),
        # Feedback turns per source address on the API (anyone can name any user there).
        "FEEDBACK_ADDRESS_LIMIT": _rate("FEEDBACK_ADDRESS_LIMIT", "60 per minute;600 per hour"),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # How many proxies in front of the app may set X-Forwarded-Proto/Host (0: trust none).
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        # Sites allowed to call /api/chat from a browser (the embedded widget), space-separated.
        "WIDGET_ORIGINS": os.environ.get("WIDGET_ORIGINS", "").split(),
        # Characters on one USSD screen, prefix included (Africa's Talking allows up to 182).
        "USSD_SCREEN_CHARS": _int("USSD_SCREEN_CHARS", 160, low=60, high=182),
        # Africa's Talking does not sign callbacks: its callback URL carries this (/ussd?token=...).
        "USSD_TOKEN": os.environ.get("USSD_TOKEN", ""),
        # SMS the bot sends on its own ("Send this to me by SMS"): at most this many per number a
        # day, only to numbers of these regions (ISO codes, space-separated).
        "USSD_SMS_PER_DAY": _int("USSD_SMS_PER_DAY", 3),
        "SMS_REGIONS": _regions("SMS_REGIONS", "ZA"),
        # Reminders by SMS (bot.reminders): offered when this key (which encrypts the numbers of
        # the people who asked for them) and Twilio's account, token and a sender are set; a
        # Messaging Service SID is used instead of TWILIO_SMS_FROM when given.
        "REMINDER_KEY": _fernet_key("REMINDER_KEY"),
        "TWILIO_MESSAGING_SERVICE_SID": os.environ.get("TWILIO_MESSAGING_SERVICE_SID", "").strip(),
        # Reminders sent per second at most, for one sender, across all workers (Twilio's rate).
        "REMINDER_SEND_RATE": _rate("REMINDER_SEND_RATE", "30 per second") or "30 per second",
        # Reminders one person may get in a calendar month at most.
        "REMINDERS_PER_MONTH": _int("REMINDERS_PER_MONTH", 8, low=1, high=100),
        # The bot's public address (https://bot.example.org): Twilio reports each reminder's
        # delivery to PUBLIC_URL/sms/status (none when empty).
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "").strip(),
        # The centre managers' console: where it is served (for the password links the `users`
        # command prints), whether its cookie needs HTTPS (off only for local use over http),
        # how long a sign-in lasts, and failed sign-ins allowed per account and per address.
        # Unset: PUBLIC_URL, else this machine on PORT (a warning at start says so).
        "CONSOLE_URL": (
            os.environ.get("CONSOLE_URL", "").strip()
            or os.environ.get("PUBLIC_URL", "").strip()
            or "http://127.0.0.1:%s" % (os.environ.get("PORT", "").strip() or "5000")
        ),
        "CONSOLE_COOKIE_SECURE": _flag("CONSOLE_COOKIE_SECURE", True),
        "CONSOLE_SESSION_HOURS": _int("CONSOLE_SESSION_HOURS", 8, low=1, high=24 * 7),
        "CONSOLE_LOGIN_LIMIT": _rate("CONSOLE_LOGIN_LIMIT", "5 per 15 minutes") or "5 per 15 minutes",
        "CONSOLE_ADDRESS_LIMIT": _rate("CONSOLE_ADDRESS_LIMIT", "30 per 15 minutes") or "30 per 15 minutes",
        # The helpdesk (bot.helpdesk): tickets one person may open a day (and one address on the
        # API, where anyone may name any user), and the WhatsApp sender staff replies go from
        # (else they go by SMS).
        "HELPDESK_TICKETS_PER_DAY": _int("HELPDESK_TICKETS_PER_DAY", 3, low=1, high=100),
        "HELPDESK_ADDRESS_PER_DAY": _int("HELPDESK_ADDRESS_PER_DAY", 20, low=1, high=10_000),
        "TWILIO_WHATSAPP_FROM": os.environ.get("TWILIO_WHATSAPP_FROM", "").strip(),
        # How often the web widget asks for staff replies while its person has a question open.
        "WIDGET_POLL_SECONDS": _int("WIDGET_POLL_SECONDS", 30, low=1, high=3600),
        # The USSD code people dial (shown by the simulator and the landing page).
        "USSD_SERVICE_CODE": os.environ.get("USSD_SERVICE_CODE", "*134*1020#"),
    }


def check(config: Any) -> None:
    """Refuse settings that together cannot be used safely (SettingError naming the setting).

    SECRET_KEY may not be the public default of earlier versions (anyone could sign a console
    cookie and test a number against the stored hashes with it). A setting that lets the bot
    send paid messages needs every caller that can make it send them authenticated: with a
    sender (TWILIO_SMS_FROM or TWILIO_MESSAGING_SERVICE_SID, and Twilio's account), /ussd's "Send
    this to me by SMS" and its reminders send SMS to the number the callback names, and Africa's
    Talking's callbacks are authenticated only by USSD_TOKEN.
    (Twilio's own webhooks are: sending needs TWILIO_AUTH_TOKEN, which then checks them.)"""
    if config.get("SECRET_KEY") == DEFAULT_SECRET_KEY:
        raise SettingError(
            "SECRET_KEY must not be the public default %r: set a long random value, or leave it unset "
            "for a key of this install's own (kept in %s)" % (DEFAULT_SECRET_KEY, SECRET_KEY_FILE)
        )
    sender = config.get("TWILIO_SMS_FROM") or config.get("TWILIO_MESSAGING_SERVICE_SID")
    if config.get("TWILIO_ACCOUNT_SID") and sender and not config.get("USSD_TOKEN"):
        raise SettingError(
            "USSD_TOKEN must be set when the bot can send SMS (TWILIO_ACCOUNT_SID with TWILIO_SMS_FROM or "
            "TWILIO_MESSAGING_SERVICE_SID): without it anyone can call /ussd as any number and make the bot "
            "send paid SMS to it (README: Pointing an Africa's Talking USSD code at a deployment)"
        )
