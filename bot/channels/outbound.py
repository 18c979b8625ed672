"""Sending an SMS on the bot's own initiative (USSD "Send this to me by SMS").

`make_sender(config)` returns a TwilioSms when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and
TWILIO_SMS_FROM are set, else None (the option is then not offered). Tests put their own
sender in app.extensions["sms_sender"]; no test reaches the network.
"""
from __future__ import annotations

from typing import Optional, Protocol

TWILIO_BODY_LIMIT = 1600


class SmsSender(Protocol):
    def send(self, to: str, body: str) -> None:
        """Send body as an SMS to the number to."""


class TwilioSms:
    """Sends SMS through Twilio's REST API."""

    def __init__(self, account_sid: str, auth_token: str, from_number: str) -> None:
        from twilio.rest import Client

        self.client = Client(account_sid, auth_token)
        self.from_number = from_number

    def send(self, to: str, body: str) -> None:
        self.client.messages.create(to=to, from_=self.from_number, body=body[:TWILIO_BODY_LIMIT])


def make_sender(config) -> Optional[SmsSender]:
    """A Twilio sender when credentials and a sender number are configured, else None."""
    if config.get("TWILIO_ACCOUNT_SID") and config.get("TWILIO_AUTH_TOKEN") and config.get("TWILIO_SMS_FROM"):
        return TwilioSms(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"], config["TWILIO_SMS_FROM"])
    return None
