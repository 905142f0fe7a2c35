"""initial schema: follower, message_log, miniapp_session

Revision ID: 0001
Revises:
Create Date: 2026-11-21

Times are timestamptz on PostgreSQL and naive UTC on SQLite (see models.base.UTCDateTime).
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "follower",
        sa.Column("id", ID, nullable=False),
        sa.Column("openid", sa.String(length=64), nullable=False),
        sa.Column("subscribed", sa.Boolean(), nullable=False),
        sa.Column("subscribed_at", TS, nullable=True),
        sa.Column("unsubscribed_at", TS, nullable=True),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=True),
        sa.Column("last_message_at", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follower")),
        sa.UniqueConstraint("openid", name=op.f("uq_follower_openid")),
    )
    op.create_table(
        "message_log",
        sa.Column("id", ID, nullable=False),
        sa.Column("dedup_key", sa.String(length=160), nullable=False),
        sa.Column("openid", sa.String(length=64), nullable=False),
        sa.Column("msg_type", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=True),
        sa.Column("event_key", sa.String(length=256), nullable=True),
        sa.Column("msg_id", sa.String(length=64), nullable=True),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("intent", sa.String(length=32), nullable=True),
        sa.Column("clause_refs", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_log")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_message_log_dedup_key")),
    )
    op.create_index(op.f("ix_message_log_openid"), "message_log", ["openid"])
    op.create_index(op.f("ix_message_log_received_at"), "message_log", ["received_at"])
    op.create_table(
        "miniapp_session",
        sa.Column("id", ID, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("openid", sa.String(length=64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_miniapp_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_miniapp_session_token_hash")),
    )
    op.create_index(op.f("ix_miniapp_session_openid"), "miniapp_session", ["openid"])


def downgrade() -> None:
    op.drop_index(op.f("ix_miniapp_session_openid"), table_name="miniapp_session")
    op.drop_table("miniapp_session")
    op.drop_index(op.f("ix_message_log_received_at"), table_name="message_log")
    op.drop_index(op.f("ix_message_log_openid"), table_name="message_log")
    op.drop_table("message_log")
    op.drop_table("follower")
