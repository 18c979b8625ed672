"""The helpdesk in the console, through its pages: a centre's manager sees, answers, assigns,
notes, closes and reopens a ticket of their centre; a manager of another centre is refused every
page and form of it; a coordinator sees the province's tickets without a centre; a reply is
cleaned of control characters and refused over three SMS segments (nothing stored); the inbox
counts. Tickets are written straight into the database, as a conversation would open them."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from console_support import sign_up_and_in, token
from sqlalchemy import select

from bot.models import Ticket, TicketEntry

# A Tuesday, 10:00 in South Africa: the helpdesk's clock in these tests.
NOW = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
ACTIONS = ("reply", "assign", "close", "reopen", "note")


@pytest.fixture()
def desk_app(new_app):
    app = new_app()
    app.extensions["helpdesk"].now = lambda: NOW
    return app


@pytest.fixture()
def kzn(content):
    return content.centres["jozini"].province


def _open(app, province, reference="TB-AAAA", centre="jozini", hours=3, status="new", channel="web", **fields):
    """A ticket opened hours before NOW, with what the bot answered before and the question."""
    created = NOW - dt.timedelta(hours=hours)
    with app.extensions["database"].session() as db, db.begin():
        ticket = Ticket(
            reference=reference,
            user_key="k" * 64,
            centre=centre,
            province=province,
            channel=channel,
            lang="en",
            status=status,
            created_at=created,
            citizen_at=created,
            **fields,
        )
        db.add(ticket)
        db.flush()
        db.add(TicketEntry(ticket_id=ticket.id, kind="context", text="When is SASSA at Jozini?", created_at=created))
        db.add(TicketEntry(ticket_id=ticket.id, kind="citizen", text="When does SASSA come?", created_at=created))
        return ticket.id


def _ticket(app, number):
    with app.extensions["database"].session() as db:
        return db.get(Ticket, number)


def _entries(app, number, kind=None):
    query = select(TicketEntry).where(TicketEntry.ticket_id == number).order_by(TicketEntry.id)
    with app.extensions["database"].session() as db:
        return [e for e in db.scalars(query) if kind is None or e.kind == kind]


def _post(browser, number, action, **data):
    page = browser.get("/console/").get_data(as_text=True)
    return browser.post("/console/tickets/%d/%s" % (number, action), data=dict(data, csrf_token=token(page)))


def _followed(browser, response):
    assert response.status_code == 303, response.status_code
    return browser.get(response.headers["Location"]).get_data(as_text=True)


def test_a_manager_answers_assigns_notes_closes_and_reopens_a_ticket_of_their_centre(desk_app, kzn):
    number = _open(desk_app, kzn)
    browser, _ = sign_up_and_in(desk_app, "thandi@example.org", "--centre", "jozini")
    inbox = browser.get("/console/helpdesk").get_data(as_text=True)
    assert "TB-AAAA" in inbox and "Jozini Thusong Service Centre" in inbox and "Waiting 3 h" in inbox
    assert "/console/tickets/%d" % number in inbox and "not assigned" in inbox
    assert "TB-AAAA" in browser.get("/console/centres/jozini/helpdesk").get_data(as_text=True)
    assert "Helpdesk" in (home := browser.get("/console/").get_data(as_text=True)) and "(1 open)" in home
    assert "/console/centres/jozini/helpdesk" in browser.get("/console/centres/jozini").get_data(as_text=True)

    page = browser.get("/console/tickets/%d" % number)
    shown = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "When does SASSA come?" in shown and "What the bot answered before" in shown
    assert '<label for="reply-text">' in shown and '<label for="note-text">' in shown
    assert 'nonce="' in shown and "At most 3 SMS segments" in shown

    shown = _followed(browser, _post(browser, number, "assign"))
    assert "Assigned to you." in shown and "thandi@example.org" in shown
    ticket = _ticket(desk_app, number)
    assert ticket.status == "assigned" and ticket.assigned_to is not None

    shown = _followed(browser, _post(browser, number, "reply", text="SASSA comes on Tuesday from 08:00."))
    # No Redis in the tests: dispatch delivers at once, and a web user's reply waits in the chat.
    assert "Waiting: the citizen sees it in the chat when they next write." in shown
    [reply] = _entries(desk_app, number, "reply")
    assert (reply.text, reply.delivery, reply.via, reply.user_id) == (
        "SASSA comes on Tuesday from 08:00.",
        "waiting",
        "web",
        ticket.assigned_to,
    )
    assert "waiting in the chat for the citizen" in shown
    ticket = _ticket(desk_app, number)
    assert ticket.status == "answered" and ticket.first_reply_at is not None

    shown = _followed(browser, _post(browser, number, "note", text="Called the SASSA office."))
    assert "Internal note: the citizen does not see it" in shown and "Called the SASSA office." in shown
    assert [e.text for e in _entries(desk_app, number, "note")] == ["Called the SASSA office."]

    shown = _followed(browser, _post(browser, number, "close"))
    assert "Closed." in shown and "This ticket is closed: reopen it to reply." in shown
    assert _ticket(desk_app, number).status == "closed"
    assert "TB-AAAA" not in browser.get("/console/helpdesk").get_data(as_text=True)
    assert "TB-AAAA" in browser.get("/console/helpdesk?closed=1").get_data(as_text=True)
    refused = _post(browser, number, "reply", text="One more thing.")
    assert refused.status_code == 400 and "reopen it to reply" in refused.get_data(as_text=True)
    assert "One more thing." in refused.get_data(as_text=True) and len(_entries(desk_app, number, "reply")) == 1
    assert "closed already" in _followed(browser, _post(browser, number, "close"))

    shown = _followed(browser, _post(browser, number, "reopen"))
    assert "Reopened." in shown and _ticket(desk_app, number).status == "answered"
    events = [e.text for e in _entries(desk_app, number, "event")]
    assert events == ["assigned to thandi@example.org", "closed", "reopened"]


def test_a_manager_of_another_centre_is_refused_the_ticket_and_every_form(desk_app, kzn):
    number = _open(desk_app, kzn)
    before = [(e.kind, e.text) for e in _entries(desk_app, number)]
    browser, _ = sign_up_and_in(desk_app, "zava@example.org", "--centre", "zava")
    assert browser.get("/console/tickets/%d" % number).status_code == 403
    routes = [r.rule for r in desk_app.url_map.iter_rules() if r.rule.startswith("/console/tickets/<int:number>/")]
    assert sorted(r.rsplit("/", 1)[1] for r in routes) == sorted(ACTIONS)
    for action in ACTIONS:
        assert _post(browser, number, action, text="Hello").status_code == 403, action
    assert [(e.kind, e.text) for e in _entries(desk_app, number)] == before
    assert _ticket(desk_app, number).status == "new"
    assert "TB-AAAA" not in browser.get("/console/helpdesk").get_data(as_text=True)
    assert browser.get("/console/centres/jozini/helpdesk").status_code == 403
    assert "(0 open)" in browser.get("/console/").get_data(as_text=True)
    assert browser.get("/console/tickets/%d" % (number + 100)).status_code == 404


def test_a_coordinator_answers_a_ticket_of_the_province_without_a_centre(desk_app, kzn):
    number = _open(desk_app, kzn, reference="TB-PROV", centre=None, channel="sms", number=b"sealed", number_tail="4567")
    coordinator, _ = sign_up_and_in(desk_app, "coord@example.org", "--role", "coordinator", "--province", kzn)
    inbox = coordinator.get("/console/helpdesk").get_data(as_text=True)
    assert "TB-PROV" in inbox and "province: %s" % kzn in inbox
    assert "TB-PROV" not in coordinator.get("/console/centres/jozini/helpdesk").get_data(as_text=True)
    page = coordinator.get("/console/tickets/%d" % number)
    assert page.status_code == 200 and "*** *** 4567" in page.get_data(as_text=True)
    assert "Waiting:" in _followed(coordinator, _post(coordinator, number, "reply", text="We are on it."))
    manager, _ = sign_up_and_in(desk_app, "thandi@example.org", "--centre", "jozini")
    assert manager.get("/console/tickets/%d" % number).status_code == 403
    assert "TB-PROV" not in manager.get("/console/helpdesk").get_data(as_text=True)


def test_a_reply_over_three_sms_segments_is_refused_and_the_text_kept(desk_app, kzn):
    number = _open(desk_app, kzn)
    browser, _ = sign_up_and_in(desk_app, "thandi@example.org", "--centre", "jozini")
    long = "Dear citizen, " + "x" * 446  # 460 GSM-7 characters: 4 segments
    refused = _post(browser, number, "reply", text=long)
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "4 SMS segments" in shown
    assert re.search(r'<textarea id="reply-text"[^>]*aria-invalid="true"[^>]*>%s</textarea>' % long, shown)
    assert _entries(desk_app, number, "reply") == [] and _ticket(desk_app, number).status == "new"
    assert _post(browser, number, "reply", text="   ").status_code == 400
    assert _post(browser, number, "reply", text=long[:-1]).status_code == 303  # 459: 3 segments
    assert len(_entries(desk_app, number, "reply")) == 1


def test_control_characters_are_removed_from_a_reply(desk_app, kzn):
    number = _open(desk_app, kzn)
    browser, _ = sign_up_and_in(desk_app, "thandi@example.org", "--centre", "jozini")
    sent = _post(browser, number, "reply", text="Hello\x1b[31m there\x00\x07 friend\u202e\r\nline two\x7f")
    assert sent.status_code == 303
    [reply] = _entries(desk_app, number, "reply")
    assert reply.text == "Hello [31m there friend\nline two"


def test_the_inbox_orders_flags_and_counts(desk_app, kzn, content):
    late = _open(desk_app, kzn, reference="TB-LATE", hours=50, late_at=NOW - dt.timedelta(hours=1))
    answered = _open(
        desk_app, kzn, reference="TB-DONE", hours=26, status="answered", first_reply_at=NOW - dt.timedelta(hours=24)
    )
    _open(desk_app, content.centres["zava"].province, reference="TB-ZAVA", centre="zava")
    browser, _ = sign_up_and_in(desk_app, "thandi@example.org", "--centre", "jozini")
    inbox = browser.get("/console/helpdesk").get_data(as_text=True)
    assert inbox.index("TB-LATE") < inbox.index("TB-DONE") and "TB-ZAVA" not in inbox  # new first
    assert "Waiting 2 days" in inbox and "Waiting 26 h" in inbox
    assert inbox.count(">late<") == 1
    assert "2.0 h" in inbox  # the median time to a first answer
    assert "1 of 2" in inbox  # answered within one working day, of those due
    assert 'nobody answered in time: <strong class="error">1</strong>' in inbox
    assert "2026-W47: 1" in inbox and "2026-W48: 1" in inbox
    shown = browser.get("/console/tickets/%d" % late).get_data(as_text=True)
    assert "late: nobody answered within one working day" in shown
    assert "TB-DONE" in browser.get("/console/tickets/%d" % answered).get_data(as_text=True)


def test_a_reply_to_an_sms_ticket_with_no_number_kept_waits_and_says_why(desk_app, kzn):
    """Without REMINDER_KEY no number is kept: the reply waits in the chat, and the page says so."""
    number = _open(desk_app, kzn, channel="sms")
    browser, _ = sign_up_and_in(desk_app, "thandi@example.org", "--centre", "jozini")
    page = browser.get("/console/tickets/%d" % number).get_data(as_text=True)
    assert "No number is kept for this ticket" in page and "Number:" not in page
    shown = _followed(browser, _post(browser, number, "reply", text="Come on Tuesday."))
    assert "Waiting: the citizen sees it in the chat when they next write." in shown
    assert "no number or no SMS sender" in shown
    [reply] = _entries(desk_app, number, "reply")
    assert (reply.delivery, reply.via) == ("waiting", "web")


# Canned replies: kept per centre (or province) and language, offered on a ticket in its language.


def _canned_post(browser, slug, **data):
    page = browser.get("/console/centres/%s/canned" % slug).get_data(as_text=True)
    return browser.post("/console/centres/%s/canned" % slug, data=dict(data, csrf_token=token(page)))


def _canned(app):
    from bot.models import CannedReply

    with app.extensions["database"].session() as db:
        return {c.title: c for c in db.scalars(select(CannedReply).order_by(CannedReply.id))}


def _offered(page):
    """The canned replies a ticket's page offers: {title: link}."""
    return {title: link for link, title in re.findall(r'<a href="([^"]*canned=\d+[^"]*)"[^>]*>([^<]+)</a>', page)}


def test_a_manager_keeps_canned_replies_and_a_ticket_offers_those_in_its_language(desk_app, kzn):
    browser, _ = sign_up_and_in(desk_app, "thandi@example.org", "--centre", "jozini")
    assert "/console/centres/jozini/canned" in browser.get("/console/centres/jozini").get_data(as_text=True)
    assert "/console/centres/jozini/canned" in browser.get("/console/centres/jozini/helpdesk").get_data(as_text=True)
    page = browser.get("/console/centres/jozini/canned").get_data(as_text=True)
    assert "No canned replies yet." in page and '<option value="zu">isiZulu</option>' in page
    assert page.count("<option value=") == 11 and 'name="scope"' not in page  # a manager: the centre's only

    added = _canned_post(browser, "jozini", lang="zu", title="SASSA ngoLwesibili", text="USASSA ufika ngoLwesibili.")
    assert "Canned reply added." in _followed(browser, added)
    added = _canned_post(browser, "jozini", lang="en", title="SASSA days", text="SASSA comes on\r\nTuesdays.\x1b")
    assert "Canned reply added." in _followed(browser, added)
    kept = _canned(desk_app)
    assert kept["SASSA days"].text == "SASSA comes on\nTuesdays." and kept["SASSA days"].centre == "jozini"
    assert kept["SASSA days"].province == kzn and kept["SASSA ngoLwesibili"].lang == "zu"
    page = browser.get("/console/centres/jozini/canned").get_data(as_text=True)
    assert page.index("<h2>English</h2>") < page.index("SASSA days") < page.index("<h2>isiZulu</h2>")
    assert page.index("<h2>isiZulu</h2>") < page.index("USASSA ufika ngoLwesibili.")

    english = kept["SASSA days"].id
    changed = _canned_post(
        browser, "jozini", canned_id=str(english), lang="en", title="SASSA on Tuesdays", text="SASSA comes on Tuesdays."
    )
    assert "Canned reply saved." in _followed(browser, changed)
    kept = _canned(desk_app)
    assert set(kept) == {"SASSA on Tuesdays", "SASSA ngoLwesibili"} and kept["SASSA on Tuesdays"].id == english
    refused = _canned_post(browser, "jozini", canned_id=str(english), lang="en", title=" ", text="Changed.")
    shown = refused.get_data(as_text=True)  # shown on the form it came from, opened, with the text as typed
    assert refused.status_code == 400 and _canned(desk_app)["SASSA on Tuesdays"].text == "SASSA comes on Tuesdays."
    assert re.search(
        r"<details open>\s*<summary[^>]*>Change</summary>.*The title is empty.*>Changed.</textarea>", shown, re.S
    )

    number = _open(desk_app, kzn)  # an English ticket
    page = browser.get("/console/tickets/%d" % number).get_data(as_text=True)
    offered = _offered(page)
    assert list(offered) == ["SASSA on Tuesdays"]  # not the isiZulu one
    assert 'data-canned="SASSA comes on Tuesdays."' in page and 'nonce="' in page
    filled = browser.get(offered["SASSA on Tuesdays"].replace("&amp;", "&").split("#")[0]).get_data(as_text=True)
    assert re.search(r'<textarea id="reply-text"[^>]*>SASSA comes on Tuesdays.</textarea>', filled)
    isizulu = kept["SASSA ngoLwesibili"].id
    unused = browser.get("/console/tickets/%d?canned=%d" % (number, isizulu)).get_data(as_text=True)
    assert re.search(r'<textarea id="reply-text"[^>]*></textarea>', unused)  # another language: ignored

    deleted = _post_delete(browser, "jozini", isizulu)
    assert "Canned reply deleted." in _followed(browser, deleted)
    assert set(_canned(desk_app)) == {"SASSA on Tuesdays"}
    assert "USASSA" not in browser.get("/console/centres/jozini/canned").get_data(as_text=True)


def _post_delete(browser, slug, number):
    page = browser.get("/console/centres/%s/canned" % slug).get_data(as_text=True)
    return browser.post("/console/centres/%s/canned/%d/delete" % (slug, number), data={"csrf_token": token(page)})


def test_another_centres_canned_reply_is_neither_offered_nor_kept(desk_app, kzn, content):
    zava, _ = sign_up_and_in(desk_app, "zava@example.org", "--centre", "zava")
    assert zava.get("/console/centres/zava/canned").status_code == 200
    _followed(zava, _canned_post(zava, "zava", lang="en", title="Zava hours", text="Zava opens at 08:00."))
    other = _canned(desk_app)["Zava hours"].id

    number = _open(desk_app, kzn)
    thandi, _ = sign_up_and_in(desk_app, "thandi@example.org", "--centre", "jozini")
    page = thandi.get("/console/tickets/%d?canned=%d" % (number, other)).get_data(as_text=True)
    assert "Zava" not in page and re.search(r'<textarea id="reply-text"[^>]*></textarea>', page)
    assert "None for this ticket's centre and language yet." in html.unescape(page)
    # Not through jozini's page either: zava's reply is not jozini's to change or delete.
    refused = _canned_post(thandi, "jozini", canned_id=str(other), lang="en", title="Mine", text="Mine now.")
    assert refused.status_code == 400 and "There is no such canned reply for this centre." in refused.get_data(
        as_text=True
    )
    assert "Canned reply deleted." not in _followed(thandi, _post_delete(thandi, "jozini", other))
    assert _canned(desk_app)["Zava hours"].text == "Zava opens at 08:00."

    # A manager of zava is refused every canned route of jozini.
    _followed(thandi, _canned_post(thandi, "jozini", lang="en", title="Jozini", text="Jozini text."))
    mine = _canned(desk_app)["Jozini"].id
    assert zava.get("/console/centres/jozini/canned").status_code == 403
    csrf = token(zava.get("/console/centres/zava/canned").get_data(as_text=True))
    posted = zava.post(
        "/console/centres/jozini/canned",
        data={"csrf_token": csrf, "canned_id": str(mine), "lang": "en", "title": "x", "text": "x"},
    )
    assert posted.status_code == 403
    assert zava.post("/console/centres/jozini/canned/%d/delete" % mine, data={"csrf_token": csrf}).status_code == 403
    assert _canned(desk_app)["Jozini"].text == "Jozini text."
    routes = {r.rule for r in desk_app.url_map.iter_rules() if "/canned" in r.rule}
    assert sorted(routes) == ["/console/centres/<slug>/canned", "/console/centres/<slug>/canned/<int:number>/delete"]


def test_a_canned_reply_over_three_sms_segments_or_without_a_title_is_refused(desk_app, kzn):
    browser, _ = sign_up_and_in(desk_app, "thandi@example.org", "--centre", "jozini")
    long = "Dear citizen, " + "x" * 446  # 460 GSM-7 characters: 4 segments
    refused = _canned_post(browser, "jozini", lang="en", title="Too long", text=long)
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "The reply is 4 SMS segments: at most 3 are allowed." in shown
    assert re.search(r'<textarea id="add-text"[^>]*aria-invalid="true"[^>]*>%s</textarea>' % long, shown)
    assert _canned(desk_app) == {}
    assert "The title is empty." in _canned_post(browser, "jozini", lang="en", title=" ", text="Hi").get_data(
        as_text=True
    )
    refused = _canned_post(browser, "jozini", lang="xx", title="Hi", text="Hi")
    assert refused.status_code == 400 and "The language must be one of" in refused.get_data(as_text=True)
    # A manager keeps the centre's only: one for the whole province is the coordinators'.
    refused = _canned_post(browser, "jozini", lang="en", title="Province", text="Hi", scope="province")
    assert refused.status_code == 400 and "kept by the province's coordinators" in html.unescape(
        refused.get_data(as_text=True)
    )
    assert _canned(desk_app) == {}
    assert _canned_post(browser, "jozini", lang="en", title="Fits", text=long[:-1]).status_code == 303  # 3 segments


def test_a_coordinators_canned_reply_for_the_province_is_offered_on_a_centres_ticket(desk_app, kzn):
    coordinator, _ = sign_up_and_in(desk_app, "coord@example.org", "--role", "coordinator", "--province", kzn)
    page = coordinator.get("/console/centres/jozini/canned").get_data(as_text=True)
    assert 'name="scope"' in page
    added = _canned_post(
        coordinator, "jozini", lang="en", title="Office hours", text="Offices open 08:00-16:00.", scope="province"
    )
    assert "Canned reply added." in _followed(coordinator, added)
    kept = _canned(desk_app)["Office hours"]
    assert (kept.centre, kept.province, kept.lang) == (None, kzn, "en")

    number = _open(desk_app, kzn)
    manager, _ = sign_up_and_in(desk_app, "thandi@example.org", "--centre", "jozini")
    page = manager.get("/console/tickets/%d" % number).get_data(as_text=True)
    assert list(_offered(page)) == ["Office hours"] and "for the whole province" in page
    filled = manager.get("/console/tickets/%d?canned=%d" % (number, kept.id)).get_data(as_text=True)
    assert re.search(r'<textarea id="reply-text"[^>]*>Offices open 08:00-16:00.</textarea>', filled)
    # The manager sees it on the centre's page but may not change or delete it.
    listed = manager.get("/console/centres/jozini/canned").get_data(as_text=True)
    assert "Office hours" in listed and "/canned/%d/delete" % kept.id not in listed
    assert "the province's coordinators" in html.unescape(_followed(manager, _post_delete(manager, "jozini", kept.id)))
    assert "Office hours" in _canned(desk_app)
    # A ticket of the province without a centre is offered it too, to the coordinator.
    province_ticket = _open(desk_app, kzn, reference="TB-PROV", centre=None)
    assert list(_offered(coordinator.get("/console/tickets/%d" % province_ticket).get_data(as_text=True))) == [
        "Office hours"
    ]
