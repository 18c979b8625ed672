"""One SMS sender (bot.outbound): reminders and USSD's "send this to me by SMS" share the one
create_app makes, from a number or a messaging service; a person waiting gets SmsNotSent and
nothing else when Twilio cannot take the message, and reminders get their status callback."""

from __future__ import annotations

import pytest
from reminders_support import settings
from twilio.base.exceptions import TwilioRestException

from bot.outbound import SmsNotSent, make_sender


class Recording:
    """Twilio's REST client, recording each message handed to it (or failing as told)."""

    def __init__(self, error: Exception | None = None) -> None:
        self.messages, self.created, self.error = self, [], error

    def create(self, **message):
        if self.error:
            raise self.error
        self.created.append(message)
        return type("Sent", (), {"sid": "SM" + "1" * 32})()


def test_reminders_and_ussd_share_the_one_sender(new_app, clock):
    app = new_app(**settings(clock))
    assert app.extensions["reminders"].outbound is app.extensions["sms_sender"] is not None


@pytest.mark.parametrize(
    "config, sender",
    [
        ({"TWILIO_SMS_FROM": "+27600000000"}, {"from_": "+27600000000"}),
        ({"TWILIO_MESSAGING_SERVICE_SID": "MG" + "0" * 32}, {"messaging_service_sid": "MG" + "0" * 32}),
        ({}, None),
    ],
    ids=["number", "messaging service", "no sender"],
)
def test_the_sender_is_made_from_a_number_or_a_messaging_service(config, sender):
    made = make_sender({"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "t", **config})
    assert (made.sender if made else None) == sender


def test_send_and_hand_over():
    made = make_sender({"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "t", "TWILIO_SMS_FROM": "+2760"})
    made.client = Recording()
    made.send("+27821234567", "x" * 2000)
    assert made.hand_over("+27821234567", "hi", "https://bot.example/sms/status?m=7") == "SM" + "1" * 32
    first, second = made.client.created
    assert len(first["body"]) == 1600 and first["from_"] == "+2760" and "status_callback" not in first
    assert second["status_callback"] == "https://bot.example/sms/status?m=7"
    made.client = Recording(TwilioRestException(500, "https://api.twilio.com", "server error"))
    with pytest.raises(SmsNotSent):
        made.send("+27821234567", "hi")
    with pytest.raises(TwilioRestException):  # reminders settle it themselves
        made.hand_over("+27821234567", "hi")
