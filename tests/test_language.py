"""Choosing the reply language: an explicit choice sticks; otherwise the message's language as
the trained model tells it (code-switching and names do not pull it away), a short or unclear
message keeps the previous one, and shared greetings do not flip an existing choice. The shipped
model loads and a small retraining on a fixture corpus works. (Phrases differ from the shared
evaluation sets on purpose.)"""

from __future__ import annotations

import pytest
from support import PROJECT_ROOT

from bot.i18n import LANGUAGES
from bot.understanding import langid
from bot.understanding.language import MODEL_PATH, LanguageDetector, detector_for, model

FIXTURE_CORPUS = PROJECT_ROOT / "tests" / "fixtures" / "langid"


@pytest.fixture(scope="module")
def detector(content):
    return detector_for(content)


def test_the_shipped_model_loads_with_its_figures():
    shipped = model()
    assert MODEL_PATH.stat().st_size < 10 * 1024 * 1024
    assert set(shipped.languages) == set(LANGUAGES)
    assert shipped.table.shape == (1 << langid.BITS, len(LANGUAGES))
    assert shipped.info["tau"] > 0 and 0 < shipped.info["loan"] < 0.5
    short = shipped.info["benchmark"]["test_15_1k.csv"]
    assert short["all"] >= 0.9 and min(v for k, v in short.items() if k != "all") >= 0.8


@pytest.mark.parametrize(
    "text,lang",
    [
        ("where is the nearest office to my village", "en"),
        ("ek soek die naaste sentrum asseblief", "af"),
        ("ngicela ukwazi ukuthi ngingaya kuphi ukuthola usizo", "zu"),
        ("ndifuna ukwazi ukuba ndingaya phi ukufumana uncedo", "xh"),
        ("Ke kgopela thušo ka pasa", "nso"),
        ("ke batla go itse gore ke ka ya kae go bona thuso", "tn"),
        ("ke batla ho tseba hore nka ya kae ho fumana thuso", "st"),
        ("ndzi lava ku tiva laha ndzi nga yaka kona ku kuma mpfuno", "ts"),
        ("ngifuna kwati kutsi ngingaya kuphi kutfola lusito", "ss"),
        ("Ṱhuso i wanala ngafhi?", "ve"),
        ("ngifuna ukwazi bona ngingaya kuphi ukufumana isizo begodu ngitlhoga amaphepha", "nr"),
    ],
)
def test_detects_clear_messages(detector, text, lang):
    assert detector.detect(text).lang == lang


@pytest.mark.parametrize("text", ["1", "ok", "", "   ", "?!"])
def test_messages_without_enough_letters_name_no_language(detector, text):
    assert detector.detect(text).lang is None


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Ngicela i-ID documents", "zu"),
        ("ngifuna ukwenza i application ye passport", "zu"),
        ("ke nyaka go apply for passport", "nso"),
        ("ndifuna ukwenza i-renew ye passport yam", "xh"),
        ("ek soek my ID document", "af"),
    ],
)
def test_english_words_inside_another_language_do_not_make_it_english(detector, text, lang):
    detection = detector.detect(text)
    # "ngicela" is isiZulu and siSwati alike: the language must be among the near candidates.
    assert detection.lang != "en" and lang in detection.candidates, detection.probabilities


def test_shared_greeting_names_every_candidate():
    detector = LanguageDetector(
        model(),
        {
            "st": {"words": {"greetings": ["dumela"]}},
            "tn": {"words": {"greetings": ["dumela"]}},
            "nso": {"words": {"greetings": ["dumela", "thobela"]}},
        },
    )
    shared = detector.detect("Dumela")
    assert shared.greeting and {"st", "tn", "nso"} <= shared.candidates
    assert shared.lang == "nso"  # the most home-language speakers of the three
    assert not detector.detect("Dumela, ke batla go itse gore ofisi e kae").greeting


def test_retraining_on_a_small_corpus(tmp_path):
    import train_langid  # scripts/ is on pytest's pythonpath

    out = tmp_path / "model.npz"
    assert (
        train_langid.main(
            [str(FIXTURE_CORPUS), "--out", str(out), "--content", str(PROJECT_ROOT / "tests" / "fixtures" / "content")]
        )
        == 0
    )
    retrained = LanguageDetector(langid.load(out), {})
    assert retrained.detect("my children read books at school").lang == "en"
    assert retrained.detect("abantwana bami bafunda izincwadi esikoleni").lang == "zu"
    assert retrained.detect("bana ba ka ba bala dibuka sekolong").lang == "st"
    assert langid.load(out).info["sentences"] == {"zu": 8, "st": 8, "en": 8}


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
    assert labels == [
        "English",
        "Afrikaans",
        "isiZulu",
        "isiXhosa",
        "Sepedi",
        "Setswana",
        "Sesotho",
        "Xitsonga",
        "siSwati",
        "Tshivenda",
        "isiNdebele",
    ]
    assert _say(client, "x3", "10")["lang"] == "ve"


def test_undetected_message_keeps_the_previous_language(client):
    _say(client, "x4", "Ṱhuso i wanala ngafhi?")
    assert _say(client, "x4", "1")["lang"] == "ve"
    assert _say(client, "x4", "ok")["lang"] == "ve"


def test_a_short_unclear_message_does_not_move_a_conversation(client):
    assert _say(client, "x6", "ngicela ukwazi ukuthi ngingaya kuphi ukuthola umazisi")["lang"] == "zu"
    assert _say(client, "x6", "Dumela")["lang"] == "zu"
    assert _say(client, "x6", "thanks")["lang"] == "zu"


def test_a_clear_message_in_another_language_moves_it(client):
    assert _say(client, "x7", "where do i apply for a passport")["lang"] == "en"
    assert _say(client, "x7", "ke batla ho tseba hore passport e batla ditokomane dife")["lang"] == "st"


def test_names_do_not_decide_the_language(client):
    # English with isiZulu and Sesotho place and centre names stays English.
    assert _say(client, "x8", "when is home affairs at Jozini")["lang"] == "en"
    assert _say(client, "x9", "nearest centre to Qalabotjha please")["lang"] == "en"


def test_mixed_language_message_is_understood(client):
    body = _say(client, "x5", "Ngicela i-ID documents eJozini")
    assert body["intent"] == "required_documents" and body["entities"]["service"] == "smart-id-card"
    assert body["lang"] in ("zu", "ss", "nr")  # Nguni words all three share, never English


def test_a_new_ussd_session_opens_in_the_stored_language(client):
    phone = "+27829990000"
    client.post("/sms", data={"From": phone, "Body": "change language to setswana", "MessageSid": "SMlang1"})
    screen = client.post(
        "/ussd", data={"sessionId": "ATUlang", "serviceCode": "*134*1020#", "phoneNumber": phone, "text": ""}
    ).get_data(as_text=True)
    assert screen.startswith("CON ") and "Araba ka nomoro" in screen and "Setheo se se gaufi" in screen


def test_every_content_text_is_in_every_language():
    from support import CONTENT_DIR

    from bot.content.bundle import read_bundle
    from bot.content.coverage import coverage

    shares = coverage(read_bundle(CONTENT_DIR))
    missing = {(field, lang) for field, by_lang in shares.items() for lang, share in by_lang.items() if share < 1}
    assert missing == set()


def test_the_speaker_order_names_every_language_once():
    """language.SPEAKERS orders the languages of bot.i18n (the one list of them) by speakers."""
    from bot.i18n import LANGUAGES
    from bot.understanding.language import SPEAKERS

    assert sorted(SPEAKERS) == sorted(LANGUAGES)
