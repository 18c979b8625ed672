"""bot.calendar decides what a date is, once: closures before cancellations before public holidays
before the schedule; public holidays come from the `holidays` package (a Sunday holiday moved to
the Monday, a day declared for one year); what a person's words for a day mean on a given day."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.calendar import CANCELLED, CLOSED, CONFIRMED, EXAMPLE, HOLIDAY, Calendar
from bot.calendar.asked import resolve
from bot.calendar.public_holidays import holiday, holiday_name
from bot.content.snapshot import Content, NoticeInfo, ServiceDayInfo

D = dt.date
TODAY = D(2026, 12, 7)  # a Monday


def visit(provider="sassa", sample=False, repeat=None, dates=(), cancelled=(), exceptions=()):
    return ServiceDayInfo(
        centre="jozini",
        provider=provider,
        service=None,
        repeat=repeat or ({"every": "week", "weekday": "wednesday", "interval": 1} if not dates else None),
        dates=tuple(dates),
        starts=None,
        ends=None,
        exceptions=frozenset(exceptions),
        time="08:00-13:00",
        sample=sample,
        confirmed_on=None if sample else TODAY,
        cancelled=tuple(cancelled),
    )


def closure(starts, ends, provider=None, kind="closure"):
    return NoticeInfo("jozini", provider, kind, {"en": "closed"}, starts, ends, TODAY, id="n1")


def calendar(*visits, notices=()):
    return Calendar(Content(version=None, service_days=list(visits), notices=list(notices)))


def statuses(cal, visits, start, end):
    return {d.date: d.status for d in cal.between(visits, start, end, TODAY)}


def test_each_wednesday_is_what_the_calendar_says():
    weekly = visit(cancelled=[D(2027, 1, 13), D(2026, 12, 10)])  # 10 December is no Wednesday: ignored
    cal = calendar(weekly, notices=[closure(D(2026, 12, 24), D(2027, 1, 4))])
    assert statuses(cal, [weekly], TODAY, D(2027, 1, 20)) == {
        D(2026, 12, 9): CONFIRMED,
        D(2026, 12, 16): HOLIDAY,  # Day of Reconciliation
        D(2026, 12, 23): CONFIRMED,
        D(2026, 12, 30): CLOSED,
        D(2027, 1, 6): CONFIRMED,
        D(2027, 1, 13): CANCELLED,
        D(2027, 1, 20): CONFIRMED,
    }
    assert cal.next_travel([weekly], D(2026, 12, 24), TODAY).date == D(2027, 1, 6)
    assert cal.on([weekly], D(2026, 12, 10), TODAY) == []  # no visit that day, cancelled or not


def test_a_closure_comes_before_a_cancellation_and_a_holiday():
    weekly = visit(cancelled=[D(2026, 12, 16)])
    cal = calendar(weekly, notices=[closure(D(2026, 12, 14), D(2026, 12, 18))])
    [day] = cal.on([weekly], D(2026, 12, 16), TODAY)
    assert day.status == CLOSED and day.closure.ends == D(2026, 12, 18)


def test_a_department_closure_closes_only_that_department_and_other_notices_close_nothing():
    sassa, labour = visit(), visit(provider="labour")
    cal = calendar(
        sassa,
        labour,
        notices=[
            closure(D(2026, 12, 9), D(2026, 12, 9), provider="labour"),
            closure(D(2026, 12, 23), D(2026, 12, 23), kind="offline"),
        ],
    )
    assert {(d.visit.provider, d.status) for d in cal.on([sassa, labour], D(2026, 12, 9), TODAY)} == {
        ("sassa", CONFIRMED),
        ("labour", CLOSED),
    }
    assert {d.status for d in cal.on([sassa], D(2026, 12, 23), TODAY)} == {CONFIRMED}


def test_a_holiday_is_a_service_day_only_when_a_manager_published_that_very_date():
    dated = visit(dates=[D(2026, 12, 16), D(2026, 12, 17)])
    example = visit(dates=[D(2026, 12, 16)], sample=True)
    cal = calendar(dated, example)
    assert statuses(cal, [dated], TODAY, D(2026, 12, 31)) == {D(2026, 12, 16): CONFIRMED, D(2026, 12, 17): CONFIRMED}
    assert statuses(cal, [example], TODAY, D(2026, 12, 31)) == {D(2026, 12, 16): HOLIDAY}
    assert statuses(cal, [visit(sample=True)], TODAY, D(2026, 12, 10)) == {D(2026, 12, 9): EXAMPLE}


def test_upcoming_gives_the_next_days_to_travel_on_and_what_comes_between():
    weekly = visit(cancelled=[D(2026, 12, 23)])
    cal = calendar(weekly, notices=[closure(D(2026, 12, 28), D(2027, 1, 4))])
    [(found, days)] = cal.upcoming([weekly], TODAY, 3)
    assert found is weekly
    assert [(d.date, d.status) for d in days] == [
        (D(2026, 12, 9), CONFIRMED),
        (D(2026, 12, 16), HOLIDAY),
        (D(2026, 12, 23), CANCELLED),
        (D(2026, 12, 30), CLOSED),
        (D(2027, 1, 6), CONFIRMED),
        (D(2027, 1, 13), CONFIRMED),
    ]


@pytest.mark.parametrize(
    "date, name",
    [
        (D(2026, 12, 16), "Day of Reconciliation"),
        (D(2026, 8, 10), "National Women's Day (observed)"),  # 9 August 2026 is a Sunday
        (D(2027, 12, 27), "Day of Goodwill (observed)"),
        (D(2026, 11, 4), "Local Government Elections"),  # declared for that year
        (D(2026, 12, 17), None),
    ],
)
def test_public_holidays_come_from_the_holidays_package(date, name):
    assert holiday(date) == name


def test_holiday_names_are_said_in_the_persons_language():
    from bot.i18n import Texts

    zulu = Texts("zu", "locales").gettext
    assert holiday_name("Day of Reconciliation", zulu) != "Day of Reconciliation"
    observed = holiday_name("National Women's Day (observed)", zulu)
    assert zulu("National Women's Day") in observed and "(observed)" not in observed
    assert holiday_name("Y2K Changeover", zulu) == "Y2K Changeover"  # not in the catalogs: as it is


@pytest.mark.parametrize(
    "said, today, start, end, problem",
    [
        ("today", TODAY, D(2026, 12, 7), D(2026, 12, 7), None),
        ("+2", TODAY, D(2026, 12, 9), D(2026, 12, 9), None),
        ("wednesday", TODAY, D(2026, 12, 9), D(2026, 12, 9), None),
        ("monday", TODAY, TODAY, TODAY, None),
        ("next monday", TODAY, D(2026, 12, 14), D(2026, 12, 14), None),
        ("next wednesday", D(2026, 12, 11), D(2026, 12, 16), D(2026, 12, 16), None),
        ("this week", D(2026, 12, 9), D(2026, 12, 9), D(2026, 12, 13), None),
        ("next month", D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 31), None),
        ("--12", TODAY, TODAY, D(2026, 12, 31), None),
        ("--02", TODAY, D(2027, 2, 1), D(2027, 2, 28), None),
        ("--12-01", TODAY, D(2026, 12, 1), D(2026, 12, 1), "past"),  # a week ago
        ("--10-01", TODAY, D(2027, 10, 1), D(2027, 10, 1), None),  # long passed: next year's
        ("--01-05", TODAY, D(2027, 1, 5), D(2027, 1, 5), None),
        ("--02-29", TODAY, None, None, "impossible"),  # 2027 has none
        ("--02-29", D(2027, 12, 7), D(2028, 2, 29), D(2028, 2, 29), None),
        ("--04-31", TODAY, None, None, "impossible"),
        ("2026-12-24 thursday", TODAY, D(2026, 12, 24), D(2026, 12, 24), None),
        ("2028-01-05", TODAY, D(2028, 1, 5), D(2028, 1, 5), "far"),
        ("---31", TODAY, D(2026, 12, 31), D(2026, 12, 31), None),
        ("---31", D(2027, 1, 31), D(2027, 1, 31), D(2027, 1, 31), None),
        ("---30", D(2027, 2, 1), D(2027, 3, 30), D(2027, 3, 30), None),  # February has none
        ("2026-12-14/2026-12-20", TODAY, D(2026, 12, 14), D(2026, 12, 20), None),
    ],
)
def test_what_a_day_said_means_on_a_given_day(said, today, start, end, problem):
    asked = resolve(said, today)
    assert (asked.start, asked.end, asked.problem) == (start, end, problem)


def test_a_weekday_said_beside_a_date_it_is_not_is_noted():
    assert resolve("--12-24 wednesday", TODAY).weekday_said == "wednesday"
    assert resolve("--12-24 thursday", TODAY).weekday_said is None
    assert resolve("nonsense", TODAY) is None and resolve(None, TODAY) is None and resolve(7, TODAY) is None
