"""The shared channel test harness: one driver per channel, table-driven cases, and the cases
every channel gets automatically (signatures, empty and huge bodies, bad encodings, emoji,
SQL metacharacters).

A `Case` is a label, the request data, headers, the expected status, and what the answer must
show: a fragment the raw body must contain, one it must not, a fragment the rendered text
must contain (each None when the status says it all; never empty).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from twilio.request_validator import RequestValidator

from bot.channels import wires

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
    """How to talk to one channel name over its wire format: its Wire (bot.channels.spec), found
    in the channels' specs, so every channel is driven without being named here."""

    def __init__(self, name: str) -> None:
        self.name, self.wire = name, wires()[name]
        self.path, self.content_type = self.wire.path, self.wire.content_type
        self.signed = self.wire.sign is not None
        self.locates = self.wire.location is not None  # a person can send a location on it
        self.options_as_text = self.wire.options_as_text  # its replies list the options in the text
        self.ends_on_final = self.wire.sessions  # a final answer ends the session (USSD)
        # What a transcript may need of it (tests/test_transcripts.py).
        self.capabilities = {"location"} if self.locates else set()
        if not self.ends_on_final:
            self.capabilities.add("options after a final answer")

    def talk(self, app, user: str, name: str) -> Talk:
        """One person's conversation with the app over this channel."""
        return SessionTalk(self, app, user, name) if self.wire.sessions else Talk(self, app, user)

    def location_fields(self, location: dict) -> dict:
        if self.wire.location is None:
            raise NotImplementedError("%s cannot send a location" % self.name)
        return self.wire.location(location["lat"], location["lon"])

    def identity(self, user: str) -> str:
        """The bot.dialogue.identity the channel gives user."""
        return self.wire.identity(user)

    def kept_pages(self, app, user: str, session=None) -> list[str]:
        """The pages the adapter keeps for user (and session) to page through."""
        from bot.channels.store import ChannelSessions
        from bot.dialogue.identity import user_key

        if self.wire.pages_key is None:
            return []
        owner = user_key(app.config["SECRET_KEY"], self.identity(user))
        return ChannelSessions(app.extensions["database"]).load(self.wire.pages_key(owner, session)).get("pages", [])

    def form(self, text: str = "hi", user: str | None = None, **extra) -> dict:
        return self.wire.form(text, user, **extra)

    def encode(self, data) -> bytes:
        return self.wire.encode(data)

    def post(self, client, data, headers=None, sign=True):
        headers = dict(headers or {})
        if self.signed and sign and isinstance(data, dict):
            for name, value in self.wire.sign(TOKEN, "http://localhost" + self.path, data).items():
                headers.setdefault(name, value)  # a case's own (forged) signature stays
        return client.post(self.path, data=self.encode(data), headers=headers, content_type=self.content_type)

    def texts(self, response) -> list[str]:
        """What the person would read."""
        return self.wire.texts(response)


class Dialled:
    """One USSD session of one phone (a new number and session unless given), sent with token
    when one is given; `screens` holds every screen shown, the first being the dial's."""

    def __init__(self, client, phone=None, session=None, token="", name="ussd") -> None:
        self.client, self.inputs, self.token = client, [], token
        self.driver = Driver(name)
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
        form = self.driver.form("*".join(self.inputs), user=self.phone, session=self.session)
        path = self.driver.path + ("?token=" + self.token if self.token else "")
        response = self.client.post(path, data=self.driver.encode(form), content_type=self.driver.content_type)
        assert response.status_code == 200
        return response.get_data(as_text=True)


DRIVERS = [Driver(name) for name in sorted(wires())]
"""A driver for every channel name of every channel."""


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


class SessionTalk(Talk):
    """A conversation in sessions (USSD): each message is the session's inputs so far joined by
    `*`; when an answer ended the session, the next message dials again, as a person would."""

    def __init__(self, driver, app, user, name) -> None:
        super().__init__(driver, app, user)
        self.name, self.sessions = name, 0
        self._dial()

    def _dial(self) -> None:
        self.sessions += 1
        self.dialled = Dialled(
            self.client, self.user, "ATUid_%s_%d" % (self.name, self.sessions), name=self.driver.name
        )

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


def as_decoded(raw: bytes) -> dict:
    """The form a WSGI server decodes from raw (what Twilio would have signed)."""
    from werkzeug.formparser import parse_form_data
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(method="POST", data=raw, content_type="application/x-www-form-urlencoded").get_environ()
    return parse_form_data(environ)[1].to_dict(flat=True)


def shared_cases(driver: Driver) -> list[Case]:
    """The cases every channel must pass (a channel's own refusals are in its test file's table,
    run by check_case)."""
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
    return cases


def check_case(app, client, driver: Driver, case: Case) -> None:
    """Send case over driver and check its answer: the status, what the body and the text
    show, no 5xx, nothing of the content dropped, and nothing stored for a refused request."""
    from sqlalchemy import func, select

    from bot.content.store import loaded_content
    from bot.models import Conversation

    database = app.extensions["database"]
    with database.session() as session:
        before = session.scalar(select(func.count()).select_from(Conversation))
    response = driver.post(client, case.data, case.headers, sign=case.sign)
    assert response.status_code == case.status, response.get_data(as_text=True)[:300]
    body = response.get_data(as_text=True)
    if case.body_has is not None:
        assert case.body_has in body
    if case.body_lacks is not None:
        assert case.body_lacks not in body
    if case.text_has is not None:
        assert any(case.text_has in text for text in driver.texts(response)), driver.texts(response)
    with database.session() as session:
        after = session.scalar(select(func.count()).select_from(Conversation))
        assert len(loaded_content(session).centres) >= 37  # nothing dropped
    if case.status == 403:
        assert after == before, "a refused request must store nothing"
    if case.status == 200:
        assert driver.texts(response) and all(t.strip() for t in driver.texts(response))
