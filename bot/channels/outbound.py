"""Sending an SMS on the bot's own initiative (USSD "Send this to me by SMS").

`make_sender(config)` returns a TwilioSms when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and
TWILIO_SMS_FROM are set, else None (the option is then not offered). Tests put their own
sender in app.extensions["sms_sender"], or replace a TwilioSms's client; no test reaches the
network.

A sender raises SmsNotSent, and nothing else, when the message could not be handed over (Twilio
unreachable or refusing it): the USSD session then ends with a short sentence saying so.
"""

from __future__ import annotations

from typing import Protocol

TWILIO_BODY_LIMIT = 1600
# A USSD session lasts about 20 s: a request to Twilio that takes longer has failed for the person.
TWILIO_TIMEOUT_SECONDS = 5.0


class SmsNotSent(Exception):
    """The SMS could not be handed to the provider."""


class SmsSender(Protocol):
    def send(self, to: str, body: str) -> None:
        """Send body as an SMS to the number to; raise SmsNotSent if it cannot be sent."""


class TwilioSms:
    """Sends SMS through Twilio's REST API."""

    def __init__(self, account_sid: str, auth_token: str, from_number: str) -> None:
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        self.client = Client(account_sid, auth_token, http_client=TwilioHttpClient(timeout=TWILIO_TIMEOUT_SECONDS))
        self.from_number = from_number

    def send(self, to: str, body: str) -> None:
        """Send body (cut at Twilio's 1,600 characters); SmsNotSent when Twilio cannot be
        reached or refuses the message."""
        from requests import RequestException
        from twilio.base.exceptions import TwilioException

        try:
            self.client.messages.create(to=to, from_=self.from_number, body=body[:TWILIO_BODY_LIMIT])
        except (TwilioException, RequestException) as error:
            raise SmsNotSent(type(error).__name__) from error


def make_sender(config) -> SmsSender | None:
    """A Twilio sender when credentials and a sender number are configured, else None."""
    if config.get("TWILIO_ACCOUNT_SID") and config.get("TWILIO_AUTH_TOKEN") and config.get("TWILIO_SMS_FROM"):
        return TwilioSms(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"], config["TWILIO_SMS_FROM"])
    return None
