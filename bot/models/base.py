"""The declarative Base every table shares (so Alembic sees them all), and the helpers of
every model module."""

import datetime as dt
from typing import cast

from sqlalchemy import Table
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """The declarative base of every table."""


def utc_now() -> dt.datetime:
    """Now, in UTC with its zone: the default of every table's time columns."""
    return dt.datetime.now(dt.UTC)


def table(model: type[Base]) -> Table:
    """The model's Table, for Core statements (SQLAlchemy types `__table__` as any FromClause)."""
    return cast(Table, model.__table__)
