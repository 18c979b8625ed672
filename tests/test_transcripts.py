"""Every transcript in tests/transcripts/ replayed through every channel, turn by turn.

The core's Reply for each turn is captured (intent, entities, language must be the same on
every channel) and the channel's rendering (all SMS pages, all USSD screens) must contain
the expected fragments. Channels that cannot send a location skip transcripts that use one, and
a transcript's `not_on` names channels it does not apply to, with the reason. On USSD a final
answer ends the session; the next turn dials again, as a person would.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "channels"))
from harness import DRIVERS  # noqa: E402

from bot.channels.store import ChannelSessions  # noqa: E402
from bot.channels.ussd import session_key  # noqa: E402
from bot.dialogue import identity  # noqa: E402
from bot.dialogue.identity import user_key  # noqa: E402
from transcript import check, load_transcripts  # noqa: E402

TRANSCRIPTS = load_transcripts()
LOCATION_CHANNELS = {"web", "whatsapp"}
CASES = [(driver, name, t) for driver in DRIVERS for name, t in TRANSCRIPTS
         if (driver.name in LOCATION_CHANNELS or not any("location" in turn for turn in t["turns"]))
         and driver.name not in t.get("not_on", {})]


def test_there_are_transcripts():
    assert len(TRANSCRIPTS) >= 10


class Replay:
    """Drives one channel through one transcript, capturing the core's replies."""

    def __init__(self, app, driver, name):
        self.app, self.driver, self.client = app, driver, app.test_client()
        self.user = "+2782%07d" % (int(hashlib.sha256(name.encode()).hexdigest(), 16) % 10**7)
        self.session, self.inputs, self.replies = "ATUid_" + name, [], []
        conversations = app.extensions["conversations"]
        original = conversations.respond

        def spy(inbound, also=None):
            reply = original(inbound, also)
            self.replies.append(reply)
            return reply

        conversations.respond = spy
        self.sessions = 0
        if driver.name == "ussd":
            self._dial()

    def _dial(self) -> None:
        """A new USSD session: the person dials the service code again."""
        self.sessions += 1
        self.session, self.inputs = "ATUid_%s_%d" % (self.session.split("_")[1], self.sessions), []
        self._post(self.driver.form("", user=self.user, session=self.session))

    def _post(self, form):
        response = self.driver.post(self.client, form)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    def turn(self, turn: dict) -> tuple[object, str]:
        """(the core's reply, everything the channel rendered for it)."""
        text = str(turn.get("say", ""))
        if self.driver.name == "ussd" and self.ended():
            self._dial()  # the last answer ended the session: the person dials again
        count = len(self.replies)
        if self.driver.name == "ussd":
            self.inputs.append(text)
            form = self.driver.form("*".join(self.inputs), user=self.user, session=self.session)
        elif self.driver.name == "web":
            form = self.driver.form(text, user=self.user, **({"location": turn["location"]} if "location" in turn else {}))
        else:
            extra = {"Latitude": str(turn["location"]["lat"]), "Longitude": str(turn["location"]["lon"])} \
                if "location" in turn else {}
            form = self.driver.form(text, user=self.user, **extra)
        response = self._post(form)
        assert len(self.replies) == count + 1, "the channel did not pass the message to the core"
        return self.replies[-1], "\n".join(self.driver.texts(response) + self._stored_pages())

    def ended(self) -> bool:
        pages = self._stored_pages()
        return bool(pages) and pages[-1].startswith("END")

    def _stored_pages(self) -> list[str]:
        sessions = ChannelSessions(self.app.extensions["database"])
        if self.driver.name == "sms":
            owner = user_key(self.app.config["SECRET_KEY"], identity.phone(self.user))
            return sessions.load("sms:" + owner).get("pages", [])
        if self.driver.name == "ussd":
            owner = user_key(self.app.config["SECRET_KEY"], identity.phone(self.user))
            return sessions.load(session_key(owner, self.session)).get("pages", [])
        return []


@pytest.mark.parametrize("driver,name,transcript", CASES, ids=["%s-%s" % (d.name, n) for d, n, _t in CASES])
def test_transcript(app, driver, name, transcript):
    replay = Replay(app, driver, name)
    for number, turn in enumerate(transcript["turns"], 1):
        reply, rendered = replay.turn(turn)
        as_json = {"reply": rendered, "intent": reply.intent, "entities": reply.entities, "lang": reply.lang,
                   "options": [{"label": o.label} for o in reply.options]}
        misses = check(turn, as_json)
        assert not misses, "%s turn %d %r: %s\n%s" % (driver.name, number, turn.get("say"), misses, rendered)
        # Text channels show every option; USSD ends the session on a final answer instead.
        shown = driver.name != "web" and not (driver.name == "ussd" and reply.final)
        for option in reply.options if shown else ():
            assert option.label in rendered, (option.label, rendered)
        if driver.name == "ussd" and reply.final:
            assert replay.ended(), rendered
