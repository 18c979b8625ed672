"""Console accounts: who may sign in and what they may touch.

No one signs up: an administrator adds accounts from the command line (bot.console.cli), which
prints a one-time link to set the password (`password_link`, valid LINK_HOURS, only its hash
kept). Passwords are kept as werkzeug hashes and must be at least MIN_PASSWORD characters.
A centre manager may manage the centres named on the account, a provincial coordinator every
centre of the province, an administrator every centre (`may_manage`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from flask_login import UserMixin
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..cleaning import one_line
from ..content.snapshot import CentreInfo, Content
from ..database import utc
from ..models import ConsoleSession, ConsoleUser, PasswordLink

ROLES = ("manager", "coordinator", "admin")
MIN_PASSWORD = 12
LINK_HOURS = 24
# Checked against when the email is unknown, so a wrong email takes as long as a wrong password.
_NOBODY = generate_password_hash("no account has this password")


class AccountError(ValueError):
    """An account that cannot be added or changed as asked (the message says why)."""


@dataclass(frozen=True)
class Manager(UserMixin):
    """The signed-in console user (Flask-Login's user): what a request may do."""

    id: int
    email: str
    role: str
    centres: tuple[str, ...]
    province: str | None
    # The sign-in's token (bot.models.ConsoleSession): Flask-Login's id, kept in the cookie.
    token: str

    def get_id(self) -> str:
        return self.token

    def may_manage(self, centre: CentreInfo) -> bool:
        """Whether this user may see and change centre."""
        if self.role == "admin":
            return True
        if self.role == "coordinator":
            return centre.province == self.province
        return centre.slug in self.centres

    def centres_in(self, content: Content) -> list[CentreInfo]:
        """The centres of content this user manages, by name."""
        return sorted((c for c in content.centres.values() if self.may_manage(c)), key=lambda c: c.name["en"])


def as_manager(user: ConsoleUser, token: str) -> Manager:
    return Manager(user.id, user.email, user.role, tuple(user.centres or ()), user.province, token)


def start_session(session: Session, user: ConsoleUser, hours: int) -> str:
    """A new sign-in of user, for at most hours from now; its token (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.UTC)
    session.add(
        ConsoleSession(
            token_hash=_hash(token), user_id=user.id, created_at=now, expires_at=now + dt.timedelta(hours=hours)
        )
    )
    return token


def session_user(session: Session, token: str) -> ConsoleUser | None:
    """The user of a sign-in still open (not ended, not expired), who is active and has a
    password; else None."""
    row = session.scalar(select(ConsoleSession).where(ConsoleSession.token_hash == _hash(token)))
    if row is None or row.ended_at is not None or utc(row.expires_at) <= dt.datetime.now(dt.UTC):
        return None
    user = session.get(ConsoleUser, row.user_id)
    return user if user is not None and user.active and user.password_hash else None


def end_session(session: Session, token: str) -> None:
    """End one sign-in (signing out)."""
    session.execute(
        update(ConsoleSession)
        .where(ConsoleSession.token_hash == _hash(token), ConsoleSession.ended_at.is_(None))
        .values(ended_at=dt.datetime.now(dt.UTC))
    )


def end_sessions(session: Session, user: ConsoleUser) -> None:
    """End every sign-in of user (disabled, or a new password)."""
    session.execute(
        update(ConsoleSession)
        .where(ConsoleSession.user_id == user.id, ConsoleSession.ended_at.is_(None))
        .values(ended_at=dt.datetime.now(dt.UTC))
    )


def normal_email(email: str) -> str:
    """An email as accounts are kept under: one line (bot.cleaning), lower case."""
    return one_line(email).lower()


def find(session: Session, email: str) -> ConsoleUser | None:
    return session.scalar(select(ConsoleUser).where(ConsoleUser.email == normal_email(email)))


def add(
    session: Session,
    content: Content,
    email: str,
    role: str,
    centres: tuple[str, ...] = (),
    province: str | None = None,
) -> ConsoleUser:
    """A new active account without a password (give it a password_link)."""
    email = normal_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError("%r is not an email address" % email)
    if role not in ROLES:
        raise AccountError("the role must be one of %s" % ", ".join(ROLES))
    unknown = [slug for slug in centres if slug not in content.centres]
    if unknown:
        raise AccountError("no centre is called %s (see content/centres)" % ", ".join(unknown))
    if role == "manager" and not centres:
        raise AccountError("a manager needs at least one --centre")
    if role == "coordinator" and province not in content.provinces:
        raise AccountError("a coordinator needs --province, one of %s" % ", ".join(sorted(content.provinces)))
    if find(session, email) is not None:
        raise AccountError("%s already has an account" % email)
    user = ConsoleUser(
        email=email,
        role=role,
        centres=list(centres) if role == "manager" else [],
        province=province if role == "coordinator" else None,
        active=True,
        created_at=dt.datetime.now(dt.UTC),
    )
    session.add(user)
    session.flush()
    return user


def password_link(session: Session, user: ConsoleUser) -> str:
    """A new one-time token to set user's password (the link is /console/password/<token>)."""
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordLink(
            token_hash=_hash(token),
            user_id=user.id,
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=LINK_HOURS),
        )
    )
    return token


def link_user(session: Session, token: str) -> ConsoleUser | None:
    """The active user a valid, unused, unexpired token is for (else None)."""
    link = session.scalar(select(PasswordLink).where(PasswordLink.token_hash == _hash(token)))
    if link is None or link.used_at is not None or utc(link.expires_at) < dt.datetime.now(dt.UTC):
        return None
    user = session.get(ConsoleUser, link.user_id)
    return user if user is not None and user.active else None


def set_password(session: Session, token: str, password: str) -> ConsoleUser:
    """Set the password of the token's user and use the token up; AccountError when it cannot be."""
    user = link_user(session, token)
    if user is None:
        raise AccountError("this link is not valid any more: ask an administrator for a new one")
    if len(password) < MIN_PASSWORD:
        raise AccountError("the password must have at least %d characters" % MIN_PASSWORD)
    user.password_hash = generate_password_hash(password)
    for link in session.scalars(select(PasswordLink).where(PasswordLink.user_id == user.id)):
        link.used_at = link.used_at or dt.datetime.now(dt.UTC)
    end_sessions(session, user)  # a new password signs the account out everywhere
    return user


def check(session: Session, email: str, password: str) -> ConsoleUser | None:
    """The active user with this email and password, else None."""
    user = find(session, email)
    if user is None or not user.password_hash:
        check_password_hash(_NOBODY, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
