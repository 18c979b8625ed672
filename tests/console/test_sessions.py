"""The console's sign-ins (issue 25): kept on the server and revocable (sign-out, disable, a new
password), with an absolute lifetime that no request renews; a cookie signed with a known
SECRET_KEY opens nothing; sign-in tries counted before any password is checked, shared by every
worker, per account from one address (nobody can lock a manager out from elsewhere) and per
address; SECRET_KEY never the public default, else this install's own random key."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import threading

import pytest
from console_support import PASSWORD, add_user, client, sign_in, sign_up_and_in, token
from sqlalchemy import update

from bot.models import ConsoleSession


def _signed_in(browser) -> bool:
    return browser.get("/console/").status_code == 200


def test_a_copied_cookie_opens_nothing_after_signing_out(new_app):
    app = new_app()
    browser, _ = sign_up_and_in(app, "a@example.org", "--centre", "jozini")
    thief = client(app)
    cookie = browser.get_cookie("thusong_console", path="/console")
    thief.set_cookie(cookie.key, cookie.value, path="/console", domain=cookie.domain)
    thief.environ_base.update(HTTP_USER_AGENT="another browser", REMOTE_ADDR="10.9.9.9")
    assert _signed_in(thief)
    page = browser.get("/console/").get_data(as_text=True)
    browser.post("/console/logout", data={"csrf_token": token(page)})
    assert not _signed_in(thief) and not _signed_in(browser)


def test_disabling_or_a_new_password_ends_every_sign_in(new_app):
    app = new_app()
    first, _ = sign_up_and_in(app, "b@example.org", "--centre", "jozini")
    second = client(app)
    assert sign_in(second, "b@example.org").status_code == 302
    link = app.test_cli_runner().invoke(args=["users", "reset", "b@example.org"]).output.split("/console/password/")[1]
    link = link.split()[0]
    page = second.get("/console/password/" + link).get_data(as_text=True)
    done = second.post(
        "/console/password/" + link, data={"csrf_token": token(page), "password": PASSWORD * 2, "again": PASSWORD * 2}
    )
    assert done.status_code == 302 and not _signed_in(first)
    third = client(app)
    assert sign_in(third, "b@example.org", PASSWORD * 2).status_code == 302 and _signed_in(third)
    app.test_cli_runner().invoke(args=["users", "disable", "b@example.org"])
    assert not _signed_in(third)


def test_a_sign_in_ends_when_its_time_is_up_whatever_it_does(new_app):
    app = new_app()
    browser, _ = sign_up_and_in(app, "c@example.org", "--centre", "jozini")
    browser.get("/console/")  # (the first page after signing in stores its form token)
    again = browser.get("/console/")
    assert again.status_code == 200 and "Set-Cookie" not in again.headers  # nothing renewed
    with app.extensions["database"].session() as db, db.begin():
        db.execute(update(ConsoleSession).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert not _signed_in(browser)


def test_a_cookie_signed_with_the_known_key_is_no_sign_in(new_app):
    """The test app's SECRET_KEY is known; so was the public default. A cookie naming the
    account the way Flask-Login ids were made (id and a hash of an empty password) opens nothing."""
    app = new_app()
    add_user(app, "admin@example.org", "--admin")  # its password link not used yet
    forger = client(app)
    serializer = app.session_interface.get_signing_serializer(app)
    for user_id in ("1:" + hashlib.sha256(b"").hexdigest()[:12], "1", "1:"):
        forged = serializer.dumps({"_user_id": user_id, "_fresh": True, "_id": "x"})
        forger.set_cookie("thusong_console", forged, path="/console")
        assert not _signed_in(forger), user_id


def test_parallel_wrong_passwords_get_no_more_checks_than_the_bound_on_any_worker(new_app):
    app = new_app()
    sign_up_and_in(app, "d@example.org", "--centre", "jozini")
    from support import make_app

    other_worker = make_app(str(app.config["DATABASE_URL"]))  # a second worker, no Redis
    statuses = []
    start = threading.Barrier(40)

    def wrong(worker):
        attacker = client(worker)
        page = attacker.get("/console/login").get_data(as_text=True)
        start.wait()
        response = attacker.post(
            "/console/login", data={"csrf_token": token(page), "email": "d@example.org", "password": "wrong guess"}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=wrong, args=(app if n % 2 else other_worker,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    other_worker.extensions["database"].engine.dispose()
    assert statuses.count(401) <= 5 and statuses.count(429) >= 35, sorted(statuses)  # 5 per 15 minutes
    # The real manager, from their own address, is not locked out.
    own = client(app)
    own.environ_base.update(REMOTE_ADDR="10.1.2.3")
    assert sign_in(own, "d@example.org").status_code == 302


def test_the_public_default_key_is_refused_and_an_install_makes_its_own(monkeypatch, tmp_path):
    from bot import config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(config, "SECRET_KEY_FILE", tmp_path / "instance" / "secret_key")
    first = config.from_environment()["SECRET_KEY"]
    assert len(first) >= 60 and first == config.from_environment()["SECRET_KEY"]
    assert stat.S_IMODE(os.stat(tmp_path / "instance" / "secret_key").st_mode) == 0o600
    monkeypatch.setenv("SECRET_KEY", "an operator's own long secret")
    assert config.from_environment()["SECRET_KEY"] == "an operator's own long secret"
    with pytest.raises(config.SettingError, match="public default"):
        config.check({"SECRET_KEY": config.DEFAULT_SECRET_KEY})
