"""Database migrations with Alembic: `upgrade(url)` brings a database to the newest schema.

The scripts live in bot/migrations; `flask --app bot db upgrade` and the content loader call this.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """Return an Alembic config pointing at the project's migration scripts and url."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at url up to revision (default: the newest)."""
    command.upgrade(alembic_config(url), revision)
