"""Command line: ``bluecard <command>`` (console script) or ``flask --app wsgi bluecard <command>``.

bluecard migrate            apply database migrations (same as ``flask --app wsgi db upgrade``)
bluecard purge-sessions     delete mini-program sessions that ended long ago
bluecard check-config       validate the environment and print what is configured
bluecard run / routes / db / openapi ...   Flask's, Flask-Migrate's and flask-openapi3's
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup, FlaskGroup

from bluecard.config import ConfigError, load_settings
from bluecard.extensions import upgrade_database
from bluecard.services.miniapp_sessions import purge_sessions

commands = AppGroup("bluecard", help="技工蓝卡 service commands.")


@commands.command("migrate")
@click.option("--revision", default="head", show_default=True, help="Alembic target revision.")
def migrate_command(revision: str) -> None:
    """Apply the database migrations up to REVISION."""
    upgrade_database(current_app, revision)
    click.echo(f"database at {revision}")


@commands.command("purge-sessions")
@click.option("--days", default=30, show_default=True, help="Keep sessions ended this recently.")
def purge_sessions_command(days: int) -> None:
    """Delete mini-program sessions that expired or were revoked more than DAYS days ago."""
    count = purge_sessions(timedelta(days=days))
    click.echo(f"deleted {count} sessions")


@commands.command("check-config", with_appcontext=False)
def check_config_command() -> None:
    """Validate the environment's configuration; exit 2 naming each problem."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    click.echo(json.dumps(settings.summary(), ensure_ascii=False, indent=2))


def _create_app():  # type: ignore[no-untyped-def]
    from bluecard import create_app

    return create_app()


def main() -> None:
    """Entry point of the ``bluecard`` console script."""
    group = FlaskGroup(name="bluecard", create_app=_create_app, help=__doc__)
    for command in commands.commands.values():
        group.add_command(command)
    group.main()
