"""The widget links a centre's calendar feed after an answer with confirmed service days (the
API's `dates`), keeps the link across a reload, and offers none for an example schedule."""

from __future__ import annotations

import urllib.request

import pytest
from conftest import LiveServer
from console_support import publish, sign_up_and_in
from test_widget import BOT, _open, _say


@pytest.fixture()
def published(new_app):
    app = new_app()
    browser, _ = sign_up_and_in(app, "m@example.org", "--centre", "jozini")
    assert publish(browser, "jozini", provider="sassa", pattern="week", weekday="wednesday").status_code == 302
    server = LiveServer(app)
    yield server
    server.stop()


def test_a_confirmed_answer_links_the_centres_calendar(page, published):
    _open(page, published)
    reply = _say(page, "when is sassa at jozini")
    assert "Confirmed by the centre on" in reply
    link = page.locator("a.thusong-calendar")
    link.wait_for()
    href = link.get_attribute("href")
    assert href == published.url + "/centres/jozini/service-days.ics?lang=en"
    with urllib.request.urlopen(href, timeout=10) as response:
        assert response.headers.get_content_type() == "text/calendar" and b"BEGIN:VEVENT" in response.read()
    page.reload()
    page.wait_for_selector(BOT)
    assert page.locator("a.thusong-calendar").count() == 1  # kept with the conversation
    _say(page, "when is home affairs at bredasdorp")  # an example schedule: nothing to subscribe to
    assert page.locator("a.thusong-calendar").count() == 1
