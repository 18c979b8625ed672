"""What a citizen is told about the day they ask, on every channel: the answer about that day
comes first (the first SMS page, the first USSD screen, the top of the web answer), whatever it
is: a confirmed day with its time, a public holiday, a closure, a cancellation, no visit, an
example schedule (never a flat yes or no), a date passed, impossible or too far ahead. Then the
next day to travel on, and (for a confirmed day) the other departments there that day."""

from __future__ import annotations

import itertools

import pytest
from dates_support import MON_7_DEC
from harness import DRIVERS

_people = itertools.count(1)

# (what the day is, the question, what the first page or screen must say)
SAID = [
    ("confirmed", "is sassa at jozini on 9 december?", "Yes, on Wednesday, 09 December 2026"),
    ("holiday", "is sassa at jozini on 16 december?", "is a public holiday (Day of Reconciliation)"),
    ("closed", "is sassa at jozini on 30 december?", "is closed from 24 December 2026"),
    ("cancelled", "is sassa at jozini on 13 january?", "SASSA will not come to Jozini"),
    ("none", "is sassa at jozini on thursday?", "No, SASSA is not at Jozini"),
    (
        "example",
        "is home affairs at bredasdorp tomorrow?",
        "The example schedule gives no Home Affairs day at Bredasdorp",
    ),
    ("past", "is sassa at jozini on 1 december?", "01 December 2026 has passed."),
    ("impossible", "is sassa at jozini on 31 february?", "There is no such date: 31 February."),
    ("far", "is sassa at jozini on 5 january 2028?", "05 January 2028 is more than a year away"),
]


@pytest.mark.parametrize("driver", DRIVERS, ids=[d.name for d in DRIVERS])
@pytest.mark.parametrize("status, question, first", SAID, ids=[s[0] for s in SAID])
def test_the_day_asked_is_said_first_on_every_channel(scenario, driver, status, question, first):
    for backend, (app, clock) in scenario.items():
        clock[0] = MON_7_DEC
        talk = driver.talk(app, "+2782555%04d" % next(_people), "%s-%s" % (status, backend))
        [shown] = talk.say(question)[:1]
        assert first in " ".join(shown.split()), (backend, driver.name, shown)


def test_the_next_day_and_who_else_comes_follow(scenario):
    from dates_support import ask

    [(app, clock)] = scenario.values()
    clock[0] = MON_7_DEC
    there = ask(app, "is sassa at jozini on 9 december?")["reply"].split("\n\n")[0]
    assert there.endswith("Also there that day: Home Affairs (example).")  # Jozini's example: 2nd Wednesdays
    said = ask(app, "is sassa at jozini on 16 december?")["reply"]
    assert "The next SASSA day is Wednesday, 23 December 2026 08:00-13:00." in said.split("\n\n")[0]
    closed = ask(app, "is sassa at jozini on 30 december?")["reply"]
    assert "The next SASSA day is Wednesday, 06 January 2027" in closed.split("\n\n")[0]
    example = ask(app, "is home affairs at bredasdorp on 24 december?")["reply"]
    first, *rest = example.split("\n\n")
    assert "The example schedule gives Thursday, 24 December 2026" in first
    assert "No centre has confirmed these days: they are an example schedule." in rest  # one line, after
    assert "Yes" not in example and "No," not in example  # never a flat yes or no
    assert "Before you travel, call Home Affairs on 0800 60 11 90." in example  # Bredasdorp has no phone


def test_an_example_answer_names_the_centre_phone_where_there_is_one(scenario):
    from dates_support import ask

    [(app, clock)] = scenario.values()
    clock[0] = MON_7_DEC
    content = app.extensions["snapshots"].get()
    with_phone = sorted(
        c.slug for c in content.centres.values() if c.phones and any(d.centre == c.slug for d in content.service_days)
    )
    assert with_phone, "no centre with a phone and service days"
    centre = content.centres[with_phone[0]]
    said = ask(app, "service days at %s" % centre.name["en"])["reply"]
    assert "Before you travel, call %s: %s." % (centre.name["en"], ", ".join(centre.phones)) in said
    assert "help line" not in said
