"""`flask --app bot users ...`: console accounts from the command line (no one signs up).

    users add EMAIL --role manager --centre jozini [--centre ...]
    users add EMAIL --role coordinator --province KZN
    users add EMAIL --role admin
    users reset EMAIL      a new one-time link to set the password
    users disable EMAIL    signs the account out everywhere at once
    users list

`add` and `reset` print the one-time link (valid accounts.LINK_HOURS hours): send it to the
person; CONSOLE_URL is where the console is served (unset: PUBLIC_URL, else this machine on
PORT, said with the link).
"""

from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ConsoleUser
from . import accounts

users_cli = AppGroup("users", help="Console accounts: add, reset, disable, list.")


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)


def _account(db: Session, email: str) -> ConsoleUser:
    """The account with this email, or the command's error."""
    user = accounts.find(db, email)
    if user is None:
        raise click.ClickException("no account for %s" % email)
    return user


def _link(token: str) -> str:
    """The link, with a note when CONSOLE_URL is not set (it then works on this machine only)."""
    link = "%s/console/password/%s" % (current_app.config["CONSOLE_URL"].rstrip("/"), token)
    if not (os.environ.get("CONSOLE_URL") or os.environ.get("PUBLIC_URL")):
        link += "\n(CONSOLE_URL is not set: this link opens on this machine only; set it to the address people use)"
    return link


@users_cli.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(accounts.ROLES), default=None, help="manager, coordinator or admin.")
@click.option("--centre", "centres", multiple=True, help="A centre a manager manages (its slug); repeat for more.")
@click.option("--province", default=None, help="The province a coordinator looks after (e.g. KZN).")
@click.option("--admin", is_flag=True, help="Same as --role admin.")
def add(email: str, role: str | None, centres: tuple[str, ...], province: str | None, admin: bool) -> None:
    """Add an account and print its one-time password link."""
    role = "admin" if admin else role or ("coordinator" if province else "manager")
    content = current_app.extensions["snapshots"].get()
    with current_app.extensions["database"].session() as db, db.begin():
        try:
            user = accounts.add(db, content, email, role, centres, province.upper() if province else None)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from None
        token = accounts.password_link(db, user)
    click.echo(
        "added %s (%s). Send them this link to set a password (valid %d hours):" % (email, role, accounts.LINK_HOURS)
    )
    click.echo(_link(token))


@users_cli.command("reset")
@click.argument("email")
def reset(email: str) -> None:
    """Print a new one-time link to set the account's password."""
    with current_app.extensions["database"].session() as db, db.begin():
        token = accounts.password_link(db, _account(db, email))
    click.echo(_link(token))


@users_cli.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Disable an account: it can no longer sign in, and its sessions end at once."""
    with current_app.extensions["database"].session() as db, db.begin():
        user = _account(db, email)
        user.active = False
        accounts.end_sessions(db, user)
    click.echo("disabled %s" % email)


@users_cli.command("list")
def list_users() -> None:
    """Every account: email, role, what it manages, active or not."""
    with current_app.extensions["database"].session() as db:
        for user in db.scalars(select(ConsoleUser).order_by(ConsoleUser.email)):
            scope = ",".join(user.centres) if user.role == "manager" else user.province or "all"
            click.echo("%-40s %-12s %-30s %s" % (user.email, user.role, scope, "active" if user.active else "disabled"))
