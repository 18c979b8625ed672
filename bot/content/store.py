"""Write a checked content bundle into the database, all or nothing.

`load_bundle(session, bundle)` replaces the loaded content with bundle's, as one document
(bot.content.document), in the session's transaction; the caller commits. Conversations and
feedback are never touched. `loaded_version(session)` is the version workers compare with
theirs, `loaded_content(session)` the content itself: the content document (`curated_content`) with
the changes managers published put in an overlay of it. `SnapshotCache.get()` returns the
current `Content` of one process and reads it again only when the loaded version changes
(asked at most every few seconds), so a turn reads no content from the database; after a
publish it reads only the published changes, and what is built from the content document (the
phrase index, the classifiers) is kept.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..i18n import DEFAULT_TIMEZONE
from ..models import ContentDocument
from . import document, published
from .bundle import Bundle
from .kinds import KINDS
from .snapshot import Content

if TYPE_CHECKING:
    from ..database import Database


class ContentProblems(Exception):
    """The bundle has problems; nothing was loaded."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("%d problem(s) in the content" % len(problems))
        self.problems = problems


def load_bundle(session: Session, bundle: Bundle) -> dict[str, int]:
    """Replace all content with bundle's; return counts per kind. Raises ContentProblems."""
    if bundle.problems:
        raise ContentProblems(bundle.problems)
    content = document.from_bundle(bundle)
    session.execute(delete(ContentDocument))
    session.add(
        ContentDocument(
            version=bundle.version,
            schema=document.SCHEMA,
            body=document.dump(content),
            loaded_at=dt.datetime.now(dt.UTC),
        )
    )
    counts = {kind.what + "s": len(bundle.records[kind.name]) for kind in KINDS}
    counts["centre services"] = sum(len(c.services) for c in content.centres.values())
    counts["vocabularies"] = len(content.vocabularies)
    return counts


def loaded_version(session: Session) -> str | None:
    """The version of what the database holds (None when nothing is loaded): the content's
    version, and the number of the newest change managers published, when there is one."""
    version = session.scalar(select(ContentDocument.version).order_by(ContentDocument.id.desc()).limit(1))
    return _with_changes(version, published.revision(session))


def _with_changes(version: str | None, changes: int) -> str | None:
    return "%s+%d" % (version, changes) if version is not None and changes else version


_ZONE = ZoneInfo(DEFAULT_TIMEZONE)


def loaded_content(session: Session, zone: ZoneInfo = _ZONE, curated: Content | None = None) -> Content:
    """The loaded content, with what managers published in force, as a snapshot (an empty one,
    version None, when nothing is loaded); the days changes were published on are days in zone.
    curated, a content document read before (curated_content), is used again when it is still
    the loaded one: after a publish only the published changes are read."""
    return overlaid(session, curated_content(session, curated), zone)


def overlaid(session: Session, curated: Content, zone: ZoneInfo = _ZONE) -> Content:
    """An overlay of the content document curated with what managers published in force (curated
    itself when nothing is loaded)."""
    if curated.curated_version is None:
        return curated
    content = published.apply(curated.overlay(), published.in_force(session), zone)
    content.version = _with_changes(curated.curated_version, published.revision(session))
    return content


def curated_content(session: Session, held: Content | None = None) -> Content:
    """The loaded content document alone (content/, without what managers published) with its
    curated_version set, an empty snapshot when nothing is loaded; held when it is that document."""
    version = session.scalar(select(ContentDocument.version).order_by(ContentDocument.id.desc()).limit(1))
    if held is not None and version is not None and held.curated_version == version:
        return held
    row = session.execute(
        select(ContentDocument.body, ContentDocument.schema).order_by(ContentDocument.id.desc()).limit(1)
    ).first()
    if version is None or row is None:
        return Content(version=None)
    content = document.load(row.body, row.schema)
    content.curated_version = version
    return content


class SnapshotCache:
    """Holds the current Content for one process; thread-safe."""

    def __init__(self, database: Database, check_seconds: float = 10.0, zone: ZoneInfo = _ZONE) -> None:
        self.database = database
        self.zone = zone
        self.check_seconds = check_seconds
        self._content: Content | None = None
        self._curated: Content | None = None  # the content document the snapshot is an overlay of
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def get(self) -> Content:
        """The current snapshot, re-read when the loaded content_version has changed."""
        now = time.monotonic()
        if self._content is not None and now - self._checked_at < self.check_seconds:
            return self._content
        with self._lock:
            if self._content is not None and now - self._checked_at < self.check_seconds:
                return self._content
            try:
                with self.database.session() as session:
                    version = loaded_version(session)
                    if self._content is None or version != self._content.version:
                        self._curated = curated_content(session, self._curated)
                        self._content = overlaid(session, self._curated, self.zone)
            except SQLAlchemyError:
                if self._content is None:
                    raise
                # The database is down: keep answering from what was loaded.
            self._checked_at = time.monotonic()
            return self._content

    def last(self) -> Content | None:
        """The snapshot held now, without asking the database (None before the first load)."""
        return self._content
