"""A manager's publish is read by every worker without training anything again: the snapshot
after it shares what is built from the curated content (phrase index, classifiers, language
model) with the one before, and rebuilds what the publish can change (the calendar, the
centres' index, which holds their phones)."""

from __future__ import annotations

from console_support import publish, sign_up_and_in


def test_a_publish_shares_the_curated_caches_and_answers_from_the_new_facts(new_app):
    app = new_app(CONTENT_CHECK_SECONDS=0)
    client = app.test_client()
    before = client.post("/api/chat", json={"user": "pub-1", "text": "when is sassa at jozini"}).get_json()
    assert "Confirmed by the centre on" not in before["reply"]
    snapshots = app.extensions["snapshots"]
    first = snapshots.get()
    trained = first.curated["classifiers"]
    index = first.curated["phrase_index"]
    browser, _ = sign_up_and_in(app, "m@example.org", "--centre", "jozini")
    assert publish(browser, "jozini", provider="sassa", pattern="week", weekday="wednesday").status_code == 302
    after = client.post("/api/chat", json={"user": "pub-2", "text": "when is sassa at jozini"}).get_json()
    assert "Confirmed by the centre on" in after["reply"], after["reply"]
    second = snapshots.get()
    assert second is not first and second.version != first.version
    assert second.curated_version == first.curated_version
    assert second.curated["classifiers"] is trained and second.curated["phrase_index"] is index
    assert "calendar" not in first.derived or second.derived.get("calendar") is not first.derived["calendar"]
