"""The reply language of people who write short Nguni (and Sotho-Tswana) questions: where the
words fit several languages, the province the message is about weighs them by its speakers
(content/provinces.yaml `home_languages`), and a person answered in the wrong language who writes
again in their own, or names the place that settles it, is answered in it from then on. A clear
message keeps its own language whatever the place. Conversations over the API, table-driven.
(Phrases are our own, not from any evaluation set.)"""

from __future__ import annotations

import pytest

from bot.understanding.language import detector_for

CONVERSATIONS = [
    # Words that isiZulu, isiXhosa and isiNdebele share, about a centre in the Eastern Cape.
    (["iSASSA iza nini eSterkspruit"], "xh"),
    (["iLabour iza nini eMotherwell?"], "xh"),
    # ... in KwaZulu-Natal.
    (["iLabour iza nini eJozini"], "zu"),
    (["iSASSA iza nini eDududu"], "zu"),
    # The centre named after a close call settles it.
    (["iHome Affairs iza nini?", "eTombo"], "xh"),
    (["iza nini iSASSA?", "eMotherwell"], "xh"),
    # Written again in their own language: answered in it from then on.
    (["iza nini iHome Affairs?", "ndiyabulela kakhulu"], "xh"),
    (["iza nini iHome Affairs?", "ndiyabulela kakhulu", "ok"], "xh"),
    # Clear words keep their language whatever the place.
    (["ngicela ukwazi ukuthi iSASSA izofika nini eCofimvaba"], "zu"),
    (["when is sassa at Cofimvaba"], "en"),
    (["when is sassa at Cofimvaba", "and at Tombo?"], "en"),
    (["ngibawa ukwazi bona iSASSA izokuza nini eSiyathemba"], "nr"),
    (["ngicela kwati kutsi iSASSA itawufika nini eMatsamo"], "ss"),
    # Sotho-Tswana: the North West is Setswana, the Free State Sesotho.
    (["a sassa e tla kwa Tlakgameng leng"], "tn"),
    (["sassa e tla neng Zastron"], "st"),
    # A real change of language after several messages in one.
    (["when is sassa at Jozini", "and home affairs?", "what about labour", "Ugesi awukho eJozini"], "zu"),
    # Thanks that several languages share goes to the one most people speak.
    (["ngiyabonga kakhulu"], "zu"),
    # ... and, like a shared greeting, it does not move a conversation under way.
    (["when is sassa at Jozini", "ngiyabonga kakhulu"], "en"),
]


@pytest.mark.parametrize("turns,lang", CONVERSATIONS, ids=[" / ".join(t) for t, _l in CONVERSATIONS])
def test_reply_language_of_a_conversation(converse, turns, lang):
    assert converse(turns)["lang"] == lang


def test_the_area_weighs_only_languages_the_words_leave_close(content):
    detector = detector_for(content)
    # The same shared words read differently by province; clear English never moves.
    assert detector.detect("iza nini", "EC").lang == "xh"
    assert detector.detect("iza nini", "KZN").lang == "zu"
    assert detector.detect("when does it come", "EC").lang == "en"
    # The posterior is a distribution, and the area's largest language gains from it.
    even = {lang: 0.0 for lang in ("zu", "xh", "nr")}
    weighed = detector.posterior(even, "EC")
    assert abs(sum(weighed.values()) - 1) < 1e-9
    assert max(weighed, key=weighed.__getitem__) == "xh"
    in_kwazulu_natal = detector.posterior(even, "KZN")
    assert max(in_kwazulu_natal, key=in_kwazulu_natal.__getitem__) == "zu"


def test_every_province_has_sourced_home_languages(content):
    assert set(content.home_languages) == set(content.provinces)
    for shares in content.home_languages.values():
        assert 95 <= sum(shares.values()) <= 100.5
