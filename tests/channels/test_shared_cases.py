"""Every channel gets the shared cases: signatures where signed, empty, missing, huge, badly
encoded, emoji, SQL metacharacters and markup. No case may give a 5xx, lose or corrupt data."""

from __future__ import annotations

import pytest
from harness import DRIVERS, shared_cases
from sqlalchemy import func, select

from bot.content.store import loaded_content
from bot.models import Conversation

CASES = [(driver, case) for driver in DRIVERS for case in shared_cases(driver)]


@pytest.mark.parametrize("driver,case", CASES, ids=["%s: %s" % (d.name, c.label) for d, c in CASES])
def test_shared_case(signed_app, signed_client, driver, case):
    database = signed_app.extensions["database"]
    with database.session() as session:
        before = session.scalar(select(func.count()).select_from(Conversation))
    response = driver.post(signed_client, case.data, case.headers, sign=case.sign)
    assert response.status_code == case.status, response.get_data(as_text=True)[:300]
    body = response.get_data(as_text=True)
    if case.body_has is not None:
        assert case.body_has in body
    if case.body_lacks is not None:
        assert case.body_lacks not in body
    if case.text_has is not None:
        assert any(case.text_has in text for text in driver.texts(response)), driver.texts(response)
    with database.session() as session:
        after = session.scalar(select(func.count()).select_from(Conversation))
        assert len(loaded_content(session).centres) >= 37  # nothing dropped
    if case.status == 403:
        assert after == before, "a refused request must store nothing"
    if case.status == 200 and driver.name != "web":
        assert driver.texts(response) and all(t.strip() for t in driver.texts(response))
