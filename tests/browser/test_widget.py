"""The web widget and the simulators in a real browser (Chromium through Playwright)."""

from __future__ import annotations

import functools
import http.server
import threading

from bot.text.sms_text import segments

BOT = ".thusong-msg.thusong-bot"


def _bot_count(page) -> int:
    return page.locator(BOT).count()


def _say(page, text: str) -> str:
    """Type text in the widget, send it, and return the bot's new reply."""
    before = _bot_count(page)
    page.fill("#thusong-input", text)
    page.click("button.thusong-send")
    page.wait_for_function("n => document.querySelectorAll('%s').length > n" % BOT, arg=before)
    return page.locator(BOT).last.inner_text()


def _open(page, live) -> None:
    page.goto(live.url + "/")
    page.wait_for_selector(BOT)  # the widget greets with the main menu


def test_the_widget_shows_only_the_languages_and_texts_the_server_sends(page, live, monkeypatch):
    """The widget has no language list or text of its own: what the server's settings say is
    what a visitor sees (here, settings changed on the server)."""
    import bot.web.pages

    real = bot.web.pages.widget_settings

    def changed(locales_dir):
        settings = real(locales_dir)
        settings["languages"] = [[code, "%s (from the server)" % name] for code, name in settings["languages"][:3]]
        for texts in settings["texts"].values():
            texts.update({key: "%s (from the server)" % value for key, value in texts.items()})
        return settings

    monkeypatch.setattr(bot.web.pages, "widget_settings", changed)
    bot.web.pages._widget_script.cache_clear()
    try:
        _open(page, live)
        labels = page.locator("#thusong-lang option").all_inner_texts()
        assert labels == ["English (from the server)", "Afrikaans (from the server)", "isiZulu (from the server)"]
        assert "(from the server)" in page.get_attribute("#thusong-input", "placeholder")
    finally:
        bot.web.pages._widget_script.cache_clear()


def test_documents_checklist_and_an_option_button(page, live):
    _open(page, live)
    reply = _say(page, "what documents do I need for an ID")
    assert "Smart ID card" in reply and "birth certificate" in reply
    before = _bot_count(page)
    page.locator(".thusong-options button", has_text="Where to get this service").click()
    page.wait_for_function("n => document.querySelectorAll('%s').length > n" % BOT, arg=before)
    assert "Smart ID card" in page.locator(BOT).last.inner_text()


def test_switching_the_language_to_isizulu(page, live):
    _open(page, live)
    before = _bot_count(page)
    page.select_option("#thusong-lang", "zu")
    page.wait_for_function("n => document.querySelectorAll('%s').length > n" % BOT, arg=before)
    assert "Siyakwamukela" in page.locator(BOT).last.inner_text()
    assert "Isikhungo esiseduze" in page.locator(".thusong-options").inner_text()


def test_sharing_a_location_near_jozini(playwright_browser, live):
    context = playwright_browser.new_context(
        geolocation={"latitude": -27.43, "longitude": 32.07},
        permissions=["geolocation"],
        viewport={"width": 360, "height": 740},
    )
    page = context.new_page()
    _open(page, live)
    before = _bot_count(page)
    page.click("button.thusong-locate")
    page.wait_for_function("n => document.querySelectorAll('%s').length > n" % BOT, arg=before)
    assert "nearest to your location" in page.locator(BOT).last.inner_text()
    # the centres are the choices, as buttons
    assert "Jozini Thusong Service Centre" in page.locator(".thusong-options button").first.inner_text()
    context.close()


def test_markup_is_shown_as_text_and_runs_nothing(page, live):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open(page, live)
    _say(page, "<img src=x onerror=alert(1)>")
    mine = page.locator(".thusong-msg.thusong-me").last
    assert mine.inner_text() == "<img src=x onerror=alert(1)>"
    assert page.locator(".thusong-log img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_keyboard_only_reaches_the_input_sends_and_picks_an_option(page, live):
    _open(page, live)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "thusong-input":
            break
    assert page.evaluate("document.activeElement.id") == "thusong-input"
    before = _bot_count(page)
    page.keyboard.type("service days")
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('%s').length > n" % BOT, arg=before)
    assert "Which centre" in page.locator(BOT).last.inner_text()
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.closest('.thusong-options') !== null"):
            break
    assert page.evaluate("document.activeElement.closest('.thusong-options') !== null")
    before = _bot_count(page)
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('%s').length > n" % BOT, arg=before)
    assert "Which town or village" in page.locator(BOT).last.inner_text()


def test_the_ussd_simulator_walks_to_a_service_days_answer(page, live):
    page.goto(live.url + "/simulator/ussd")
    page.click("#dial")
    # A function, not an expression: the page's Content-Security-Policy forbids eval.
    page.wait_for_function("() => document.getElementById('screen').textContent.startsWith('CON')")
    assert "1 Nearest centre" in page.inner_text("#screen")
    for value, expected in (("4", "Which centre"), ("Jozini", "Service days at Jozini")):
        page.fill("#answer", value)
        page.click("#send")
        page.wait_for_function("t => document.getElementById('screen').textContent.includes(t)", arg=expected)
    meta = page.inner_text("#meta")
    assert "/ 160 characters" in meta and int(meta.split(" / ")[0]) <= 160


def test_the_sms_simulator_shows_encoding_and_segments(page, live):
    page.goto(live.url + "/simulator/sms")
    page.fill("#text", "smart id documents")
    page.click("button[type=submit]")
    page.wait_for_selector(".msg.bot .info")
    info = page.locator(".msg.bot .info").first.inner_text()
    # The page measures with the server's tables: the same encoding and segments as the server.
    text = page.locator(".msg.bot").first.evaluate("node => node.firstChild.textContent")
    encoding, count = segments(text)
    expected = "%d characters, %s, %d segment%s" % (len(text), encoding, count, "s" if count > 1 else "")
    assert info == expected
    page.fill("#text", "hoeveel kos ’n ID-kaart? ê")
    page.click("button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('.msg.bot .info').length >= 2")
    text = page.locator(".msg.bot").nth(1).evaluate("node => node.firstChild.textContent")
    encoding, count = segments(text)
    assert (
        page.locator(".msg.bot .info")
        .nth(1)
        .inner_text()
        .startswith("%d characters, %s, %d segment" % (len(text), encoding, count))
    )


def test_the_widget_embedded_on_another_site(page, live, widget_origin_port, tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><body><h1>Municipality</h1><div id="chat"></div>'
        '<script src="%s/widget.js" data-target="chat" data-lang="en" defer></script></body></html>' % live.url
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    site = http.server.ThreadingHTTPServer(("127.0.0.1", widget_origin_port), handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        page.goto("http://127.0.0.1:%d/index.html" % widget_origin_port)
        page.wait_for_selector(BOT)
        assert "Welcome to Thusong Bot" in page.locator(BOT).last.inner_text()
        assert "Jozini" in _say(page, "where is jozini thusong")
    finally:
        site.shutdown()
        thread.join(5)
        site.server_close()


def test_a_network_failure_says_so_and_retry_sends_again(page, live):
    _open(page, live)
    failing = {"on": True}

    def maybe_fail(route):
        if failing["on"]:
            route.abort()
        else:
            route.continue_()

    page.route("**/api/chat", maybe_fail)
    page.fill("#thusong-input", "services at zava")
    page.click("button.thusong-send")
    page.wait_for_selector(".thusong-status button")
    assert "No connection" in page.inner_text(".thusong-status")
    failing["on"] = False
    before = _bot_count(page)
    page.click(".thusong-status button")
    page.wait_for_function("n => document.querySelectorAll('%s').length > n" % BOT, arg=before)
    assert "Services at Zava" in page.locator(BOT).last.inner_text()
