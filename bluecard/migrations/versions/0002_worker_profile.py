"""worker_profile: eligibility profiles kept with consent

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "worker_profile",
        sa.Column("id", ID, nullable=False),
        sa.Column("openid", sa.String(length=64), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("consented_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker_profile")),
        sa.UniqueConstraint("openid", name=op.f("uq_worker_profile_openid")),
    )


def downgrade() -> None:
    op.drop_table("worker_profile")
