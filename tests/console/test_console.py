"""The centre managers' console, end to end through its pages and the chat API: accounts from
the command line, signing in (limits, CSRF, cookies), every centre route refused to a manager
of another centre, and a published schedule answered by the bot as confirmed."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from console_support import PASSWORD, add_user, sign_in, sign_up_and_in
from console_support import client as _client
from console_support import publish as _publish
from console_support import token as _token


def _ask(app, user, text):
    return app.test_client().post("/api/chat", json={"user": user, "text": text}).get_json()["reply"]


@pytest.fixture()
def console_app(new_app):
    return new_app()


def test_an_account_from_the_command_line_signs_in_and_sees_its_centres(console_app):
    client, signed = sign_up_and_in(console_app, "thandi@example.org", "--role", "manager", "--centre", "jozini")
    assert signed.status_code == 302 and signed.headers["Location"].endswith("/console/")
    home = client.get("/console/").get_data(as_text=True)
    assert "Jozini" in home and "Zava" not in home
    listed = console_app.test_cli_runner().invoke(args=["users", "list"]).output
    assert "thandi@example.org" in listed and "jozini" in listed and "active" in listed


def test_the_link_works_once_and_short_passwords_are_refused(console_app):
    token = add_user(console_app, "short@example.org", "--centre", "jozini")
    client = _client(console_app)
    page = client.get("/console/password/" + token).get_data(as_text=True)
    short = client.post(
        "/console/password/" + token, data={"csrf_token": _token(page), "password": "short", "again": "short"}
    )
    assert short.status_code == 200 and "must have at least 12 characters" in short.get_data(as_text=True)
    client.post(
        "/console/password/" + token, data={"csrf_token": _token(page), "password": PASSWORD, "again": PASSWORD}
    )
    assert client.get("/console/password/" + token).status_code == 404


@pytest.mark.parametrize(
    "options, said",
    [
        (["--centre", "no-such-centre"], "no centre is called no-such-centre"),
        (["--role", "coordinator"], "a coordinator needs --province"),
        (["--role", "manager"], "a manager needs at least one --centre"),
    ],
)
def test_bad_account_commands_say_what_is_wrong(console_app, options, said):
    result = console_app.test_cli_runner().invoke(args=["users", "add", "x@example.org", *options])
    assert result.exit_code != 0 and said in result.output


def test_every_centre_route_refuses_a_manager_of_another_centre(console_app):
    """Every console route that names a centre, read from the app (a route added later is
    checked too), with every method it takes: 403 for a centre the manager does not manage."""
    client, _ = sign_up_and_in(console_app, "a@example.org", "--centre", "jozini")
    token = _token(client.get("/console/centres/jozini").get_data(as_text=True))
    values = {"slug": "zava", "target": "sassa", "number": 1}
    checked = []
    for rule in console_app.url_map.iter_rules():
        if not rule.rule.startswith("/console/") or "slug" not in rule.arguments:
            continue
        path = rule.build({name: values[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
            assert response.status_code == 403, (method, path, response.status_code)
            checked.append((method, rule.rule))
    assert len(checked) >= 12, checked
    assert client.get("/console/centres/jozini").status_code == 200


def test_a_coordinator_manages_the_province_and_an_admin_everything(console_app, content):
    province = content.centres["jozini"].province
    other = next(c for c in content.centres.values() if c.province != province)
    coordinator, _ = sign_up_and_in(console_app, "c@example.org", "--province", province)
    assert coordinator.get("/console/centres/jozini").status_code == 200
    assert coordinator.get("/console/centres/%s" % other.slug).status_code == 403
    admin, _ = sign_up_and_in(console_app, "root@example.org", "--admin")
    assert admin.get("/console/centres/%s" % other.slug).status_code == 200


def test_pages_need_a_signed_in_user(console_app):
    client = _client(console_app)
    for path in ("/console/", "/console/centres/jozini", "/console/centres/jozini/schedule"):
        response = client.get(path)
        assert response.status_code == 302 and "/console/login" in response.headers["Location"]


def test_forms_without_a_csrf_token_are_refused(console_app):
    client, _ = sign_up_and_in(console_app, "b@example.org", "--centre", "jozini")
    refused = client.post("/console/centres/jozini/schedule", data={"provider": "sassa", "pattern": "week"})
    assert refused.status_code == 400
    fresh = _client(console_app)
    assert fresh.post("/console/login", data={"email": "b@example.org", "password": PASSWORD}).status_code == 400


def test_failed_sign_ins_are_limited_per_account(console_app, caplog):
    sign_up_and_in(console_app, "d@example.org", "--centre", "jozini")
    client = _client(console_app)
    codes = [sign_in(client, "d@example.org", "wrong password %d" % n).status_code for n in range(5)]
    assert codes == [401] * 5
    assert sign_in(client, "d@example.org").status_code == 429  # even the right password, until the window ends
    assert "wrong password" not in caplog.text and PASSWORD not in caplog.text
    assert "failed sign-in for d@example.org" in caplog.text


def test_the_session_cookie_is_secure_http_only_same_site_and_console_only(console_app):
    client, signed = sign_up_and_in(console_app, "e@example.org", "--centre", "jozini")
    cookie = signed.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/console" in cookie
    chat = client.post("/api/chat", json={"user": "u", "text": "hi"})
    assert "Set-Cookie" not in chat.headers


def test_a_disabled_account_is_signed_out_at_once(console_app):
    client, _ = sign_up_and_in(console_app, "f@example.org", "--centre", "jozini")
    assert client.get("/console/").status_code == 200
    console_app.test_cli_runner().invoke(args=["users", "disable", "f@example.org"])
    assert client.get("/console/").status_code == 302
    assert sign_in(_client(console_app), "f@example.org").status_code == 401


def test_a_published_monthly_schedule_is_answered_as_confirmed_and_a_cancellation_is_said(console_app):
    before = _ask(console_app, "citizen-1", "when is home affairs at jozini")
    client, _ = sign_up_and_in(console_app, "g@example.org", "--centre", "jozini")
    done = _publish(
        client,
        "jozini",
        provider="home-affairs",
        pattern="month",
        weekday="tuesday",
        position="2",
        start_time="08:00",
        end_time="13:00",
    )
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    answer = _ask(console_app, "citizen-2", "when is home affairs at jozini")
    assert answer != before
    # support.TODAY is fixed: the 2nd Tuesdays after it, with the time, confirmed today.
    assert "08:00-13:00" in answer and "Confirmed by the centre on" in answer
    assert "- Tuesday, 08 December 2026 08:00-13:00" in answer and "- Tuesday, 12 January 2027 08:00-13:00" in answer
    centre_page = client.get("/console/centres/jozini").get_data(as_text=True)
    assert "confirmed on" in centre_page and "published the service days" in centre_page
    token = _token(centre_page)
    cancelled = client.post(
        "/console/centres/jozini/cancel/home-affairs", data={"csrf_token": token, "date": "2026-12-08"}
    )
    assert cancelled.status_code == 302
    answer = _ask(console_app, "citizen-3", "when is home affairs at jozini")
    assert "- not on Tuesday, 08 December 2026: cancelled by the centre" in answer
    assert "- Tuesday, 08 December" not in answer and "- Tuesday, 12 January 2027" in answer
    history = client.get("/console/centres/jozini").get_data(as_text=True)
    assert "cancelled 2026-12-08" in history and "g@example.org" in history


def test_a_bad_schedule_says_what_is_wrong_and_publishes_nothing(console_app):
    client, _ = sign_up_and_in(console_app, "h@example.org", "--centre", "jozini")
    response = _publish(client, "jozini", provider="home-affairs", pattern="dates", dates="2026-13-45")
    assert response.status_code == 200 and "is not a date written as YYYY-MM-DD" in response.get_data(as_text=True)
    response = _publish(client, "jozini", provider="home-affairs", pattern="week", start_time="13:00", end_time="08:00")
    assert "The end must be after the start" in response.get_data(as_text=True)
    assert "Nothing published yet" in client.get("/console/centres/jozini").get_data(as_text=True)


def test_published_schedules_survive_loading_the_content_again(console_app):
    client, _ = sign_up_and_in(console_app, "i@example.org", "--centre", "jozini")
    _publish(client, "jozini", provider="sassa", pattern="dates", dates="2026-12-16\n2027-01-20")
    result = console_app.test_cli_runner().invoke(args=["content", "load"])
    assert result.exit_code == 0, result.output
    answer = _ask(console_app, "citizen-4", "when is sassa at jozini")
    assert "Confirmed by the centre on" in answer and "16 December 2026" in answer and "example schedule" not in answer


def _form(client, path):
    return _token(client.get(path).get_data(as_text=True))


def test_corrected_phones_and_hours_are_what_the_bot_says(console_app):
    client, _ = sign_up_and_in(console_app, "j@example.org", "--centre", "jozini")
    path = "/console/centres/jozini/facts"
    data = {"csrf_token": _form(client, path), "phones": "035 572 1234", "address": "Main Road, Jozini"}
    data.update({day: "07:30-16:00" for day in ("mon", "tue", "wed", "thu", "fri")})
    data.update(sat="closed", sun="")
    assert client.post(path, data=data).status_code == 302
    answer = _ask(console_app, "citizen-5", "jozini thusong phone number")
    assert "035 572 1234" in answer and "Main Road, Jozini" in answer and "07:30-16:00" in answer
    assert "These hours are not confirmed" not in answer
    bad = dict(data, phones="12345", mon="all day")
    page = client.post(path, data=bad).get_data(as_text=True)
    assert "is not a phone number" in page and "Write the hours as 08:00-16:00, or closed." in page


def test_a_notice_is_said_in_its_period_in_the_language_written_and_withdrawn(console_app):
    client, _ = sign_up_and_in(console_app, "k@example.org", "--centre", "jozini")
    path = "/console/centres/jozini/notices/new"
    data = {
        "csrf_token": _form(client, path),
        "kind": "offline",
        "provider": "home-affairs",
        "starts": "2026-12-01",
        "ends": "2026-12-31",
        "text_en": "The Home Affairs system is offline: no smart ID applications this month.",
        "text_zu": "Uhlelo lwe-Home Affairs aluxhunyiwe: azikho izicelo ze-ID kule nyanga.",
    }
    assert client.post(path, data=data).status_code == 302
    english = _ask(console_app, "citizen-6", "when is home affairs at jozini")
    assert "Notice from the centre" in english and "no smart ID applications" in english
    zulu = _ask(console_app, "citizen-7", "Ngicela ukwazi ukuthi i-Home Affairs izofika nini eJozini")
    assert "azikho izicelo ze-ID" in zulu
    other = _ask(console_app, "citizen-8", "when is sassa at jozini")
    assert "no smart ID applications" not in other  # about another department
    xhosa = _ask(console_app, "citizen-9", "Ndicela ukwazi ukuba iHome Affairs iza nini eJozini")
    assert "no smart ID applications" in xhosa and "(Iziko libhale esi saziso ngesiNgesi.)" in xhosa
    assert "wrote this notice in English" not in english
    page = client.get("/console/centres/jozini").get_data(as_text=True)
    target = re.search(r"/console/centres/jozini/notices/([^/]+)/withdraw", page).group(1)
    withdrawn = client.post("/console/centres/jozini/notices/%s/withdraw" % target, data={"csrf_token": _token(page)})
    assert withdrawn.status_code == 302
    assert "no smart ID applications" not in _ask(console_app, "citizen-10", "when is home affairs at jozini")
    assert "withdrew a notice" in client.get("/console/centres/jozini").get_data(as_text=True)


def test_a_notice_needs_english_and_ordered_dates(console_app):
    client, _ = sign_up_and_in(console_app, "l@example.org", "--centre", "jozini")
    path = "/console/centres/jozini/notices/new"
    data = {"csrf_token": _form(client, path), "kind": "closure", "provider": "", "starts": "2026-12-10"}
    page = client.post(path, data=dict(data, ends="2026-12-01", text_en="Closed")).get_data(as_text=True)
    assert "The last day must not be before the first." in page
    page = client.post(path, data=dict(data, ends="2026-12-12", text_zu="Kuvaliwe")).get_data(as_text=True)
    assert "Write the notice in English" in page
    assert "No notices." in client.get("/console/centres/jozini").get_data(as_text=True)


def test_the_feedback_inbox_shows_a_centres_feedback_and_keeps_its_status(console_app):
    chat = console_app.test_client()
    said = chat.post("/api/chat", json={"user": "fb-1", "text": "the queue at jozini thusong was very long"})
    assert said.get_json()["intent"] == "feedback"
    client, _ = sign_up_and_in(console_app, "m@example.org", "--centre", "jozini")
    page = client.get("/console/centres/jozini/feedback").get_data(as_text=True)
    assert "queue at jozini thusong was very long" in page and "TB-" in page
    number = re.search(r"/console/centres/jozini/feedback/(\d+)", page).group(1)
    path = "/console/centres/jozini/feedback/" + number
    assert client.post(path, data={"csrf_token": _token(page), "status": "answered"}).status_code == 302
    assert '<option value="answered" selected>' in client.get("/console/centres/jozini/feedback").get_data(as_text=True)
    assert client.post(path, data={"csrf_token": _token(page), "status": "deleted"}).status_code == 400
    other, _ = sign_up_and_in(console_app, "n@example.org", "--centre", "zava")
    assert other.get("/console/centres/jozini/feedback").status_code == 403
    # Jozini's feedback named under Zava's address is not found there.
    token = _token(other.get("/console/centres/zava").get_data(as_text=True))
    moved = other.post("/console/centres/zava/feedback/" + number, data={"csrf_token": token, "status": "seen"})
    assert moved.status_code == 404


def test_unanswered_questions_are_grouped_masked_and_scoped_to_the_province(console_app, content):
    chat = console_app.test_client()
    for user in ("u-1", "u-2"):
        chat.post("/api/chat", json={"user": user, "text": "blorp zingle wobbit 082 555 1234"})
    chat.post("/api/chat", json={"user": "u-3", "text": "services at jozini"})
    chat.post("/api/chat", json={"user": "u-3", "text": "frobnicate the quux"})
    admin, _ = sign_up_and_in(console_app, "o@example.org", "--admin")
    page = admin.get("/console/unanswered").get_data(as_text=True)
    assert "2 &times; blorp zingle wobbit [number]" in page and "082 555 1234" not in page
    province = content.centres["jozini"].province
    other = next(code for code in content.provinces if code != province)
    coordinator, _ = sign_up_and_in(console_app, "p@example.org", "--province", other)
    assert "blorp" not in coordinator.get("/console/unanswered").get_data(as_text=True)


def test_the_overview_is_for_coordinators_and_counts_confirmed_schedules(console_app, content):
    province = content.centres["jozini"].province
    manager, _ = sign_up_and_in(console_app, "q@example.org", "--centre", "jozini")
    assert manager.get("/console/overview").status_code == 403
    _publish(manager, "jozini", provider="sassa", pattern="week", weekday="monday")
    coordinator, _ = sign_up_and_in(console_app, "r@example.org", "--province", province)
    page = coordinator.get("/console/overview").get_data(as_text=True)
    assert "1</strong> with schedules confirmed by the centre: Jozini Thusong Service Centre" in page
    assert "with no phone number" in page


def test_published_changes_export_as_a_content_file_that_validates(console_app, tmp_path):
    import shutil

    import yaml
    from support import CONTENT_DIR

    from bot.content.bundle import read_bundle

    client, _ = sign_up_and_in(console_app, "s@example.org", "--centre", "jozini")
    _publish(client, "jozini", provider="home-affairs", pattern="month", weekday="tuesday", position="2")
    page = client.get("/console/centres/jozini").get_data(as_text=True)
    client.post("/console/centres/jozini/cancel/home-affairs", data={"csrf_token": _token(page), "date": "2026-12-08"})
    result = console_app.test_cli_runner().invoke(args=["content", "export", "--dir", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    exported = yaml.safe_load((tmp_path / "out" / "service-days-published.yaml").read_text())
    [day] = exported["service_days"]
    assert day["centre"] == "jozini" and day["except"] == ["2026-12-08"] and day["sample"] is False
    assert "s@example.org" in day["source"]
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    shutil.copy(tmp_path / "out" / "service-days-published.yaml", folder / "service-days-published.yaml")
    assert read_bundle(folder).problems == []


def test_services_present_at_the_centre_are_what_the_bot_lists(console_app, content):
    client, _ = sign_up_and_in(console_app, "t@example.org", "--centre", "jozini")
    offered = {o.service for o in content.centres["jozini"].services}
    gone = sorted(offered)[0]
    added = next(slug for slug in sorted(content.services) if slug not in offered)
    page = client.get("/console/centres/jozini/services").get_data(as_text=True)
    data = {"csrf_token": _token(page), "mode_" + gone: "none", "mode_" + added: "visiting"}
    assert client.post("/console/centres/jozini/services", data=data).status_code == 302
    answer = _ask(console_app, "citizen-11", "what services does jozini thusong offer")
    name = content.services[added].name["en"]
    provider = content.providers[content.services[added].provider].name["en"]
    # marked visiting, by itself or with every service of its department
    shared = re.search(r"%s \(visiting\)[^:\n]*:[^\n]*%s" % (re.escape(provider), re.escape(name)), answer)
    assert shared or name + " (visiting)" in answer
    assert content.services[gone].name["en"] not in answer
    assert "set %s to none" % gone in client.get("/console/centres/jozini").get_data(as_text=True)
    bad = client.post("/console/centres/jozini/services", data=dict(data, **{"mode_" + added: "sometimes"}))
    assert bad.status_code == 400


def test_a_change_reaches_another_worker_on_the_same_database_without_a_restart(console_app):
    """A second app on the same database stands for another gunicorn worker (or server): it
    answers from the published schedule at its next content check, with no restart."""
    from support import make_app

    other_worker = make_app(str(console_app.config["DATABASE_URL"]), CONTENT_CHECK_SECONDS=0)
    try:
        before = _ask(other_worker, "citizen-12", "when is sassa at jozini")
        assert "they are an example schedule" in before
        client, _ = sign_up_and_in(console_app, "u@example.org", "--centre", "jozini")
        _publish(client, "jozini", provider="sassa", pattern="week", weekday="wednesday")
        after = _ask(other_worker, "citizen-13", "when is sassa at jozini")
        assert "Confirmed by the centre on" in after and "Wednesday" in after and "example schedule" not in after
    finally:
        other_worker.extensions["database"].engine.dispose()


def test_a_change_naming_a_department_no_longer_in_the_content_waits_without_breaking_answers(console_app):
    """Curators may remove a provider from content/ after a manager published its days: the
    change is kept (history, export) but not applied, and the bot answers as before."""
    from support import CONTENT_DIR

    from bot.content import published
    from bot.content.bundle import read_bundle
    from bot.content.document import from_bundle

    client, _ = sign_up_and_in(console_app, "v@example.org", "--centre", "jozini")
    _publish(client, "jozini", provider="sassa", pattern="week", weekday="monday")
    content = from_bundle(read_bundle(CONTENT_DIR))
    del content.providers["sassa"]
    with console_app.extensions["database"].session() as db:
        applied = published.apply(content, published.in_force(db), ZoneInfo("Africa/Johannesburg"))
    assert not [d for d in applied.service_days if d.provider == "sassa" and d.confirmed_on]
