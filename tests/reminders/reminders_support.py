"""What the reminder tests share: settings that turn reminders on, a clock the test moves, a fake
Twilio REST client in place of the real one (no test reaches the network), and a person's ways
to ask for a reminder on each channel."""

from __future__ import annotations

import datetime as dt
import uuid

from harness import TOKEN, Dialled, Driver

from bot.text.sms_text import plain_letters

KEY = "Zm9yIHRlc3RzIG9ubHk6IHRoaXJ0eS10d28gYnl0ZXM="  # a Fernet key for tests only
SENDER = "+27600000000"
USSD_TOKEN = "ussd-token-for-tests"
REDIS = "redis://127.0.0.1:6379/14"
SMS, WHATSAPP = Driver("sms"), Driver("whatsapp")


def redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


class Clock:
    """Now, as the test sets it (UTC)."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def set_local(self, *args: int) -> None:
        """Set now to a South African date and time (year, month, day, hour, minute)."""
        self.moment = dt.datetime(*args, tzinfo=dt.timezone(dt.timedelta(hours=2))).astimezone(dt.UTC)


class Sent:
    def __init__(self, sid: str, to: str = "", body: str = "") -> None:
        self.sid, self.to, self.body = sid, to, body


class FakeTwilio:
    """Records what Twilio's client would have sent; `failing` maps a number to the error its
    sends raise."""

    def __init__(self) -> None:
        self.sent: list[dict] = []
        self.failing: dict[str, Exception] = {}
        self.messages = self

    def create(self, **message):
        if message["to"] in self.failing:
            raise self.failing[message["to"]]
        self.sent.append(message)
        message["sid"] = "SM" + uuid.uuid4().hex
        return Sent(message["sid"])

    def list(self, to=None, date_sent_after=None, limit=50):
        """The messages Twilio has to a number (as its REST API's list, filtered by to)."""
        return [Sent(m["sid"], m["to"], m["body"]) for m in self.sent if m["to"] == to][:limit]

    def to(self, number: str) -> list[str]:  # (the bodies sent to number)
        return [m["body"] for m in self.sent if m["to"] == number]


class FakeSms:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> None:
        self.sent.append((to, body))


def settings(clock, **extra):
    return {
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_SMS_FROM": SENDER,
        "REMINDER_KEY": KEY,
        "USSD_TOKEN": USSD_TOKEN,
        "NOW": clock,
        **extra,
    }


def say(app, driver, number: str, text: str) -> str:
    """What the person with number reads after sending text on driver (SMS or WhatsApp)."""
    response = driver.post(app.test_client(), driver.form(text, user=number))
    assert response.status_code == 200
    return "\n".join(driver.texts(response))


def option(text: str, label: str) -> str:
    """The number of the option labelled label in a reply's text ("3. Remind me ...")."""
    for line in text.splitlines():
        key, _, rest = line.partition(" ")
        # an SMS in Sepedi or Tshivenda, or a USSD screen, writes the label in plain letters
        if rest.strip() in (label, plain_letters(label)) and key.rstrip(".").isdigit():
            return key.rstrip(".")
    raise AssertionError("no option %r in:\n%s" % (label, text))


def subscribe_by_message(app, driver, number: str, question: str, label: str = "Remind me the day before") -> str:
    """Ask question, then take the reminder offered; the confirmation."""
    text = say(app, driver, number, question)
    while label not in text and plain_letters(label) not in text and "MORE" in text:  # the next SMS page
        text = say(app, driver, number, "MORE")
    return say(app, driver, number, option(text, label))


def subscribe_by_ussd(app, number: str, question: str, label: str = "Remind me the day before") -> str:
    """Dial, type question, take the reminder offered; the screens of the answer, to the last."""
    dialled = Dialled(app.test_client(), phone=number, token=app.config["USSD_TOKEN"])
    screen = dialled.press(question)
    while label not in screen and "\n98 " in screen:
        screen = dialled.press("98")
    screens = [dialled.press(option(screen.removeprefix("CON "), label))]
    while screens[-1].startswith("CON ") and "\n98 " in screens[-1]:
        screens.append(dialled.press("98"))
    return "\n".join(screens)
