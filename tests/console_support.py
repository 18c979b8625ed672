"""Driving the centre managers' console as a manager does, through its pages (shared by the
console and reminder tests)."""

from __future__ import annotations

import re

PASSWORD = "a long enough password"
HTTPS = {"wsgi.url_scheme": "https"}  # the console's cookie is Secure


def client(app):
    """A test client whose requests come over HTTPS."""
    browser = app.test_client()
    browser.environ_base.update(HTTPS)
    return browser


def token(page: str) -> str:
    found = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert found, page[:500]
    return found.group(1)


def add_user(app, email, *options):
    result = app.test_cli_runner().invoke(args=["users", "add", email, *options])
    assert result.exit_code == 0, result.output
    return re.search(r"/console/password/(\S+)", result.output).group(1)


def sign_up_and_in(app, email, *options):
    """An account made by the command, its password set through the link, then signed in."""
    link = add_user(app, email, *options)
    browser = client(app)
    page = browser.get("/console/password/" + link).get_data(as_text=True)
    done = browser.post(
        "/console/password/" + link, data={"csrf_token": token(page), "password": PASSWORD, "again": PASSWORD}
    )
    assert done.status_code == 302
    return browser, sign_in(browser, email)


def sign_in(browser, email, password=PASSWORD):
    page = browser.get("/console/login").get_data(as_text=True)
    return browser.post("/console/login", data={"csrf_token": token(page), "email": email, "password": password})


def hidden(page: str, name: str) -> str:
    """The value of a form's hidden field."""
    found = re.search(r'name="%s" type="hidden" value="([^"]*)"' % name, page)
    assert found, (name, page[:500])
    return found.group(1)


def preview(browser, slug, **fields):
    """Open a centre's schedule form (for fields' provider), fill it in and preview it; the page
    and the data posted (fields as the form names them; the time 08:00-13:00 unless given)."""
    path = "/console/centres/%s/schedule" % slug
    page = browser.get(path, query_string={"provider": fields.get("provider", "")}).get_data(as_text=True)
    data = {"csrf_token": token(page), "interval": "1", "service": "", "start_time": "08:00", "end_time": "13:00"}
    # What a browser sends back as it was opened: the dates the centre cancelled.
    cancelled = re.search(r'<textarea[^>]*name="cancelled"[^>]*>\s*([^<]*)</textarea>', page)
    data.update(cancelled=cancelled.group(1).strip() if cancelled else "")
    data.update(version=hidden(page, "version"), action="preview", **fields)
    return browser.post(path, data=data), data


def publish(browser, slug, **fields):
    """Publish a schedule for centre slug as a manager does: open the form, preview the dates,
    publish them. The last response: a redirect when published, else the page saying why not."""
    shown, data = preview(browser, slug, **fields)
    previewed = hidden(shown.get_data(as_text=True), "previewed")
    if not previewed:
        return shown
    return browser.post("/console/centres/%s/schedule" % slug, data=dict(data, action="publish", previewed=previewed))
