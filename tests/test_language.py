"""Choosing the reply language: an explicit choice sticks; otherwise the message's language
when detection is confident, else the previous language, else English; shared greetings do
not flip an existing choice. (Phrases differ from the shared evaluation set on purpose.)"""
from __future__ import annotations

import pytest

from bot.understanding.language import LanguageDetector, detector_for
from support import PROJECT_ROOT

LOCALES = str(PROJECT_ROOT / "locales")


@pytest.fixture(scope="module")
def detector(content_template):
    from support import make_app

    app = make_app(content_template)
    snapshot = app.extensions["snapshots"].get()
    app.extensions["database"].engine.dispose()  # a template database must have no connections
    return detector_for(snapshot, LOCALES)


@pytest.mark.parametrize("text,lang", [
    ("where is the nearest office to my village", "en"),
    ("ek soek die naaste sentrum asseblief", "af"),
    ("Ṱhuso i wanala ngafhi?", "ve"),
    ("Ke kgopela thušo ka pasa", "nso"),
])
def test_detects_clear_messages(detector, text, lang):
    assert detector.detect(text).lang == lang


@pytest.mark.parametrize("text", ["1", "ok", "Jozini", "", "   "])
def test_short_or_name_only_messages_are_not_confident(detector, text):
    detection = detector.detect_parts(text, "" if text == "Jozini" else text)
    assert detection.lang in (None, "en") or detection.confidence < 0.6


def test_shared_greeting_names_every_candidate():
    detector = LanguageDetector({"st": {"words": {"greetings": ["dumela"]}},
                                 "tn": {"words": {"greetings": ["dumela"]}},
                                 "nso": {"words": {"greetings": ["dumela", "thobela"]}}}, {})
    shared = detector.detect("Dumela")
    assert shared.greeting and shared.candidates == {"st", "tn", "nso"}
    assert detector.detect("Thobela").lang == "nso"


def _say(client, user, text, **extra):
    return client.post("/api/chat", json={"user": user, "text": text, **extra}).get_json()


def test_explicit_choice_sticks_until_changed(client):
    assert _say(client, "x1", "change language to afrikaans")["lang"] == "af"
    assert _say(client, "x1", "what documents do i need for a passport")["lang"] == "af"
    assert _say(client, "x1", "set my language to english")["lang"] == "en"


def test_api_lang_field_is_an_explicit_choice(client):
    assert _say(client, "x2", "hello", lang="ve")["lang"] == "ve"
    assert _say(client, "x2", "what documents do i need for a passport")["lang"] == "ve"


def test_language_menu_lists_the_eleven_languages_by_their_own_names(client):
    labels = [o["label"] for o in _say(client, "x3", "5")["options"]]
    assert labels == ["English", "Afrikaans", "isiZulu", "isiXhosa", "Sepedi", "Setswana", "Sesotho",
                      "Xitsonga", "siSwati", "Tshivenda", "isiNdebele"]
    assert _say(client, "x3", "10")["lang"] == "ve"


def test_undetected_message_keeps_the_previous_language(client):
    _say(client, "x4", "Ṱhuso i wanala ngafhi?")
    assert _say(client, "x4", "1")["lang"] == "ve"


def test_mixed_language_message_is_understood(client):
    body = _say(client, "x5", "Ngicela i-ID documents")
    assert body["intent"] == "required_documents" and body["entities"]["service"] == "smart-id-card"


def test_a_new_ussd_session_opens_in_the_stored_language(client):
    phone = "+27829990000"
    client.post("/sms", data={"From": phone, "Body": "change language to setswana", "MessageSid": "SMlang1"})
    screen = client.post("/ussd", data={"sessionId": "ATUlang", "serviceCode": "*134*1020#",
                                         "phoneNumber": phone, "text": ""}).get_data(as_text=True)
    assert screen.startswith("CON ") and "Araba ka nomoro" in screen and "Setheo se se gaufi" in screen


def test_every_content_text_is_in_every_language():
    from bot.content.bundle import read_bundle
    from bot.content.coverage import coverage
    from support import CONTENT_DIR

    shares = coverage(read_bundle(CONTENT_DIR))
    missing = {(field, lang) for field, by_lang in shares.items() for lang, share in by_lang.items() if share < 1}
    assert missing == set()
