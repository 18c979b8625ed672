"""Faults: the database stops mid-conversation. Every channel still answers 200 with a short
apology and the help lines, /healthz answers 503, and when the database returns the
conversation goes on where it was (nothing half-written)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from sqlalchemy.engine import make_url

from bot.database import make_engine


def _break(app, tmp_path):
    """Point the app's sessions at a database that cannot be reached; return the way back."""
    database = app.extensions["database"]
    url = make_url(app.config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        folder = tmp_path / "not-a-database"
        folder.mkdir()
        broken = make_engine("sqlite:///%s" % folder)  # a folder cannot be opened as a database
    else:
        broken = make_engine(url.set(port=1).render_as_string(hide_password=False))  # a closed port
    working = database.engine
    database.use(broken)

    def restore():
        database.use(working)
        broken.dispose()

    return restore


def test_database_down_mid_conversation(app, client, tmp_path):
    assert (
        client.post("/api/chat", json={"user": "+27820001111", "text": "service days"}).get_json()["intent"]
        == "service_days"
    )
    # The phone's conversation is its own (a web user of the same name cannot reach it).
    client.post("/sms", data={"From": "+27820001111", "Body": "service days", "MessageSid": "SMfault0"})
    restore = _break(app, tmp_path)
    try:
        web = client.post("/api/chat", json={"user": "+27820001111", "text": "zava"})
        assert web.status_code == 200 and "cannot answer right now" in web.get_json()["reply"]
        assert "0800 60 11 90" in web.get_json()["reply"]
        sms = client.post("/sms", data={"From": "+27820001111", "Body": "zava", "MessageSid": "SMfault1"})
        assert sms.status_code == 200
        assert "cannot answer right now" in "".join(ElementTree.fromstring(sms.get_data(as_text=True)).itertext())
        whatsapp = client.post("/whatsapp", data={"From": "whatsapp:+27820001111", "Body": "hi", "MessageSid": "SMf2"})
        assert whatsapp.status_code == 200 and b"cannot answer right now" in whatsapp.data
        ussd = client.post("/ussd", data={"sessionId": "ATUfault", "phoneNumber": "+27820001111", "text": ""})
        screen = ussd.get_data(as_text=True)
        assert ussd.status_code == 200 and screen.startswith("END ") and len(screen) <= 160
        assert client.get("/healthz").status_code == 503
    finally:
        restore()
    assert client.get("/healthz").status_code == 200
    again = client.post("/api/chat", json={"user": "+27820001111", "text": "zava"}).get_json()
    assert again["intent"] == "service_days" and again["entities"]["centre"] == "zava"
    retried = client.post("/sms", data={"From": "+27820001111", "Body": "zava", "MessageSid": "SMfault1"})
    assert "Service days at Zava" in retried.get_data(as_text=True)


def test_an_unexpected_error_in_a_turn_is_an_apology_and_leaves_state_intact(app, client, monkeypatch):
    client.post("/api/chat", json={"user": "u-err", "text": "documents"})
    conversations = app.extensions["conversations"]
    original = conversations.respond

    def explode(inbound):
        raise RuntimeError("a bug")

    monkeypatch.setattr(conversations, "respond", explode)
    reply = client.post("/api/chat", json={"user": "u-err", "text": "passport"})
    assert reply.status_code == 200 and "cannot answer right now" in reply.get_json()["reply"]
    monkeypatch.setattr(conversations, "respond", original)
    body = client.post("/api/chat", json={"user": "u-err", "text": "passport"}).get_json()
    assert body["intent"] == "required_documents" and body["entities"]["service"] == "passport"


def test_a_failure_while_storing_channel_data_leaves_no_half_written_turn(app, client, monkeypatch):
    """The SMS pages, the reply to a MessageSid and the conversation commit together: when
    storing the pages fails, none of them is kept and Twilio's retry answers afresh."""
    from sqlalchemy import select

    from bot.channels.store import ChannelSessions
    from bot.models import Conversation, InboundMessage

    form = {"From": "+27820002222", "Body": "documents for a smart id card", "MessageSid": "SMhalf1"}
    save_on = ChannelSessions.save_on

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ChannelSessions, "save_on", staticmethod(broken))
    first = client.post("/sms", data=form)
    assert first.status_code == 200 and "cannot answer right now" in first.get_data(as_text=True)
    with app.extensions["database"].session() as session:
        assert session.scalars(select(Conversation)).first() is None
        assert session.scalars(select(InboundMessage)).first() is None
    monkeypatch.setattr(ChannelSessions, "save_on", staticmethod(save_on))
    retried = client.post("/sms", data=form)
    assert "Reply MORE for more" in retried.get_data(as_text=True)
    with app.extensions["database"].session() as session:
        assert session.scalar(select(Conversation.turns)) == 1
        assert session.scalar(select(InboundMessage.reply)) == retried.get_data(as_text=True)


def _turns(app):
    from sqlalchemy import select

    from bot.models import Conversation

    with app.extensions["database"].session() as session:
        return session.scalar(select(Conversation.turns))


def _text(response) -> str:
    return "".join(ElementTree.fromstring(response.get_data(as_text=True)).itertext())


def test_a_retry_takes_over_the_message_of_a_killed_worker_at_once_and_advances_once(app, client, monkeypatch):
    """A worker is killed (SIGKILL, no clean-up) after claiming a MessageSid, mid-turn. Twilio's
    retry, 15 s later, is answered at once (it never waits) and the conversation advances once."""
    import datetime as dt
    import os
    import select
    import signal

    from bot.channels import store
    from bot.dialogue import engine

    assert "Which centre" in _text(
        client.post("/sms", data={"From": "+27820003333", "Body": "service days", "MessageSid": "SMkill0"})
    )
    form = {"From": "+27820003333", "Body": "zava", "MessageSid": "SMkill1"}
    database = app.extensions["database"]
    database.engine.dispose()  # the child opens its own connections
    mid_turn, tell_parent = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker that dies mid-turn
        try:
            database.engine.dispose(close=False)

            def stall(*args, **kwargs):
                os.write(tell_parent, b"x")
                signal.pause()

            engine.respond = stall
            client.post("/sms", data=form)
        finally:
            os._exit(1)
    os.close(tell_parent)
    try:
        # A guard, not a timing: a child that never reaches the turn fails the test instead of hanging it.
        assert select.select([mid_turn], [], [], 120)[0], "the worker never reached its turn"
        assert os.read(mid_turn, 1) == b"x"
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(mid_turn)

    def never_wait(seconds):
        raise AssertionError("the retry waited for a claim whose worker is dead")

    later = store._now() + dt.timedelta(seconds=15)  # when Twilio retries
    monkeypatch.setattr(store, "_now", lambda: later)
    monkeypatch.setattr(store.time, "sleep", never_wait)
    retried = client.post("/sms", data=form)
    assert "Service days at Zava" in _text(retried)
    assert _turns(app) == 2
    assert client.post("/sms", data=form).get_data() == retried.get_data()
    assert _turns(app) == 2


def test_a_stalled_first_delivery_overtaken_by_the_retry_does_not_advance_again(app, client, monkeypatch):
    """The first delivery stalls past its claim; Twilio's retry takes the message over and is
    answered; when the first delivery wakes, its write is refused (the reply is tied to the
    conversation's write): both get the same reply and the conversation advances once."""
    from sqlalchemy import update

    from bot.dialogue import engine
    from bot.models import InboundMessage

    client.post("/sms", data={"From": "+27820004444", "Body": "service days", "MessageSid": "SMslow0"})
    form = {"From": "+27820004444", "Body": "zava", "MessageSid": "SMslow1"}
    respond = engine.respond
    retried = []
    import datetime as dt

    def stall_then_wake(*args, **kwargs):
        if not retried:
            retried.append(None)
            with app.extensions["database"].begin() as connection:  # the claim lapsed long ago
                connection.execute(
                    update(InboundMessage).values(created_at=InboundMessage.created_at - dt.timedelta(seconds=60))
                )
            retried[0] = app.test_client().post("/sms", data=form)
        return respond(*args, **kwargs)

    monkeypatch.setattr(engine, "respond", stall_then_wake)
    first = client.post("/sms", data=form)
    assert "Service days at Zava" in _text(retried[0])
    assert first.get_data() == retried[0].get_data()
    assert _turns(app) == 2
