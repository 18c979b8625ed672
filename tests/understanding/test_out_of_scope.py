"""What the centres do not do (content/referrals.yaml): a message naming one is told so, in its
language, with who answers it (office, number, website; the municipality of the centre talked
about where it answers it too), even when it also names a service as context ("a police clearance
for a job"); a broad subject (electricity, school) beside a service named is about the service.
A question about nothing we know is "cannot answer". (Phrases are our own, not from any evaluation
set.)"""

from __future__ import annotations

import pytest

REFERRED = [
    # (message, language, what the reply names)
    ("how do i pay a speeding fine", "en", ["Traffic fines", "086 122 7861"]),
    ("ek moet my bestuurderslisensie hernu", "af", ["online.natis.gov.za"]),
    ("I need a police clearance certificate for a new job", "en", ["Police clearance"]),
    ("ngifuna ukufaka isicelo se-NSFAS sokufunda", "zu", ["08000 67327"]),
    ("my granny's title deed is lost", "en", ["Title deeds", "deeds"]),
    ("ke batla go romela tax return kwa SARS", "tn", ["0800 00 7277"]),
    ("how do i get government tenders", "en", ["Tenders"]),
    ("umyeni wami akayikhokheli imali yesondlo yezingane, i-maintenance", "zu", ["justice.gov.za"]),
    ("my child support grant was not paid this month", "en", ["SASSA", "0800 60 10 11"]),
    ("there are potholes in our street", "en", ["do not handle"]),
    ("akukho manzi kwilali yethu", "xh", ["masipala"]),
    ("ndza khensa, ndzi lava ku tiva hi loan ya mashonisa", "ts", ["0860 627 627"]),
    ("my house was robbed last night, what do i do", "en", ["10111", "police station"]),
    ("ngibiwe ifoni izolo, ngibika kuphi", "zu", ["10111"]),
]


@pytest.mark.parametrize("text,lang,named", REFERRED, ids=[t for t, _l, _n in REFERRED])
def test_what_the_centres_do_not_do_is_said_with_who_answers_it(converse, text, lang, named):
    body = converse([text])
    assert body["intent"] == "unknown" and body["lang"] == lang
    for part in named:
        assert part.lower() in body["reply"].lower(), body["reply"]
    assert not body["entities"].get("service")  # no service answered instead


def test_the_municipality_talked_about_is_named(converse):
    body = converse(["when is home affairs at jozini", "the water in my street is off"])
    assert body["intent"] == "unknown" and "Jozini" in body["reply"] and "municipality" in body["reply"]


@pytest.mark.parametrize(
    "text,intent,service",
    [
        ("what documents do I need for a passport? I have an electricity bill", "required_documents", "passport"),
        ("my child needs a birth certificate for school", "required_documents", "birth-registration"),
        ("can i use a water bill as proof of address for my smart id", "required_documents", "smart-id-card"),
        # A matter that lists the service ("gives_way_to"): certified copies of it.
        ("where can i get copies of my matric certificate certified", "required_documents", "document-certification"),
        ("certify a copy of my drivers licence", "required_documents", "document-certification"),
    ],
)
def test_a_broad_subject_beside_a_service_is_about_the_service(converse, text, intent, service):
    body = converse([text])
    assert body["intent"] == intent and body["entities"]["service"] == service


def test_nothing_we_know_is_cannot_answer(converse):
    body = converse(["how much does a bag of cement cost in town"])
    assert body["intent"] == "unknown" and "cannot answer" in body["reply"]
