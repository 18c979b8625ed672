"""Who is talking: identities namespaced by how they were proven (phones from signed Twilio
requests and token-checked USSD callbacks; web users apart), USSD_TOKEN, the bounds on SMS the
bot sends, and USSD sessions bound to their phone."""

from __future__ import annotations

import uuid

import harness
import pytest
from conftest import FakeSms
from harness import TOKEN, Driver
from sqlalchemy import func, select

from bot.dialogue import identity
from bot.models import ChannelSession, Conversation, InboundMessage
from bot.privacy import forget

SMS, USSD = Driver("sms"), Driver("ussd")
OFFER = "Send this to me by SMS"


def _number() -> str:
    return "+2782%07d" % (uuid.uuid4().int % 10**7)


def _rows(app) -> dict[str, int]:
    with app.extensions["database"].session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Conversation, ChannelSession, InboundMessage)
        }


@pytest.mark.parametrize(
    "number, as_e164",
    [
        ("0821234567", "+27821234567"),
        ("27821234567", "+27821234567"),
        ("082 123 4567", "+27821234567"),
        ("+27 82 123 4567", "+27821234567"),
        ("whatsapp:+27821234567", "+27821234567"),
        ("+44 7400 123456", "+447400123456"),
        ("hello", None),
        ("", None),
    ],
)
def test_numbers_are_read_in_their_usual_forms(number, as_e164):
    assert identity.e164(number) == as_e164


def test_no_web_user_is_a_phone():
    for user in ("+27821234567", "27821234567", "whatsapp:+27821234567", "tel:+27821234567"):
        assert identity.web(user) != identity.phone("+27821234567")
        assert identity.phone_number(identity.web(user)) is None
        assert identity.phone_number(identity.simulated(user)) is None


def test_the_api_cannot_read_or_drive_a_phones_conversation(signed_app, signed_client):
    number = _number()
    sms = SMS.post(signed_client, SMS.form("what documents do I need for a passport", user=number))
    assert "passport" in "".join(SMS.texts(sms)).lower()
    for user in (number, number.lstrip("+"), "whatsapp:" + number, "0" + number[3:]):
        reply = signed_client.post("/api/chat", json={"user": user, "text": "1"}).get_json()
        assert reply["entities"].get("service") != "passport", (user, reply)
    with signed_app.extensions["database"].session() as session:
        turns = session.scalar(
            select(Conversation.turns).where(
                Conversation.user_key == identity.user_key(signed_app.config["SECRET_KEY"], number)
            )
        )
    assert turns == 1  # the phone's conversation was not advanced


def test_the_ussd_simulator_never_reaches_a_phones_conversation(signed_app, signed_client):
    number = _number()
    SMS.post(signed_client, SMS.form("what documents do I need for a passport", user=number))
    form = USSD.form("1", user=number)
    screen = signed_client.post("/simulator/ussd", data=form).get_data(as_text=True)
    assert screen.startswith("CON ") and "passport" not in screen.lower()
    with signed_app.extensions["database"].session() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(Conversation)
                .where(Conversation.user_key == identity.user_key(signed_app.config["SECRET_KEY"], "sim:" + number))
            )
            == 1
        )


def test_a_phone_is_one_person_on_sms_and_ussd(signed_app, signed_client):
    number = _number()
    SMS.post(signed_client, SMS.form("service days", user=number))
    session = "ATUid_" + uuid.uuid4().hex
    USSD.post(signed_client, USSD.form("", user=number, session=session))
    screen = USSD.post(signed_client, USSD.form("Zava", user=number, session=session)).get_data(as_text=True)
    assert "Service days at Zava" in screen  # Zava's service days, the dates first


@pytest.mark.parametrize("query", ["", "?token=nope", "?token=" + "s3cret"[:-1], "?token=S3CRET"])
def test_ussd_without_the_token_is_refused_and_stores_nothing(new_app, query):
    app = new_app(USSD_TOKEN="s3cret")
    client = app.test_client()
    before = _rows(app)
    response = client.post("/ussd" + query, data=USSD.form(""))
    assert response.status_code == 403 and response.get_data(as_text=True).startswith("END ")
    assert _rows(app) == before


def test_ussd_with_the_token_is_answered(new_app):
    client = new_app(USSD_TOKEN="s3cret").test_client()
    response = client.post("/ussd?token=s3cret", data=USSD.form(""))
    assert response.status_code == 200 and response.get_data(as_text=True).startswith("CON ")


Dialled = harness.Dialled


def _sms_app(new_app, **settings):
    app = new_app(TWILIO_AUTH_TOKEN=TOKEN, **settings)
    app.extensions["sms_sender"] = FakeSms()
    return app


def test_an_sms_is_sent_at_most_once_per_session(new_app):
    app = _sms_app(new_app)
    dialled = Dialled(app.test_client())
    dialled.press(dialled.to_the_offer())
    assert len(app.extensions["sms_sender"].sent) == 1
    # The same sessionId, going on after END: no second offer, and "1" sends nothing.
    assert dialled.to_the_offer() is None
    dialled.press("1")
    assert len(app.extensions["sms_sender"].sent) == 1


def test_sms_to_one_number_are_bounded_per_day(new_app):
    app = _sms_app(new_app, USSD_SMS_PER_DAY=2)
    phone, ends = _number(), []
    for _ in range(3):
        dialled = Dialled(app.test_client(), phone=phone)
        ends.append(dialled.press(dialled.to_the_offer()))
    assert [to for to, _body in app.extensions["sms_sender"].sent] == [phone, phone]
    assert "could not be sent" in ends[-1]
    other = Dialled(app.test_client())  # another number has its own allowance
    other.press(other.to_the_offer())
    assert len(app.extensions["sms_sender"].sent) == 3


def test_sms_only_to_configured_regions(new_app):
    app = _sms_app(new_app)
    assert Dialled(app.test_client(), phone="+447400123456").to_the_offer() is None
    assert Dialled(app.test_client(), phone="+2700" + "1234567").to_the_offer() is None  # no SA number
    app = _sms_app(new_app, SMS_REGIONS=["ZA", "GB"])
    dialled = Dialled(app.test_client(), phone="+447400123456")
    dialled.press(dialled.to_the_offer())
    assert app.extensions["sms_sender"].sent[0][0] == "+447400123456"


def test_another_phone_with_the_same_session_id_has_its_own_session(app, client):
    first = Dialled(client)
    first.press("4")
    assert "Service days at Zava" in first.press("Zava")  # Zava's service days
    other = Dialled(client, session=first.session)  # phone B names A's sessionId
    assert "Which centre" not in other.press("98")  # B's own main menu, not A's next page
    keys = {
        person: identity.user_key(app.config["SECRET_KEY"], identity.phone(person))
        for person in (first.phone, other.phone)
    }

    def owners():
        with app.extensions["database"].session() as session:
            return session.scalars(select(ChannelSession.user_key).where(ChannelSession.key.like("ussd:%"))).all()

    assert sorted(owners()) == sorted(keys.values())  # A's session is still A's
    forget(app.extensions["database"], app.config["SECRET_KEY"], identity.phone(first.phone))
    assert owners() == [keys[other.phone]]


def test_the_terminal_simulator_dials_with_the_token(new_app):
    from bot.simulator import Simulator

    app = new_app(USSD_TOKEN="s3cret")
    with app.app_context():
        lines = Simulator(app, "ussd", _number()).send("")
    assert lines[1].startswith("CON ")
