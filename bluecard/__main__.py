"""The ``bluecard`` console script (pyproject: ``bluecard.__main__:main``), also
``python -m bluecard``: Flask's command group on ``create_app`` with our commands
(``bluecard.cli``). It sits above the app factory, which registers ``bluecard.cli`` itself,
so neither imports the other back.
"""

from __future__ import annotations

from flask.cli import FlaskGroup

from bluecard import cli, create_app


def main() -> None:
    """Entry point of the ``bluecard`` console script: ``bluecard <command>`` (see
    ``bluecard.cli`` for the commands); exits with the command's status."""
    group = FlaskGroup(name="bluecard", create_app=lambda: create_app(), help=cli.__doc__)
    for command in cli.commands.commands.values():
        group.add_command(command)
    group.main()


if __name__ == "__main__":
    main()
