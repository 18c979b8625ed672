"""Publishing and cancelling service days in the console, through its pages: the form opens with
the schedule in force (cancellations kept) and asks only what its kind of repeat needs; nothing
is published without the preview of exactly what is published; two managers never lose each
other's changes; only a confirmed service day to come can be cancelled; the history reads in
words and South African time; the password link points where the console is served."""

from __future__ import annotations

import re
import threading

import pytest
from console_support import client, hidden, preview, publish, sign_in, sign_up_and_in, token
from sqlalchemy import func, select

from bot.models import PublishedChange

SCHEDULE = "/console/centres/jozini/schedule"


def _changes(app) -> int:
    with app.extensions["database"].session() as db:
        return db.scalar(select(func.count()).select_from(PublishedChange))


def _ask(app, text):
    return app.test_client().post("/api/chat", json={"user": "s-" + text, "text": text}).get_json()


def _cancel(browser, date, target="sassa"):
    page = browser.get("/console/centres/jozini").get_data(as_text=True)
    return browser.post(
        "/console/centres/jozini/cancel/" + target,
        data={"csrf_token": token(page), "date": date},
        follow_redirects=True,
    ).get_data(as_text=True)


@pytest.fixture()
def manager(new_app):
    app = new_app()
    browser, signed = sign_up_and_in(app, "m@example.org", "--centre", "jozini")
    assert signed.status_code == 302
    return app, browser


def test_the_form_asks_only_what_the_kind_of_repeat_needs(manager):
    app, browser = manager
    page = browser.get(SCHEDULE, query_string={"provider": "labour"}).get_data(as_text=True)  # example: last Friday
    assert 'name="position"' in page and 'name="weekday"' in page and 'name="dates"' not in page
    assert page.count(">From<") == 0 and page.count(">Until<") == 0  # one label for each, said plainly
    assert "Starts at (time)" in page and "First day (optional)" in page
    chosen = browser.post(
        SCHEDULE, data={"csrf_token": token(page), "provider": "labour", "pattern": "dates", "action": "choose"}
    )
    page = chosen.get_data(as_text=True)
    assert 'name="dates"' in page and 'name="weekday"' not in page and 'name="starts"' not in page
    assert "Give at least one date" not in page and _changes(app) == 0  # choosing is not publishing


def test_nothing_is_published_without_the_preview_of_exactly_that(manager):
    app, browser = manager
    shown, data = preview(browser, "jozini", provider="sassa", pattern="week", weekday="wednesday")
    page = shown.get_data(as_text=True)
    assert "The next dates this schedule gives" in page and "Wednesday, 16 December 2026" in page
    assert "Public holiday (Day of Reconciliation)" in page and _changes(app) == 0
    changed = browser.post(
        SCHEDULE, data=dict(data, action="publish", previewed=hidden(page, "previewed"), weekday="thursday")
    )
    assert "The schedule changed since the preview" in changed.get_data(as_text=True) and _changes(app) == 0
    missing = browser.post(SCHEDULE, data=dict(data, start_time="", action="preview"))
    assert "Give the time the department starts." in missing.get_data(as_text=True) and _changes(app) == 0
    done = browser.post(SCHEDULE, data=dict(data, action="publish", previewed=hidden(page, "previewed")))
    assert done.status_code == 302 and _changes(app) == 1


def test_the_form_opens_with_the_schedule_in_force_and_keeps_its_cancellations(manager):
    app, browser = manager
    assert publish(browser, "jozini", provider="sassa", pattern="week", weekday="wednesday").status_code == 302
    assert "Cancelled Wednesday, 09 December 2026" in _cancel(browser, "2026-12-09")
    page = browser.get(SCHEDULE, query_string={"provider": "sassa"}).get_data(as_text=True)
    assert '<option selected value="wednesday">' in page and "2026-12-09</textarea>" in page
    assert hidden(page, "version").startswith("sassa@") and hidden(page, "version") != "sassa@0"
    # Changing the time keeps the cancellation (nothing typed about it).
    assert (
        publish(
            browser, "jozini", provider="sassa", pattern="week", weekday="wednesday", start_time="09:00"
        ).status_code
        == 302
    )
    said = _ask(app, "when is sassa at jozini")["reply"]
    assert "not on Wednesday, 09 December 2026: cancelled by the centre" in said and "09:00-13:00" in said


def test_a_second_manager_who_opened_the_same_version_is_told_to_reload(manager):
    app, first = manager
    second = client(app)
    assert sign_in(second, "m@example.org").status_code == 302
    _page, mine = preview(first, "jozini", provider="sassa", pattern="week", weekday="wednesday")
    shown_other, theirs = preview(second, "jozini", provider="sassa", pattern="week", weekday="friday")
    mine_page = _page.get_data(as_text=True)
    assert (
        first.post(SCHEDULE, data=dict(mine, action="publish", previewed=hidden(mine_page, "previewed"))).status_code
        == 302
    )
    late = second.post(
        SCHEDULE,
        data=dict(theirs, action="publish", previewed=hidden(shown_other.get_data(as_text=True), "previewed")),
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Someone changed this schedule since you opened it" in late
    assert '<option selected value="wednesday">' in late  # shown as it is now
    assert _changes(app) == 1 and "Wednesday" in _ask(app, "when is sassa at jozini")["reply"]


def test_cancellations_made_at_the_same_moment_are_all_kept(manager):
    app, browser = manager
    assert publish(browser, "jozini", provider="sassa", pattern="week", weekday="wednesday").status_code == 302
    dates = ["2026-12-02", "2026-12-09", "2026-12-23", "2027-01-06", "2027-01-13", "2027-01-20"]
    browsers = []
    for _date in dates:
        other = client(app)
        assert sign_in(other, "m@example.org").status_code == 302
        browsers.append((other, token(other.get("/console/centres/jozini").get_data(as_text=True))))
    start = threading.Barrier(len(dates))
    results = []

    def cancel(other, csrf, date):
        start.wait()
        response = other.post("/console/centres/jozini/cancel/sassa", data={"csrf_token": csrf, "date": date})
        results.append(response.status_code)

    threads = [threading.Thread(target=cancel, args=(b, t, d)) for (b, t), d in zip(browsers, dates, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == [302] * len(dates)
    said = _ask(app, "is sassa at jozini in january")["reply"] + _ask(app, "is sassa at jozini in december")["reply"]
    for date in (
        "02 December 2026",
        "09 December 2026",
        "23 December 2026",
        "06 January 2027",
        "13 January 2027",
        "20 January 2027",
    ):
        assert "not on Wednesday, %s: cancelled by the centre" % date in said, date


@pytest.mark.parametrize(
    "date, why",
    [
        ("2026-12-10", "is not a service day of this schedule"),
        ("2026-12-16", "is a public holiday"),
        ("2026-11-18", "has passed"),
        ("2026-12-09", "is already cancelled"),
    ],
)
def test_only_a_confirmed_service_day_to_come_can_be_cancelled(manager, date, why):
    app, browser = manager
    assert publish(browser, "jozini", provider="sassa", pattern="week", weekday="wednesday").status_code == 302
    assert "Cancelled" in _cancel(browser, "2026-12-09")
    before = _changes(app)
    assert why in _cancel(browser, date)
    assert _changes(app) == before  # nothing stored
    assert "Only a published schedule" in _cancel(browser, "2026-12-08", target="home-affairs")


def test_the_history_is_in_words_and_south_african_time(manager):
    app, browser = manager
    path = "/console/centres/jozini/facts"
    page = browser.get(path).get_data(as_text=True)
    data = {
        "csrf_token": token(page),
        "version": hidden(page, "version"),
        "phones": "035 572 1234",
        "address": "Main Road",
    }
    data.update({day: "08:00-16:00" for day in ("mon", "tue", "wed", "thu", "fri")}, sat="closed", sun="closed")
    assert browser.post(path, data=data).status_code == 302
    stale = browser.post(path, data=dict(data, phones="035 572 9999"), follow_redirects=True).get_data(as_text=True)
    assert "Someone changed these details since you opened them" in stale  # the form's version was replaced
    history = browser.get("/console/centres/jozini").get_data(as_text=True)
    assert "phones: 035 572 1234; hours: Monday 08:00-16:00" in history and "{" not in history.split("<h2>History")[1]
    with app.extensions["database"].session() as db:
        at = db.scalars(select(PublishedChange.at)).first()
    import datetime as dt
    from zoneinfo import ZoneInfo

    local = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(ZoneInfo("Africa/Johannesburg"))
    assert "%s at %s" % (local.strftime("%-d %B %Y"), local.strftime("%H:%M")) in history
    assert "UTC" not in history


def test_the_password_link_points_where_the_console_is_served(new_app, monkeypatch):
    for name in ("CONSOLE_URL", "PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORT", "8123")
    printed = new_app().test_cli_runner().invoke(args=["users", "add", "p@example.org", "--admin"]).output
    assert re.search(r"http://127\.0\.0\.1:8123/console/password/\S+", printed)
    assert "CONSOLE_URL is not set" in printed
    monkeypatch.setenv("CONSOLE_URL", "https://bot.example.org/")
    printed = new_app().test_cli_runner().invoke(args=["users", "add", "q@example.org", "--admin"]).output
    assert "https://bot.example.org/console/password/" in printed and "is not set" not in printed


def test_a_form_opened_for_one_department_never_overwrites_anothers_schedule_unseen(manager):
    app, browser = manager
    assert publish(browser, "jozini", provider="sassa", pattern="week", weekday="wednesday").status_code == 302
    _shown, data = preview(browser, "jozini", provider="labour", pattern="week", weekday="friday")
    switched = dict(data, provider="sassa", action="publish", previewed="")
    page = browser.post(SCHEDULE, data=dict(switched, action="preview")).get_data(as_text=True)
    done = browser.post(SCHEDULE, data=dict(switched, previewed=hidden(page, "previewed")), follow_redirects=True)
    assert "This department has a schedule in force: here it is." in done.get_data(as_text=True)
    assert "Wednesday" in _ask(app, "when is sassa at jozini")["reply"] and _changes(app) == 1
