"""Command-line tools: `flask --app bot content validate|load|coverage`, `db upgrade`, `chat` and
`feedback list` (what people said about a centre, for its manager)."""

from __future__ import annotations

import datetime as dt
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from .cleaning import spreadsheet_cell
from .content.bundle import read_bundle
from .content.freshness import stale_warnings
from .content.store import ContentProblems, load_bundle
from .migrate import upgrade

content_cli = AppGroup("content", help="Check and load the curated content in content/.")
db_cli = AppGroup("db", help="Database schema migrations.")


def _report(problems: list[str]) -> None:
    for problem in problems:
        click.echo(problem, err=True)
    click.echo("%d problem(s): nothing loaded." % len(problems), err=True)


def _checked_bundle(folder):
    """The content bundle of folder (default CONTENT_DIR); exits with status 1 on any problem."""
    from .dialogue.answers import unknown_intents

    bundle = read_bundle(folder or current_app.config["CONTENT_DIR"])
    bundle.problems += unknown_intents(bundle.named_intents)
    if bundle.problems:
        _report(bundle.problems)
        sys.exit(1)
    return bundle


@content_cli.command("validate")
@click.option("--dir", "folder", default=None, help="Content folder (default: CONTENT_DIR).")
def validate(folder):
    """Check every content file; print each problem as file:line: what is wrong."""
    bundle = _checked_bundle(folder)
    for warning in stale_warnings(bundle, (current_app.config.get("TODAY") or dt.date.today)()):
        click.echo(warning, err=True)
    click.echo("content is valid: %d files, version %s" % (bundle.files, bundle.version))


@content_cli.command("load")
@click.option("--dir", "folder", default=None, help="Content folder (default: CONTENT_DIR).")
def load(folder):
    """Migrate the database, then replace all content with the folder's (all or nothing)."""
    bundle = _checked_bundle(folder)
    upgrade(current_app.config["DATABASE_URL"])
    try:
        with current_app.extensions["database"].session() as session, session.begin():
            counts = load_bundle(session, bundle)
    except ContentProblems as error:  # pragma: no cover - checked above
        _report(error.problems)
        sys.exit(1)
    click.echo(
        "loaded content version %s: %s" % (bundle.version, ", ".join("%d %s" % (n, kind) for kind, n in counts.items()))
    )


@content_cli.command("export")
@click.option("--dir", "folder", default=".", type=click.Path(file_okay=False), help="Where to write (default: here).")
def export(folder):
    """Write what managers published in the console as YAML for curators to review and commit:
    service-days-published.yaml (a content file: move it into content/ to make it the seed) and
    corrections-published.yaml (corrected phones, hours and addresses, notices: for review)."""
    from pathlib import Path

    import yaml
    from sqlalchemy import select

    from .content import published
    from .models import ConsoleUser

    with current_app.extensions["database"].session() as session:
        changes = published.in_force(session)
        authors = {u.id: u.email for u in session.scalars(select(ConsoleUser))}
    days, corrections = published.export(changes, authors)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in (("service-days-published.yaml", days), ("corrections-published.yaml", corrections)):
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (out / name).write_text("# Exported from the console by `flask --app bot content export`.\n" + text)
    click.echo(
        "wrote %d service day(s) to %s and %d correction(s) and notice(s) to %s"
        % (
            len(days["service_days"]),
            out / "service-days-published.yaml",
            len(corrections["corrections"]),
            out / "corrections-published.yaml",
        )
    )


@content_cli.command("coverage")
@click.option("--dir", "folder", default=None, help="Content folder (default: CONTENT_DIR).")
def coverage_command(folder):
    """Print the translated share of the content per language and field."""
    from .content.coverage import coverage, table

    click.echo(table(coverage(_checked_bundle(folder))))


feedback_cli = AppGroup("feedback", help="What people told us about centres.")


# 100 years: more reaches before any date Python can hold ("--days 99999999" crashed).
MAX_FEEDBACK_DAYS = 36500


@feedback_cli.command("list")
@click.option("--centre", default=None, help="Only feedback about this centre (slug).")
@click.option(
    "--days",
    default=30,
    show_default=True,
    type=click.IntRange(0, MAX_FEEDBACK_DAYS),
    help="Only feedback from the last DAYS days.",
)
@click.option(
    "--format",
    "output",
    default="text",
    show_default=True,
    type=click.Choice(["text", "csv", "json"]),
    help="text: aligned columns; csv or json: one record each, for a spreadsheet or a program.",
)
def feedback_list(centre, days, output):
    """Print feedback for a centre manager, newest first: date, reference, centre, rating, text.

    One record is one line whatever the text says: in text form any character that is not
    printable (a line break, a control or bidi character in an old row) is shown escaped."""
    import csv
    import json

    from sqlalchemy import select

    from .models import Feedback

    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    query = select(Feedback).where(Feedback.created_at >= since).order_by(Feedback.created_at.desc())
    if centre:
        query = query.where(Feedback.centre_slug == centre)
    with current_app.extensions["database"].session() as session:
        rows = session.scalars(query).all()
    records = [
        {
            "date": row.created_at.strftime("%Y-%m-%d %H:%M"),
            "reference": row.reference or "",
            "centre": row.centre_slug or "",
            "rating": row.rating,
            "text": row.text or "",
        }
        for row in rows
    ]
    if output == "json":
        for record in records:
            click.echo(json.dumps(record))  # ASCII: no control or bidi character reaches a terminal
        return
    if output == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=["date", "reference", "centre", "rating", "text"])
        writer.writeheader()
        writer.writerows(
            {key: spreadsheet_cell(value) for key, value in dict(record, text=_escaped(record["text"])).items()}
            for record in records
        )
        return
    for record in records:
        click.echo(
            "%s  %-7s  %-16s  %s  %s"
            % (
                record["date"],
                record["reference"] or "-",
                record["centre"] or "-",
                ("%d/5" % record["rating"]) if record["rating"] else "-  ",
                _escaped(record["text"]),
            )
        )
    click.echo("%d feedback message(s)" % len(rows))


def _escaped(text: str) -> str:
    """text with every character that is not printable (line breaks, C0/C1 controls, bidi and
    other format characters) written as a Python escape (\\n, \\x85, \\u202e)."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


@db_cli.command("upgrade")
def db_upgrade():
    """Bring the database schema to the newest migration."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is at the newest schema")


@click.command("purge")
@with_appcontext
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Keep this many days, 1 or more (default: LOG_RETENTION_DAYS).",
)
def purge_command(days):
    """Remove conversation data older than the retention period (run daily)."""
    from .privacy import purge

    days = days if days is not None else current_app.config["LOG_RETENTION_DAYS"]
    counts = purge(current_app.extensions["database"], days)
    click.echo("purged data older than %d days: %s" % (days, ", ".join("%d %s" % (n, k) for k, n in counts.items())))


@click.command("forget")
@with_appcontext
@click.argument("who")
@click.option("--web", is_flag=True, help="WHO is a web or API user id, not a phone number.")
def forget_command(who, web):
    """Remove everything stored about the person with this phone number (any usual form:
    0821234567, 27821234567, +27 82 123 4567, whatsapp:+27...) or, with --web, web user id.
    Exits with status 1 when nothing was stored about them, 2 when WHO is not a phone number."""
    from .dialogue import identity
    from .privacy import forget

    if web:
        person = identity.web(who)
    elif identity.e164(who):
        person = identity.phone(who)
    else:
        click.echo("%r is not a phone number; use --web for a web user id." % who, err=True)
        sys.exit(2)
    counts = forget(current_app.extensions["database"], current_app.config["SECRET_KEY"], person)
    if not any(counts.values()):
        click.echo("nothing was stored about this %s: nothing removed." % ("web user" if web else "number"), err=True)
        sys.exit(1)
    click.echo("removed: " + ", ".join("%d %s" % (n, k) for k, n in counts.items()))


def register(app) -> None:
    """Add the command groups to app's CLI."""
    from .reminders.cli import reminders_cli
    from .simulator import chat_command

    app.cli.add_command(content_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(chat_command)
    app.cli.add_command(feedback_cli)
    app.cli.add_command(purge_command)
    app.cli.add_command(forget_command)
    app.cli.add_command(reminders_cli)
