""" "Where exactly is <centre>", its hours or the way there, is that centre's own details
(centre_info: address, hours, phone), not a list of nearest centres; the nearest centres are
asked for with a word that says so or a place. "What is Thusong?", "what can you do?" (only that)
is told briefly what the centres and the bot are, in the person's language. (Phrases are our own,
not from any evaluation set.)"""

from __future__ import annotations

import pytest

WHERE_IS = [
    ("where is the Zava thusong centre", "en", "zava"),
    ("where exactly is jozini thusong", "en", "jozini"),
    ("how do i get to the Kagiso thusong centre", "en", "kagiso"),
    ("waar presies is die Grabouw Thusong", "af", "grabouw"),
    ("ikuphi ncamashi iThusong yaseBhamshela", "zu", "bhamshela"),
    ("iphi iThusong yaseDududu", "zu", "dududu"),
    ("Mokwakwaila thusong e kae", "nso", "mokwakwaila"),
    ("ifumaneka phi iThusong yaseCofimvaba", "xh", "cofimvaba"),
    ("Thusong ya Tlakgameng e kae tota", "tn", "tlakgameng"),
    ("what time does laingsburg thusong open", "en", "laingsburg"),
]


@pytest.mark.parametrize("text,lang,centre", WHERE_IS, ids=[t for t, _l, _c in WHERE_IS])
def test_where_a_named_centre_is_gives_its_details(converse, text, lang, centre):
    body = converse([text])
    assert body["intent"] == "centre_info" and body["entities"]["centre"] == centre
    assert body["lang"] == lang


def test_the_nearest_is_still_asked_with_a_word_that_says_so(converse):
    body = converse(["where is the nearest thusong to Zava"])
    assert body["intent"] == "nearest_centre"


ABOUT = [
    ("what is thusong", "en", "one-stop"),
    ("what is a thusong centre?", "en", "one-stop"),
    ("what can you do", "en", "before you travel"),
    ("wat is Thusong", "af", None),
    ("yini iThusong", "zu", None),
    ("yintoni ithusong", "xh", None),
    ("thusong e etsa eng", "st", None),
    ("thusong i yini", "ts", None),
    ("thusong ndi mini", "ve", None),
    ("ngiyathokoza, yini ithusong", "nr", None),
]


@pytest.mark.parametrize("text,lang,said", ABOUT, ids=[t for t, _l, _s in ABOUT])
def test_what_thusong_is_is_told_briefly(converse, text, lang, said):
    body = converse([text])
    assert body["intent"] == "help" and body["lang"] == lang
    assert len(body["options"]) == 6  # then the menu
    if said:
        assert said in body["reply"]


def test_a_request_that_mentions_thusong_is_the_request(converse):
    body = converse(["what is thusong's phone number in Jozini"])
    assert body["intent"] == "centre_info" and body["entities"]["centre"] == "jozini"
