"""Places as people mean them: a name several places share is the one in the province the
conversation is about, else the largest (Mamelodi the township of 334 577, not a village of
3 619 in Mpumalanga); a town with no Thusong centre is told so, with the nearest and their
distances (never silently another town's centre); a village given while the bot asks which
centre gets the nearest centres, not the same question again; and a village whose name holds
letters of danger words is no danger. (Phrases are our own, not from any evaluation set.)"""

from __future__ import annotations

import pytest


def test_the_township_not_the_village_of_the_same_name(converse):
    body = converse(["nearest centre to Mamelodi"])
    assert body["intent"] == "nearest_centre" and body["entities"]["centre"] == "mamelodi"
    uif = converse(["UIF near Mamelodi"])
    assert uif["intent"] == "find_service" and uif["entities"]["service"] == "uif-claim"
    centres = " ".join(option["label"] for option in uif["options"])  # the centres are its choices
    assert "Hammanskraal" in centres and "Casteel" not in centres


def test_the_namesake_in_the_province_talked_about(converse):
    assert converse(["services at botlokwa", "nearest centre to Elim"])["entities"]["centre"] == "botlokwa"
    assert converse(["services at bredasdorp", "nearest centre to Elim"])["entities"]["centre"] == "bredasdorp"
    asked = converse(["nearest centre to Elim"])  # no province talked about, sizes unknown: ask
    assert "Which Elim" in asked["reply"]


NO_CENTRE = [
    # (turns, language, the town said to have no centre, the nearest centre)
    (["when is sassa at Tembisa"], "en", "Thembisa", "alexandra"),
    (["services at Soshanguve"], "en", "Soshanguve", "hammanskraal"),
    (["iSASSA iza nini eSoshanguve"], "zu", "Soshanguve", "hammanskraal"),
    (["wanneer kom SASSA na Tembisa"], "af", "Thembisa", "alexandra"),
    (["opening hours of the thusong in Tembisa"], "en", "Thembisa", "alexandra"),
]


@pytest.mark.parametrize("turns,lang,town,nearest", NO_CENTRE, ids=[t[0] for t, *_ in NO_CENTRE])
def test_a_town_without_a_centre_is_told_so_with_the_nearest(converse, turns, lang, town, nearest):
    body = converse(turns)
    assert body["lang"] == lang and town in body["reply"] and "km" in body["reply"]
    assert body["entities"]["centre"] == nearest


ASKED_WHICH_CENTRE = [
    (["when is home affairs coming", "Ingwavuma"], "Jozini"),
    (["SASSA e tla neng", "Ndumo"], "Jozini"),
    (["iSASSA izofika nini", "eNdumo"], "Jozini"),
]


@pytest.mark.parametrize("turns,offered", ASKED_WHICH_CENTRE, ids=[" / ".join(t) for t, _o in ASKED_WHICH_CENTRE])
def test_a_village_given_for_which_centre_gets_the_nearest(converse, turns, offered):
    body = converse(turns)
    assert body["intent"] == "service_days" and "km" in body["reply"]
    assert any(offered in option["label"] for option in body["options"])


@pytest.mark.parametrize(
    "text", ["Tshilwavhusiku", "I stay in Tshilwavhusiku", "ndi dzula Tshilwavhusiku, thusong i re tsini i ngafhi"]
)
def test_a_village_name_is_no_danger(converse, text):
    assert converse([text])["intent"] != "talk_to_person"


@pytest.mark.parametrize("text", ["my husband beats me", "umyeni wami uyangishaya", "ke batla go ipolaya"])
def test_danger_in_whole_words_is_still_danger(converse, text):
    body = converse([text])
    assert body["intent"] == "talk_to_person" and "10111" in body["reply"]
