"""Each centre's confirmed service days as an iCalendar feed a phone or a website subscribes to:
the confirmed Wednesdays as events at 08:00-13:00 South African time, the cancelled one as a
CANCELLED event, the public holiday and the closed Wednesday left out, examples never in it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dates_support import MON_7_DEC
from icalendar import Calendar

ZA = ZoneInfo("Africa/Johannesburg")


def _events(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return Calendar.from_ical(response.get_data())


def test_the_feed_holds_the_confirmed_days_and_the_cancelled_one_as_cancelled(scenario):
    for app, clock in scenario.values():
        clock[0] = MON_7_DEC
        feed = _events(app, "/centres/jozini/service-days.ics")
        events = {e.decoded("dtstart").date(): e for e in feed.walk("VEVENT")}
        assert dt.date(2026, 12, 16) not in events  # Day of Reconciliation
        assert dt.date(2026, 12, 30) not in events  # the centre is closed
        assert str(events[dt.date(2027, 1, 13)]["status"]) == "CANCELLED"
        confirmed = events[dt.date(2026, 12, 9)]
        assert (
            str(confirmed["status"]) == "CONFIRMED"
            and str(confirmed["summary"]) == "SASSA at Jozini Thusong Service Centre"
        )
        assert confirmed.decoded("dtstart") == dt.datetime(2026, 12, 9, 8, 0, tzinfo=ZA)
        assert confirmed.decoded("dtend") == dt.datetime(2026, 12, 9, 13, 0, tzinfo=ZA)
        assert {str(e["uid"]) for e in feed.walk("VEVENT")} == {
            "jozini-sassa-%s@thusong-bot" % day.strftime("%Y%m%d") for day in events
        }  # one UID per date, so a calendar updates an event in place
        assert {e["summary"].split(" at ")[0] for e in feed.walk("VEVENT")} == {"SASSA"}  # no example schedule
        assert feed.walk("VTIMEZONE")


def test_the_feed_speaks_the_language_asked_and_refuses_an_unknown_centre(scenario):
    [(app, clock)] = scenario.values()
    clock[0] = MON_7_DEC
    zulu = _events(app, "/centres/jozini/service-days.ics?lang=zu")
    assert "Isikhungo seThusong Jozini" in str(zulu["x-wr-calname"])
    assert _events(app, "/centres/jozini/service-days.ics?lang=xx")["x-wr-calname"]
    assert app.test_client().get("/centres/no-such-centre/service-days.ics").status_code == 404
    empty = _events(app, "/centres/bredasdorp/service-days.ics")  # only an example schedule there
    assert list(empty.walk("VEVENT")) == []
