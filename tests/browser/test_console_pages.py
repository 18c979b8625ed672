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
    page.check("input[value=month]")
    page.select_option("#weekday", "tuesday")
    page.select_option("#position", "2")
    page.select_option("#start_time", "08:00")
    page.select_option("#end_time", "13:00")
    page.screenshot(path=str(shots / "console-schedule.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # the form fits a phone
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Published.")
    answer = _ask(server.url, "when is home affairs at jozini")
    assert "- Tuesday, 08 December 2026 08:00-13:00" in answer and "Confirmed by the centre on" in answer
    page.fill("input[type=date]", "2026-12-08")
    page.click("text=Cancel this date")
    page.wait_for_selector("text=Cancelled 2026-12-08")
    page.screenshot(path=str(shots / "console-centre.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "Home Affairs will not come on Tuesday, 08 December 2026." in _ask(
        server.url, "when is home affairs at jozini"
    )
    response = page.goto(server.url + "/console/centres/zava")
    assert response.status == 403 and "You do not manage this centre" in page.content()


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
