"""Follow-ups in each language's own short forms: another department after a service-days
answer ("and SASSA?", "neSASSA?", "le SASSA?"), another centre after a services answer ("and at
Jozini?", "kanti eJozini?", "en by Hawston?"), another day after a dates answer ("what about
tomorrow?", "kusasa?", "gosasa?", "en môre?"), and a department after a centre's answer (its
service days there). Tests run on Tuesday 24 November 2026 (support.TODAY). (Phrases are our own,
not from any evaluation set.)"""

from __future__ import annotations

import pytest

FOLLOW_UPS = [
    # (turns, intent, entities the last reply must carry)
    (["when is labour at kagiso", "and sassa?"], "service_days", {"provider": "sassa", "centre": "kagiso"}),
    (["iLabour iza nini eKagiso", "kanti iSASSA yona?"], "service_days", {"provider": "sassa", "centre": "kagiso"}),
    (["iLabour iza nini eSterkspruit", "kuthekani ngeSASSA?"], "service_days", {"provider": "sassa"}),
    (["wanneer is Arbeid by Grabouw", "en SASSA?"], "service_days", {"provider": "sassa", "centre": "grabouw"}),
    (["Labour e tla neng Tlakgameng", "le SASSA?"], "service_days", {"provider": "sassa", "centre": "tlakgameng"}),
    (
        ["ndzi lava ku tiva loko SASSA yi ta rini eZava", "na home affairs?"],
        "service_days",
        {"provider": "home-affairs"},
    ),
    (["what services at zava", "and at jozini?"], "centre_services", {"centre": "jozini"}),
    (["yini ekhona eZava", "kanti eJozini?"], "centre_services", {"centre": "jozini"}),
    (["watter dienste by Grabouw", "en by Hawston?"], "centre_services", {"centre": "hawston"}),
    (
        ["is sassa at jozini on friday", "what about tomorrow?"],
        "service_days",
        {"day": "2026-11-25", "centre": "jozini"},
    ),
    (["iSASSA ikhona eJozini ngoLwesihlanu", "kusasa?"], "service_days", {"day": "2026-11-25", "provider": "sassa"}),
    (["naa SASSA e tla ba Mokwakwaila ka Labohlano", "gosasa?"], "service_days", {"day": "2026-11-25"}),
    (["na SASSA e tla ba Zastron ka Labohlano", "hosane yona?"], "service_days", {"day": "2026-11-25"}),
    (["xana SASSA yi ta va eZava hi Ravuntlhanu", "mundzuku?"], "service_days", {"day": "2026-11-25"}),
    (["Is SASSA by Grabouw op Vrydag", "en môre?"], "service_days", {"day": "2026-11-25", "centre": "grabouw"}),
    (["services at jozini", "and home affairs?"], "service_days", {"provider": "home-affairs", "centre": "jozini"}),
    (["services at jozini", "what about a passport"], "find_service", {"service": "passport", "centre": "jozini"}),
]


@pytest.mark.parametrize("turns,intent,entities", FOLLOW_UPS, ids=[" / ".join(t) for t, _i, _e in FOLLOW_UPS])
def test_a_short_follow_up_keeps_the_rest_of_the_question(converse, turns, intent, entities):
    body = converse(turns)
    assert body["intent"] == intent
    assert {k: body["entities"].get(k) for k in entities} == entities


def test_a_request_of_its_own_after_a_centre_is_not_a_follow_up(converse):
    body = converse(["services at jozini", "the staff at Mokwakwaila thusong shouted at my mother today"])
    assert body["intent"] == "feedback" and body["entities"]["centre"] == "mokwakwaila"
