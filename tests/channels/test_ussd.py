"""USSD specifics: the main menu first, screens within the limit, 98 More and 0 Back, free
text, repeated deliveries, other workers continuing a session, and sending the answer by SMS."""

from __future__ import annotations

import uuid

import pytest
from harness import Case, Driver, check_case
from sqlalchemy import select
from support import make_app

from bot.models import Conversation

USSD = Driver("ussd")


class Session:
    """One dialled session: each step sends every input so far joined by *."""

    def __init__(self, client, phone=None):
        self.client, self.inputs = client, []
        self.session, self.phone = "ATUid_" + uuid.uuid4().hex, phone or "+2782%07d" % (uuid.uuid4().int % 10**7)

    def dial(self):
        return self._send()

    def press(self, value: str):
        self.inputs.append(value)
        return self._send()

    def _send(self):
        response = USSD.post(self.client, USSD.form("*".join(self.inputs), user=self.phone, session=self.session))
        assert response.status_code == 200
        return response.get_data(as_text=True)


def test_first_screen_is_the_main_menu(client):
    screen = Session(client).dial()
    assert screen.startswith("CON ") and len(screen) <= 160
    for label in ("1 Nearest centre", "5 Language", "6 Talk to a person"):
        assert label in screen


def test_walk_to_service_days_with_paging_and_back(client):
    s = Session(client)
    s.dial()
    assert "Which centre" in s.press("4")
    first = s.press("Botlokwa")
    assert first.startswith("CON Service days at Botlokwa")  # the dates first
    screens = [first]
    while "98 More" in screens[-1]:
        screens.append(s.press("98"))
    assert all(len(x) <= 160 for x in screens)
    # after the dates, in one line (issue 29)
    assert "No centre has confirmed these days: they are an example schedule." in "\n".join(screens)
    if len(screens) > 1:
        assert s.press("0") == screens[-2]


def test_free_text_town_then_province_lists(client):
    s = Session(client)
    s.dial()
    s.press("1")
    unknown = s.press("Xyzzyville")
    assert "do not know the place" in unknown or "98 More" in unknown
    screens = [unknown]
    while "Limpopo" not in "\n".join(screens) and "98 More" in screens[-1]:
        screens.append(s.press("98"))
    assert "Limpopo" in "\n".join(screens)


def test_the_same_request_twice_shows_the_same_screen_and_advances_once(app, client):
    s = Session(client)
    s.dial()
    form = USSD.form("2", user=s.phone, session=s.session)
    one = USSD.post(client, form).get_data(as_text=True)
    two = USSD.post(client, form).get_data(as_text=True)
    assert one == two and "Which centre" in one
    with app.extensions["database"].session() as session:
        assert session.scalar(select(Conversation.turns)) == 2  # the dial and "2", not "2" twice


def test_the_start_delivered_twice_shows_the_main_menu_once(app, client):
    form = USSD.form("")
    one = USSD.post(client, form).get_data(as_text=True)
    two = USSD.post(client, form).get_data(as_text=True)
    assert one == two and one.startswith("CON ")
    with app.extensions["database"].session() as session:
        assert session.scalar(select(Conversation.turns)) == 1
    assert "Which centre" in USSD.post(client, dict(form, text="2")).get_data(as_text=True)


def test_another_worker_continues_the_session(app):
    s = Session(app.test_client())
    s.dial()
    s.press("3")
    other_worker = make_app(app.config["DATABASE_URL"])  # the same database, a new app
    s.client = other_worker.test_client()
    assert "Passport (Home Affairs)" in s.press("5")
    other_worker.extensions["database"].engine.dispose()


def test_final_answer_can_be_sent_by_sms(signed_app, signed_client):
    s = Session(signed_client)
    s.dial()
    screens = [s.press("when is sassa at zava")]
    while "98 More" in screens[-1]:
        screens.append(s.press("98"))
    offer = [line for line in screens[-1].splitlines() if "Send this to me by SMS" in line]
    assert offer, screens[-1]
    end = s.press(offer[0].split(" ")[0])
    assert end.startswith("END ")
    sent = signed_app.extensions["sms_sender"].sent
    assert sent == [(s.phone, sent[0][1])] and "SASSA" in sent[0][1] and "example schedule" in sent[0][1]


def test_a_failure_after_the_sms_was_sent_never_sends_it_again(signed_app, signed_client, monkeypatch):
    """The session saying the SMS was asked for commits before the SMS is sent: when storing
    the screen fails after the send, Africa's Talking's repeat of the request sends nothing
    more and the session ends."""
    from bot.channels import store

    s = Session(signed_client)
    s.dial()
    screens = [s.press("when is sassa at zava")]
    while "98 More" in screens[-1]:
        screens.append(s.press("98"))
    [offer] = [line for line in screens[-1].splitlines() if "Send this to me by SMS" in line]
    storing = store.Delivery.storing

    def broken(delivery, reply):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(store.Delivery, "storing", broken)
    s.inputs.append(offer.split(" ")[0])
    failed = USSD.post(signed_client, USSD.form("*".join(s.inputs), user=s.phone, session=s.session))
    assert failed.status_code == 200 and failed.get_data(as_text=True).startswith("END ")
    assert len(signed_app.extensions["sms_sender"].sent) == 1
    monkeypatch.setattr(store.Delivery, "storing", storing)
    repeat = s._send()
    assert repeat.startswith("END ")
    assert len(signed_app.extensions["sms_sender"].sent) == 1


def test_no_sms_offer_without_a_sender(client):
    s = Session(client)
    s.dial()
    screens = [s.press("when is sassa at zava")]
    while "98 More" in screens[-1]:
        screens.append(s.press("98"))
    assert "Send this to me by SMS" not in "\n".join(screens)


def test_screen_size_setting_is_respected(new_app):
    walks = {}
    for limit in (120, 182):
        s = Session(new_app(USSD_SCREEN_CHARS=limit).test_client())
        s.dial()
        screens = [s.press("3"), s.press("1")]
        while "98 More" in screens[-1]:
            screens.append(s.press("98"))
        assert all(len(x) <= limit for x in screens)
        walks[limit] = screens
    # The setting is used: the same answer takes more of the smaller screens.
    assert len(walks[120]) > len(walks[182]) and max(map(len, walks[182])) > 120


# Africa's Talking's requests that cannot be read.
WIRE_CASES = [
    Case("not UTF-8", b"sessionId=ATU1&phoneNumber=%2B2782&text=%ff%fe", status=200, body_has="CON"),
    Case("missing sessionId", {"phoneNumber": "+27820000000", "text": ""}, status=400, body_has="END"),
    Case("missing phone number", {"sessionId": "ATU2", "text": ""}, status=400, body_has="END"),
]


@pytest.mark.parametrize("case", WIRE_CASES, ids=[c.label for c in WIRE_CASES])
def test_ussd_wire_case(signed_app, signed_client, case):
    check_case(signed_app, signed_client, USSD, case)
