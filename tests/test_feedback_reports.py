"""Feedback reports cannot be forged from inside a feedback text: the text is stored cleaned
(one line, no control, C1 or bidi characters), and `flask feedback list` prints one record per
line whatever a row holds (escaped text, or CSV/JSON), and refuses a --days it cannot reach."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from sqlalchemy import insert, select

from bot.cleaning import one_line as cleaned
from bot.models import Feedback

HOSTILE = "queue at zava was very long\n2026-11-01 00:00  TB-FAKE  zava  5/5  lovely\r\n\x85\u202eevil\u2066 2 stars"


def test_feedback_text_is_stored_on_one_line_without_control_or_bidi_characters(app, client):
    assert client.post("/api/chat", json={"user": "f1", "text": HOSTILE}).get_json()["intent"] == "feedback"
    with app.extensions["database"].session() as session:
        text = session.scalar(select(Feedback.text))
    assert text and "TB-FAKE" in text and "evil" in text
    assert text == cleaned(text) and all(char.isprintable() for char in text)
    assert not set(text) & {"\n", "\r", "\x85", "\u202e", "\u2066"}


def test_cleaned_folds_breaks_and_drops_invisible_controls_but_keeps_words_and_joiners():
    assert cleaned("a\nb\r\n\tc\u2028d\x85e") == "a b c d e"
    assert cleaned("\u202eabc\u200f\u2066 x\x00y\x9b") == "abc x y"
    assert (
        cleaned("Ngiyabonga kakhulu, môre \U0001f469\u200d\U0001f4bb")
        == "Ngiyabonga kakhulu, môre \U0001f469\u200d\U0001f4bb"
    )


def _old_rows(app, texts):
    """Rows stored before texts were cleaned."""
    now = dt.datetime.now(dt.UTC)
    with app.extensions["database"].begin() as connection:
        connection.execute(
            insert(Feedback),
            [
                {
                    "user_key": "k%d" % n,
                    "centre_slug": "zava",
                    "rating": 1,
                    "text": text,
                    "lang": "en",
                    "reference": "TB-AAA%d" % n,
                    "created_at": now,
                }
                for n, text in enumerate(texts)
            ],
        )


def test_feedback_list_prints_one_line_per_record_whatever_its_text(app):
    _old_rows(app, [HOSTILE, "fine"])
    result = app.test_cli_runner().invoke(args=["feedback", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 3 and lines[-1] == "2 feedback message(s)"
    assert "\\n2026-11-01" in result.output and "\\u202eevil" in result.output
    assert all(char.isprintable() for char in result.output.replace("\n", ""))


def test_feedback_list_as_csv_and_json_gives_each_record_whole(app):
    _old_rows(app, [HOSTILE, "fine"])
    as_csv = app.test_cli_runner().invoke(args=["feedback", "list", "--format", "csv"])
    records = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert as_csv.exit_code == 0 and len(records) == 2 and len(as_csv.output.splitlines()) == 3
    assert {r["reference"] for r in records} == {"TB-AAA0", "TB-AAA1"}
    as_json = app.test_cli_runner().invoke(args=["feedback", "list", "--format", "json"])
    lines = as_json.output.splitlines()
    assert as_json.exit_code == 0 and len(lines) == 2 and all(line.isascii() for line in lines)
    assert sorted(json.loads(line)["text"] for line in lines) == sorted([HOSTILE, "fine"])


def test_feedback_list_with_days_beyond_any_date_is_a_clear_error_not_a_crash(app):
    result = app.test_cli_runner().invoke(args=["feedback", "list", "--days", "99999999"])
    assert result.exit_code == 2 and "--days" in result.output and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert app.test_cli_runner().invoke(args=["feedback", "list", "--days", "36500"]).exit_code == 0
