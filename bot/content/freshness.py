"""When a checked fact is old enough to say so: a `checked` date more than 12 months before today.

`content validate` warns about such facts (a warning, not a problem: the fact is still the best
we have), and answers show "last checked <month year>" next to them so a citizen can judge.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

if TYPE_CHECKING:
    from .bundle import Bundle

STALE_AFTER_MONTHS = 12


def is_stale(checked: dt.date | None, today: dt.date) -> bool:
    """True when a fact last checked on `checked` was checked more than 12 months before today."""
    return checked is not None and checked < today - relativedelta(months=STALE_AFTER_MONTHS)


def stale_warnings(bundle: Bundle, today: dt.date) -> list[str]:
    """One `file:line: ...` warning for every service, help line and referral whose `checked` is stale."""
    warnings: list[str] = []
    for kind, records in (
        ("service", bundle.services),
        ("help line", bundle.help_lines),
        ("referral", bundle.referrals),
    ):
        for record in records:
            if is_stale(record.get("checked"), today):
                warnings.append(
                    "%s: warning: %s `%s` was last checked on %s, more than %d months ago: "
                    "check it again and update `checked`"
                    % (record["_checked_at"], kind, record["slug"], record["checked"].isoformat(), STALE_AFTER_MONTHS)
                )
    return warnings
