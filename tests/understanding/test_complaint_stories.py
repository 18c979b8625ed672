"""A complaint told as a story ("I waited five hours and nobody helped me at <centre>", "SASSA
never came on Tuesday") is feedback about that centre, kept for its manager, never a request for a
person nor a service-days question. (Sentences are our own, not from any evaluation set.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

STORIES = [
    ("I waited five hours and nobody helped me at Jozini thusong", "en", "jozini"),
    ("there was no person to help us at Kagiso, we waited the whole day", "en", "kagiso"),
    ("I went to Botlokwa on Tuesday but home affairs never came, I wasted taxi money", "en", "botlokwa"),
    ("the security guard at Mamelodi thusong told us to go home, the system was offline again", "en", "mamelodi"),
    ("ek het die hele dag by Grabouw gewag en niemand het my gehelp nie", "af", "grabouw"),
    ("ngilinde amahora amahlanu eJozini kodwa akekho ongisizile", "zu", "jozini"),
    ("ngahamba eDududu izolo kodwa abe-home affairs abazanga", "zu", "dududu"),
    ("ndiye eTombo izolo kodwa iSASSA ayifikanga", "xh", "tombo"),
    ("ke emetse diiri tse tharo kwa Tlakgameng mme ga go ope yo o nthusitseng", "tn", "tlakgameng"),
    ("ha ho motho ya nthusitseng Zastron, re emetse letsatsi lohle", "st", "zastron"),
]


@pytest.mark.parametrize("text,lang,centre", STORIES, ids=[t for t, _l, _c in STORIES])
def test_a_story_of_a_bad_visit_is_feedback_about_the_centre(app, converse, text, lang, centre):
    body = converse([text])
    assert body["intent"] == "feedback" and body["entities"]["centre"] == centre and body["lang"] == lang
    from bot.models import Feedback

    with app.extensions["database"].session() as session:
        kept = session.execute(select(Feedback.centre_slug, Feedback.text)).all()
    assert [(row.centre_slug, bool(row.text)) for row in kept] == [(centre, True)]


def test_a_question_about_service_days_is_still_a_question(converse):
    assert converse(["when does home affairs come to Botlokwa"])["intent"] == "service_days"
    assert converse(["is sassa at zava tomorrow"])["intent"] == "service_days"
