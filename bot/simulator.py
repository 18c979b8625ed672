"""`flask --app bot chat --channel sms|whatsapp|ussd|web`: talk to the bot in a terminal and
see exactly what a channel renders: SMS pages with their encoding and segment count, WhatsApp
messages, USSD screens with their length against the limit, or the web API's JSON.

Requests go through the real adapters (Flask's test client), so what is shown is what the
channel would send. Type `quit` (or end the input) to stop; on USSD, `new` starts a session.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ElementTree

import click
from flask import current_app
from flask.cli import with_appcontext

from .text import sms_text


def _twiml_messages(body: str) -> list[str]:
    return ["".join(m.itertext()) for m in ElementTree.fromstring(body).iter("Message")]


class Simulator:
    """One simulated person on one channel."""

    def __init__(self, app, channel: str, phone: str) -> None:
        self.client, self.channel, self.phone = app.test_client(), channel, phone
        self.limit, self.ussd_token = app.config["USSD_SCREEN_CHARS"], app.config["USSD_TOKEN"]
        self.session, self.inputs = "SIM" + uuid.uuid4().hex, list[str]()

    def send(self, text: str) -> list[str]:
        """Send text; return the lines to print."""
        if self.channel == "web":
            body = self.client.post("/api/chat", json={"user": self.phone, "text": text}).get_json()
            return [json.dumps(body, indent=2, ensure_ascii=False)]
        if self.channel == "ussd":
            return self._ussd(text)
        sender = ("whatsapp:" if self.channel == "whatsapp" else "") + self.phone
        response = self.client.post(
            "/" + self.channel,
            data={
                "From": sender,
                "To": "+27600000000",
                "Body": text,
                "MessageSid": "SM" + uuid.uuid4().hex,
                "NumMedia": "0",
            },
        )
        lines = []
        for number, message in enumerate(_twiml_messages(response.get_data(as_text=True)), 1):
            encoding, count = sms_text.segments(message)
            if self.channel == "sms":
                lines.append(
                    "--- SMS %d: %d characters, %s, %d segment(s) ---" % (number, len(message), encoding, count)
                )
            else:
                lines.append("--- WhatsApp message %d: %d characters ---" % (number, len(message)))
            lines.append(message)
        return lines

    def _ussd(self, text: str) -> list[str]:
        if text.strip().lower() == "new" or (not self.inputs and text == ""):
            self.session, self.inputs = "SIM" + uuid.uuid4().hex, []
            typed = ""
        else:
            self.inputs.append(text)
            typed = "*".join(self.inputs)
        # The callback URL carries USSD_TOKEN when one is set, as Africa's Talking's does.
        response = self.client.post(
            "/ussd",
            query_string={"token": self.ussd_token},
            data={
                "sessionId": self.session,
                "serviceCode": "*134*1020#",
                "phoneNumber": self.phone,
                "networkCode": "65501",
                "text": typed,
            },
        )
        screen = response.get_data(as_text=True)
        lines = ["--- USSD screen: %d of %d characters ---" % (len(screen), self.limit), screen]
        if screen.startswith("END"):
            lines.append("--- session ended: type `new` to dial again ---")
        return lines


@click.command("chat")
@with_appcontext
@click.option("--channel", type=click.Choice(["sms", "whatsapp", "ussd", "web"]), default="web")
@click.option("--phone", default="+27820000001", help="The simulated person's number (never stored).")
def chat_command(channel: str, phone: str) -> None:
    """Talk to the bot as a person on CHANNEL would."""
    simulator = Simulator(current_app, channel, phone)
    if channel == "ussd":
        for line in simulator.send(""):
            click.echo(line)
    while True:
        try:
            text = click.prompt("you", default="", show_default=False)
        except (click.Abort, EOFError):
            break
        if text.strip().lower() == "quit":
            break
        for line in simulator.send(text):
            click.echo(line)
