"""Flask extensions, created unbound and bound to an app by ``create_app`` (init_app).

Nothing here opens a connection: engines and Redis clients connect on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import AppGroup
from flask_sqlalchemy import SQLAlchemy

from bluecard.models import Base

#: Alembic scripts ship inside the package, so an installed wheel can migrate its database.
MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")

db = SQLAlchemy(model_class=Base)


class MigrateConfig:
    """``app.extensions["migrate"]``: what Flask-Migrate keeps there (``.migrate``, ``.db``,
    ``.directory``, ``.configure_args``; its ``flask db`` commands and our ``env.py`` read
    them), with Flask-Migrate itself — and alembic, ~0.1 s of CPU — imported when ``.migrate``
    is first read: by a migration (``flask db``, ``bluecard migrate``, ``AUTO_MIGRATE``), never
    by a server start that applies none.
    """

    def __init__(self, sqlalchemy: SQLAlchemy) -> None:
        self.db = sqlalchemy
        self.directory = MIGRATIONS_DIR
        # Flask-Migrate's defaults, as its Migrate(render_as_batch=True) passed them on.
        self.configure_args: dict[str, Any] = {"compare_type": True, "render_as_batch": True}
        self._migrate: Any = None

    @property
    def migrate(self) -> Any:
        """Flask-Migrate's ``Migrate`` for this database (``.get_config()`` → alembic's)."""
        if self._migrate is None:
            from flask_migrate import Migrate

            # Not bound to the app: this object stays app.extensions["migrate"].
            self._migrate = Migrate(db=self.db, directory=self.directory, **self.configure_args)
        return self._migrate

    @property
    def metadata(self) -> Any:
        """The models' metadata (Flask-Migrate's old name for ``db.metadata``)."""
        return self.db.metadata


class _CommandsWithDb(AppGroup):
    """An app's ``app.cli`` that loads Flask-Migrate's ``db`` group when it is asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "db" and "db" not in self.commands:
            from flask_migrate.cli import db as db_commands

            self.add_command(db_commands, "db")
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "db"})


def init_migrations(app: Flask) -> None:
    """Give ``app`` Flask-Migrate's ``app.extensions["migrate"]`` and ``flask db`` commands,
    neither importing it until used (call before any command is added to ``app.cli``)."""
    app.extensions["migrate"] = MigrateConfig(db)
    commands = _CommandsWithDb(name=app.cli.name)
    commands.commands.update(app.cli.commands)
    app.cli = commands


def upgrade_database(app: Flask | Any, revision: str = "head") -> None:
    """Apply Alembic migrations up to ``revision`` on the app's database.

    Raises alembic.util.CommandError on a bad revision and the driver's error when the
    database cannot be reached (unlike ``flask db upgrade``, which exits the process).
    """
    from alembic import command

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        command.upgrade(config, revision)
