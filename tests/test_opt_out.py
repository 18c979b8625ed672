"""Opting out as people really write it, in every language: Twilio's own opt-out words, a stop
word with "please", "sms", "messages", phrases such as "remove my number", spacing and slips;
never taken for a safety message, and nothing that is not an opt-out taken for one."""

from __future__ import annotations

import pytest
from harness import Driver

from bot.i18n import Texts
from bot.text.normalize import tokens
from bot.understanding.optout import opts_out

SMS = Driver("sms")
OPT_OUT = [
    # Twilio's opt-out words (https://help.twilio.com/articles/223134027), any case.
    "STOP",
    "stopall",
    "UNSUBSCRIBE",
    "cancel",
    "End",
    "quit",
    "revoke",
    "optout",
    "opt-out",
    # With politeness and what to stop.
    "stop sms",
    "stop please",
    "please stop",
    "Stop it",
    "stop sending me messages",
    "stop the sms please",
    "no more sms",
    "no more messages please",
    "remove my number",
    "delete my number please",
    "dont send me any more sms",
    "don't send",
    "unsubscribe me",
    "opt me out",
    # Spacing and slips.
    "s t o p",
    "un subscribe",
    "unsubcribe",
    "cancle",
    "  STOP!!  ",
    # Other languages.
    "hou op",
    "hou op asseblief",
    "Stuur my niks meer nie",
    "yeka",
    "yeka ukungithumelela",
    "ngicela ungangithumeleli",
    "yeka ukundithumelela",
    "ema",
    "emiša hle",
    "emisa",
    "yima",
    "ima",
    "jama",
]
NOT_OPT_OUT = [
    "end it all",  # a person in distress: never "you will get no more messages"
    "I want to end my life",
    "stop hurting me",
    "he won't stop beating me",
    "shop",
    "cancel my appointment",
    "no thanks",
    "the end of the month",
    "no more money for food",
    "when does sassa stop paying the grant",
    "stop jozini reminders",  # one centre's reminders: bot.understanding.reminders
]


@pytest.mark.parametrize("text", OPT_OUT)
def test_what_people_send_to_opt_out_is_read_as_stop(content, text):
    assert opts_out(content, tokens(text)), text


@pytest.mark.parametrize("text", NOT_OPT_OUT)
def test_other_messages_are_not_read_as_stop(content, text):
    assert not opts_out(content, tokens(text)), text


@pytest.mark.parametrize(
    "text", ["unsubscribe me", "stop sms", "remove my number", "End", "hou op", "yeka ukungithumelela"]
)
def test_opting_out_by_sms_is_confirmed_and_never_the_safety_reply(app, text):
    said = "\n".join(SMS.texts(SMS.post(app.test_client(), SMS.form(text, user="+27825550100"))))
    done = [
        Texts(lang, "locales").gettext(
            "Done: Thusong Bot will send you no messages. You can still ask a question any time."
        )
        for lang in ("en", "af", "zu")
    ]
    assert any(d in said for d in done), said
    assert "10111" not in said and "GBV" not in said  # not the help lines of the safety answer
