"""South Africa's public holidays, from the maintained `holidays` package (never typed by hand):
the Public Holidays Act's days, a holiday on a Sunday moved to the Monday, and days declared for
one year (election days, a presidential decree) as the package's maintainers add them.

`holiday(date)` names the holiday on a date in English; `holiday_name(name, gettext)` says it in
a person's language from the catalogs (a name the catalogs lack stays in English).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import holidays

from ..i18n import N_

# The names the package gives, as the catalogs translate them (a day observed on the Monday
# carries the package's " (observed)").
NAMES = {
    name: name
    for name in (
        N_("New Year's Day"),
        N_("Human Rights Day"),
        N_("Good Friday"),
        N_("Family Day"),
        N_("Freedom Day"),
        N_("Workers' Day"),
        N_("Youth Day"),
        N_("National Women's Day"),
        N_("Heritage Day"),
        N_("Day of Reconciliation"),
        N_("Christmas Day"),
        N_("Day of Goodwill"),
        N_("Local Government Elections"),
        N_("Municipal elections"),
        N_("National and Provincial Government Elections"),
    )
}
OBSERVED = " (observed)"
OBSERVED_MSGID = N_("%(holiday)s, moved from the Sunday")


@functools.lru_cache(maxsize=16)
def _year(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("ZA", years=year).items())


def holiday(date: dt.date) -> str | None:
    """The English name of the public holiday on date, or None."""
    return _year(date.year).get(date)


def holiday_name(name: str, gettext: Callable[[str], str]) -> str:
    """A holiday's name (as `holiday` gives it) in the language of gettext."""
    parts = []
    for part in name.split("; "):  # two holidays on one day ("Good Friday; Human Rights Day")
        base, observed = (part[: -len(OBSERVED)], True) if part.endswith(OBSERVED) else (part, False)
        said = gettext(base) if base in NAMES else base
        parts.append(gettext(OBSERVED_MSGID) % {"holiday": said} if observed else said)
    return "; ".join(parts)
