"""payout batches: when the payee list went to the bank (lines can be removed until then)

- payout_batch: sent_at, sent_by (the first download of the batch's payee list).
- payout_line.status may now be 'removed' (no schema change: a plain string).

Revision ID: 0013_office13
Revises: 0012_office
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0013_office13'
down_revision = '0012_office'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('payout_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sent_by', ID, nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_payout_batch_sent_by_staff_user'), 'staff_user', ['sent_by'], ['id'])


def downgrade() -> None:
    # Removed lines cannot exist in the older schema's meaning: keep them as failed lines
    # (the application stays 已批准 either way), their reason kept.
    op.execute("UPDATE payout_line SET status = 'failed' WHERE status = 'removed'")
    with op.batch_alter_table('payout_batch', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_payout_batch_sent_by_staff_user'), type_='foreignkey')
        batch_op.drop_column('sent_by')
        batch_op.drop_column('sent_at')
