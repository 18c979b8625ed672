"""Understanding free text on the curated content: intents and entities from one message,
with typos and SMS spelling. (Phrases here differ from the shared evaluation set on purpose.)"""

from __future__ import annotations

import pytest

from bot.text.normalize import normalize
from bot.understanding import understand
from bot.understanding.intents import public_intent

CASES = [
    # text, intent, entities that must be found
    ("good morning", "help", {}),
    ("show me the menu", "help", {}),
    ("i need help", "help", {}),
    ("what must i bring to apply for a passport", "required_documents", {"service": "passport"}),
    ("reqirements for disabilty grant", "required_documents", {"service": "disability-grant"}),
    ("how much does a new smart id cost", "required_documents", {"service": "smart-id-card"}),
    ("my father passed away what do i need", "required_documents", {"service": "death-registration"}),
    ("we want to get married, which papers", "required_documents", {"service": "marriage-registration"}),
    ("foster care grant", "required_documents", {"service": "foster-child-grant"}),
    ("where can i register as a job seeker", "find_service", {"service": "job-seeker-registration"}),
    ("where do I get my copies certified", "find_service", {"service": "document-certification"}),
    ("which centre helps with small business funding", "find_service", {"service": "business-support"}),
    ("closest thusong to kimberley", "nearest_centre", {}),
    ("nearest centre to giyani", "nearest_centre", {}),
    ("opening hours of kagiso thusong", "centre_info", {"centre": "kagiso"}),
    ("address of the alexandra centre", "centre_info", {"centre": "alexandra"}),
    ("what can i do at casteel thusong", "centre_services", {"centre": "casteel"}),
    ("which departments are at maponya mall", "centre_services", {"centre": "maponya-mall"}),
    ("when does sassa come to mafatsane", "service_days", {"centre": "mafatsane", "provider": "sassa"}),
    ("home affairs visit dates jozini", "service_days", {"centre": "jozini", "provider": "home-affairs"}),
    ("switch to isizulu", "change_language", {"language": "zu"}),
    ("xitsonga", "change_language", {"language": "ts"}),
    ("let me speak to a human", "talk_to_person", {}),
    ("i want to complain about the long queue at kwabiyela", "feedback", {"centre": "kwabiyela"}),
    ("how do i bake bread", "unknown", {}),
    ("who is the best singer in mzansi", "unknown", {}),
    ("qwzx vbnm", "unknown", {}),
]


@pytest.mark.parametrize("text,intent,entities", CASES, ids=[c[0] for c in CASES])
def test_understands(content, text, intent, entities):
    u = understand(content, text)
    assert public_intent(u.intent or "unknown") == intent, (u.label, u.confidence, u.entities)
    for kind, key in entities.items():
        assert u.entities.get(kind) == key, u.entities


def test_place_names_resolve_to_gazetteer_places(content):
    u = understand(content, "nearest centre to polokwane")
    assert content.places[int(u.entities["place"])].name == "Polokwane"


def test_rating_is_read_from_feedback(content):
    assert understand(content, "rude staff at zava 2 stars").rating == 2
    assert understand(content, "rate them 4 out of 5 at jozini").rating == 4


@pytest.mark.parametrize(
    "raw,normal",
    [
        ("Ṱhohoyanḓou!", "thohoyandou"),
        ("  I-SASSA?? ", "i sassa"),
        ("Binnelandse Sake — 'n ID", "binnelandse sake n id"),
        ("Sepedi: ke nyaka thušo", "sepedi ke nyaka thuso"),
    ],
)
def test_normalize(raw, normal):
    assert normalize(raw) == normal


def test_every_intent_content_names_has_an_answer():
    """Every intent the shipped vocabularies and examples name is answered
    (bot.dialogue.answers.INTENTS), and a name the bot does not have is a problem with its file
    and line, found before content is loaded."""
    from support import CONTENT_DIR

    from bot.content.bundle import read_bundle
    from bot.dialogue.answers import unknown_intents

    bundle = read_bundle(CONTENT_DIR)
    assert {kind for _at, kind, _name in bundle.named_intents} == {"cue", "example"}
    assert unknown_intents(bundle.named_intents) == []
    named = [("vocabulary/zu.yaml:7", "cue", "opening_hour"), ("examples/zu.yaml:3", "example", "greeting")]
    assert unknown_intents(named) == ["vocabulary/zu.yaml:7: unknown intent `opening_hour`"]
