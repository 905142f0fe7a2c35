"""back office: suspended cards (暂停) and applications' processing time limits

- blue_card: suspended_at, suspend_reason; the one-card-per-person index
  uq_blue_card_live_person also covers suspended cards (a suspended card is still held).
- subsidy_application: processing_days and due_on (China's working days from 受理).

Revision ID: 0012_office
Revises: 0011
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0012_office'
down_revision = '0011'
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
HELD = "status IN ('pending', 'active', 'suspended')"
LIVE = "status IN ('pending', 'active')"


def upgrade() -> None:
    with op.batch_alter_table('blue_card', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspended_at', TS, nullable=True))
        batch_op.add_column(sa.Column('suspend_reason', sa.String(length=500), nullable=True))
        batch_op.drop_index('uq_blue_card_live_person', postgresql_where=sa.text(LIVE), sqlite_where=sa.text(LIVE))
        batch_op.create_index('uq_blue_card_live_person', ['id_number_hash'], unique=True, postgresql_where=sa.text(HELD), sqlite_where=sa.text(HELD))

    with op.batch_alter_table('subsidy_application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('processing_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_subsidy_application_due_on'), ['due_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('subsidy_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subsidy_application_due_on'))
        batch_op.drop_column('due_on')
        batch_op.drop_column('processing_days')

    # Suspended cards go back to active: the older schema has no such state.
    op.execute("UPDATE blue_card SET status = 'active' WHERE status = 'suspended'")
    with op.batch_alter_table('blue_card', schema=None) as batch_op:
        batch_op.drop_index('uq_blue_card_live_person', postgresql_where=sa.text(HELD), sqlite_where=sa.text(HELD))
        batch_op.create_index('uq_blue_card_live_person', ['id_number_hash'], unique=True, postgresql_where=sa.text(LIVE), sqlite_where=sa.text(LIVE))
        batch_op.drop_column('suspend_reason')
        batch_op.drop_column('suspended_at')
