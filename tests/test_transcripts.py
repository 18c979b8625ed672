"""Every transcript in tests/transcripts/ replayed through the conversation API, turn by turn."""
from __future__ import annotations

import pytest

from transcript import check, load_transcripts

TRANSCRIPTS = load_transcripts()


def test_there_are_transcripts():
    assert len(TRANSCRIPTS) >= 10


@pytest.mark.parametrize("name,transcript", TRANSCRIPTS, ids=[name for name, _t in TRANSCRIPTS])
def test_transcript(client, name, transcript):
    user = "transcript-" + name
    for number, turn in enumerate(transcript["turns"], 1):
        payload = {"user": user, "text": str(turn.get("say", ""))}
        if "location" in turn:
            payload["location"] = turn["location"]
        if "set_lang" in turn:
            payload["lang"] = turn["set_lang"]
        response = client.post("/api/chat", json=payload)
        assert response.status_code == 200, response.get_data(as_text=True)
        misses = check(turn, response.get_json())
        assert not misses, "turn %d %r: %s\n%s" % (number, payload["text"], misses, response.get_json()["reply"])
