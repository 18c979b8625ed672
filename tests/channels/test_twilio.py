"""SMS and WhatsApp specifics: signatures (with twilio-python's own test vector), proxies,
MessageSid retries in a row and at once, SMS paging with MORE, WhatsApp pins and buttons."""

from __future__ import annotations

import threading
import uuid
from urllib.parse import urlencode

import pytest
from harness import TOKEN, Case, Driver, as_decoded, check_case
from sqlalchemy import func, select
from support import make_app
from twilio.request_validator import RequestValidator

from bot.channels.twilio_sms import signature_ok
from bot.models import Conversation, InboundMessage
from bot.text.sms_text import budget, is_gsm7, units

SMS, WHATSAPP = Driver("sms"), Driver("whatsapp")


def test_twilio_python_request_validator_vector(tmp_path):
    # The vector from twilio-python's tests/unit/test_request_validator.py.
    app = make_app(tmp_path / "v.sqlite3", TWILIO_AUTH_TOKEN="12345")
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
        "Caller": "+14158675309",
    }
    with app.test_request_context(
        "/myapp.php?foo=1&bar=2",
        base_url="https://mycompany.com",
        method="POST",
        data=params,
        headers={"X-Twilio-Signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
    ):
        assert signature_ok()
    with app.test_request_context(
        "/myapp.php?foo=1&bar=2",
        base_url="https://mycompany.com",
        method="POST",
        data=dict(params, Digits="9999"),
        headers={"X-Twilio-Signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
    ):
        assert not signature_ok()


def _signed_for(url: str, data: dict) -> str:
    from twilio.request_validator import RequestValidator

    return RequestValidator(TOKEN).compute_signature(url, data)


def test_proxied_request_is_checked_against_the_public_url_only_when_trusted(new_app):
    form = SMS.form("hi")
    headers = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "bot.example.org",
        "X-Twilio-Signature": _signed_for("https://bot.example.org/sms", form),
    }
    for trusted, expected in ((0, 403), (1, 200)):
        app = new_app(TWILIO_AUTH_TOKEN=TOKEN, TRUSTED_PROXIES=trusted)
        response = app.test_client().post("/sms", data=form, headers=headers)
        assert response.status_code == expected, trusted


def _count(app, model):
    with app.extensions["database"].session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_retried_message_sid_gets_the_same_reply_and_advances_once(signed_app, signed_client):
    first = SMS.form("service days")
    one = SMS.post(signed_client, first)
    two = SMS.post(signed_client, first)
    assert one.get_data() == two.get_data()
    with signed_app.extensions["database"].session() as session:
        assert session.scalar(select(Conversation.turns)) == 1
    assert _count(signed_app, InboundMessage) == 1
    after = SMS.post(signed_client, SMS.form("zava", user=first["From"]))
    assert "Zava" in SMS.texts(after)[0]


def test_concurrent_deliveries_of_one_message_sid_answer_once(signed_app):
    form = SMS.form("when is sassa at zava")
    results = []

    def deliver():
        results.append(SMS.post(signed_app.test_client(), form).get_data(as_text=True))

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and len(set(results)) == 1 and "SASSA" in results[0]
    with signed_app.extensions["database"].session() as session:
        assert session.scalar(select(Conversation.turns)) == 1


def test_long_sms_answers_page_with_more(signed_client):
    user = "+27825550000"
    first = SMS.texts(SMS.post(signed_client, SMS.form("documents for a smart id card", user=user)))
    assert len(first) == 1 and first[0].endswith("Reply MORE for more")
    pages = [first[0]]
    for _ in range(5):
        message = SMS.texts(SMS.post(signed_client, SMS.form("more", user=user)))[0]
        pages.append(message)
        if not message.endswith("Reply MORE for more"):
            break
    for page in pages:
        assert units(page, is_gsm7(page)) <= budget(is_gsm7(page))
    whole = " ".join(p.replace("Reply MORE for more", "") for p in pages)
    assert "Birth certificate" in whole.replace("birth certificate", "Birth certificate")
    about = SMS.texts(SMS.post(signed_client, SMS.form("3", user=user)))[0]  # who can apply, steps, help line
    assert "0800 60 11 90" in about


def test_whatsapp_location_pin_answers_the_nearest_centre(signed_client):
    form = WHATSAPP.form("", Latitude="-28.65", Longitude="20.42")
    texts = WHATSAPP.texts(WHATSAPP.post(signed_client, form))
    assert "Augrabies Thusong Service Centre" in texts[0]
    assert all(len(t) <= 1600 for t in texts)


def test_whatsapp_button_reply_is_read_like_text(signed_client):
    form = WHATSAPP.form("", ButtonText="Talk to a person")
    assert (
        "A person at your Thusong Service Centre can answer you"
        in WHATSAPP.texts(WHATSAPP.post(signed_client, form))[0]
    )


def test_sms_and_whatsapp_of_one_number_share_the_conversation(signed_client):
    number = "+2782%07d" % (uuid.uuid4().int % 10**7)
    SMS.post(signed_client, SMS.form("service days", user=number))
    texts = WHATSAPP.texts(WHATSAPP.post(signed_client, WHATSAPP.form("jozini", user=number)))
    assert "Service days at Jozini" in texts[0]


def test_unsigned_requests_are_accepted_when_no_token_is_set(client):
    response = client.post("/sms", data=SMS.form("hi"))
    assert response.status_code == 200 and "Nearest centre" in SMS.texts(response)[0]


def test_more_also_works_in_the_persons_language(signed_client):
    user = "+27825550001"
    SMS.post(signed_client, SMS.form("change language to xitsonga", user=user))
    first = SMS.texts(SMS.post(signed_client, SMS.form("documents for a smart id card", user=user)))[0]
    assert "SWIN'WANA" in first and "MORE" in first
    second = SMS.texts(SMS.post(signed_client, SMS.form("swinwana", user=user)))[0]
    assert second != first and "1. " in second  # the next page: the answer's follow-ups


@pytest.mark.parametrize(
    "lang,setup,word",
    [
        ("en", "service days", "more"),
        ("ts", "change language to xitsonga", "MORE"),
        ("ts", "change language to xitsonga", "swinwana"),
    ],
)
def test_more_with_nothing_left_says_so_in_the_persons_language(signed_app, signed_client, lang, setup, word):
    """MORE with no page stored is not read as a message ("more" is Afrikaans "môre"): the
    person is told there is nothing more, in their language, which stays theirs."""
    from bot.i18n import Texts

    user = "+2782%07d" % (uuid.uuid4().int % 10**7)
    SMS.post(signed_client, SMS.form(setup, user=user))
    texts = Texts(lang, signed_app.config["LOCALES_DIR"])
    expected = texts.gettext("There is nothing more to send. Send 00 for the main menu.")
    assert SMS.texts(SMS.post(signed_client, SMS.form(word, user=user))) == [expected]
    assert signed_app.extensions["conversations"].language(user) == lang


def test_concurrent_messages_of_one_number_each_commit_their_reply_and_turn_once(signed_app, monkeypatch):
    import time

    from bot.dialogue import conversation

    respond = conversation.engine.respond

    def slow_respond(*args):
        time.sleep(0.005)  # the turns overlap, so some writes collide and are computed again
        return respond(*args)

    monkeypatch.setattr(conversation.engine, "respond", slow_respond)
    number = "+27820007777"
    forms = [SMS.form(text, user=number) for text in ["hi", "service days", "zava", "passport", "jozini", "help"]]
    bodies = {}

    def deliver(form):
        bodies[form["MessageSid"]] = SMS.post(signed_app.test_client(), form).get_data(as_text=True)

    threads = [threading.Thread(target=deliver, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with signed_app.extensions["database"].session() as session:
        assert session.scalar(select(Conversation.turns)) == len(forms)
        stored = dict(session.execute(select(InboundMessage.message_id, InboundMessage.reply)).all())
    assert stored == bodies and all("<Message>" in body for body in bodies.values())


def test_a_voice_note_or_picture_is_told_that_only_text_is_read(signed_client):
    for driver, kind in ((WHATSAPP, "audio/ogg"), (WHATSAPP, "image/jpeg"), (SMS, "image/png")):
        user = "+2782444%04d" % (uuid.uuid4().int % 10000)
        welcome = driver.texts(driver.post(signed_client, driver.form("hi", user=user)))
        media = driver.form(
            "",
            user=user,
            NumMedia="1",
            MediaContentType0=kind,
            MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0",
        )
        texts = driver.texts(driver.post(signed_client, media))
        assert texts != welcome and "only read text" in " ".join(texts), texts
    # A picture sent with a caption is answered by its caption.
    captioned = WHATSAPP.form(
        "documents for a passport",
        NumMedia="1",
        MediaContentType0="image/jpeg",
        MediaUrl0="https://api.twilio.com/media/x",
    )
    assert "passport" in " ".join(WHATSAPP.texts(WHATSAPP.post(signed_client, captioned))).lower()


def test_a_voice_note_is_answered_in_the_persons_language(signed_client):
    user = "+27824449999"
    WHATSAPP.post(signed_client, WHATSAPP.form("change language to isizulu", user=user))
    texts = WHATSAPP.texts(
        WHATSAPP.post(signed_client, WHATSAPP.form("", user=user, NumMedia="1", MediaContentType0="audio/ogg"))
    )
    assert "imiyalezo ebhaliwe" in " ".join(texts), texts


def _not_utf8(driver) -> Case:
    """Bytes that are not UTF-8 arrive decoded with replacement characters; Twilio signs the
    parameters as it sent them, so the signature is computed over the decoded form."""
    form = driver.form("")
    raw = (urlencode({k: v for k, v in form.items() if k != "Body"}) + "&Body=%ff%fe").encode()
    signature = RequestValidator(TOKEN).compute_signature("http://localhost" + driver.path, as_decoded(raw))
    return Case("not UTF-8", raw, headers={"X-Twilio-Signature": signature}, status=200, body_has="<Message>")


# Twilio's own refusals, on both of its channels.
WIRE_CASES = [
    (driver, case)
    for driver in (SMS, WHATSAPP)
    for case in (
        Case(
            "missing From",
            {k: v for k, v in driver.form("hi").items() if k != "From"},
            status=400,
            body_has="<Response>",
        ),
        _not_utf8(driver),
    )
]


@pytest.mark.parametrize("driver,case", WIRE_CASES, ids=["%s: %s" % (d.name, c.label) for d, c in WIRE_CASES])
def test_twilio_wire_case(signed_app, signed_client, driver, case):
    check_case(signed_app, signed_client, driver, case)
