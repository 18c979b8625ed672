"""The landing page, the widget script, and CORS for configured widget origins only."""

from __future__ import annotations

import json

from bot.i18n import LANGUAGES, Texts
from bot.web.widget_settings import WIDGET_TEXTS


def test_landing_page_says_what_the_bot_does_and_loads_the_widget(client):
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<script src="/widget.js"' in page and "documents to bring" in page
    assert "isiNdebele" in page and "Example schedule" in page and 'data-lang="en"' in page


def test_landing_page_speaks_the_visitors_language(client):
    page = client.get("/?lang=zu").get_data(as_text=True)
    assert '<html lang="zu">' in page and "Siyakwamukela" in page and 'data-lang="zu"' in page
    browser_choice = client.get("/", headers={"Accept-Language": "af-ZA,af;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert "Welkom by Thusong Bot" in browser_choice


def test_widget_script_is_served_as_javascript_and_inserts_text_only(client):
    response = client.get("/widget.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    script = response.get_data(as_text=True)
    assert "/api/chat" in script and "sessionStorage" in script and "aria-live" in script
    assert "innerHTML" not in script  # every text is inserted with textContent


def test_cors_only_for_configured_origins(new_app):
    app = new_app(WIDGET_ORIGINS=["https://www.municipality.gov.za"])
    client = app.test_client()
    allowed = client.post(
        "/api/chat", json={"user": "c", "text": "hi"}, headers={"Origin": "https://www.municipality.gov.za"}
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://www.municipality.gov.za"
    other = client.post("/api/chat", json={"user": "c", "text": "hi"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options(
        "/api/chat", headers={"Origin": "https://www.municipality.gov.za", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 204 and "POST" in preflight.headers["Access-Control-Allow-Methods"]


def _settings(script: str) -> dict:
    """The settings the server wrote into widget.js."""
    start = script.index("var SETTINGS = ") + len("var SETTINGS = ")
    return json.JSONDecoder().raw_decode(script, start)[0]


def test_widget_gets_its_languages_texts_and_greetings_from_the_server(client, app):
    settings = _settings(client.get("/widget.js").get_data(as_text=True))
    assert settings["languages"] == [[code, name] for code, name in LANGUAGES.items()]
    for code in LANGUAGES:
        texts = Texts(code, app.config["LOCALES_DIR"])
        assert settings["texts"][code] == {key: texts.gettext(message) for key, message in WIDGET_TEXTS.items()}
        # The greeting is the API's own answer to "00" (the widget shows it without a request).
        answer = client.post("/api/chat", json={"user": "g-" + code, "text": "00", "lang": code}).get_json()
        assert settings["greetings"][code] == {key: answer[key] for key in ("reply", "lang", "options")}
    assert settings["texts"]["zu"]["send"] != settings["texts"]["en"]["send"]


def test_simulators_share_no_fixed_test_number(client):
    for path in ("/simulator/sms", "/simulator/ussd"):
        page = client.get(path).get_data(as_text=True)
        assert "testNumber()" in page and "+2782" not in page


def test_widget_script_is_served_with_the_database_down(new_app, tmp_path):
    from sqlalchemy import create_engine

    app = new_app()
    database = app.extensions["database"]
    working = database.engine
    folder = tmp_path / "not-a-database"
    folder.mkdir()
    broken = create_engine("sqlite:///%s" % folder)  # a folder cannot be opened as a database
    database.use(broken)
    try:
        response = app.test_client().get("/widget.js")
        assert response.status_code == 200 and _settings(response.get_data(as_text=True))["greetings"]["zu"]["reply"]
    finally:
        database.use(working)
        broken.dispose()
