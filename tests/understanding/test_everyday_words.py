"""Everyday words for services (content/vocabulary/everyday/<lang>.yaml, each group with where
people use it): a grant by its amount or who gets it ("the R370", "granny grant", "imali
yeqolo", "inkam-nkam"), an ID by its old name ("green barcoded ID", "ID-boek"). Each is read as
the service it names, in every language. (Sentences are our own, not from any evaluation set.)"""

from __future__ import annotations

import pytest
from support import CONTENT_DIR

from bot.content.bundle import read_bundle

EVERYDAY = [
    ("how do i apply for the granny grant for my mother", "en", "old-age-grant"),
    ("where do i get the r370", "en", "srd-grant"),
    ("my green barcoded id is finished, i need the new one", "en", "smart-id-card"),
    ("how do i claim unemployment benefits", "en", "uif-claim"),
    ("what do i need for the childs money", "en", "child-support-grant"),
    ("ek wil aansoek doen vir die oumenspensioen", "af", "old-age-grant"),
    ("ek het my ID-boek verloor", "af", "smart-id-card"),
    ("ngifuna ukufaka isicelo semali yeqolo", "zu", "child-support-grant"),
    ("imali ye-uif ngiyithola kanjani", "zu", "uif-claim"),
    ("ndifuna ukufaka isicelo senkam-nkam kamama", "xh", "old-age-grant"),
    ("ke batla go dira kopo ya madi a penshene a ga mme", "tn", "old-age-grant"),
    ("ndzi lava ku kuma mali ya phenceni", "ts", "old-age-grant"),
]


@pytest.mark.parametrize("text,lang,service", EVERYDAY, ids=[t for t, _l, _s in EVERYDAY])
def test_an_everyday_word_names_its_service(converse, text, lang, service):
    body = converse([text])
    assert body["entities"].get("service") == service and body["lang"] == lang
    assert body["intent"] in ("required_documents", "find_service")


def test_every_everyday_group_names_its_source():
    groups = [g for v in read_bundle(CONTENT_DIR).vocabularies for g in v["everyday"]]
    assert len({v["language"] for v in read_bundle(CONTENT_DIR).vocabularies if v["everyday"]}) == 11
    assert len(groups) >= 60 and all(g["source"] and g["words"] for g in groups)
