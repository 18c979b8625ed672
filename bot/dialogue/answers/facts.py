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
# of the report. A centre without a status is believed open.
STATUS_TEXTS = {
    "reported_damaged": N_("reported damaged in %(year)d: call before you travel"),
    "under_construction": N_("under construction in %(year)d: call before you travel"),
    "unverified": N_("not confirmed since %(year)d: call before you travel"),
}


def centre_status(turn: Turn, centre: CentreInfo) -> str | None:
    """What is uncertain about a centre ("reported damaged in 2023: ..."), or None."""
    if not centre.status:
        return None
    return turn._(STATUS_TEXTS[centre.status]) % {"year": centre.status_year}


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
