"""The intent and service classifiers trained from the example messages in content/: training
from a small examples file, confident and unconfident messages, needs told without the service's
name, code-switching, prefixed names, politeness around a request, everyday words that look like
place names, and checking of the examples files. (Phrases differ from the shared evaluation sets
and from content/examples on purpose.)"""

from __future__ import annotations

import shutil

import pytest
from support import SMALL_CONTENT_DIR, make_app

from bot.content.bundle import read_bundle
from bot.dialogue.answers import unknown_intents
from bot.understanding import understand
from bot.understanding.classify import NONE, classifiers
from bot.understanding.intents import CONFIDENT, public_intent

SMALL_EXAMPLES = """
language: en
examples:
  intents:
    thanks: ["thanks a lot", "thank you so much", "cheers, bye", "ok thank you"]
    out_of_scope: ["how do i buy electricity", "when is load shedding", "who won the soccer"]
    required_documents: ["what do i need for {service}", "which papers for {service}", "requirements for {service}"]
    service_days: ["when is {provider} at {centre}", "which day does {provider} come to {centre}"]
  services:
    old-age-grant: ["my granny is old and has no money", "my father is 70 with no income"]
    smart-id-card: ["i lost my wallet with my identity document", "my id was stolen"]
"""


def _small_with_examples(tmp_path, examples: str):
    folder = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT_DIR, folder)
    (folder / "examples.yaml").write_text(examples)
    return folder


def _snapshot(tmp_path, folder):
    from support import load_content

    url = "sqlite:///%s" % (tmp_path / "small.sqlite3")
    load_content(url, folder)
    app = make_app(url, folder)
    snapshot = app.extensions["snapshots"].get()
    app.extensions["database"].engine.dispose()
    return snapshot


def test_classifiers_train_from_a_small_examples_file(tmp_path):
    snapshot = _snapshot(tmp_path, _small_with_examples(tmp_path, SMALL_EXAMPLES))
    models = classifiers(snapshot)
    assert set(models.intents.classes) == {"thanks", "out_of_scope", "required_documents", "service_days"}
    assert set(models.services.classes) == {"old-age-grant", "smart-id-card", NONE}
    assert understand(snapshot, "thank you very much").intent == "thanks"
    assert understand(snapshot, "load shedding tonight?").intent == "out_of_scope"
    described = understand(snapshot, "my mother is old and gets no money")
    assert described.entities.get("service") == "old-age-grant"


def test_content_without_examples_is_understood_by_names_and_cue_words(tmp_path):
    snapshot = _snapshot(tmp_path, SMALL_CONTENT_DIR)
    assert classifiers(snapshot).intents.classes == ()
    u = understand(snapshot, "documents for an id card")
    assert u.intent == "required_documents" and u.entities["service"] == "smart-id-card"


@pytest.mark.parametrize(
    "text,intent",
    [
        ("i would like to know which papers to take along for a new passport", "required_documents"),
        ("ndifuna ukwazi ukuba iSASSA iza nini eTombo", "service_days"),
        ("ke batla go bua le motho wa nnete ka kopo", "talk_to_person"),
        ("abasebenzi bakwaBiyela abanandaba nathi, silinde usuku lonke", "feedback"),
    ],
)
def test_clear_requests_are_confident(content, text, intent):
    u = understand(content, text)
    assert u.intent == intent and u.confidence >= CONFIDENT, (u.label, u.confidence)


@pytest.mark.parametrize("text", ["qwzx vbnm plk", "zzz", "hmmm ok"])
def test_gibberish_is_not_understood_as_a_request(content, text):
    u = understand(content, text)
    assert public_intent(u.intent or "unknown") in ("unknown", "help"), (u.label, u.confidence)


@pytest.mark.parametrize(
    "text,service",
    [
        ("our grandfather died in hospital last night, what must the family do", "death-registration"),
        ("my wife gave birth to twins on tuesday", "birth-registration"),
        ("ngilahlekelwe umsebenzi ngenyanga edlule, ngenzenjani ukuthola imali", "uif-claim"),
        ("ke batla go bula spaza shop ke tlhoka thuso ka madi", "business-support"),
        ("my ouma is 67 en het geen inkomste nie", "old-age-grant"),
        ("mme wa ka o na le dilemo tse 70 mme ha a fumane tjhelete", "old-age-grant"),
    ],
)
def test_needs_told_in_own_words_name_the_service(content, text, service):
    assert understand(content, text).entities.get("service") == service


def test_a_request_without_a_service_names_none(content):
    for text in ("what papers must I bring", "which documents do i need"):
        u = understand(content, text)
        assert u.intent == "required_documents" and "service" not in u.entities, u.entities


def test_english_nouns_inside_another_language(content):
    u = understand(content, "ngicela ukwazi ukuthi ngidingani ukuze ngenze i-passport yami")
    assert u.intent == "required_documents" and u.entities["service"] == "passport"


@pytest.mark.parametrize(
    "text,kind,key",
    [
        ("iSASSA izofika nini eMfolozi", "centre", "umfolozi"),
        ("iSASSA izofika nini eMfolozi", "provider", "sassa"),
        ("abasebenzi baseThembalethu bebebuhle", "centre", "thembalethu"),
        ("ngiyafuna ukwazi nge-Home Affairs yaseJozini", "centre", "jozini"),
        ("iHome Affairs iza nini", "provider", "home-affairs"),
    ],
)
def test_names_written_with_prefixes(content, text, kind, key):
    assert understand(content, text).entities.get(kind) == key


def test_a_greeting_around_a_request_is_the_request(content):
    u = understand(content, "Sawubona mama, ngidinga umazisi omusha")
    assert u.intent == "required_documents" and u.entities["service"] == "smart-id-card"
    assert understand(content, "Sawubona mama").intent == "help"


def test_everyday_words_are_not_fuzzy_names(content):
    # "leboha" (thank) is one letter from the place Lebohang; "enkosi" (thanks) is e- + nkosi.
    for text in ("ke a leboha haholo", "enkosi kakhulu"):
        u = understand(content, text)
        assert u.intent == "thanks" and not u.entities, u.entities


def _say(client, user, text):
    return client.post("/api/chat", json={"user": user, "text": text}).get_json()


def test_the_centre_carries_to_the_next_request(client):
    _say(client, "c1", "which departments are at the Casteel thusong")
    body = _say(client, "c1", "ok and when does home affairs come")
    assert body["intent"] == "service_days"
    assert body["entities"] == {"centre": "casteel", "provider": "home-affairs"}


def test_the_service_carries_to_the_next_request(client):
    first = _say(client, "c2", "my husband was retrenched from the mine")
    assert first["entities"].get("service") == "uif-claim"
    body = _say(client, "c2", "what must he take with him")
    assert body["intent"] == "required_documents" and body["entities"]["service"] == "uif-claim"


def test_a_request_of_its_own_is_not_taken_for_a_follow_up(client):
    _say(client, "c3", "when is sassa at zava")
    body = _say(client, "c3", "the staff at Mokwakwaila thusong shouted at my mother today")
    assert body["intent"] == "feedback" and body["entities"]["centre"] == "mokwakwaila"


def test_thanks_and_out_of_scope_replies(client):
    thanks = _say(client, "c4", "thanks so much for your help")
    assert thanks["intent"] == "help" and thanks["options"] == [] and "welcome" in thanks["reply"].lower()
    other = _say(client, "c4", "how do I top up my prepaid electricity")
    assert other["intent"] == "unknown" and "do not handle this" in other["reply"] and "0860 037 566" in other["reply"]
    assert len(other["options"]) == 6
    unknown = _say(client, "c5", "how much does a bag of cement cost")
    assert unknown["intent"] == "unknown" and "cannot answer" in unknown["reply"]


@pytest.mark.parametrize(
    "bad,expected",
    [
        ('    greetings: ["hello"]', "unknown example intent `greetings`"),
        ('  services:\n    no-such-service: ["x"]', "unknown service in examples `no-such-service`"),
        ("  things: {}", "unknown key `things`"),
    ],
)
def test_examples_files_are_checked(tmp_path, bad, expected):
    examples = 'language: en\nexamples:\n  intents:\n    thanks: ["thanks"]\n' + bad + "\n"
    bundle = read_bundle(_small_with_examples(tmp_path, examples))
    problems = bundle.problems + unknown_intents(bundle.named_intents)  # as `flask content load` checks
    assert any(expected in p and p.startswith("examples.yaml:") for p in problems), problems


@pytest.mark.parametrize(
    "section,expected",
    [
        ('days:\n  tomorow: ["kusasa"]', "unknown day `tomorow`"),
        ('topics:\n  water: ["rain"]', "unknown key `topics`"),  # what others answer is content/referrals.yaml
    ],
)
def test_days_and_topics_in_vocabularies_are_checked(tmp_path, section, expected):
    problems = read_bundle(_small_with_examples(tmp_path, "language: en\n" + section + "\n")).problems
    assert any(expected in p and p.startswith("examples.yaml:") for p in problems), problems


def test_a_vocabulary_section_defined_twice_for_one_language_is_a_problem(tmp_path):
    folder = _small_with_examples(tmp_path, SMALL_EXAMPLES)
    (folder / "more.yaml").write_text(SMALL_EXAMPLES)
    problems = read_bundle(folder).problems
    assert any("section `examples` of vocabulary language `en` is defined twice" in p for p in problems), problems


def test_danger_comes_first_with_every_help_line(client):
    _say(client, "d1", "i want to give feedback")  # a question is pending
    body = _say(client, "d1", "my uncle touches my little sister and she is scared")
    assert body["intent"] == "talk_to_person"
    for number in ("10111", "0800 428 428", "116", "0800 567 567"):
        assert number in body["reply"], body["reply"]
    assert "You are not alone" in body["reply"] and body["options"] == []


@pytest.mark.parametrize("word", ["STOP", "unsubscribe", "Yeka", "ema"])
def test_stop_is_remembered(app, word):
    from sqlalchemy import select

    from bot.models import Conversation

    client = app.test_client()
    body = _say(client, "s-" + word, word)
    assert body["intent"] == "help" and body["options"] == []
    with app.extensions["database"].session() as session:
        state = session.scalar(select(Conversation.state))
    assert state["stopped"] is True
    # A sentence that merely contains the word is a question, not STOP.
    assert "no messages" not in _say(client, "s2-" + word, "%s, what are the opening hours at jozini" % word)["reply"]


def test_feedback_keeps_what_people_say_with_a_reference(app):
    from sqlalchemy import select

    from bot.models import Feedback

    client = app.test_client()
    announced = _say(client, "f1", "Ngifuna ukukhalaza ngeJozini")
    assert announced["intent"] == "feedback" and announced["entities"] == {"centre": "jozini"}
    _say(client, "f2", "I want to complain about Jozini thusong")
    done = _say(client, "f2", "they sent us home because the system was offline 2")
    _say(client, "f3", "the toilets were dirty and nobody cleaned them all day")  # no centre yet
    asked = _say(client, "f3", "I don't know the name")  # asked once only
    with app.extensions["database"].session() as session:
        rows = session.scalars(select(Feedback).order_by(Feedback.id)).all()
    first = next(r for r in rows if r.centre_slug == "jozini")
    assert first.text == "they sent us home because the system was offline 2" and first.rating == 2
    assert first.reference and first.reference in done["reply"]
    assert all(r.text.lower() not in ("jozini", "i want to complain about jozini thusong") for r in rows)
    unnamed = [r for r in rows if r.centre_slug is None]
    assert [r.text for r in unnamed] == ["the toilets were dirty and nobody cleaned them all day"]
    assert "reference" in asked["reply"].lower()


@pytest.mark.parametrize(
    "text,stars",
    [
        ("great help at Zava, 4 out of 5", 4),
        ("Zava staff were kind 5 stars", 5),
        ("slow service at Zava today 2", 2),
        ("Zava was fine, 4/5", 4),
    ],
)
def test_ratings_in_feedback(app, text, stars):
    from sqlalchemy import select

    from bot.models import Feedback

    _say(app.test_client(), "r-" + text, text)
    with app.extensions["database"].session() as session:
        assert session.scalar(select(Feedback.rating)) == stars


def test_everyday_words_are_checked(tmp_path):
    everyday = "language: en\neveryday:\n  - service: no-such-grant\n    words: [the r999]\n    source: a test\n"
    everyday += "  - service: smart-id-card\n    words: [green book]\n"
    problems = read_bundle(_small_with_examples(tmp_path, everyday)).problems
    assert any("unknown service in vocabulary `no-such-grant`" in p for p in problems), problems
    assert any(p.startswith("examples.yaml:6:") and "missing `source`" in p for p in problems), problems


def test_the_classifiers_are_the_same_in_every_process():
    """Training is reproducible: two processes with different string hashing (PYTHONHASHSEED)
    train the same models from the same content (the phrase index keeps each phrase's targets in
    the order added, so equal matches never swap places)."""
    import os
    import subprocess
    import sys

    from support import CONTENT_DIR

    script = (
        "import sys; from bot.content import document; from bot.content.bundle import read_bundle;"
        "from bot.understanding.classify import train;"
        "c = train(document.from_bundle(read_bundle(sys.argv[1])));"
        "print(c.intents.log_probabilities.sum(), c.services.log_probabilities.sum(), c.examples)"
    )
    trained = {
        subprocess.run(
            [sys.executable, "-c", script, str(CONTENT_DIR)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(trained) == 1, trained
