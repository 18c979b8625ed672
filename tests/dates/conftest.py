"""The scenario the date tests share (see dates_support): on each backend, an app whose today
each test sets, with a manager's schedule, cancellation and closure published through the
console."""

from __future__ import annotations

import pytest
from console_support import publish, sign_up_and_in, token
from dates_support import MON_7_DEC


@pytest.fixture(scope="session")
def scenario(databases, content_template, tmp_path_factory):
    """{backend: (app, today)} for the suite's backend (one per backend, for all the date tests):
    SASSA at Jozini every Wednesday, 13 January cancelled, the centre closed 24 December to 4
    January; `today` is a one-item list the test sets."""
    from support import make_app

    url = databases.fresh(content_template, tmp_path_factory.mktemp("dates"))
    today = [MON_7_DEC]
    app = make_app(url, TODAY=lambda: today[0])
    browser, _ = sign_up_and_in(app, "manager@example.org", "--centre", "jozini")
    done = publish(browser, "jozini", provider="sassa", pattern="week", weekday="wednesday")
    assert done.status_code == 302, done.get_data(as_text=True)[:500]
    page = browser.get("/console/centres/jozini").get_data(as_text=True)
    cancel = browser.post(
        "/console/centres/jozini/cancel/sassa", data={"csrf_token": token(page), "date": "2027-01-13"}
    )
    assert cancel.status_code == 302
    notice = "/console/centres/jozini/notices/new"
    data = {"csrf_token": token(browser.get(notice).get_data(as_text=True)), "kind": "closure", "provider": ""}
    data.update(starts="2026-12-24", ends="2027-01-04", text_en="Closed for the holidays.")
    assert browser.post(notice, data=data).status_code == 302
    yield {databases.backend: (app, today)}
    app.extensions["database"].engine.dispose()
    databases.drop(url)
