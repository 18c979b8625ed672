"""Per-person rate limits on every channel (bot.channels.limits): over the limit Twilio and USSD get
200 with one short "please wait", the API gets 429 with Retry-After; the key is the person,
not the address; forged Twilio requests count for nobody; Redis shares the counters between
workers, and a Redis outage does not stop the bot."""

from __future__ import annotations

import logging
import socket
import uuid

import pytest
from conftest import FakeSms
from harness import DRIVERS, TOKEN
from sqlalchemy import func, select

from bot.models import Conversation

WAIT = "sending messages very quickly"
REDIS = "redis://127.0.0.1:6379/15"


def _limited_app(new_app, rate="3 per hour", **settings):
    app = new_app(TWILIO_AUTH_TOKEN=TOKEN, RATE_LIMIT=rate, **settings)
    app.extensions["sms_sender"] = FakeSms()
    return app


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


def _conversation_turns(app, driver, user):
    from bot.dialogue import identity

    with app.extensions["database"].session() as session:
        return session.scalar(
            select(Conversation.turns).where(
                Conversation.user_key == identity.user_key(app.config["SECRET_KEY"], driver.identity(user))
            )
        )


@pytest.mark.parametrize("driver", DRIVERS, ids=[d.name for d in DRIVERS])
def test_over_the_limit_one_person_is_asked_to_wait(new_app, driver):
    app = _limited_app(new_app)
    client = app.test_client()
    person = "+2782%07d" % (uuid.uuid4().int % 10**7)
    for _ in range(3):
        response = driver.post(client, driver.form("hi", user=person))
        assert response.status_code == 200
        assert not any(WAIT in text for text in driver.texts(response))
    over = driver.post(client, driver.form("hi", user=person))
    # 200 for a webhook provider (it counts a 429 as a failure), else 429 with Retry-After (the
    # API's is checked on its own below).
    assert over.status_code in (200, 429)
    assert [t for t in driver.texts(over) if WAIT in t] == driver.texts(over), driver.texts(over)
    if over.status_code == 429:
        assert int(over.headers["Retry-After"]) > 0
    if driver.ends_on_final:  # the session ends: nothing to answer
        assert over.get_data(as_text=True).startswith("END ")
    assert _conversation_turns(app, driver, person) == 3, "a limited message must not reach the conversation"
    # Another person, from the same address, is still answered.
    other = driver.post(client, driver.form("hi", user="+27829999999"))
    assert other.status_code == 200 and not any(WAIT in t for t in driver.texts(other))


def test_please_wait_is_in_the_persons_language(new_app):
    app = _limited_app(new_app, rate="2 per hour")
    client = app.test_client()
    sms = DRIVERS[0]
    assert sms.post(client, sms.form("Sawubona, ngifuna i-ID", user="+27820000001")).status_code == 200
    sms.post(client, sms.form("ngidinga ipasipoti", user="+27820000001"))
    over = sms.texts(sms.post(client, sms.form("sawubona", user="+27820000001")))
    assert over and "Uthumela imilayezo" in over[0]


def test_forged_twilio_requests_do_not_use_up_a_persons_allowance(new_app):
    app = _limited_app(new_app)
    client = app.test_client()
    sms = DRIVERS[0]
    for _ in range(5):
        forged = sms.post(client, sms.form("hi", user="+27820000002"), {"X-Twilio-Signature": "forged"})
        assert forged.status_code == 403
    real = sms.post(client, sms.form("hi", user="+27820000002"))
    assert real.status_code == 200 and not any(WAIT in t for t in sms.texts(real))


def test_requests_naming_nobody_are_still_refused_as_bad_input(new_app):
    client = _limited_app(new_app, rate="1 per hour").test_client()
    for _ in range(3):
        assert client.post("/api/chat", json={"text": "hi"}).status_code in (400, 429)
    # A user the API cannot store (a lone surrogate) is counted by address and refused, not a crash.
    unstorable = client.post("/api/chat", data=b'{"user": "\\ud800", "text": "hi"}', content_type="application/json")
    assert unstorable.status_code in (400, 429) and "error" in unstorable.get_json()
    assert client.post("/api/chat", json={"user": "someone", "text": "hi"}).status_code == 200


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_workers_share_the_counters_in_redis(new_app):
    first, second = (_limited_app(new_app, REDIS_URL=REDIS).test_client() for _ in range(2))
    person = "web-" + uuid.uuid4().hex
    codes = [
        c.post("/api/chat", json={"user": person, "text": "hi"}).status_code for c in (first, second, first, second)
    ]
    assert codes == [200, 200, 200, 429]


def test_an_unreachable_redis_does_not_stop_the_bot(new_app):
    client = _limited_app(new_app, REDIS_URL="redis://127.0.0.1:1/0").test_client()
    # The worker counts in its own memory meanwhile: the same limit holds (3 per hour).
    codes = [client.post("/api/chat", json={"user": "no-redis", "text": "hi"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.post("/api/chat", json={"user": "no-redis-2", "text": "hi"}).status_code == 200


def test_the_counters_and_the_logs_never_hold_a_phone_number(new_app, caplog):
    caplog.set_level(logging.DEBUG)
    app = _limited_app(new_app, rate="1 per hour")
    client = app.test_client()
    sms = DRIVERS[0]
    for _ in range(2):
        sms.post(client, sms.form("hi", user="+27821234567"))
    storage = app.extensions["limiter"].storage
    keys = " ".join(map(str, getattr(storage, "storage", {}).keys()))
    assert keys and "1234567" not in keys
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "exceeded" in logged and "1234567" not in logged


def test_rate_limit_off_means_no_limiter(new_app):
    app = new_app(RATE_LIMIT="")
    assert "limiter" not in app.extensions
    client = app.test_client()
    assert all(client.post("/api/chat", json={"user": "a", "text": "hi"}).status_code == 200 for _ in range(40))
    with app.extensions["database"].session() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 1


def test_memory_counters_start_no_thread_and_expired_ones_are_swept(monkeypatch):
    import threading
    import time

    from bot.channels.limits import SweptMemoryStorage

    before = threading.active_count()
    storage = SweptMemoryStorage()
    assert storage.incr("someone", expiry=1) == 1 and storage.incr("someone", expiry=1) == 2
    assert threading.active_count() == before, "no expiry thread"
    monkeypatch.setattr(time, "time", lambda real=time.time: real() + 5)  # the counter's window is over
    assert storage.get("someone") == 0
    storage.incr("other", expiry=60)
    storage.sweep()
    assert "someone" not in storage.expirations and "other" in storage.expirations


def test_feedback_is_limited_per_source_address_whatever_user_ids_it_names(new_app):
    """One client flooding a centre with feedback under a new user id each time: only
    FEEDBACK_ADDRESS_LIMIT turns of feedback are stored, then the address is asked to wait.
    Another address, and non-feedback turns before the limit, are not affected."""
    from bot.models import Feedback

    app = _limited_app(new_app, rate="30 per minute", FEEDBACK_ADDRESS_LIMIT="5 per hour")
    client = app.test_client()
    statuses = []
    for number in range(12):
        response = client.post(
            "/api/chat", json={"user": "flood-%d" % number, "text": "the staff at Zava were rude, 1 star"}
        )
        statuses.append(response.status_code)
    assert statuses == [200] * 5 + [429] * 7
    with app.extensions["database"].session() as session:
        assert session.scalar(select(func.count()).select_from(Feedback)) == 5
    other = client.post(
        "/api/chat",
        json={"user": "someone", "text": "the staff at Zava were rude, 1 star"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert other.status_code == 200 and other.get_json()["intent"] == "feedback"


def _redis_server(port: int):
    import subprocess

    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            server.poll()
            if server.returncode is not None:
                raise RuntimeError("redis-server did not start") from None
            import time

            time.sleep(0.05)
    server.kill()
    raise RuntimeError("redis-server did not listen")


@pytest.mark.skipif(not __import__("shutil").which("redis-server"), reason="redis-server is not installed")
def test_redis_going_away_is_logged_once_and_its_return_once(new_app, caplog):
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = _redis_server(port)
    try:
        client = _limited_app(new_app, rate="100 per minute", REDIS_URL="redis://127.0.0.1:%d/0" % port).test_client()
        caplog.set_level(logging.WARNING, logger="bot.channels.limits")
        assert client.post("/api/chat", json={"user": "r1", "text": "hi"}).status_code == 200
        server.terminate()
        server.wait()
        for number in range(5):
            assert client.post("/api/chat", json={"user": "r%d" % number, "text": "hi"}).status_code == 200
        messages = [r.getMessage() for r in caplog.records if r.name == "bot.channels.limits"]
        assert len([m for m in messages if "unreachable" in m]) == 1, messages
        server = _redis_server(port)
        for _attempt in range(100):  # the limiter looks for Redis again after a second or more
            assert client.post("/api/chat", json={"user": "r-back", "text": "hi"}).status_code == 200
            if any("reachable again" in r.getMessage() for r in caplog.records):
                break
            time.sleep(0.05)
        messages = [r.getMessage() for r in caplog.records if r.name == "bot.channels.limits"]
        assert len([m for m in messages if "reachable again" in m]) == 1, messages
        assert len([m for m in messages if "unreachable" in m]) == 1, messages
    finally:
        server.terminate()
        server.wait()
