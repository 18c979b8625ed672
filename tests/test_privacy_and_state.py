"""No raw user id is stored; state survives damage; feedback is kept for the centre manager."""

from __future__ import annotations

from sqlalchemy import inspect, select, text

from bot.dialogue.identity import user_key
from bot.dialogue.state import State
from bot.models import Conversation, Feedback


def _dump(app) -> str:
    """Every value of every table, as one text."""
    database = app.extensions["database"]
    names = inspect(database.engine).get_table_names()
    with database.engine.connect() as connection:
        return "\n".join(str(row) for name in names for row in connection.execute(text('SELECT * FROM "%s"' % name)))


def test_the_user_id_is_stored_only_as_a_keyed_hash(app, client):
    phone = "+27821234567"
    client.post("/api/chat", json={"user": phone, "text": "hi"})
    client.post("/api/chat", json={"user": phone, "text": "bad service at zava, 1 star"})
    dump = _dump(app)
    assert phone not in dump and "821234567" not in dump
    assert user_key("test-secret", "web:" + phone) in dump  # a web user, whatever it looks like
    assert user_key("other-secret", "web:" + phone) != user_key("test-secret", "web:" + phone)


def test_feedback_is_saved_with_centre_and_rating(app, client):
    body = client.post(
        "/api/chat", json={"user": "f", "text": "the staff at jozini were very helpful, 5 stars"}
    ).get_json()
    assert body["intent"] == "feedback"
    with app.extensions["database"].session() as session:
        saved = session.scalars(select(Feedback)).all()
    assert [(f.centre_slug, f.rating) for f in saved] == [("jozini", 5)]
    assert "helpful" in saved[0].text


def test_state_is_kept_between_turns_and_per_user(app, client):
    client.post("/api/chat", json={"user": "a", "text": "service days"})
    other = client.post("/api/chat", json={"user": "b", "text": "zava"}).get_json()
    assert other["intent"] == "centre_info"
    mine = client.post("/api/chat", json={"user": "a", "text": "zava"}).get_json()
    assert mine["intent"] == "service_days" and mine["entities"]["centre"] == "zava"
    with app.extensions["database"].session() as session:
        assert (
            session.scalar(select(Conversation.turns).where(Conversation.user_key == user_key("test-secret", "web:a")))
            == 2
        )


def test_damaged_state_falls_back_to_a_fresh_conversation(app, client):
    client.post("/api/chat", json={"user": "d", "text": "hi"})
    with app.extensions["database"].session() as session, session.begin():
        row = session.scalars(select(Conversation)).one()
        row.state = {
            "pending": {"intent": 5},
            "options": {"1": {"intent": "gone", "entities": {}}, "2": "x"},
            "history": "x",
        }
    assert client.post("/api/chat", json={"user": "d", "text": "1"}).get_json()["intent"] == "help"
    body = client.post("/api/chat", json={"user": "d", "text": "2"}).get_json()
    assert body["intent"] == "centre_services"


def test_state_round_trips_through_json():
    state = State(
        lang="zu",
        lang_chosen=True,
        pending={"intent": "service_days", "entities": {}},
        options={"1": {"intent": "help", "entities": {}}},
        where={"name": "X", "lat": -1, "lon": 2},
    )
    for i in range(15):
        state.remember({"intent": "help", "entities": {"n": i}})
    again = State.from_json(state.to_json(), "zu", True)
    assert again == state and len(again.history) == 10


def test_centre_manager_lists_feedback(app, client):
    client.post("/api/chat", json={"user": "m", "text": "the queue at zava was very long today, 2 stars"})
    client.post("/api/chat", json={"user": "n", "text": "jozini staff were friendly and quick, 5 stars"})
    result = app.test_cli_runner().invoke(args=["feedback", "list", "--centre", "zava"])
    assert result.exit_code == 0
    assert "zava" in result.output and "2/5" in result.output and "queue" in result.output
    assert "jozini" not in result.output and "1 feedback message(s)" in result.output


def test_concurrent_messages_of_one_person_each_advance_the_conversation_once(app, monkeypatch):
    import threading
    import time

    from bot.dialogue import conversation

    computed = []
    respond = conversation.engine.respond

    def slow_respond(*args):
        computed.append(1)
        time.sleep(0.005)  # turns overlap, so optimistic writes collide and are computed again
        return respond(*args)

    monkeypatch.setattr(conversation.engine, "respond", slow_respond)
    questions = ["hi", "service days", "zava", "documents for a passport", "jozini", "1", "0", "help"] * 2
    codes = []

    def send(text):
        codes.append(app.test_client().post("/api/chat", json={"user": "+27820005555", "text": text}).status_code)

    threads = [threading.Thread(target=send, args=(q,)) for q in questions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * len(questions)
    with app.extensions["database"].session() as session:
        assert session.scalar(select(Conversation.turns)) == len(questions)
    assert len(computed) > len(questions), "the collisions were not exercised"
