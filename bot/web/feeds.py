"""Each centre's confirmed service days as an iCalendar feed (RFC 5545, with the `icalendar`
package): GET /centres/<slug>/service-days.ics[?lang=zu].

A municipality's website or a person's phone subscribes to it and follows the centre: each date
bot.calendar gives as CONFIRMED is an event (with its time in South African time, else all day),
a date the centre cancelled stays as a CANCELLED event (a subscribed calendar then strikes it
out), and a date a closure notice or a public holiday takes away is left out. Example schedules
are not in it: nothing unconfirmed is published as a date to travel on. Events keep one UID per
centre, schedule and date, so calendars update them in place. From FEED_PAST_DAYS ago to a year
ahead; unknown centre 404.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, request

from ..calendar import CANCELLED, CONFIRMED, calendar_of
from ..content.snapshot import pick
from ..i18n import LANGUAGES, Texts
from .pages import blueprint

FEED_PAST_DAYS = 30
FEED_DAYS = 366


@blueprint.get("/centres/<slug>/service-days.ics")
def service_days_feed(slug: str) -> Response:
    """The centre's confirmed service days as iCalendar (see the module docstring)."""
    # (imported here: about 7 MB a worker would otherwise hold from its start for a rare request)
    from icalendar import Calendar, Event

    content = current_app.extensions["snapshots"].get()
    centre = content.centres.get(slug)
    if centre is None:
        abort(404)
    lang = request.args.get("lang", "en")
    texts = Texts(lang if lang in LANGUAGES else "en", current_app.config["LOCALES_DIR"])
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    today = current_app.extensions["conversations"].today()
    calendar = calendar_of(content)
    visits = [v for v in calendar.visits(slug) if not v.sample]
    feed = Calendar()
    feed.add("prodid", "-//Thusong Bot//service days//EN")
    feed.add("version", "2.0")
    feed.add("method", "PUBLISH")
    name = pick(centre.name, texts.lang)
    feed.add("x-wr-calname", texts.gettext("Service days at %(centre)s") % {"centre": name})
    feed.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", "PT6H")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    start = today - dt.timedelta(days=FEED_PAST_DAYS)
    for day in calendar.between(visits, start, today + dt.timedelta(days=FEED_DAYS), today):
        if day.status not in (CONFIRMED, CANCELLED):
            continue  # closed or a public holiday: not a day the department comes
        visit = day.visit
        who = pick((content.services[visit.service] if visit.service else content.providers[visit.provider]).name, lang)
        event = Event()
        event.add(
            "uid", "%s-%s-%s@thusong-bot" % (slug, (visit.service or visit.provider), day.date.strftime("%Y%m%d"))
        )
        event.add("dtstamp", stamp)
        event.add("summary", texts.gettext("%(who)s at %(centre)s") % {"who": who, "centre": name})
        event.add("location", pick(centre.address, texts.lang))
        if visit.time:
            begins, _sep, ends = visit.time.partition("-")
            event.add("dtstart", dt.datetime.combine(day.date, dt.time.fromisoformat(begins), zone))
            event.add("dtend", dt.datetime.combine(day.date, dt.time.fromisoformat(ends), zone))
        else:
            event.add("dtstart", day.date)
        event.add("status", "CANCELLED" if day.status == CANCELLED else "CONFIRMED")
        if visit.confirmed_on:
            event.add(
                "description",
                texts.gettext("Confirmed by the centre on %(date)s.") % {"date": texts.date(visit.confirmed_on)},
            )
        feed.add_component(event)
    feed.add_missing_timezones()
    response = Response(feed.to_ical(), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="%s-service-days.ics"' % slug
    response.headers["Cache-Control"] = "public, max-age=600"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
