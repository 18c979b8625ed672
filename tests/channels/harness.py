"""The shared channel test harness: one driver per channel, table-driven cases, and the cases
every channel gets automatically (signatures, empty and huge bodies, bad encodings, emoji,
SQL metacharacters).

A `Case` is a label, the request data, headers, the expected status, and what the answer must
show: a fragment the raw body must contain, one it must not, a fragment the rendered text
must contain (each None when the status says it all; never empty).
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

TOKEN = "test-token"


@dataclass
class Case:
    label: str
    data: dict | bytes | None
    headers: dict = field(default_factory=dict)
    status: int = 200
    body_has: str | None = None
    text_has: str | None = None
    sign: bool = True  # signed channels: sign the request correctly
    body_lacks: str | None = None

    def __post_init__(self) -> None:
        if "" in (self.body_has, self.text_has, self.body_lacks):
            raise ValueError("%s: an empty fragment asserts nothing" % self.label)


class Driver:
    """How to talk to one channel over its wire format."""

    name = ""
    path = ""
    signed = False
    content_type = "application/x-www-form-urlencoded"
    locates = False  # a person can send a location on it
    options_as_text = True  # its replies list the options in the text (the web shows buttons)
    ends_on_final = False  # a final answer ends the session (USSD)

    def talk(self, app, user: str, name: str) -> Talk:
        """One person's conversation with the app over this channel."""
        return Talk(self, app, user)

    def location_fields(self, location: dict) -> dict:
        raise NotImplementedError("%s cannot send a location" % self.name)

    def identity(self, user: str) -> str:
        """The bot.dialogue.identity the channel gives user."""
        from bot.dialogue import identity

        return identity.phone(user)

    def kept_pages(self, app, user: str, session=None) -> list[str]:
        """The pages the adapter keeps for user (and USSD session) to page through."""
        return []

    def _kept_under(self, app, user: str, key_of) -> list[str]:
        """The pages stored under key_of(user's user key) in the adapter's ChannelSessions."""
        from bot.channels.store import ChannelSessions
        from bot.dialogue.identity import user_key

        owner = user_key(app.config["SECRET_KEY"], self.identity(user))
        return ChannelSessions(app.extensions["database"]).load(key_of(owner)).get("pages", [])

    def form(self, text: str = "hi", user: str | None = None, **extra) -> dict:
        raise NotImplementedError

    def encode(self, data) -> bytes:
        return data if isinstance(data, bytes) else urlencode(data or {}).encode()

    def post(self, client, data, headers=None, sign=True):
        headers = dict(headers or {})
        if self.signed and sign and isinstance(data, dict) and "X-Twilio-Signature" not in headers:
            headers["X-Twilio-Signature"] = RequestValidator(TOKEN).compute_signature(
                "http://localhost" + self.path, data
            )
        return client.post(self.path, data=self.encode(data), headers=headers, content_type=self.content_type)

    def texts(self, response) -> list[str]:
        """What the person would read."""
        raise NotImplementedError


class TwilioDriver(Driver):
    signed = True

    def __init__(self, name: str) -> None:
        self.name, self.path = name, "/" + name
        self.locates = name == "whatsapp"

    def location_fields(self, location):
        return {"Latitude": str(location["lat"]), "Longitude": str(location["lon"])}

    def kept_pages(self, app, user: str, session=None) -> list[str]:
        from bot.channels.twilio_sms import pages_key_of

        return self._kept_under(app, user, lambda owner: pages_key_of(self.name, owner))

    def form(self, text="hi", user=None, **extra):
        number = user or "+2782%07d" % (uuid.uuid4().int % 10**7)
        prefix = "whatsapp:" if self.name == "whatsapp" else ""
        data = {
            "From": prefix + number,
            "To": prefix + "+27600000000",
            "Body": text,
            "MessageSid": "SM" + uuid.uuid4().hex,
            "AccountSid": "AC" + "0" * 32,
            "NumMedia": "0",
        }
        data.update(extra)
        return data

    def texts(self, response):
        body = response.get_data(as_text=True)
        if not body.startswith("<?xml"):
            return []
        return ["".join(m.itertext()) for m in ElementTree.fromstring(body).iter("Message")]


class UssdDriver(Driver):
    name, path = "ussd", "/ussd"
    ends_on_final = True

    def talk(self, app, user, name):
        return UssdTalk(self, app, user, name)

    def kept_pages(self, app, user: str, session=None) -> list[str]:
        from bot.channels.ussd import session_key

        return self._kept_under(app, user, lambda owner: session_key(owner, session))

    def form(self, text="", user=None, session=None, **extra):
        data = {
            "sessionId": session or "ATUid_" + uuid.uuid4().hex,
            "serviceCode": "*134*1020#",
            "phoneNumber": user or "+2782%07d" % (uuid.uuid4().int % 10**7),
            "networkCode": "65501",
            "text": text,
        }
        data.update(extra)
        return data

    def texts(self, response):
        return [response.get_data(as_text=True)]


class Dialled:
    """One USSD session of one phone (a new number and session unless given), sent with token
    when one is given; `screens` holds every screen shown, the first being the dial's."""

    def __init__(self, client, phone=None, session=None, token="") -> None:
        self.client, self.inputs, self.token = client, [], token
        self.phone = phone or "+2783%07d" % (uuid.uuid4().int % 10**7)
        self.session = session or "ATUid_" + uuid.uuid4().hex
        self.screens = [self._send()]

    def press(self, value: str) -> str:
        self.inputs.append(value)
        self.screens.append(self._send())
        return self.screens[-1]

    def to_the_offer(self, question="when is sassa at zava") -> str | None:
        """Ask question and page to its end; the key of the "Send this to me by SMS" offer, or None."""
        self.press(question)
        while "\n98 " in self.screens[-1]:
            self.press("98")
        offer = [line for line in self.screens[-1].splitlines() if "Send this to me by SMS" in line]
        return offer[0].removeprefix("CON ").split(" ")[0] if offer else None

    def _send(self) -> str:
        form = UssdDriver().form("*".join(self.inputs), user=self.phone, session=self.session)
        response = self.client.post("/ussd" + ("?token=" + self.token if self.token else ""), data=form)
        assert response.status_code == 200
        return response.get_data(as_text=True)


class WebDriver(Driver):
    name, path = "web", "/api/chat"
    content_type = "application/json"
    locates = True
    options_as_text = False

    def location_fields(self, location):
        return {"location": location}

    def identity(self, user):
        from bot.dialogue import identity

        return identity.web(user)

    def form(self, text="hi", user=None, **extra):
        data = {"user": user or "web-" + uuid.uuid4().hex, "text": text}
        data.update(extra)
        return data

    def encode(self, data):
        return data if isinstance(data, bytes) else json.dumps(data).encode()

    def texts(self, response):
        body = response.get_json(silent=True) or {}
        return [body.get("reply") or body.get("error") or ""]


DRIVERS = [TwilioDriver("sms"), TwilioDriver("whatsapp"), UssdDriver(), WebDriver()]


class Talk:
    """One person (user) talking to app over one channel, a message at a time."""

    def __init__(self, driver: Driver, app, user: str) -> None:
        self.driver, self.app, self.user = driver, app, user
        self.client = app.test_client()

    def prepare(self) -> None:
        """What the person does before typing the next message (USSD: dial again if the last
        answer ended the session)."""

    def say(self, text: str, location: dict | None = None) -> list[str]:
        """Send one message (and a location where the channel can); what the person reads."""
        extra = self.driver.location_fields(location) if location else {}
        response = self.driver.post(self.client, self.driver.form(text, user=self.user, **extra))
        assert response.status_code == 200, response.get_data(as_text=True)
        return self.driver.texts(response)

    def kept_pages(self) -> list[str]:
        """The pages the channel keeps for this person to page through (SMS `MORE`, USSD screens)."""
        return self.driver.kept_pages(self.app, self.user)

    def ended(self) -> bool:
        """Whether the last answer ended the session."""
        return False


class UssdTalk(Talk):
    """A USSD conversation: each message is the session's inputs so far joined by `*`; when an
    answer ended the session, the next message dials again, as a person would."""

    def __init__(self, driver, app, user, name) -> None:
        super().__init__(driver, app, user)
        self.name, self.sessions = name, 0
        self._dial()

    def _dial(self) -> None:
        self.sessions += 1
        self.dialled = Dialled(self.client, self.user, "ATUid_%s_%d" % (self.name, self.sessions))

    def prepare(self):
        if self.ended():
            self._dial()

    def say(self, text, location=None):
        self.prepare()
        return [self.dialled.press(text)]

    def kept_pages(self):
        return self.driver.kept_pages(self.app, self.user, self.dialled.session)

    def ended(self):
        pages = self.kept_pages()
        return bool(pages) and pages[-1].startswith("END")


def _as_decoded(raw: bytes) -> dict:
    """The form a WSGI server decodes from raw (what Twilio would have signed)."""
    from werkzeug.formparser import parse_form_data
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(method="POST", data=raw, content_type="application/x-www-form-urlencoded").get_environ()
    return parse_form_data(environ)[1].to_dict(flat=True)


def shared_cases(driver: Driver) -> list[Case]:
    """The cases every channel must pass."""
    cases = []
    if driver.signed:
        cases += [
            Case("missing signature", driver.form("hi"), sign=False, status=403),
            Case("forged signature", driver.form("hi"), headers={"X-Twilio-Signature": "AAAAforged="}, status=403),
            Case(
                "signature for other data",
                driver.form("hi"),
                headers={
                    "X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(
                        "http://localhost" + driver.path, {"Body": "other"}
                    )
                },
                status=403,
            ),
            Case("valid signature", driver.form("hi"), status=200, text_has="Nearest centre"),
        ]
    missing = 400
    cases += [
        Case("empty body", b"", status=missing, sign=False)
        if not driver.signed
        else Case("empty body, signed", {}, status=missing),
        Case("huge body", driver.form("x" * 70000), status=413),
        Case("emoji", driver.form("😀🙏 passport 📄"), status=200, text_has="Passport (Home Affairs)"),
        Case(
            "SQL metacharacters",
            driver.form("'; DROP TABLE conversations; -- \" OR 1=1"),
            status=200,
            text_has="Sorry, I did not understand",
        ),
        Case(
            "markup is not interpreted",
            driver.form("<script>alert(1)</script> & <b>"),
            status=200,
            text_has="Sorry, I cannot answer",
            body_lacks="<script>",
        ),
    ]
    if driver.name == "web":
        cases += [
            Case("not UTF-8", b"\xff\xfe\x00garbage", status=400, body_has="error"),
            Case("missing user", {"text": "hi"}, status=400, body_has="user"),
        ]
    elif driver.name == "ussd":
        cases += [
            Case("not UTF-8", b"sessionId=ATU1&phoneNumber=%2B2782&text=%ff%fe", status=200, body_has="CON"),
            Case("missing sessionId", {"phoneNumber": "+27820000000", "text": ""}, status=400, body_has="END"),
            Case("missing phone number", {"sessionId": "ATU2", "text": ""}, status=400, body_has="END"),
        ]
    else:
        # Bytes that are not UTF-8 arrive decoded with replacement characters; Twilio signs the
        # parameters as it sent them, so the signature is computed over the decoded form.
        form = driver.form("")
        raw = (urlencode({k: v for k, v in form.items() if k != "Body"}) + "&Body=%ff%fe").encode()
        decoded = _as_decoded(raw)
        cases += [
            Case(
                "missing From",
                {k: v for k, v in driver.form("hi").items() if k != "From"},
                status=400,
                body_has="<Response>",
            ),
            Case(
                "not UTF-8",
                raw,
                headers={
                    "X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(
                        "http://localhost" + driver.path, decoded
                    )
                },
                status=200,
                body_has="<Message>",
            ),
        ]
    return cases
