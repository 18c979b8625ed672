"""Every transcript in tests/transcripts/ replayed through every channel, turn by turn.

The core's Reply for each turn is captured (intent, entities, language must be the same on
every channel) and the channel's rendering (all SMS pages, all USSD screens) must contain
the expected fragments. A transcript runs on every channel that can do what it `needs` (what
the channel's Wire says it can: "location", "options after a final answer"); one that sends a
location needs "location". On USSD a final answer ends the session; the next turn dials again,
as a person would. No transcript names a channel.
"""

from __future__ import annotations

import hashlib

import pytest
from harness import DRIVERS
from transcript import check, load_transcripts

from bot.text.sms_text import plain_letters

TRANSCRIPTS = load_transcripts()
CASES = [
    (driver, name, t)
    for driver in DRIVERS
    for name, t in TRANSCRIPTS
    if set(t.get("needs", [])) | ({"location"} if any("location" in turn for turn in t["turns"]) else set())
    <= driver.capabilities
]


def test_there_are_transcripts():
    assert len(TRANSCRIPTS) >= 10


class Replay:
    """Drives one channel through one transcript, capturing the core's replies."""

    def __init__(self, app, driver, name):
        self.replies = []
        conversations = app.extensions["conversations"]
        original = conversations.respond

        def spy(inbound, *writes):
            reply = original(inbound, *writes)
            self.replies.append(reply)
            return reply

        conversations.respond = spy
        user = "+2782%07d" % (int(hashlib.sha256(name.encode()).hexdigest(), 16) % 10**7)
        self.talk = driver.talk(app, user, name)

    def turn(self, turn: dict) -> tuple[object, str]:
        """(the core's reply, everything the channel rendered for it)."""
        self.talk.prepare()
        count = len(self.replies)
        shown = self.talk.say(str(turn.get("say", "")), turn.get("location"))
        assert len(self.replies) == count + 1, "the channel did not pass the message to the core"
        return self.replies[-1], "\n".join(shown + self.talk.kept_pages())


@pytest.mark.parametrize("driver,name,transcript", CASES, ids=["%s-%s" % (d.name, n) for d, n, _t in CASES])
def test_transcript(app, driver, name, transcript):
    replay = Replay(app, driver, name)
    for number, turn in enumerate(transcript["turns"], 1):
        reply, rendered = replay.turn(turn)
        # Where options are not text (web buttons), they are part of what the person reads.
        shown = rendered if driver.options_as_text else "\n".join([rendered, *(o.label for o in reply.options)])
        as_json = {
            "reply": shown,
            "intent": reply.intent,
            "entities": reply.entities,
            "lang": reply.lang,
            "options": [{"label": o.label} for o in reply.options],
        }
        misses = check(turn, as_json)
        assert not misses, "%s turn %d %r: %s\n%s" % (driver.name, number, turn.get("say"), misses, rendered)
        # Text channels show every option; USSD ends the session on a final answer instead.
        ends = driver.ends_on_final and reply.final
        for option in reply.options if driver.options_as_text and not ends else ():
            assert option.label in rendered or plain_letters(option.label) in rendered, (option.label, rendered)
        if ends:
            assert replay.talk.ended(), rendered
