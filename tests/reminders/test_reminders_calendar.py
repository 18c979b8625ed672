"""Reminders follow bot.calendar, on SQLite and PostgreSQL: no reminder for a public holiday or a
closed date; a closure reaches only the people told of a date it takes away, once, however
many of their dates it covers; each cancellation reaches the people told of that date once and
never again with the next one; the monthly bound never holds back a cancellation."""

from __future__ import annotations

from console_support import publish, sign_up_and_in, token
from reminders_support import SMS, say, subscribe_by_message
from sqlalchemy import select

from bot.i18n import Texts
from bot.models import ReminderMessage
from bot.reminders import jobs

ONE, TWO, THREE = "+27821231001", "+27821231002", "+27821231003"


def _manager(app):
    browser, signed = sign_up_and_in(app, "m@example.org", "--centre", "jozini")
    assert signed.status_code == 302
    done = publish(browser, "jozini", provider="sassa", pattern="week", weekday="wednesday")
    assert done.status_code == 302, done.get_data(as_text=True)[:500]
    return browser


def _close(browser, starts, ends):
    path = "/console/centres/jozini/notices/new"
    data = {"csrf_token": token(browser.get(path).get_data(as_text=True)), "kind": "closure", "provider": ""}
    data.update(starts=starts, ends=ends, text_en="Closed for the holidays.")
    assert browser.post(path, data=data).status_code == 302


def _cancel(browser, date):
    page = browser.get("/console/centres/jozini").get_data(as_text=True)
    done = browser.post("/console/centres/jozini/cancel/sassa", data={"csrf_token": token(page), "date": date})
    assert done.status_code == 302


def _kinds(app):
    with app.extensions["database"].session() as db:
        return sorted((m.kind, m.key, m.status) for m in db.scalars(select(ReminderMessage)))


def test_no_reminder_on_a_public_holiday_or_a_closed_day(reminders_app, clock):
    fake = reminders_app.extensions["reminders"].client
    browser = _manager(reminders_app)
    subscribe_by_message(reminders_app, SMS, ONE, "when is sassa at jozini")
    _close(browser, "2026-12-24", "2027-01-04")
    clock.set_local(2026, 12, 15, 17, 0)  # the evening before Wednesday 16 December, a public holiday
    jobs.tick(reminders_app)
    clock.set_local(2026, 12, 29, 17, 0)  # the evening before Wednesday 30 December, the centre closed
    jobs.tick(reminders_app)
    assert not [m for m in fake.sent if "reminder" in m["body"]]
    clock.set_local(2026, 12, 22, 17, 0)  # the evening before Wednesday 23 December: a service day
    jobs.tick(reminders_app)
    assert [body for body in fake.to(ONE) if "reminder" in body] == [
        "Thusong reminder: SASSA is at Jozini Thusong Service Centre tomorrow, 23 December 2026 08:00-13:00. "
        "Reply STOP to end reminders."
    ]


def test_a_closure_reaches_once_only_the_people_told_of_a_date_it_takes_away(reminders_app, clock):
    fake = reminders_app.extensions["reminders"].client
    browser = _manager(reminders_app)
    subscribe_by_message(reminders_app, SMS, ONE, "is sassa at jozini on 30 december?")  # told of 30 December
    say(reminders_app, SMS, ONE, "and in january?")  # told of 6, 13, 20 and 27 January too
    subscribe_by_message(reminders_app, SMS, TWO, "when is sassa at jozini")  # told of 25 Nov, 2 and 9 Dec only
    _close(browser, "2026-12-24", "2027-01-10")
    clock.set_local(2026, 12, 7, 9, 0)
    jobs.tick(reminders_app)
    jobs.tick(reminders_app)
    assert fake.to(TWO) == []
    assert fake.to(ONE) == [
        "Thusong: Jozini Thusong Service Centre is closed from 24 December 2026 to 10 January 2027: no SASSA day "
        "until then. Reply STOP to end reminders."
    ]  # one message for 30 December and 6 January
    clock.set_local(2026, 12, 29, 17, 0)
    jobs.tick(reminders_app)
    assert len(fake.to(ONE)) == 1  # and no reminder for the closed 30 December


def test_each_cancellation_reaches_the_people_told_of_it_once_over_the_months_bound(make_reminders_app, clock):
    app = make_reminders_app(REMINDERS_PER_MONTH=1)
    fake = app.extensions["reminders"].client
    browser = _manager(app)
    for number in (ONE, TWO, THREE):
        subscribe_by_message(app, SMS, number, "is sassa at jozini in december?")  # told of every December Wednesday
    clock.set_local(2026, 12, 1, 17, 0)  # the reminder for 2 December uses the month's one message
    jobs.tick(app)
    assert sorted(m["to"] for m in fake.sent) == [ONE, TWO, THREE]
    for date in ("2026-12-09", "2026-12-23", "2026-12-30"):
        _cancel(browser, date)
        clock.set_local(2026, 12, 2, 9, 0)
        jobs.tick(app)
        jobs.tick(app)
    cancelled = [m for m in fake.sent if "will not come" in m["body"]]
    assert len(cancelled) == 9  # three people, three dates: each once, none repeated, none held back
    for number in (ONE, TWO, THREE):
        said = [m["body"] for m in cancelled if m["to"] == number]
        assert [any(d in b for b in said) for d in ("09 December", "23 December", "30 December")] == [True] * 3
    assert not [k for k in _kinds(app) if k[0] == "cancelled" and k[2] != "sent"]


def test_a_date_nobody_was_told_of_is_cancelled_in_silence(reminders_app, clock):
    fake = reminders_app.extensions["reminders"].client
    browser = _manager(reminders_app)
    subscribe_by_message(reminders_app, SMS, ONE, "when is sassa at jozini")  # 25 November, 2 and 9 December
    _cancel(browser, "2027-01-20")
    clock.set_local(2026, 11, 24, 12, 0)
    jobs.tick(reminders_app)
    assert fake.sent == [] and not [k for k in _kinds(reminders_app) if k[0] == "cancelled"]


def test_cancellations_and_closures_fit_the_sms_limits_in_every_language(reminders_app, clock):
    """Each language's cancellation (with the next day) and closure: at most two GSM-7 segments,
    or three where its letters need UCS-2 (figures: docs/sms-segments.md)."""
    from bot.i18n import LANGUAGES
    from bot.text import sms_text

    fake = reminders_app.extensions["reminders"].client
    browser = _manager(reminders_app)
    numbers = {lang: "+277200001%02d" % i for i, lang in enumerate(LANGUAGES)}
    for lang, number in numbers.items():
        say(reminders_app, SMS, number, LANGUAGES[lang])  # the person chooses their language
        label = Texts(lang, "locales").gettext("Remind me the day before")
        subscribe_by_message(reminders_app, SMS, number, "sassa jozini 9 december", label)
    _cancel(browser, "2026-12-09")
    _close(browser, "2026-12-01", "2026-12-03")  # over 2 December, which everyone was told of
    clock.set_local(2026, 11, 25, 13, 0)  # (after the hour a service day today is still reminded)
    jobs.tick(reminders_app)
    for lang, number in numbers.items():
        bodies = fake.to(number)
        assert len(bodies) == 2, (lang, bodies)
        for body in bodies:
            encoding, count = sms_text.segments(body)
            assert count <= (2 if encoding == "GSM-7" else 3), (lang, encoding, count, body)
