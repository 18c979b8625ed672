"""The scenario the date tests share (see dates_support): one app per backend, its today set by
each test, with a manager's schedule, cancellation and closure published through the console."""

from __future__ import annotations

import pytest
from console_support import publish, sign_up_and_in, token
from dates_support import MON_7_DEC


@pytest.fixture(scope="session")
def scenario(tmp_path_factory, request):
    """An app whose today the test sets, with the manager's schedule, cancellation and closure
    published through the console (one per backend for all the date tests)."""
    from support import BACKENDS, CONTENT_DIR, Databases, make_app

    made = []
    for backend in BACKENDS:
        databases = Databases(backend, tmp_path_factory.mktemp("dates-" + backend))
        url = databases.fresh(databases.template("content", CONTENT_DIR), tmp_path_factory.mktemp("db"))
        today = [MON_7_DEC]
        app = make_app(url, TODAY=lambda today=today: today[0])
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
        made.append((backend, app, today, databases, url))
    yield {backend: (app, today) for backend, app, today, _d, _u in made}
    for _backend, app, _today, databases, url in made:
        app.extensions["database"].engine.dispose()
        databases.drop(url)
        databases.close()
