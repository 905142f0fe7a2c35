"""Flask extensions, created unbound and bound to an app by ``create_app`` (init_app).

Nothing here opens a connection: engines and Redis clients connect on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from bluecard.models import Base

#: Alembic scripts ship inside the package, so an installed wheel can migrate its database.
MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")

db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=MIGRATIONS_DIR, render_as_batch=True)


def upgrade_database(app: Flask | Any, revision: str = "head") -> None:
    """Apply Alembic migrations up to ``revision`` on the app's database.

    Raises alembic.util.CommandError on a bad revision and the driver's error when the
    database cannot be reached (unlike ``flask db upgrade``, which exits the process).
    """
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        command.upgrade(config, revision)
