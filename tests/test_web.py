"""The landing page, the widget script, and CORS for configured widget origins only."""
from __future__ import annotations




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
    assert "/api/chat" in script and "localStorage" in script and 'aria-live' in script
    assert "innerHTML" not in script  # every text is inserted with textContent


def test_cors_only_for_configured_origins(new_app):
    app = new_app(WIDGET_ORIGINS=["https://www.municipality.gov.za"])
    client = app.test_client()
    allowed = client.post("/api/chat", json={"user": "c", "text": "hi"}, headers={"Origin": "https://www.municipality.gov.za"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://www.municipality.gov.za"
    other = client.post("/api/chat", json={"user": "c", "text": "hi"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/api/chat", headers={"Origin": "https://www.municipality.gov.za",
                                                     "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204 and "POST" in preflight.headers["Access-Control-Allow-Methods"]
