"""How many SMS the bot may send a person on its own initiative (USSD "Send this to me by SMS").

Each SMS costs money and goes to the number the USSD callback names, so sending is bounded:
`claim(database, owner, per_day)` takes one of the person's per_day sends of the current UTC
day and says whether one was left. A send is a row in channel_sessions under
"sms-day:<date>:<user key>:<n>"; the unique key makes claiming atomic across workers (never
check-then-insert), `purge` removes old rows and `forget` the person's.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from ..models import ChannelSession, table

_INSERT = insert(table(ChannelSession))


def claim(database, owner: str, per_day: int, now: dt.datetime | None = None) -> bool:
    """True when owner (a user key) had a send left today, which is now taken; else False."""
    now = now or dt.datetime.now(dt.UTC)
    for number in range(1, per_day + 1):
        try:
            with database.begin() as connection:
                connection.execute(
                    _INSERT,
                    {
                        "key": "sms-day:%s:%s:%d" % (now.date().isoformat(), owner, number),
                        "data": {},
                        "user_key": owner,
                        "updated_at": now,
                    },
                )
            return True
        except IntegrityError:
            continue
    return False
