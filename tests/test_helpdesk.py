"""The helpdesk end to end (issue 30): a citizen asks for a person on SMS, WhatsApp, USSD and
the web chat; a staff reply (bot.helpdesk.staff, as the console stores it) reaches them once on
their channel, through Twilio's client (replaced by a fake) or in the chat; an open ticket takes
the person's messages, acknowledged once; STOP, `forget`, `purge`, a day's limit and a late
ticket behave. The console's pages are tested in tests/console/test_helpdesk_pages.py."""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from pathlib import Path

import pytest
from harness import Dialled, Driver
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent / "reminders"))
from reminders_support import KEY, REDIS, Clock, FakeSms, FakeTwilio, redis_up, say, settings

from bot.helpdesk import delivery, staff
from bot.helpdesk.late import answer_by, late
from bot.models import ConsoleUser, Ticket, TicketEntry
from bot.privacy import forget, purge

SMS, WHATSAPP = Driver("sms"), Driver("whatsapp")
# Monday 7 December 2026, 10:00 in South Africa.
MONDAY_10 = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)


@pytest.fixture()
def clock():
    return Clock(MONDAY_10)


@pytest.fixture()
def desk_app(new_app, clock):
    """An app that can send (Twilio's client faked) and keeps numbers (REMINDER_KEY)."""
    app = new_app(**settings(clock))
    app.extensions["reminders"].client = FakeTwilio()  # the one sender, shared with the helpdesk
    app.extensions["sms_sender"] = FakeSms()
    return app


def _number() -> str:
    return "+2782%07d" % (uuid.uuid4().int % 10**7)


def _chat(app, user: str, text: str) -> dict:
    response = app.test_client().post("/api/chat", json={"user": user, "text": text})
    assert response.status_code == 200
    return response.get_json()


def _tickets(app) -> list[Ticket]:
    with app.extensions["database"].session() as db:
        return list(db.scalars(select(Ticket).order_by(Ticket.id)))


def _entries(app, ticket: Ticket) -> list[TicketEntry]:
    with app.extensions["database"].session() as db:
        return list(db.scalars(select(TicketEntry).where(TicketEntry.ticket_id == ticket.id).order_by(TicketEntry.id)))


def _staff_reply(app, ticket: Ticket, text: str) -> str:
    """A reply as the console stores and sends it: stored, committed, then dispatched."""
    helpdesk = app.extensions["helpdesk"]
    with helpdesk.database.session() as db, db.begin():
        user = ConsoleUser(email="m-%s@example.org" % uuid.uuid4().hex[:6], role="manager", centres=[ticket.centre])
        db.add(user)
        db.flush()
        entry = staff.reply(db, db.get(Ticket, ticket.id), user.id, text, helpdesk.now())
        entry_id = entry.id
    return delivery.dispatch(helpdesk, entry_id)


def test_a_web_user_asks_a_person_and_reads_the_reply_once(desk_app):
    user = "web-" + uuid.uuid4().hex
    asked = _chat(desk_app, user, "6")
    assert "Which centre?" in asked["reply"]
    question = _chat(desk_app, user, "Jozini")
    assert "What is your question for Jozini Thusong Service Centre?" in question["reply"]
    opened = _chat(desk_app, user, "My SASSA grant stopped in October, what must I do?")
    assert "within one working day" in opened["reply"] and "Your reference: TB-" in opened["reply"]
    assert "SASSA 0800 60 10 11" in opened["reply"]  # the department's line, for what is urgent
    [ticket] = _tickets(desk_app)
    assert (ticket.centre, ticket.channel, ticket.lang, ticket.status, ticket.number) == (
        "jozini",
        "web",
        "en",
        "new",
        None,
    )
    assert ticket.provider == "sassa" and ticket.reference in opened["reply"]
    # The next messages are added to the ticket, acknowledged once.
    first = _chat(desk_app, user, "I applied at Jozini in 2019")
    second = _chat(desk_app, user, "my ID number is 8001015009087")
    assert "Added to your question %s" % ticket.reference in first["reply"] and second["reply"] == ""
    said = [(e.kind, e.text) for e in _entries(desk_app, ticket)]
    assert said[-3][0] == "citizen" and said[-3][1].startswith("My SASSA grant stopped")
    assert said[-2:] == [("citizen", "I applied at Jozini in 2019"), ("citizen", "my ID number is [number]")]
    # A staff reply waits for the web user, and is given once: by the widget's poll ...
    assert _staff_reply(desk_app, ticket, "Please come on Thursday with your ID.") == "waiting"
    answer = desk_app.test_client().post("/api/replies", json={"user": user}).get_json()
    polled = answer["replies"]
    assert [r["text"] for r in polled] == ["Please come on Thursday with your ID."] and answer["open"] is True
    assert polled[0]["reply"].startswith("Reply from Jozini Thusong Service Centre (%s):" % ticket.reference)
    assert desk_app.test_client().post("/api/replies", json={"user": user}).get_json()["replies"] == []
    # ... or before the bot's next answer when the widget did not ask.
    assert _staff_reply(desk_app, ticket, "We open at 08:00.") == "waiting"
    after = _chat(desk_app, user, "thank you")
    assert after["reply"].startswith("Reply from Jozini Thusong Service Centre")
    assert "We open at 08:00." in after["reply"] and "We open at 08:00." not in _chat(desk_app, user, "ok")["reply"]


def test_menu_and_a_clear_request_go_back_to_the_bot_and_danger_is_answered_at_once(desk_app):
    user = "web-" + uuid.uuid4().hex
    for text in ("talk to a person", "Zava", "Where is my child support grant payment?"):
        _chat(desk_app, user, text)
    danger = _chat(desk_app, user, "my husband hits me and I am afraid for my life")
    assert danger["intent"] == "talk_to_person" and "call the police" in danger["reply"].lower()
    menu = _chat(desk_app, user, "00")
    assert menu["intent"] == "help" and "Reply with a number" in menu["reply"]
    days = _chat(desk_app, user, "when is home affairs at jozini?")
    assert days["intent"] == "service_days" and "Home Affairs at Jozini" in days["reply"]
    [ticket] = _tickets(desk_app)
    assert ticket.status == "new"  # still open
    assert not any("home affairs at jozini" in e.text.lower() for e in _entries(desk_app, ticket))
    # Asked which centre should answer, a clear question of its own is answered by the bot.
    other = "web-" + uuid.uuid4().hex
    _chat(desk_app, other, "talk to a person")
    assert _chat(desk_app, other, "when is sassa at jozini?")["intent"] == "service_days"


def test_a_complaint_can_become_a_question_for_a_person(desk_app):
    user = "web-" + uuid.uuid4().hex
    saved = _chat(desk_app, user, "the staff at Jozini were rude and sent me away without help")
    assert saved["intent"] == "feedback" and saved["options"][0]["label"] == "Ask a person to answer me"
    opened = _chat(desk_app, user, "1")
    assert "Your question is with Jozini Thusong Service Centre" in opened["reply"]
    [ticket] = _tickets(desk_app)
    assert ticket.centre == "jozini"
    assert any(e.kind == "citizen" and "were rude" in e.text for e in _entries(desk_app, ticket))


def test_an_sms_asker_gets_the_reply_by_sms_once_from_the_stored_number_only(desk_app):
    number = _number()
    say(desk_app, SMS, number, "I want to talk to someone")
    say(desk_app, SMS, number, "Jozini")
    opened = say(desk_app, SMS, number, "Is my birth certificate ready? I applied in June")
    assert "Your reference: TB-" in opened
    assert "Added to your question" in say(desk_app, SMS, number, "It was at Jozini")
    assert say(desk_app, SMS, number, "in June 2026") == ""  # said once: no SMS for the next ones
    [ticket] = _tickets(desk_app)
    assert ticket.channel == "sms" and ticket.number is not None and number.encode() not in ticket.number
    assert ticket.number_tail == number[-4:] and staff.masked_number(ticket) == "*** *** " + number[-4:]
    fake = desk_app.extensions["reminders"].client
    assert _staff_reply(desk_app, ticket, "Yes, collect it on Thursday.") == "sent"
    assert fake.to(number) == ["Yes, collect it on Thursday."] and len(fake.sent) == 1
    [reply] = [e for e in _entries(desk_app, ticket) if e.kind == "reply"]
    assert (reply.delivery, reply.via) == ("sent", "sms") and reply.sid
    assert delivery.deliver(desk_app.extensions["helpdesk"], reply.id) == "gone"  # a job run twice
    assert len(fake.sent) == 1


def test_a_ussd_asker_is_answered_by_sms(desk_app):
    number = _number()
    dialled = Dialled(desk_app.test_client(), phone=number, token=desk_app.config["USSD_TOKEN"])
    dialled.press("6")
    assert "Which centre?" in dialled.screens[-1]
    dialled.press("Jozini")
    dialled.press("When will my smart ID be ready?")
    assert dialled.screens[-1].startswith("END ") and "by SMS" in dialled.screens[-1] and "TB-" in dialled.screens[-1]
    [ticket] = _tickets(desk_app)
    assert ticket.channel == "ussd"
    assert _staff_reply(desk_app, ticket, "It is ready: bring your receipt.") == "sent"
    assert desk_app.extensions["reminders"].client.to(number) == ["It is ready: bring your receipt."]


def test_whatsapp_goes_by_sms_without_a_whatsapp_sender_or_after_24_hours(new_app, clock):
    app = new_app(**settings(clock, TWILIO_WHATSAPP_FROM="+27600000001"))
    fake = FakeTwilio()
    app.extensions["reminders"].client = fake
    number = _number()
    for text in ("talk to a person", "Jozini", "Do you do passports?"):
        say(app, WHATSAPP, number, text)
    [ticket] = _tickets(app)
    assert _staff_reply(app, ticket, "Not at Jozini, sorry.") == "sent"
    assert fake.sent[-1]["to"] == "whatsapp:" + number and fake.sent[-1]["from_"] == "whatsapp:+27600000001"
    clock.moment += dt.timedelta(hours=25)
    assert _staff_reply(app, ticket, "Try Zava instead.") == "sent"
    assert fake.sent[-1]["to"] == number  # outside the 24-hour window: an SMS
    [_first, second] = [e for e in _entries(app, ticket) if e.kind == "reply"]
    assert second.via == "sms" and "24 hours" in second.error


def test_after_stop_nothing_is_sent(desk_app):
    number = _number()
    for text in ("talk to a person", "Jozini", "Is the office open on Saturday?"):
        say(desk_app, SMS, number, text)
    say(desk_app, SMS, number, "STOP")
    [ticket] = _tickets(desk_app)
    assert _staff_reply(desk_app, ticket, "No, only weekdays.") == "not_sent"
    assert desk_app.extensions["reminders"].client.sent == []
    [reply] = [e for e in _entries(desk_app, ticket) if e.kind == "reply"]
    assert "STOP" in reply.error


def test_forget_and_purge_remove_tickets(desk_app):
    number = _number()
    for text in ("talk to a person", "Jozini", "Where do I pay for my ID?"):
        say(desk_app, SMS, number, text)
    other = "web-" + uuid.uuid4().hex
    for text in ("talk to a person", "Zava", "Who do I ask about UIF?"):
        _chat(desk_app, other, text)
    database = desk_app.extensions["database"]
    removed = forget(database, desk_app.config["SECRET_KEY"], number)
    assert removed["helpdesk tickets"] == 1 and [t.centre for t in _tickets(desk_app)] == ["zava"]
    [ticket] = _tickets(desk_app)
    with database.session() as db, db.begin():
        staff.close(db, db.get(Ticket, ticket.id), None, MONDAY_10 - dt.timedelta(days=40))
    assert purge(database, 30)["helpdesk tickets"] == 1 and _tickets(desk_app) == []
    with database.session() as db:
        assert db.scalars(select(TicketEntry)).all() == []


def test_a_day_has_a_limit_of_tickets(new_app, clock):
    app = new_app(**settings(clock, HELPDESK_TICKETS_PER_DAY=2))
    user = "web-" + uuid.uuid4().hex
    _chat(app, user, "talk to a person")
    _chat(app, user, "Jozini")  # remembered for the next questions
    for question in ("First question?", "Second question?", "Third question?"):
        last = _chat(app, user, question)
        with app.extensions["database"].session() as db, db.begin():
            for ticket in db.scalars(select(Ticket).where(Ticket.status != "closed")):
                staff.close(db, ticket, None, MONDAY_10)
        _chat(app, user, "00")
        assert "What is your question for Jozini" in _chat(app, user, "talk to a person")["reply"]
    assert len(_tickets(app)) == 2 and "You have asked a person 2 questions today" in last["reply"]


def test_the_api_limits_questions_per_address(new_app, clock):
    app = new_app(**settings(clock, RATE_LIMIT="1000 per minute", HELPDESK_ADDRESS_PER_DAY=1))
    said = []
    for user in ("web-one-" + uuid.uuid4().hex, "web-two-" + uuid.uuid4().hex):
        for text in ("talk to a person", "Jozini", "Is Home Affairs there on Friday?"):
            last = _chat(app, user, text)
        said.append(last["reply"])
    assert "Your reference: TB-" in said[0] and "Too many questions for a person came from this connection" in said[1]
    assert len(_tickets(app)) == 1


def test_nobody_answering_in_a_working_day_tells_the_citizen_once(desk_app, clock):
    number = _number()
    for text in ("talk to a person", "Jozini", "Can I apply for a disability grant there?"):
        say(desk_app, SMS, number, text)
    helpdesk = desk_app.extensions["helpdesk"]
    [ticket] = _tickets(desk_app)
    due = answer_by(ticket.created_at, helpdesk.zone)
    assert due.astimezone(helpdesk.zone).date() == dt.date(2026, 12, 8)  # Tuesday, same time
    from console_support import sign_up_and_in

    coordinator, _ = sign_up_and_in(desk_app, "kzn@example.org", "--role", "coordinator", "--province", "KZN")
    flag = '<strong class="error">late</strong>'
    clock.moment = due - dt.timedelta(minutes=1)
    assert late(helpdesk) == {"late tickets told": 0}
    assert flag not in coordinator.get("/console/helpdesk").get_data(as_text=True)
    clock.moment = due + dt.timedelta(minutes=1)
    assert flag in coordinator.get("/console/helpdesk").get_data(as_text=True)  # before any clock ran
    assert late(helpdesk) == {"late tickets told": 1} and late(helpdesk) == {"late tickets told": 0}
    [told] = desk_app.extensions["reminders"].client.to(number)
    assert ticket.reference in told and "SASSA 0800 60 10 11" in told
    assert _tickets(desk_app)[0].late_at is not None
    overview = coordinator.get("/console/overview").get_data(as_text=True)
    assert "<strong>1</strong> helpdesk questions open and not answered within one working day" in overview


def test_a_working_day_skips_weekends_and_public_holidays():
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Africa/Johannesburg")
    friday = dt.datetime(2026, 12, 11, 15, 0, tzinfo=zone)
    assert answer_by(friday, zone) == dt.datetime(2026, 12, 14, 15, 0, tzinfo=zone)
    before_holiday = dt.datetime(2026, 12, 15, 9, 30, tzinfo=zone)  # 16 December: Day of Reconciliation
    assert answer_by(before_holiday, zone) == dt.datetime(2026, 12, 17, 9, 30, tzinfo=zone)
    saturday = dt.datetime(2026, 12, 12, 20, 0, tzinfo=zone)
    assert answer_by(saturday, zone) == dt.datetime(2026, 12, 15, 8, 0, tzinfo=zone)


def test_a_reply_is_cleaned_and_kept_within_three_segments():
    assert staff.clean_reply("Come\x00 on\tThursday\r\nBring your ID\x1b", "en") == "Come on Thursday\nBring your ID"
    with pytest.raises(staff.StaffError):
        staff.clean_reply("x" * 460, "en")
    with pytest.raises(staff.StaffError):
        staff.clean_reply(" \n ", "en")


def test_without_a_key_no_number_is_kept_and_the_reply_waits_in_the_chat(new_app, clock):
    app = new_app(NOW=clock)  # no REMINDER_KEY, no Twilio
    number = _number()
    for text in ("talk to a person", "Jozini", "Is the centre open in January?"):
        say(app, SMS, number, text)
    [ticket] = _tickets(app)
    assert ticket.number is None and KEY
    assert _staff_reply(app, ticket, "Yes, from 4 January.") == "waiting"
    assert "Yes, from 4 January." in say(app, SMS, number, "hello")


def test_a_reply_that_failed_for_a_moment_is_sent_once_at_the_next_tick_and_its_status_kept(new_app, clock):
    from harness import TOKEN
    from twilio.base.exceptions import TwilioRestException
    from twilio.request_validator import RequestValidator

    from bot.helpdesk.late import tick

    app = new_app(**settings(clock, PUBLIC_URL="https://bot.example.org"))
    fake = FakeTwilio()
    app.extensions["reminders"].client = fake
    number = _number()
    for text in ("talk to a person", "Jozini", "Do you have forms for a death certificate?"):
        say(app, SMS, number, text)
    [ticket] = _tickets(app)
    fake.failing[number] = TwilioRestException(503, "https://api.twilio.com", "busy", code=20503)
    assert _staff_reply(app, ticket, "Yes, form DHA-1663.") == "retry"
    helpdesk = app.extensions["helpdesk"]
    assert tick(helpdesk)["replies handed out again"] == 0  # not yet: a minute first
    del fake.failing[number]
    clock.moment += dt.timedelta(minutes=2)
    assert tick(helpdesk)["replies handed out again"] == 1 and fake.to(number) == ["Yes, form DHA-1663."]
    clock.moment += dt.timedelta(minutes=2)
    assert tick(helpdesk)["replies handed out again"] == 0 and len(fake.sent) == 1
    [reply] = [e for e in _entries(app, ticket) if e.kind == "reply"]
    assert (
        reply.attempts == 2 and fake.sent[0]["status_callback"] == "https://bot.example.org/sms/status?t=%d" % reply.id
    )
    url = "https://bot.example.org/sms/status?t=%d" % reply.id
    data = {"MessageSid": reply.sid, "MessageStatus": "delivered"}
    signed = {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, data)}
    client = app.test_client()
    answered = client.post("/sms/status?t=%d" % reply.id, data=data, headers=signed, base_url="https://bot.example.org")
    assert answered.status_code == 204
    assert [e.provider_status for e in _entries(app, ticket) if e.kind == "reply"] == ["delivered"]
    forged = client.post("/sms/status?t=%d" % reply.id, data=data, base_url="https://bot.example.org")
    assert forged.status_code == 403
    other = {"MessageSid": "SMnotours", "MessageStatus": "failed"}
    signed = {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, other)}
    wrong = client.post("/sms/status?t=%d" % reply.id, data=other, headers=signed, base_url="https://bot.example.org")
    assert wrong.status_code == 404
    assert [e.provider_status for e in _entries(app, ticket) if e.kind == "reply"] == ["delivered"]


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1")
def test_with_redis_a_reply_is_a_job_the_procfiles_worker_queues_run_once(new_app, clock):
    from redis import Redis
    from rq import Queue, SimpleWorker

    from bench.server import procfile
    from bot import worker

    assert delivery.QUEUE in procfile("worker").split()  # the worker: line takes the helpdesk's jobs
    app = new_app(**settings(clock, REDIS_URL=REDIS))
    fake = FakeTwilio()
    app.extensions["reminders"].client = fake
    redis = Redis.from_url(REDIS)
    redis.flushdb()
    number = _number()
    for text in ("talk to a person", "Jozini", "Where do I register a death?"):
        say(app, SMS, number, text)
    [ticket] = _tickets(app)
    assert _staff_reply(app, ticket, "At the Home Affairs desk, Monday to Friday.") == "queued"
    assert fake.sent == []  # not from the request: from a worker
    [reply] = [e for e in _entries(app, ticket) if e.kind == "reply"]
    Queue(delivery.QUEUE, connection=redis).enqueue(worker.deliver_reply_job, reply.id)  # a job run twice
    worker.use(app)
    try:
        SimpleWorker([Queue(delivery.QUEUE, connection=redis)], connection=redis).work(
            burst=True, logging_level="WARNING"
        )
    finally:
        worker.use(None)
    assert fake.to(number) == ["At the Home Affairs desk, Monday to Friday."] and len(fake.sent) == 1


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        ("{}", "application/json", 400),
        ('{"user": ""}', "application/json", 400),
        ('{"user": 12}', "application/json", 400),
        ("not json", "application/json", 400),
        ('{"user": "x"}', "text/plain", 415),
        ('{"user": "' + "u" * 500 + '"}', "application/json", 400),
    ],
)
def test_asking_for_replies_with_bad_input_gets_a_json_4xx(app, body, content_type, status):
    response = app.test_client().post("/api/replies", data=body, content_type=content_type)
    assert response.status_code == status and "error" in response.get_json()


def test_a_user_with_no_question_has_no_replies_and_none_open(app):
    answer = app.test_client().post("/api/replies", json={"user": "web-nobody"}).get_json()
    assert answer == {"replies": [], "open": False}


def test_staff_read_what_the_bot_answered_before_never_the_persons_other_words(desk_app):
    user = "web-" + uuid.uuid4().hex
    for text in ("when is sassa at jozini? I am Thandi", "documents for a passport", "talk to a person"):
        _chat(desk_app, user, text)
    asked = _chat(desk_app, user, "Can I bring a copy of my ID?")  # the centre was remembered: Jozini
    assert "Your question is with Jozini Thusong Service Centre" in asked["reply"]
    [ticket] = _tickets(desk_app)
    said = [(e.kind, e.text) for e in _entries(desk_app, ticket)]
    assert said == [
        ("context", "Service days: SASSA, Jozini Thusong Service Centre"),
        ("context", "Documents to bring: Passport"),
        ("citizen", "Can I bring a copy of my ID?"),
    ]
