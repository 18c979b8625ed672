"""The widget as a person lives it (issue 12, item 11), in a real browser: `lang` goes to the API
only after the person picks a language, a reload restores the conversation without a request,
the widget's own words follow the language, the chat fits a 360-pixel phone, a long answer is
shown from its start, and each simulator visitor has their own test number."""

from __future__ import annotations

from support import PROJECT_ROOT

from bot.i18n import LANGUAGES, Texts

BOT = ".thusong-msg.thusong-bot"
LOCALES = str(PROJECT_ROOT / "locales")


def _chat_bodies(page) -> list[dict]:
    """Every JSON body the page posts to /api/chat, in order, as it is sent."""
    bodies: list[dict] = []
    page.on(
        "request",
        lambda request: (
            bodies.append(request.post_data_json)
            if request.url.endswith("/api/chat") and request.method == "POST"
            else None
        ),
    )
    return bodies


def _say(page, text: str) -> str:
    """Type text in the widget, send it, and return the bot's new reply."""
    before = page.locator(BOT).count()
    page.fill("#thusong-input", text)
    page.click("button.thusong-send")
    page.wait_for_function("n => document.querySelectorAll('%s').length > n" % BOT, arg=before)
    return page.locator(BOT).last.inner_text()


def _pick(page, lang: str) -> str:
    before = page.locator(BOT).count()
    page.select_option("#thusong-lang", lang)
    page.wait_for_function("n => document.querySelectorAll('%s').length > n" % BOT, arg=before)
    return page.locator(BOT).last.inner_text()


def _transcript(page) -> list[str]:
    return page.locator(".thusong-msg").all_inner_texts()


def test_lang_goes_to_the_api_only_with_the_message_after_a_pick(page, live):
    bodies = _chat_bodies(page)
    page.goto(live.url + "/")
    page.wait_for_selector(BOT)
    _say(page, "what documents do I need for an ID")
    _pick(page, "zu")
    _say(page, "Jozini")
    assert ["lang" in body for body in bodies] == [False, True, False]
    assert bodies[1]["lang"] == "zu" and bodies[1]["text"] == "00"
    # The other messages say only which language is shown, a hint the bot's detection may overrule.
    assert [body.get("lang_hint") for body in bodies] == ["en", None, "zu"]
    assert len({body["user"] for body in bodies}) == 1


def test_without_a_pick_the_bot_and_the_widget_follow_the_language_written(page, live):
    page.goto(live.url + "/")
    page.wait_for_selector(BOT)
    _say(page, "Sawubona, ngicela ukwazi ukuthi yimaphi amaphepha engiwadingayo ukuthola i-ID")
    zulu = Texts("zu", LOCALES)
    assert page.get_attribute("#thusong-input", "placeholder") == zulu.gettext("Type your question or a number")
    assert page.input_value("#thusong-lang") == "zu"


def test_a_reload_shows_the_conversation_again_and_sends_nothing(page, live):
    page.goto(live.url + "/")
    page.wait_for_selector(BOT)
    _say(page, "service days")
    shown = _transcript(page)
    options = page.locator(".thusong-options button").all_inner_texts()
    bodies = _chat_bodies(page)
    page.reload()
    page.wait_for_selector(BOT)
    assert _transcript(page) == shown
    assert page.locator(".thusong-options button").all_inner_texts() == options
    # The conversation goes on where it was: the bot still waits for the centre.
    assert "Service days at Jozini" in _say(page, "Jozini")
    assert [body["text"] for body in bodies] == ["Jozini"]


def test_someone_new_is_greeted_without_a_request(page, live):
    bodies = _chat_bodies(page)
    page.goto(live.url + "/?lang=xh")
    page.wait_for_selector(BOT)
    xhosa = Texts("xh", LOCALES)
    assert xhosa.gettext("Nearest centre") in page.inner_text(".thusong-options")
    assert page.locator(BOT).first.get_attribute("lang") == "xh"
    # A number shows no language: the bot answers in the language shown, which it was not told to keep.
    reply = _say(page, "1")
    assert "lang" not in bodies[0] and bodies[0]["text"] == "1"
    assert xhosa.gettext("Which town or village are you in? Type its name, or share your location.") in reply
    assert page.input_value("#thusong-lang") == "xh"


def test_the_widgets_own_words_are_in_the_picked_language(page, live):
    page.goto(live.url + "/")
    page.wait_for_selector(BOT)
    english = Texts("en", LOCALES)
    assert page.inner_text("button.thusong-send") == english.gettext("Send")
    for lang in ("ve", "nso"):
        _pick(page, lang)
        texts = Texts(lang, LOCALES)
        assert page.inner_text("button.thusong-send") == texts.gettext("Send")
        assert page.get_attribute("#thusong-input", "placeholder") == texts.gettext("Type your question or a number")
        assert page.get_attribute("button.thusong-locate", "aria-label") == texts.gettext("Share my location")
        assert page.inner_text("label[for=thusong-input]") == texts.gettext("Type your question")
        assert page.get_attribute(".thusong-log", "aria-label") == texts.gettext("Conversation")
    # The picker lists the server's languages, each by its own name.
    names = page.locator("#thusong-lang option").all_inner_texts()
    assert names == list(LANGUAGES.values())
    # After a reload the widget keeps the language.
    page.reload()
    page.wait_for_selector(BOT)
    assert page.inner_text("button.thusong-send") == Texts("nso", LOCALES).gettext("Send")


def test_a_failure_is_told_in_the_conversations_language(page, live):
    page.goto(live.url + "/?lang=tn")
    page.wait_for_selector(BOT)
    page.route("**/api/chat", lambda route: route.abort())
    page.fill("#thusong-input", "Jozini")
    page.click("button.thusong-send")
    page.wait_for_selector(".thusong-status button")
    texts = Texts("tn", LOCALES)
    assert texts.gettext("No connection. Check your network and try again.") in page.inner_text(".thusong-status")
    assert page.inner_text(".thusong-status button") == texts.gettext("Retry")


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_at_360_pixels_the_chat_comes_first_and_a_long_list_of_options_stays_compact(page, live):
    for height in (740, 640):
        page.set_viewport_size({"width": 360, "height": height})
        page.goto(live.url + "/")
        page.wait_for_selector(BOT)
        form = _box(page, ".thusong-form")
        assert form["y"] + form["height"] <= height, "the chat's input is below the first screen"
        assert _box(page, ".thusong")["y"] < _box(page, "main p")["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _say(page, "5")  # the language menu: eleven options
    assert page.locator(".thusong-options button").count() == len(LANGUAGES)
    widget, options, log = _box(page, ".thusong"), _box(page, ".thusong-options"), _box(page, ".thusong-log")
    assert options["height"] <= 0.3 * widget["height"]
    assert log["height"] >= 0.35 * widget["height"]
    # The reply that came with the list is in view.
    reply = _box(page, BOT + ":last-child")
    assert log["y"] <= reply["y"] and reply["y"] + reply["height"] <= log["y"] + log["height"]
    # The rest of the list is reached by scrolling inside it.
    assert page.evaluate("(n => n.scrollHeight > n.clientHeight)(document.querySelector('.thusong-options'))")
    last = page.locator(".thusong-options button").last
    last.scroll_into_view_if_needed()
    assert last.is_visible()


def test_a_long_answer_is_shown_from_its_start(page, live):
    page.goto(live.url + "/")
    page.wait_for_selector(BOT)
    for text in ("services at zava", "what documents do I need for an ID"):
        _say(page, text)
        reply, log = _box(page, BOT + ":last-child"), _box(page, ".thusong-log")
        assert reply["height"] > log["height"], "the answer fits: this test needs a longer one"
        assert 0 <= reply["y"] - log["y"] <= 16, (reply, log)
        # and not scrolled to its end
        assert page.evaluate(
            "(n => n.scrollTop + n.clientHeight < n.scrollHeight - 20)(document.querySelector('.thusong-log'))"
        )


def _numbers_sent(page, path: str, field: str) -> list[str]:
    sent: list[str] = []

    def record(request):
        if request.url.endswith(path) and request.method == "POST":
            form = dict(pair.split("=", 1) for pair in (request.post_data or "").split("&"))
            sent.append(form[field].replace("%2B", "+"))

    page.on("request", record)
    return sent


def _sms_once(page, url: str) -> None:
    page.goto(url + "/simulator/sms")
    before = page.locator(".msg.bot").count()
    page.fill("#text", "hi")
    page.click("button[type=submit]")
    page.wait_for_function("n => document.querySelectorAll('.msg.bot').length > n", arg=before)


def test_each_simulator_visitor_has_their_own_test_number(playwright_browser, live):
    contexts = [playwright_browser.new_context(viewport={"width": 360, "height": 740}) for _ in range(2)]
    try:
        numbers = []
        for context in contexts:
            page = context.new_page()
            sms = _numbers_sent(page, "/sms", "From")
            ussd = _numbers_sent(page, "/ussd", "phoneNumber")
            _sms_once(page, live.url)
            _sms_once(page, live.url)  # a reload keeps the number
            page.goto(live.url + "/simulator/ussd")
            page.click("#dial")
            page.wait_for_function("() => document.getElementById('screen').textContent.startsWith('CON')")
            assert len(set(sms)) == 1 and ussd == sms[:1], (sms, ussd)
            assert page.inner_text("#phone") == sms[0]
            numbers.append(sms[0])
        assert numbers[0] != numbers[1]
    finally:
        for context in contexts:
            context.close()
