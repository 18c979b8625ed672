"""Abuse, round three (issue 25), through the public interface: text with control, bidi and
format characters cleaned where it enters (a manager's notice and address, a sign-in email, a
citizen's message), exported cells that cannot run as formulas, a retention that cannot be
negative, console fields bounded to what an answer can carry, SMS only to mobile numbers,
numbers masked in what is kept of feedback, and no paid SMS while /ussd callers are not
authenticated."""

from __future__ import annotations

import csv
import io
import json
import logging
import xml.etree.ElementTree as ElementTree

import pytest
from console_support import sign_in, sign_up_and_in, token
from harness import TOKEN, Dialled, Driver
from sqlalchemy import select

from bot.config import SettingError
from bot.models import Conversation, Feedback, PublishedChange

SMS = Driver("sms")
HOSTILE = "Main\x00 Road\x1b[31m\r\nJozini\u202e\u2066 (next to the\x85 clinic)\x9b"


def _hostile_manager(app):
    browser, _ = sign_up_and_in(app, "m@example.org", "--centre", "jozini")
    path = "/console/centres/jozini/facts"
    page = browser.get(path).get_data(as_text=True)
    data = {"csrf_token": token(page), "phones": "035 572 1234\r\n\x00", "address": HOSTILE}
    data.update({day: "08:00-16:00" for day in ("mon", "tue", "wed", "thu", "fri")}, sat="closed", sun="closed")
    data["version"] = "0"
    assert browser.post(path, data=data).status_code == 302
    path = "/console/centres/jozini/notices/new"
    notice = {"csrf_token": token(browser.get(path).get_data(as_text=True)), "kind": "other", "provider": ""}
    notice.update(starts="2026-11-24", ends="2026-12-31", text_en="Bring\x00 your\x1b ID\r\nand\u202e a pen\u2069")
    assert browser.post(path, data=notice).status_code == 302
    return browser


def test_what_a_manager_types_is_stored_and_said_without_control_or_bidi_characters(new_app):
    app = new_app(TWILIO_AUTH_TOKEN="")
    _hostile_manager(app)
    with app.extensions["database"].session() as db:
        values = json.dumps([c.value for c in db.scalars(select(PublishedChange))])
    for bad in ("\\u0000", "\\u001b", "\\r", "\\u202e", "\\u2066", "\\u2069", "\\u0085", "\\u009b"):
        assert bad not in values, bad
    assert "Main Road [31m Jozini (next to the clinic)" in values and "Bring your ID\\nand a pen" in values
    response = SMS.post(app.test_client(), SMS.form("jozini contact details", user="+27825550111"), sign=False)
    assert response.status_code == 200
    ElementTree.fromstring(response.get_data())  # well-formed TwiML
    body = response.get_data(as_text=True)
    assert "Main Road" in body and "Bring your ID" in body
    screen = Dialled(app.test_client()).press("jozini contact details")
    assert screen.startswith("CON ") and all(char.isprintable() or char == "\n" for char in screen)


def test_a_sign_in_email_cannot_forge_a_log_line_nor_break_the_sign_in(new_app, caplog):
    app = new_app()
    browser, _ = sign_up_and_in(app, "real@example.org", "--centre", "jozini")
    other = browser.application.test_client()
    other.environ_base.update(browser.environ_base)
    caplog.set_level(logging.INFO)
    forged = "x@example.org\n2026-12-07 [CRITICAL] console: admin@example.org signed in"
    assert sign_in(other, forged, "wrong password").status_code == 401
    assert sign_in(other, "nul\x00@example.org", "wrong password").status_code == 401  # not a 500
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("bot.console")]
    assert lines and all("\n" not in line and "\x00" not in line for line in lines)
    assert not any(line.startswith("2026-12-07 [CRITICAL]") for line in caplog.text.splitlines())


def test_exported_cells_never_run_as_formulas(app, client):
    for text in (
        '=cmd|" /C calc"!A0 the staff at zava were rude',
        "+SUM(1) slow service at zava",
        "@HYPERLINK rude at jozini",
    ):
        said = client.post("/api/chat", json={"user": "csv-" + text[:3], "text": text}).get_json()["reply"]
        assert "Your feedback about" in said
    printed = app.test_cli_runner().invoke(args=["feedback", "list", "--format", "csv"]).output
    cells = [cell for row in csv.reader(io.StringIO(printed)) for cell in row]
    assert cells and not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(cell.startswith("'=cmd") for cell in cells)


def test_purge_refuses_a_retention_that_is_not_positive(app, client):
    client.post("/api/chat", json={"user": "keep-me", "text": "hi"})
    for days in ("-5", "0"):
        result = app.test_cli_runner().invoke(args=["purge", "--days", days])
        assert result.exit_code == 2 and "--days" in result.output
    with app.extensions["database"].session() as db:
        assert db.scalars(select(Conversation)).first() is not None  # nothing purged


def test_console_fields_are_bounded_to_what_an_answer_can_carry(new_app):
    app = new_app()
    browser, _ = sign_up_and_in(app, "b@example.org", "--centre", "jozini")
    path = "/console/centres/jozini/facts"
    page = browser.get(path).get_data(as_text=True)
    phones = "\n".join("035 572 %04d" % n for n in range(4000))
    data = {"csrf_token": token(page), "phones": phones, "address": "Main Road", "version": "0"}
    data.update({day: "08:00-16:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})
    refused = browser.post(path, data=data).get_data(as_text=True)
    assert "At most 5 phone numbers." in refused
    schedule = "/console/centres/jozini/schedule"
    page = browser.get(schedule).get_data(as_text=True)
    dates = "\n".join("2027-%02d-%02d" % (1 + n // 28, 1 + n % 28) for n in range(100))
    shown = browser.post(
        schedule,
        data={"csrf_token": token(page), "provider": "sassa", "service": "", "pattern": "dates", "dates": dates}
        | {"start_time": "08:00", "end_time": "13:00", "interval": "1", "action": "preview"},
    ).get_data(as_text=True)
    assert "At most 60 dates." in shown
    with app.extensions["database"].session() as db:
        assert db.scalars(select(PublishedChange)).first() is None


@pytest.mark.parametrize("number, offered", [("+27116001234", False), ("+27821234567", True)])
def test_send_this_to_me_by_sms_only_to_a_mobile_number(new_app, number, offered):
    sent = []
    app = new_app(TWILIO_AUTH_TOKEN=TOKEN)
    app.extensions["sms_sender"] = type("FakeSms", (), {"send": lambda self, to, body: sent.append(to)})()
    assert (Dialled(app.test_client(), phone=number).to_the_offer() is not None) is offered


def test_numbers_a_citizen_types_into_feedback_are_masked_where_kept(app, client):
    said = "the staff at zava were rude, call me on 082 123 4567, my id is 8001015009087"
    assert client.post("/api/chat", json={"user": "mask", "text": said}).get_json()["intent"] == "feedback"
    with app.extensions["database"].session() as db:
        text = db.scalar(select(Feedback.text))
        state = json.dumps([c.state for c in db.scalars(select(Conversation))])
    assert "[number]" in text and "4567" not in text and "8001015009087" not in text
    assert "4567" not in state and "8001015009087" not in state


def test_paid_sms_are_refused_while_ussd_callers_are_not_authenticated(new_app):
    paid = {"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_SMS_FROM": "+27600000000"}
    with pytest.raises(SettingError, match="USSD_TOKEN must be set"):
        new_app(**paid)
    assert new_app(**paid, USSD_TOKEN="s3cret").extensions["sms_sender"] is not None


def test_bidi_and_control_characters_from_citizens_never_reach_the_console(new_app):
    app = new_app()
    chat = app.test_client()
    for channel_text in ("blorp\u202e zingle\x1b wobbit\u2066\r\nquux", "frob\x00nicate\u200f the\x85 quux"):
        chat.post("/api/chat", json={"user": "bidi-" + channel_text[:3], "text": channel_text})
    admin, _ = sign_up_and_in(app, "admin@example.org", "--admin")
    page = admin.get("/console/unanswered").get_data(as_text=True)
    assert "blorp zingle wobbit quux" in page and "frob nicate the quux" in page
    for bad in ("\u202e", "\u2066", "\u200f", "\x1b", "\x00", "\x85", "\r"):
        assert bad not in page, repr(bad)
