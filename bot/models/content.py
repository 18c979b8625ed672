"""The loaded content: one validated, versioned document (bot.content.document).

Each `flask --app bot content load` writes one row and removes the ones before it; workers
read `version` every few seconds and the body only when it changed (bot.content.snapshot).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ContentDocument(Base):
    """One loaded version of the content as JSON (`schema` says which shape the body has)."""

    __tablename__ = "content_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    schema: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
