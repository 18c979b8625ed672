"""Place questions (bot.dialogue.answers.places) and province lists ordered by distance, over the API."""

from __future__ import annotations


def _say(client, user, text):
    response = client.post("/api/chat", json={"user": user, "text": text})
    assert response.status_code == 200
    return response.get_json()


def test_a_province_lists_nearest_municipalities_first_when_the_place_is_known(client):
    by_name = [o["label"] for o in _say(client, "p1", "nearest centre in Limpopo")["options"]]
    assert by_name == sorted(by_name)
    _say(client, "p2", "nearest centre to Giyani")
    nearest_first = [o["label"] for o in _say(client, "p2", "nearest centre in Limpopo")["options"]]
    assert sorted(nearest_first) == by_name and nearest_first[0] == "Greater Giyani" != by_name[0]


def test_a_name_known_in_one_province_only_is_not_asked_about(client):
    body = _say(client, "p3", "nearest centre to Jozini")
    assert body["entities"]["centre"] == "jozini" and "which" not in body["reply"].lower()
