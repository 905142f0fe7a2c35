"""SQL helpers shared by the services."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, scoped_session


def insert_ignoring_conflict(
    session: Session | scoped_session[Any], table: Any, values: dict[str, Any], key: str
) -> bool:
    """INSERT ``values`` into ``table`` unless a row with the same unique ``key`` exists.

    Race-free on PostgreSQL and SQLite (``ON CONFLICT DO NOTHING``), unlike select-then-insert.
    Returns True when a row was inserted.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    column = getattr(table, key)
    stmt = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[key])
        .returning(column)
    )
    # RETURNING rather than rowcount: with implicit RETURNING, psycopg reports rowcount -1.
    return session.execute(stmt).first() is not None
