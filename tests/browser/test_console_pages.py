"""The console in Chromium on a 360-pixel screen: an administrator's account from the command
line, its password set through the link, sign-in, a monthly schedule published and answered by
the bot as confirmed, a date cancelled, and another centre refused to a manager. Screenshots of
the pages go to the test's folder, or to SCREENSHOTS_DIR when set (`SCREENSHOTS_DIR=docs` retakes
docs/console-*.png)."""

from __future__ import annotations

import json
import os
import re
import urllib.request
from pathlib import Path

import pytest
from conftest import LiveServer
from support import PROJECT_ROOT

PASSWORD = "a long enough password"


@pytest.fixture()
def console(new_app):
    app = new_app()
    server = LiveServer(app)
    yield app, server
    server.stop()


def _link(app, *args):
    result = app.test_cli_runner().invoke(args=["users", "add", *args])
    assert result.exit_code == 0, result.output
    return "/console/password/" + re.search(r"/console/password/(\S+)", result.output).group(1)


def _ask(url, text):
    request = urllib.request.Request(
        url + "/api/chat", data=json.dumps({"user": "browser-citizen", "text": text}).encode(), method="POST"
    )
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["reply"]


def _sign_in(page, url, email, password=PASSWORD):
    page.goto(url + "/console/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")


def test_publishing_a_monthly_schedule_in_the_browser(page, console, tmp_path):
    app, server = console
    shots = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    if not shots.is_absolute():
        shots = PROJECT_ROOT / shots
    page.goto(server.url + _link(app, "manager@example.org", "--centre", "jozini"))
    page.fill("#password", PASSWORD)
    page.fill("#again", PASSWORD)
    page.click("main button[type=submit]")
    _sign_in(page, server.url, "manager@example.org")
    page.wait_for_selector("text=Your centres")
    page.screenshot(path=str(shots / "console-centres.png"), full_page=True)
    page.click("text=Jozini")
    page.click("a[href*='schedule?provider=home-affairs']")
    # It opens with the schedule in force (the example: monthly) and asks only what that needs.
    assert page.locator("#position").count() == 1 and page.locator("#dates").count() == 0
    page.check("input[value=dates]")
    page.click("text=Show the questions for this choice")
    assert page.locator("#dates").count() == 1 and page.locator("#weekday").count() == 0
    assert page.locator("#starts").count() == 0  # no first and last day for given dates
    page.check("input[value=month]")
    page.click("text=Show the questions for this choice")
    assert page.locator("#position").count() == 1 and page.locator("#dates").count() == 0
    page.select_option("#weekday", "tuesday")
    page.select_option("#position", "2")
    page.select_option("#start_time", "08:00")
    page.select_option("#end_time", "13:00")
    page.click("text=Preview the dates")
    page.wait_for_selector("text=The next dates this schedule gives")
    assert "Tuesday, 08 December 2026" in page.inner_text("table")
    page.screenshot(path=str(shots / "console-schedule.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # the form fits a phone
    page.click("text=Publish these service days")
    page.wait_for_selector("text=Published.")
    answer = _ask(server.url, "when is home affairs at jozini")
    assert "- Tuesday, 08 December 2026 08:00-13:00" in answer and "Confirmed by the centre on" in answer
    page.select_option("select[name=date]", "2026-12-08")
    page.click("text=Cancel this date")
    page.wait_for_selector("text=Cancelled Tuesday, 08 December 2026")
    page.screenshot(path=str(shots / "console-centre.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "- not on Tuesday, 08 December 2026: cancelled by the centre" in _ask(
        server.url, "when is home affairs at jozini"
    )
    response = page.goto(server.url + "/console/centres/zava")
    assert response.status == 403 and "You do not manage this centre" in page.content()


def _manager(page, app, server, email):
    page.goto(server.url + _link(app, email, "--centre", "jozini"))
    page.fill("#password", PASSWORD)
    page.fill("#again", PASSWORD)
    page.click("main button[type=submit]")
    _sign_in(page, server.url, email)
    page.wait_for_selector("text=Your centres")


def test_the_preview_marks_holidays_and_closures_and_wrong_dates_are_refused(page, console):
    """A weekly Wednesday schedule previewed in December: 16 December is a public holiday, 30
    December inside the centre's closure; a time is required; a date that is no confirmed
    service day is refused with why, and nothing is stored."""
    app, server = console
    _manager(page, app, server, "preview@example.org")
    page.goto(server.url + "/console/centres/jozini/notices/new")
    page.fill("#starts", "2026-12-24")
    page.fill("#ends", "2027-01-04")
    page.fill("textarea[name=text_en]", "Closed for the holidays.")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Posted.")
    page.goto(server.url + "/console/centres/jozini/schedule?provider=sassa")
    page.check("input[value=week]")
    page.click("text=Show the questions for this choice")
    page.select_option("#weekday", "wednesday")
    page.select_option("#start_time", "")
    page.click("text=Preview the dates")
    page.wait_for_selector("text=Give the time the department starts.")
    assert page.locator("text=Publish these service days").count() == 0
    page.select_option("#start_time", "08:00")
    page.select_option("#end_time", "13:00")
    page.click("text=Preview the dates")
    page.wait_for_selector("text=The next dates this schedule gives")
    rows = page.inner_text("table")
    assert "Wednesday, 16 December 2026\tPublic holiday (Day of Reconciliation)" in rows
    assert "Wednesday, 30 December 2026\tClosed (your notice" in rows
    assert "Wednesday, 23 December 2026\tThe department comes." in rows
    assert page.locator("tr.holiday").count() == 1 and page.locator("tr.closed").count() == 1
    page.click("text=Publish these service days")
    page.wait_for_selector("text=Published.")
    options = page.eval_on_selector_all("select[name=date] option", "nodes => nodes.map(n => n.value)")
    assert "2026-12-09" in options and "2026-12-16" not in options and "2026-12-30" not in options
    for date, said in (
        ("2026-12-16", "is a public holiday"),
        ("2026-12-30", "The centre is closed on"),
        ("2026-12-10", "is not a service day of this schedule"),
        ("2026-11-20", "has passed"),  # support.TODAY is 24 November 2026
    ):
        # A crafted form (the list offers only service days): refused, with why.
        page.evaluate(
            "d => { const s = document.querySelector('select[name=date]'); s.add(new Option(d, d)); s.value = d; }",
            date,
        )
        page.click("text=Cancel this date")
        page.wait_for_selector("text=" + said)
    history = page.inner_text("main")
    assert "cancelled 2026" not in history  # nothing was stored
    answer = _ask(server.url, "is sassa at jozini on 16 december")
    assert "public holiday (Day of Reconciliation)" in answer


def test_the_console_is_usable_with_the_keyboard_alone(page, console):
    app, server = console
    page.goto(server.url + _link(app, "keys@example.org", "--centre", "jozini"))
    page.fill("#password", PASSWORD)
    page.fill("#again", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/console/login")
    focused = []
    for text in (None, "keys@example.org", PASSWORD):  # the header's link, then the email, then the password
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if text:
            page.keyboard.type(text)
    assert focused == ["A", "email", "password"]
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Your centres")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone


def test_wrong_passwords_are_limited_and_a_form_without_its_token_is_refused(page, console):
    app, server = console
    page.goto(server.url + _link(app, "limit@example.org", "--centre", "jozini"))
    page.fill("#password", PASSWORD)
    page.fill("#again", PASSWORD)
    page.click("main button[type=submit]")
    for n in range(5):
        _sign_in(page, server.url, "limit@example.org", "not the password %d" % n)
        page.wait_for_selector("text=The email or the password is wrong.")
    _sign_in(page, server.url, "limit@example.org")
    page.wait_for_selector("text=Too many failed sign-ins")
    # A form whose CSRF token was taken out (as a forged cross-site form would lack it).
    page.goto(server.url + "/console/login")
    page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
    page.fill("#email", "limit@example.org")
    page.fill("#password", PASSWORD)
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.click("main button[type=submit]")
    assert posted.value.status == 400
