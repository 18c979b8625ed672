"""Thanks and goodbye, alone, in every language: a short "you're welcome" (intent help), in the
person's language, never read as a place or a request, even while the bot waits for a town or a
centre (then the question is dropped, and nothing is kept as an unknown place). Thanks with a
request is the request. (Phrases are our own, not from any evaluation set.)"""

from __future__ import annotations

import pytest

WELCOME = {
    "en": "You're welcome",
    "af": "Plesier",
}

ALONE = [
    ("thanks", "en"),
    ("ok thank you so much", "en"),
    ("bye", "en"),
    ("baie dankie", "af"),
    ("ngiyabonga kakhulu sisi", "zu"),
    ("enkosi kakhulu", "xh"),
    ("ndiyabulela", "xh"),
    ("ke a leboha haholo", "st"),
    ("ke a leboga thata", "tn"),
    ("inkomu swinene", "ts"),
    ("ndo livhuwa", "ve"),
    ("ngiyathokoza", "nr"),
]


@pytest.mark.parametrize("text,lang", ALONE)
def test_thanks_alone_is_thanked_in_its_language(converse, text, lang):
    body = converse([text])
    assert body["intent"] == "help" and body["lang"] == lang
    assert not body["options"]  # a short reply, not the menu
    if lang in WELCOME:
        assert body["reply"].startswith(WELCOME[lang])


WHILE_ASKED = [
    (["nearest centre please", "dankie"], "af"),
    (["when does home affairs come", "thank you"], "en"),
    (["ndicela ukwazi ukuba iHome Affairs iza nini", "enkosi"], "xh"),
    (["naaste sentrum", "totsiens"], "af"),
    (["iphi ithusong eseduze", "ngiyabonga"], "zu"),
    (["what services are there at the centre", "thanks a lot"], "en"),
]


@pytest.mark.parametrize("turns,lang", WHILE_ASKED)
def test_thanks_while_the_bot_asks_where_is_never_a_place(app, converse, turns, lang):
    body = converse(turns)
    assert body["intent"] == "help" and body["lang"] == lang
    assert "place" not in body["entities"] and "centre" not in body["entities"]
    with app.app_context():
        from sqlalchemy import select

        from bot.models import Unanswered

        with app.extensions["database"].session() as session:
            assert session.scalars(select(Unanswered.text)).all() == []


@pytest.mark.parametrize(
    "text,intent",
    [
        ("thanks, when is sassa at jozini", "service_days"),
        ("dankie, waar is die naaste sentrum", "nearest_centre"),
        ("ngiyabonga, ngidinga ini ukuze ngithole umazisi", "required_documents"),
    ],
)
def test_thanks_with_a_request_is_the_request(converse, text, intent):
    assert converse([text])["intent"] == intent
