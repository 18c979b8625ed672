"""What the date tests share: the scenario's days (SASSA at Jozini every Wednesday, published
by the centre's manager on Monday 7 December 2026; Wednesday 13 January cancelled; the centre
closed from 24 December to 4 January) and asking the bot as a new person."""

from __future__ import annotations

import datetime as dt
import itertools

D = dt.date
MON_7_DEC, WED_16_DEC, WED_30_DEC, WED_13_JAN = D(2026, 12, 7), D(2026, 12, 16), D(2026, 12, 30), D(2027, 1, 13)
# What each Wednesday is (other days are no SASSA day).
STATUS = {
    D(2026, 12, 9): "confirmed",
    D(2026, 12, 16): "holiday",
    D(2026, 12, 23): "confirmed",
    D(2026, 12, 30): "closed",
    D(2027, 1, 6): "confirmed",
    D(2027, 1, 13): "cancelled",
    D(2027, 1, 20): "confirmed",
    D(2027, 1, 27): "confirmed",
}
_users = itertools.count()


def ask(app, text: str, lang: str | None = None) -> dict:
    """The API's answer to text from a new person (in lang, when given)."""
    body = {"user": "dates-%d" % next(_users), "text": text, **({"lang": lang} if lang else {})}
    response = app.test_client().post("/api/chat", json=body)
    assert response.status_code == 200
    return response.get_json()
