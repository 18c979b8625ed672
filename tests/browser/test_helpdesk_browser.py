"""The helpdesk in Chromium (issue 30): a citizen asks a person in the web widget and another by
SMS; the manager of that centre signs in on a 360-pixel screen, finds both questions in the
inbox, answers them; the widget shows the reply once (it asks every WIDGET_POLL_SECONDS) and the
SMS goes once through Twilio's client (a fake). A manager of another centre is refused the
ticket. Screenshots go to the test's folder, or to SCREENSHOTS_DIR when set
(`SCREENSHOTS_DIR=docs` retakes docs/console-helpdesk*.png and docs/widget-helpdesk.png)."""

from __future__ import annotations

import os
import re
import sys
import uuid
from pathlib import Path

import pytest
from conftest import LiveServer
from support import PROJECT_ROOT

sys.path.insert(0, str(Path(__file__).parent.parent / "reminders"))
from reminders_support import SMS, Clock, FakeTwilio, say, settings

PASSWORD = "a long enough password"


@pytest.fixture()
def desk(new_app):
    import datetime as dt

    app = new_app(**settings(Clock(dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)), WIDGET_POLL_SECONDS=1))
    app.extensions["reminders"].client = FakeTwilio()
    server = LiveServer(app)
    yield app, server
    server.stop()


def _account(page, app, url, email, centre):
    result = app.test_cli_runner().invoke(args=["users", "add", email, "--centre", centre])
    assert result.exit_code == 0, result.output
    page.goto(url + "/console/password/" + re.search(r"/console/password/(\S+)", result.output).group(1))
    page.fill("#password", PASSWORD)
    page.fill("#again", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(url + "/console/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Your centres")


def test_a_manager_answers_the_widget_and_an_sms_in_the_browser(page, playwright_browser, desk, tmp_path):
    app, server = desk
    shots = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    if not shots.is_absolute():
        shots = PROJECT_ROOT / shots
    # A citizen in the widget (the landing page embeds it).
    citizen = playwright_browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    citizen.set_default_timeout(10000)
    citizen.goto(server.url + "/")
    for text in ("6", "Jozini", "Can I renew my passport at Jozini?"):
        count = citizen.locator(".thusong-msg.thusong-bot").count()
        citizen.fill("#thusong-input", text)
        citizen.click("button.thusong-send")
        citizen.wait_for_function("(n) => document.querySelectorAll('.thusong-msg.thusong-bot').length > n", arg=count)
    said = citizen.locator(".thusong-msg.thusong-bot").last.text_content()
    web_reference = re.search(r"TB-[A-Z0-9]{4}", said).group(0)
    # Another by SMS.
    number = "+2782%07d" % (uuid.uuid4().int % 10**7)
    for text in ("talk to a person", "Jozini", "Is the Labour office there on Fridays?"):
        sms_said = say(app, SMS, number, text)
    sms_reference = re.search(r"TB-[A-Z0-9]{4}", sms_said).group(0)

    # The manager of Jozini, on a phone-sized screen.
    _account(page, app, server.url, "jozini@example.org", "jozini")
    page.click("text=Helpdesk")
    page.wait_for_selector("text=" + web_reference)
    assert page.locator("text=" + sms_reference).count() == 1
    page.screenshot(path=str(shots / "console-helpdesk.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # nothing wider than the screen
    page.click("text=" + web_reference)
    page.wait_for_selector("text=Can I renew my passport at Jozini?")
    page.click("text=Assign to me")
    page.fill("#reply-text", "Not at Jozini: passports are done at the Home Affairs office in Mkuze.")
    assert "segment" in page.locator("#reply-count").text_content()  # counted as it is typed
    page.screenshot(path=str(shots / "console-ticket.png"), full_page=True)
    page.click("text=Send the reply")
    page.wait_for_selector("text=Waiting")
    # The widget shows it once, by itself.
    citizen.wait_for_function(
        "() => [...document.querySelectorAll('.thusong-msg.thusong-bot')].some(m => m.textContent.includes('Mkuze'))"
    )
    citizen.wait_for_timeout(2500)  # two more polls
    shown = [t for t in citizen.locator(".thusong-msg.thusong-bot").all_text_contents() if "Mkuze" in t]
    assert len(shown) == 1 and shown[0].startswith("Reply from Jozini Thusong Service Centre (%s)" % web_reference)
    citizen.locator(".thusong").screenshot(path=str(shots / "widget-helpdesk.png"))

    # The SMS question: answered by the keyboard alone, sent once through Twilio.
    page.goto(server.url + "/console/helpdesk")
    page.click("text=" + sms_reference)
    page.focus("#reply-text")
    page.keyboard.type("Yes, Labour comes every Friday from 08:00.")
    page.keyboard.press("Tab")  # from the reply box to its button
    assert page.evaluate("() => document.activeElement.textContent") == "Send the reply"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Sent by SMS")
    fake = app.extensions["reminders"].client
    assert fake.to(number) == ["Yes, Labour comes every Friday from 08:00."]

    # Another centre's manager is refused the ticket.
    other = playwright_browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    _account(other, app, server.url, "zava@example.org", "zava")
    refused = other.goto(page.url)
    assert refused.status == 403
    other.goto(server.url + "/console/helpdesk")
    assert other.locator("text=" + sms_reference).count() == 0
