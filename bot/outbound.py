"""The one way the bot sends an SMS on its own initiative: USSD's "Send this to me by SMS",
reminders, and every later push.

`make_sender(config)` returns a TwilioSms when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and a
sender (TWILIO_SMS_FROM, or TWILIO_MESSAGING_SERVICE_SID) are set, else None (nothing is then
offered by SMS, and reminders are off). create_app makes one and gives it to the USSD channel
(app.extensions["sms_sender"]) and to reminders. Tests put their own sender in
app.extensions["sms_sender"], or a fake REST client in a TwilioSms's `client`; no test reaches
the network.

- `send(to, body)`: for a person waiting (a USSD session lasts about 20 s), raises SmsNotSent,
  and nothing else, when the message could not be handed over.
- `hand_over(to, body, status_callback, sender)` and `sent_before(to, body, since)`: for
  reminders and the helpdesk's replies, which settle each message themselves
  (bot.reminders.delivery, bot.helpdesk.delivery); they raise Twilio's and requests' own
  errors, which say whether to try again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

TWILIO_BODY_LIMIT = 1600
# Twilio error codes that say the number cannot get SMS (invalid, unreachable, landline, opted
# out at Twilio, blocked): https://www.twilio.com/docs/api/errors. Reminders and helpdesk replies
# to such a number fail for good instead of being tried again.
PERMANENT_ERRORS = frozenset(
    {21211, 21214, 21217, 21401, 21407, 21421, 21610, 21612, 21614, 30003, 30004, 30005, 30006}
)
# A USSD session lasts about 20 s: a request to Twilio that takes longer has failed for the person.
TWILIO_TIMEOUT_SECONDS = 5.0


class SmsNotSent(Exception):
    """The SMS could not be handed to the provider."""


class SmsSender(Protocol):
    def send(self, to: str, body: str) -> None:
        """Send body as an SMS to the number to; raise SmsNotSent if it cannot be sent."""


class TwilioSms:
    """Sends SMS through Twilio's REST API from one sender (a number, or a messaging service)."""

    def __init__(self, account_sid: str, auth_token: str, sender: dict[str, str]) -> None:
        self.account = (account_sid, auth_token)
        self.sender = sender
        # Twilio's REST client, made at the first send (tests put a fake one here).
        self.client: Any = None

    def _rest(self) -> Any:
        if self.client is None:
            from twilio.http.http_client import TwilioHttpClient
            from twilio.rest import Client

            self.client = Client(*self.account, http_client=TwilioHttpClient(timeout=TWILIO_TIMEOUT_SECONDS))
        return self.client

    def send(self, to: str, body: str) -> None:
        """Send body (cut at Twilio's 1,600 characters); SmsNotSent when Twilio cannot be
        reached or refuses the message."""
        from requests import RequestException
        from twilio.base.exceptions import TwilioException

        try:
            self._rest().messages.create(to=to, body=body[:TWILIO_BODY_LIMIT], **self.sender)
        except (TwilioException, RequestException) as error:
            raise SmsNotSent(type(error).__name__) from error

    def hand_over(
        self, to: str, body: str, status_callback: str | None = None, sender: dict[str, str] | None = None
    ) -> str:
        """Hand one message to Twilio (its status reported to status_callback) from this sender,
        or from sender (a WhatsApp number: {"from_": "whatsapp:+27..."}); its MessageSid.
        Raises Twilio's and requests' errors."""
        extra = {"status_callback": status_callback} if status_callback else {}
        return str(self._rest().messages.create(to=to, body=body, **(sender or self.sender), **extra).sid)

    def sent_before(self, to: str, body: str, since: dt.date) -> str | None:
        """The MessageSid of a message Twilio already has to `to` with this body, sent since
        the day given (Twilio filters by day), or None. Raises Twilio's and requests' errors."""
        for message in self._rest().messages.list(to=to, date_sent_after=since, limit=50):
            if message.body == body:
                return str(message.sid)
        return None


def make_sender(config: Any) -> TwilioSms | None:
    """A Twilio sender when credentials and a sender are configured, else None."""
    service = config.get("TWILIO_MESSAGING_SERVICE_SID")
    number = config.get("TWILIO_SMS_FROM")
    if not (config.get("TWILIO_ACCOUNT_SID") and config.get("TWILIO_AUTH_TOKEN") and (service or number)):
        return None
    sender = {"messaging_service_sid": service} if service else {"from_": number}
    return TwilioSms(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"], sender)
