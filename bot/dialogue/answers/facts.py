"""How answers qualify a fact: a centre's uncertain status, and when a fact was last checked.

Every answer that names a centre writes the name with `centre_name` so that a centre reported
damaged, under construction or unverified is never listed without saying so.
"""

from __future__ import annotations

import datetime as dt

from ...content.freshness import is_stale
from ...content.snapshot import CentreInfo
from ...i18n import N_
from .base import Turn

# A centre's `status` (content/README.md) as the words said beside its name; %(year)d is the year
# of the report. A centre without a status is believed open. Said with what to do about it
# (STATUS_ADVICE), except where the centre is one choice on a list (centre_state).
STATUS_TEXTS = {
    "reported_damaged": N_("reported damaged in %(year)d"),
    "under_construction": N_("under construction in %(year)d"),
    "unverified": N_("not confirmed since %(year)d"),
}
STATUS_ADVICE = N_("call before you travel")


def centre_state(turn: Turn, centre: CentreInfo) -> str | None:
    """What is uncertain about a centre ("reported damaged in 2023"), or None."""
    if not centre.status:
        return None
    return turn._(STATUS_TEXTS[centre.status]) % {"year": centre.status_year}


def centre_status(turn: Turn, centre: CentreInfo) -> str | None:
    """What is uncertain about a centre and what to do about it ("reported damaged in 2023: call
    before you travel"), or None."""
    state = centre_state(turn, centre)
    return "%s: %s" % (state, turn._(STATUS_ADVICE)) if state else None


def centre_name(turn: Turn, centre: CentreInfo) -> str:
    """The centre's name in the turn's language, followed by its status when it has one."""
    status = centre_status(turn, centre)
    name = turn.name(centre.name)
    return "%s (%s)" % (name, status) if status else name


def checked_line(turn: Turn, checked: dt.date) -> str:
    """ "Checked on 01 June 2026.", or "Last checked June 2025." when that is over 12 months ago."""
    if is_stale(checked, turn.today):
        return turn._("Last checked %(month)s.") % {"month": turn.texts.month_year(checked)}
    return turn._("Checked on %(date)s.") % {"date": turn.texts.short_date(checked)}


# A notice is said from this many days before it starts until it ends.
NOTICE_AHEAD_DAYS = 30


def notices(turn: Turn, centre: CentreInfo, provider: str | None = None) -> list[str]:
    """The centre's notices whose dates are near (for provider's, only when the question is about
    the centre in general or that provider), in the person's language when translated."""
    _ = turn._
    horizon = turn.today + dt.timedelta(days=NOTICE_AHEAD_DAYS)
    said = []
    for notice in turn.content.notices:
        if notice.centre != centre.slug or notice.ends < turn.today or notice.starts > horizon:
            continue
        if notice.provider and provider and notice.provider != provider:
            continue
        dates = {"starts": turn.texts.short_date(notice.starts), "ends": turn.texts.short_date(notice.ends)}
        heading = (
            _("Notice from the centre for %(date)s:") % {"date": dates["starts"]}
            if notice.starts == notice.ends
            else _("Notice from the centre, %(starts)s to %(ends)s:") % dates
        )
        text = notice.text.get(turn.lang) or notice.text["en"]
        untranslated = "" if turn.lang in notice.text else "\n" + _("(The centre wrote this notice in English.)")
        said.append(heading + "\n" + text + untranslated)
    return said
