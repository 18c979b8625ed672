"""POPIA: old conversation data is purged; one person can be forgotten entirely; logs hold no
phone number and no message text."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select, update

from bot.dialogue.identity import user_key
from bot.models import ChannelSession, Conversation, Feedback, InboundMessage


def _talk_everywhere(client, phone: str) -> None:
    client.post("/sms", data={"From": phone, "Body": "documents for a smart id card", "MessageSid": "SMa" + phone[-4:]})
    client.post(
        "/whatsapp",
        data={"From": "whatsapp:" + phone, "Body": "rude staff at zava, 1 star", "MessageSid": "SMb" + phone[-4:]},
    )
    client.post("/ussd", data={"sessionId": "ATU" + phone[-4:], "phoneNumber": phone, "text": ""})
    client.post("/ussd", data={"sessionId": "ATU" + phone[-4:], "phoneNumber": phone, "text": "3"})


def _counts(app, key: str) -> dict[str, int]:
    with app.extensions["database"].session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model).where(model.user_key == key))
            for model in (Conversation, Feedback, ChannelSession, InboundMessage)
        }


def test_forget_removes_everything_about_one_person_and_nothing_else(app, client):
    _talk_everywhere(client, "+27821110001")
    _talk_everywhere(client, "+27821110002")
    gone, kept = user_key("test-secret", "+27821110001"), user_key("test-secret", "+27821110002")
    assert all(_counts(app, gone).values()) and all(_counts(app, kept).values())
    result = app.test_cli_runner().invoke(args=["forget", "whatsapp:+27821110001"])
    assert result.exit_code == 0 and "removed:" in result.output
    assert not any(_counts(app, gone).values())
    assert all(_counts(app, kept).values())


def test_purge_removes_old_data_and_blanks_old_feedback_text(app, client):
    _talk_everywhere(client, "+27821110003")
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=45)
    with app.extensions["database"].session() as session, session.begin():
        for model, column in (
            (Conversation, Conversation.updated_at),
            (ChannelSession, ChannelSession.updated_at),
            (InboundMessage, InboundMessage.created_at),
            (Feedback, Feedback.created_at),
        ):
            session.execute(update(model).values({column.key: old}))
    _talk_everywhere(client, "+27821110004")  # recent: kept
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0 and "older than 30 days" in result.output
    old_key, new_key = user_key("test-secret", "+27821110003"), user_key("test-secret", "+27821110004")
    counts = _counts(app, old_key)
    assert counts["conversations"] == counts["channel_sessions"] == counts["inbound_messages"] == 0
    with app.extensions["database"].session() as session:
        old_feedback = session.scalars(select(Feedback).where(Feedback.user_key == old_key)).all()
        new_feedback = session.scalars(select(Feedback).where(Feedback.user_key == new_key)).all()
    assert [(f.centre_slug, f.rating, f.text) for f in old_feedback] == [("zava", 1, "")]
    assert new_feedback and new_feedback[0].text
    assert all(_counts(app, new_key).values())


def test_logs_hold_no_phone_number_and_no_message_text(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    phone = "+27829876543"
    _talk_everywhere(client, phone)
    client.post("/api/chat", json={"user": phone, "text": "my secret question about my ID"})
    logged = "\n".join(record.getMessage() + str(record.args) for record in caplog.records)
    assert "9876543" not in logged and "secret question" not in logged and "rude staff" not in logged


@pytest.mark.parametrize(
    "written", ["0821110005", "27821110005", "082 111 0005", "+27 82 111 0005", "whatsapp:+27821110005"]
)
def test_forget_reads_a_number_in_any_usual_form(app, client, written):
    _talk_everywhere(client, "+27821110005")
    key = user_key("test-secret", "+27821110005")
    result = app.test_cli_runner().invoke(args=["forget", written])
    assert result.exit_code == 0 and "removed:" in result.output, result.output
    assert not any(_counts(app, key).values())


def test_forget_says_when_nothing_matched(app, client):
    _talk_everywhere(client, "+27821110006")
    result = app.test_cli_runner().invoke(args=["forget", "0821110007"])
    assert result.exit_code == 1 and "nothing" in result.output
    result = app.test_cli_runner().invoke(args=["forget", "not-a-number"])
    assert result.exit_code == 2 and "--web" in result.output
    assert all(_counts(app, user_key("test-secret", "+27821110006")).values())


def test_forget_a_web_user(app, client):
    client.post("/api/chat", json={"user": "widget-abc", "text": "hi"})
    assert app.test_cli_runner().invoke(args=["forget", "--web", "widget-abc"]).exit_code == 0
    assert not any(_counts(app, user_key("test-secret", "web:widget-abc")).values())


def test_the_public_secret_key_of_earlier_versions_is_refused(new_app):
    from bot.config import DEFAULT_SECRET_KEY, SettingError

    with pytest.raises(SettingError, match="SECRET_KEY must not be the public default"):
        new_app(SECRET_KEY=DEFAULT_SECRET_KEY)
