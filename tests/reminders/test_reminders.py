"""Reminders end to end: people subscribe over SMS, WhatsApp and USSD, a manager publishes a
confirmed schedule in the console, the scheduler runs with the clock set to the day before, and
the fake Twilio client receives exactly one reminder per person in their language; STOP, a
cancellation, forget, the quiet hours, the month's bound, Twilio's errors and status callbacks.

Each runs on SQLite and PostgreSQL (the suite's backends); the queue runs inline (no Redis) and
on a real Redis with an RQ worker (127.0.0.1:6379, skipped where there is none).
"""

from __future__ import annotations

import pytest
from console_support import client as console_client
from console_support import publish, sign_up_and_in, token
from harness import TOKEN
from reminders_support import REDIS, SENDER, SMS, WHATSAPP, redis_up, say, subscribe_by_message, subscribe_by_ussd
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from bot import worker
from bot.i18n import Texts
from bot.models import ReminderMessage, Subscriber, Subscription
from bot.reminders import jobs

QUEUES = ["inline", pytest.param("redis", marks=pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1"))]
EN, ZU, AF = "+27821230001", "+27821230002", "+27821230003"


def _text(lang: str, message: str) -> str:
    return Texts(lang, "locales").gettext(message)


def run_scheduler(app) -> dict:
    """One tick of the scheduler; with Redis, then an RQ worker until the queue is empty."""
    counts = jobs.tick(app)
    if app.config["REDIS_URL"]:
        from redis import Redis
        from rq import SimpleWorker

        worker.use(app)
        try:
            queue = jobs.queue(app.extensions["reminders"])
            SimpleWorker([queue], connection=Redis.from_url(REDIS)).work(burst=True, logging_level="WARNING")
        finally:
            worker.use(None)
    return counts


@pytest.fixture()
def queued_app(request, make_reminders_app):
    """An app with reminders, its queue inline or on Redis (emptied first)."""
    if getattr(request, "param", "inline") == "redis":
        from redis import Redis

        Redis.from_url(REDIS).flushdb()
        return make_reminders_app(REDIS_URL=REDIS, RATE_LIMIT="")
    return make_reminders_app()


def _manager(app):
    browser, signed = sign_up_and_in(app, "manager@example.org", "--centre", "jozini")
    assert signed.status_code == 302
    return browser


def _weekly_home_affairs(browser):
    done = publish(
        browser,
        "jozini",
        provider="home-affairs",
        pattern="week",
        weekday="tuesday",
        start_time="08:00",
        end_time="14:00",
    )
    assert done.status_code == 302, done.get_data(as_text=True)[:500]


def _cancel(browser, day: str):
    page = browser.get("/console/centres/jozini").get_data(as_text=True)
    done = browser.post("/console/centres/jozini/cancel/home-affairs", data={"csrf_token": token(page), "date": day})
    assert done.status_code == 302


@pytest.mark.parametrize("queued_app", QUEUES, indirect=True)
def test_every_channel_subscribes_and_each_person_gets_one_reminder_in_their_language(queued_app, clock):
    app, fake = queued_app, queued_app.extensions["reminders"].client
    said = subscribe_by_message(app, SMS, EN, "when is home affairs at jozini")
    assert "you will get an SMS at 17:00 the day before Home Affairs comes to Jozini" in said
    assert "has not confirmed this schedule yet" in said  # the content's schedule is an example
    say(app, WHATSAPP, ZU, "isiZulu")
    subscribe_by_message(app, WHATSAPP, ZU, "home affairs jozini", _text("zu", "Remind me the day before"))
    screens = subscribe_by_ussd(
        app, AF, "Wanneer is Binnelandse Sake by Jozini?", _text("af", "Remind me the day before")
    )
    assert "\nEND " in screens and "Binnelandse Sake" in screens
    run_scheduler(app)
    assert fake.sent == []  # an example schedule sends nothing
    browser = _manager(app)
    _weekly_home_affairs(browser)
    clock.set_local(2026, 11, 30, 16, 59)  # Monday, before 17:00
    run_scheduler(app)
    assert fake.sent == []
    clock.set_local(2026, 11, 30, 17, 0)
    run_scheduler(app)
    assert sorted(m["to"] for m in fake.sent) == [EN, ZU, AF]
    assert all(m["from_"] == SENDER for m in fake.sent)
    [en], [zu], [af] = fake.to(EN), fake.to(ZU), fake.to(AF)
    assert (
        en.startswith("Thusong reminder: Home Affairs is at Jozini") and "tomorrow, 01 December 2026 08:00-14:00" in en
    )
    assert en.endswith("Reply STOP to end reminders.")
    assert zu.endswith(_text("zu", "Reply STOP to end reminders.")) and zu != en
    assert "Binnelandse Sake" in af and af.endswith(_text("af", "Reply STOP to end reminders."))
    run_scheduler(app)
    clock.set_local(2026, 11, 30, 19, 30)
    run_scheduler(app)
    assert len(fake.sent) == 3  # planned and sent once, however often the scheduler runs

    assert "Done" in say(app, SMS, EN, "STOP")
    _cancel(browser, "2026-12-15")  # a date nobody was told of: nobody is sent anything about it
    clock.set_local(2026, 11, 30, 19, 45)
    run_scheduler(app)
    assert len(fake.sent) == 3
    told = say(app, WHATSAPP, ZU, "home affairs jozini 22 december")  # names 22 December to ZU
    assert "22" in told
    _cancel(browser, "2026-12-22")
    clock.set_local(2026, 12, 7, 9, 0)
    run_scheduler(app)
    cancelled = fake.sent[3:]
    assert [m["to"] for m in cancelled] == [ZU]  # only the person told of 22 December
    assert "2026" in cancelled[0]["body"] and cancelled[0]["body"].endswith(_text("zu", "Reply STOP to end reminders."))
    run_scheduler(app)
    assert len(fake.sent) == 4  # the cancellation went out once

    forgot = app.test_cli_runner().invoke(args=["forget", ZU])
    assert forgot.exit_code == 0 and "1 reminder numbers" in forgot.output
    clock.set_local(2026, 12, 7, 17, 0)  # the day before Tuesday 8 December
    run_scheduler(app)
    assert [m["to"] for m in fake.sent[4:]] == [AF]


def test_the_number_is_kept_encrypted_only_while_the_person_has_a_reminder(reminders_app):
    subscribe_by_message(reminders_app, SMS, EN, "when is home affairs at jozini")
    subscribe_by_message(reminders_app, SMS, EN, "when is sassa at jozini")
    database = reminders_app.extensions["database"]
    with database.session() as session:
        person = session.scalars(select(Subscriber)).one()
        assert EN.encode() not in person.number and b"821230001" not in person.number
        assert reminders_app.extensions["reminders"].numbers.open(person.number) == EN
        consents = [s.consent for s in session.scalars(select(Subscription).order_by(Subscription.id))]
        assert "the day before Home Affairs comes to Jozini" in consents[0] and "SASSA" in consents[1]
    listed = say(reminders_app, SMS, EN, "my reminders")
    assert "Home Affairs: Jozini" in listed and "SASSA" in listed
    assert "Done: no more reminders for Jozini" in say(reminders_app, SMS, EN, "stop jozini reminders")
    assert "You have no reminders." in say(reminders_app, SMS, EN, "my reminders")
    with database.session() as session:
        person = session.scalars(select(Subscriber)).one()
        assert person.number is None
        assert all(s.ended_at is not None for s in session.scalars(select(Subscription)))


@pytest.mark.parametrize(
    ("message", "lang"),
    [("STOP", "en"), ("yeka", "zu"), ("stop reminders", "en"), ("cancel reminder", "en"), ("ema", "st")],
)
def test_stop_in_any_language_ends_every_reminder(reminders_app, message, lang):
    subscribe_by_message(reminders_app, SMS, EN, "when is home affairs at jozini")
    said = say(reminders_app, SMS, EN, message)
    assert "Done" in said or _text(lang, "Done: you will get no more reminders.") in said
    with reminders_app.extensions["database"].session() as session:
        assert session.scalars(select(Subscriber)).one().number is None


def test_remind_me_in_words_subscribes_to_the_last_answer_and_says_so_once(reminders_app):
    say(reminders_app, SMS, EN, "when is sassa at jozini")
    assert "the day before SASSA comes to Jozini" in say(reminders_app, SMS, EN, "remind me")
    assert "You already get reminders for SASSA at Jozini" in say(reminders_app, SMS, EN, "please remind me")
    assert "Ask for a department's service days at a centre" in say(reminders_app, SMS, "+27821239999", "remind me")


def test_the_web_channel_offers_no_reminder_and_says_where_to_get_one(reminders_app):
    client = reminders_app.test_client()
    answer = client.post("/api/chat", json={"user": "web-1", "text": "when is home affairs at jozini"}).get_json()
    assert "Remind me the day before" not in [o["label"] for o in answer["options"]]
    said = client.post("/api/chat", json={"user": "web-1", "text": "remind me"}).get_json()["reply"]
    assert said == "Reminders are sent by SMS: ask for them on SMS, WhatsApp or USSD."
    with reminders_app.extensions["database"].session() as session:
        assert session.scalars(select(Subscriber)).all() == []


def test_without_reminders_configured_nothing_is_offered(app):
    answer = app.test_client().post("/sms", data=SMS.form("when is home affairs at jozini", user=EN))
    assert "Remind me" not in answer.get_data(as_text=True)
    said = app.test_client().post("/sms", data=SMS.form("remind me", user=EN)).get_data(as_text=True)
    assert "Sorry, reminders are not available yet." in said


def test_a_cancellation_published_in_the_quiet_hours_waits_until_seven(reminders_app, clock):
    fake = reminders_app.extensions["reminders"].client
    browser = _manager(reminders_app)
    _weekly_home_affairs(browser)
    subscribe_by_message(reminders_app, SMS, EN, "when is home affairs at jozini on 15 december")
    _cancel(browser, "2026-12-15")  # published now (after the person was told of it)
    clock.set_local(2026, 12, 6, 21, 0)  # Sunday evening
    jobs.tick(reminders_app)
    clock.set_local(2026, 12, 7, 6, 59)
    jobs.tick(reminders_app)
    assert fake.sent == []
    clock.set_local(2026, 12, 7, 7, 0)
    jobs.tick(reminders_app)
    assert [m["body"] for m in fake.sent] == [
        "Thusong: Home Affairs will not come to Jozini Thusong Service Centre on 15 December 2026. "
        "The next one is 22 December 2026. Reply STOP to end reminders."
    ]


def test_a_person_gets_at_most_the_months_bound(make_reminders_app, clock):
    app = make_reminders_app(REMINDERS_PER_MONTH=2)
    fake = app.extensions["reminders"].client
    browser = _manager(app)
    _weekly_home_affairs(browser)
    subscribe_by_message(app, SMS, EN, "when is home affairs at jozini")
    for day in (7, 14, 21, 28):  # the Mondays of December 2026
        clock.set_local(2026, 12, day, 17, 5)
        jobs.tick(app)
    assert len(fake.sent) == 2
    with app.extensions["database"].session() as session:
        skipped = session.scalars(select(ReminderMessage).where(ReminderMessage.status == "skipped")).all()
    assert [m.error for m in skipped] == ["month", "month"]


def test_twilio_errors_are_retried_with_backoff_and_a_bad_number_is_paused(reminders_app, clock):
    from requests import ConnectTimeout
    from twilio.base.exceptions import TwilioRestException

    fake = reminders_app.extensions["reminders"].client
    browser = _manager(reminders_app)
    _weekly_home_affairs(browser)
    subscribe_by_message(reminders_app, SMS, EN, "when is home affairs at jozini")
    subscribe_by_message(reminders_app, SMS, ZU, "when is home affairs at jozini")
    fake.failing[EN] = ConnectTimeout("slow")
    fake.failing[ZU] = TwilioRestException(400, "/Messages", "The 'To' number is not a valid phone number.", code=21211)
    clock.set_local(2026, 11, 30, 17, 0)
    jobs.tick(reminders_app)
    assert fake.sent == []
    jobs.tick(reminders_app)  # not due again yet: the backoff is a minute
    assert fake.sent == []
    del fake.failing[EN]
    clock.set_local(2026, 11, 30, 17, 1)
    jobs.tick(reminders_app)
    assert [m["to"] for m in fake.sent] == [EN]
    with reminders_app.extensions["database"].session() as session:
        messages = {m.status: m for m in session.scalars(select(ReminderMessage))}
        assert messages["sent"].attempts == 2 and messages["failed"].error == "twilio 21211"
        paused = session.scalars(select(Subscriber).where(Subscriber.paused_at.is_not(None))).one()
        assert paused.paused_reason == "twilio 21211"
    clock.set_local(2026, 12, 7, 17, 0)
    jobs.tick(reminders_app)
    assert [m["to"] for m in fake.sent] == [EN, EN]  # the paused number gets nothing more
    subscribe_by_message(reminders_app, SMS, ZU, "when is home affairs at jozini")  # writing again resumes it
    with reminders_app.extensions["database"].session() as session:
        assert session.scalars(select(Subscriber).where(Subscriber.paused_at.is_not(None))).all() == []


def _callback(app, message_id, status, error="", sign=True):
    url = "https://bot.example.org/sms/status?m=%s" % message_id
    data = {"MessageSid": "SM" + "1" * 32, "MessageStatus": status, "AccountSid": "AC" + "0" * 32}
    if error:
        data["ErrorCode"] = error
    headers = {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, data)} if sign else {}
    return app.test_client().post(
        "/sms/status?m=%s" % message_id, data=data, headers=headers, base_url="https://bot.example.org"
    )


def test_status_callbacks_record_delivery_and_pause_a_number_that_cannot_get_sms(make_reminders_app, clock):
    app = make_reminders_app(PUBLIC_URL="https://bot.example.org")
    fake = app.extensions["reminders"].client
    browser = _manager(app)
    _weekly_home_affairs(browser)
    subscribe_by_message(app, SMS, EN, "when is home affairs at jozini")
    clock.set_local(2026, 11, 30, 17, 0)
    jobs.tick(app)
    [sent] = fake.sent
    with app.extensions["database"].session() as session:
        message = session.scalars(select(ReminderMessage)).one()
    assert sent["status_callback"] == "https://bot.example.org/sms/status?m=%d" % message.id
    assert _callback(app, message.id, "delivered", sign=False).status_code == 403
    assert _callback(app, 999999, "delivered").status_code == 404
    assert _callback(app, message.id, "delivered").status_code == 204
    assert _callback(app, message.id, "undelivered", error="30006").status_code == 204
    with app.extensions["database"].session() as session:
        message = session.scalars(select(ReminderMessage)).one()
        assert (message.status, message.delivery, message.error) == ("sent", "undelivered", "twilio 30006")
        assert session.scalars(select(Subscriber)).one().paused_reason == "twilio 30006"
    # The manager sees it among the failed (one person still has the reminder: it is paused).
    page = browser.get("/console/centres/jozini").get_data(as_text=True)
    assert "<td>Home Affairs</td><td>1</td><td>0</td><td>1</td>" in page


class Killed(BaseException):
    """The worker dies here (as with SIGKILL: nothing after it runs, nothing is rolled forward)."""


@pytest.mark.parametrize(
    ("public_url", "twilio_took_it", "callback"),
    [
        ("https://bot.example.org", True, True),
        ("https://bot.example.org", True, False),  # Twilio took it, its status callback was lost
        ("https://bot.example.org", False, False),
        ("", True, False),
        ("", False, False),
    ],
)
def test_a_worker_killed_mid_send_sends_nothing_twice_and_loses_nothing(
    make_reminders_app, clock, public_url, twilio_took_it, callback
):
    """A send whose worker died is settled after the lease: sent if Twilio's callback said so,
    else tried again, after asking Twilio whether it has the message already (then it is not
    sent twice, with or without callbacks)."""
    app = make_reminders_app(PUBLIC_URL=public_url)
    reminders = app.extensions["reminders"]
    fake = reminders.client
    _weekly_home_affairs(_manager(app))
    numbers = ["+2782123%04d" % n for n in range(6)]
    for number in numbers:
        subscribe_by_message(app, SMS, number, "when is home affairs at jozini")
    create = fake.create

    def dies_on_the_third(**message):
        if len(fake.sent) == 2:
            fake.create = create
            if twilio_took_it:
                create(**message)
            raise Killed()
        return create(**message)

    fake.create = dies_on_the_third
    clock.set_local(2026, 11, 30, 17, 0)
    with pytest.raises(Killed):
        jobs.tick(app)
    jobs.tick(app)  # another run: the rest go, the one in flight waits for its lease
    assert len(fake.sent) == (6 if twilio_took_it else 5)
    with app.extensions["database"].session() as session:
        in_flight = session.scalars(select(ReminderMessage).where(ReminderMessage.status == "sending")).one()
    if callback:
        assert _callback(app, in_flight.id, "queued").status_code == 204
    clock.set_local(2026, 11, 30, 17, 11)  # after the lease
    counts = jobs.tick(app)
    jobs.tick(app)
    assert sorted(m["to"] for m in fake.sent) == sorted(numbers)  # everyone once, nobody twice
    assert counts["queued again"] == (0 if callback else 1)
    with app.extensions["database"].session() as session:
        assert {m.status for m in session.scalars(select(ReminderMessage))} == {"sent"}


def test_the_console_shows_how_many_people_get_reminders_and_how_many_went_out(reminders_app, clock):
    browser = _manager(reminders_app)
    _weekly_home_affairs(browser)
    for number in (EN, ZU):
        subscribe_by_message(reminders_app, SMS, number, "when is home affairs at jozini")
    clock.set_local(2026, 11, 30, 17, 0)
    jobs.tick(reminders_app)
    page = browser.get("/console/centres/jozini").get_data(as_text=True)
    assert "<td>Home Affairs</td><td>2</td><td>2</td><td>0</td>" in page
    assert EN not in page and "821230001" not in page
    assert console_client(reminders_app).get("/console/centres/jozini").status_code in (302, 401)


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1")
def test_an_rq_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(make_reminders_app, clock, tmp_path):
    """A real RQ worker process is killed (SIGKILL) right after Twilio took its third message,
    before it could record it. Another worker sends the rest; Twilio's status callback for the
    message in flight settles it; after the lease nothing is sent again."""
    import json
    import os
    import signal

    from redis import Redis
    from rq import SimpleWorker

    Redis.from_url(REDIS).flushdb()
    app = make_reminders_app(REDIS_URL=REDIS, PUBLIC_URL="https://bot.example.org")
    reminders = app.extensions["reminders"]
    _weekly_home_affairs(_manager(app))
    numbers = ["+2782124%04d" % n for n in range(8)]
    for number in numbers:
        subscribe_by_message(app, SMS, number, "when is home affairs at jozini")
    clock.set_local(2026, 11, 30, 17, 0)
    assert jobs.tick(app)["handed out"] == 8  # eight jobs on the queue, no worker yet
    taken = tmp_path / "taken-by-twilio.jsonl"
    database = app.extensions["database"]
    database.engine.dispose()  # the child opens its own connections
    pid = os.fork()
    if pid == 0:  # the worker that dies
        try:
            database.engine.dispose(close=False)

            class DyingTwilio:
                messages = None

                def create(self, **message):
                    with taken.open("a") as out:  # Twilio took it
                        out.write(json.dumps(message) + "\n")
                        out.flush()
                        os.fsync(out.fileno())
                    if sum(1 for _ in taken.open()) == 3:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return type("Sent", (), {"sid": "SM" + "2" * 32})()

            dying = DyingTwilio()
            dying.messages = dying
            reminders.client = dying
            worker.use(app)
            SimpleWorker([jobs.queue(reminders)], connection=Redis.from_url(REDIS)).work(burst=True)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    first = [json.loads(line) for line in taken.read_text().splitlines()]
    assert len(first) == 3
    worker.use(app)
    try:
        SimpleWorker([jobs.queue(reminders)], connection=Redis.from_url(REDIS)).work(burst=True)
    finally:
        worker.use(None)
    fake = reminders.client
    assert len(fake.sent) == 5  # the rest; the one in flight is not sent again
    with database.session() as session:
        in_flight = session.scalars(select(ReminderMessage).where(ReminderMessage.status == "sending")).one()
    assert _callback(app, in_flight.id, "delivered").status_code == 204  # Twilio's report of it
    clock.set_local(2026, 11, 30, 17, 15)  # after the lease: everything is settled
    run_scheduler(app)
    sent = [m["to"] for m in first + fake.sent]
    assert sorted(sent) == sorted(numbers)  # each person once
    with database.session() as session:
        statuses = [m.status for m in session.scalars(select(ReminderMessage))]
    assert statuses == ["sent"] * 8


def test_status_callbacks_with_any_fields_get_a_4xx_or_204_and_change_nothing_else(make_reminders_app, clock):
    from hypothesis import HealthCheck, example, given, settings
    from hypothesis import strategies as st

    app = make_reminders_app(PUBLIC_URL="https://bot.example.org")
    _weekly_home_affairs(_manager(app))
    subscribe_by_message(app, SMS, EN, "when is home affairs at jozini")
    clock.set_local(2026, 11, 30, 17, 0)
    jobs.tick(app)
    text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40) | st.sampled_from(
        ["1", "²", "１", "-1", "99999999999999999999999", "delivered", "failed", "30006", ""]
    )
    client = app.test_client()

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(m=text, sid=text, status=text, error=text)
    @example(m="", sid="\x00", status="", error="")  # PostgreSQL refuses a NUL in text
    @example(m="1", sid="", status="deliv\x00ered", error="")
    def one(m, sid, status, error):
        from urllib.parse import urlencode

        data = {"MessageSid": sid, "MessageStatus": status, "ErrorCode": error}
        path = "/sms/status?" + urlencode({"m": m})
        url = "https://bot.example.org" + path
        signed = {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, data)}
        response = client.post(path, data=data, headers=signed, base_url="https://bot.example.org")
        assert response.status_code in (204, 403, 404), (m, sid, status, error, response.status_code)

    one()
    with app.extensions["database"].session() as session:
        assert session.scalars(select(Subscriber)).one().number is not None


def test_a_notice_goes_at_once_to_the_people_with_a_reminder_there_in_their_language_once(reminders_app, clock):
    """A notice that is no closure (a system offline): to everyone with a reminder at the centre."""
    fake = reminders_app.extensions["reminders"].client
    browser = _manager(reminders_app)
    subscribe_by_message(reminders_app, SMS, EN, "when is home affairs at jozini")
    subscribe_by_message(reminders_app, SMS, EN, "when is sassa at jozini")  # two reminders, one notice
    say(reminders_app, SMS, ZU, "isiZulu")
    subscribe_by_message(reminders_app, SMS, ZU, "sassa jozini", _text("zu", "Remind me the day before"))
    subscribe_by_message(reminders_app, SMS, AF, "when is labour at jozini")
    path = "/console/centres/jozini/notices/new"
    data = {
        "csrf_token": token(browser.get(path).get_data(as_text=True)),
        "kind": "offline",
        "provider": "",  # the whole centre
        "starts": "2026-12-24",
        "ends": "2026-12-28",
        "text_en": "The computers are off from 24 to 28 December: no IDs.",
        "text_zu": "Amakhompyutha awasebenzi kusukela zingama-24 kuya zingama-28 kuDisemba.",
    }
    assert browser.post(path, data=data).status_code == 302
    clock.set_local(2026, 12, 7, 10, 0)
    jobs.tick(reminders_app)
    jobs.tick(reminders_app)
    assert sorted(m["to"] for m in fake.sent) == sorted([EN, ZU, AF])  # once each, whatever they follow
    [en], [zu] = fake.to(EN), fake.to(ZU)
    assert en == (
        "Thusong notice for Jozini Thusong Service Centre: The computers are off from 24 to 28 December: no IDs. "
        "Reply STOP to end reminders."
    )
    assert "Amakhompyutha awasebenzi" in zu and zu.endswith(_text("zu", "Reply STOP to end reminders."))


def test_reminders_fit_the_sms_limits_in_every_language(reminders_app, clock):
    """Each language's day-before reminder (for a long centre name) is one SMS segment where its
    letters are all GSM-7, and at most three otherwise (figures: docs/sms-segments.md)."""
    from bot.i18n import LANGUAGES
    from bot.text import sms_text

    fake = reminders_app.extensions["reminders"].client
    _weekly_home_affairs(_manager(reminders_app))
    numbers = {lang: "+277200000%02d" % i for i, lang in enumerate(LANGUAGES)}
    for lang, number in numbers.items():
        say(reminders_app, SMS, number, LANGUAGES[lang])  # the person chooses their language
        label = _text(lang, "Remind me the day before")
        subscribe_by_message(reminders_app, SMS, number, "home affairs jozini", label)
    clock.set_local(2026, 11, 30, 17, 0)
    jobs.tick(reminders_app)
    assert sorted(m["to"] for m in fake.sent) == sorted(numbers.values())
    for lang, number in numbers.items():
        [body] = fake.to(number)
        assert body.endswith(sms_text.for_sms(_text(lang, "Reply STOP to end reminders."), lang)), (lang, body)
        encoding, count = sms_text.segments(body)
        assert count == 1 if encoding == "GSM-7" else count <= 3, (lang, encoding, count, body)


def test_the_consent_is_kept_in_english_whatever_language_the_person_read_it_in(reminders_app):
    say(reminders_app, SMS, ZU, "isiZulu")
    said = subscribe_by_message(reminders_app, SMS, ZU, "home affairs jozini", _text("zu", "Remind me the day before"))
    assert "STOP" in said and "Done" not in said  # read in isiZulu
    with reminders_app.extensions["database"].session() as session:
        [consent] = [s.consent for s in session.scalars(select(Subscription))]
    assert consent == (
        "Done: you will get an SMS at 17:00 the day before Home Affairs comes to Jozini Thusong Service Centre. "
        "Send MY REMINDERS to see them, or STOP to end them."
    )


def test_purge_keeps_what_is_still_to_come_so_nothing_is_sent_twice(reminders_app, clock):
    import datetime as dt

    from bot.privacy import purge

    fake = reminders_app.extensions["reminders"].client
    browser = _manager(reminders_app)
    _weekly_home_affairs(browser)
    subscribe_by_message(reminders_app, SMS, EN, "when is home affairs at jozini on 26 january")
    _cancel(browser, "2027-01-26")  # two months ahead
    clock.set_local(2026, 11, 30, 17, 0)
    jobs.tick(reminders_app)  # the cancellation, and the reminder for 1 December
    assert len(fake.sent) == 2
    later = dt.datetime(2027, 1, 10, 8, 0, tzinfo=dt.UTC)
    counts = purge(reminders_app.extensions["database"], 30, now=later)
    assert counts["reminder messages"] == 1  # the reminder for 1 December; the cancellation stays
    clock.set_local(2027, 1, 10, 10, 0)
    jobs.tick(reminders_app)
    assert len(fake.sent) == 2


def test_a_messaging_service_sends_when_one_is_set(make_reminders_app, clock):
    app = make_reminders_app(TWILIO_MESSAGING_SERVICE_SID="MG" + "1" * 32)
    fake = app.extensions["reminders"].client
    _weekly_home_affairs(_manager(app))
    subscribe_by_message(app, SMS, EN, "when is home affairs at jozini")
    clock.set_local(2026, 11, 30, 17, 0)
    jobs.tick(app)
    [message] = fake.sent
    assert message["messaging_service_sid"] == "MG" + "1" * 32 and "from_" not in message
    assert "status_callback" not in message  # no PUBLIC_URL: no callback asked for


def test_a_number_sealed_with_another_key_is_skipped_and_never_tried_again(reminders_app, clock):
    from bot.reminders.subscriptions import Numbers

    fake = reminders_app.extensions["reminders"].client
    _weekly_home_affairs(_manager(reminders_app))
    subscribe_by_message(reminders_app, SMS, EN, "when is home affairs at jozini")
    reminders_app.extensions["reminders"].numbers = Numbers("b3RoZXIga2V5IGZvciB0ZXN0cyBvbmx5OiAzMiBieXQ=")  # rotated
    clock.set_local(2026, 11, 30, 17, 0)
    jobs.tick(reminders_app)
    clock.set_local(2026, 11, 30, 17, 30)
    jobs.tick(reminders_app)
    assert fake.sent == []
    with reminders_app.extensions["database"].session() as session:
        message = session.scalars(select(ReminderMessage)).one()
    assert (message.status, message.error, message.attempts) == ("skipped", "key", 1)


def test_stop_with_a_department_ends_that_departments_reminders_only(reminders_app):
    subscribe_by_message(reminders_app, SMS, EN, "when is home affairs at jozini")
    subscribe_by_message(reminders_app, SMS, EN, "when is sassa at jozini")
    assert "Done: no more reminders for SASSA." in say(reminders_app, SMS, EN, "stop sassa reminders")
    listed = say(reminders_app, SMS, EN, "my reminders")
    assert "Home Affairs: Jozini" in listed and "SASSA" not in listed
    assert "You have no reminders for SASSA." in say(reminders_app, SMS, EN, "stop sassa reminders")
