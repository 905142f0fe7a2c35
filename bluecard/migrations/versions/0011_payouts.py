"""payout batches and lines (finance pays approved applications, reconciles the bank file)

Revision ID: 0011
Revises: 0010 (chained after the migrations on main when merging; written against 0005)
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0006'
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
LIVE = "status IN ('pending', 'paid')"


def upgrade() -> None:
    op.create_table('payout_batch',
    sa.Column('id', ID, nullable=False),
    sa.Column('district', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('total_yuan', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('created_by', ID, nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.Column('closed_at', TS, nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], name=op.f('fk_payout_batch_created_by_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_batch'))
    )
    with op.batch_alter_table('payout_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payout_batch_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_payout_batch_status'), ['status'], unique=False)

    op.create_table('payout_line',
    sa.Column('id', ID, nullable=False),
    sa.Column('batch_id', ID, nullable=False),
    sa.Column('application_id', ID, nullable=False),
    sa.Column('amount_yuan', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('bank_reference', sa.String(length=64), nullable=True),
    sa.Column('settled_by', ID, nullable=True),
    sa.Column('settled_at', TS, nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['subsidy_application.id'], name=op.f('fk_payout_line_application_id_subsidy_application')),
    sa.ForeignKeyConstraint(['batch_id'], ['payout_batch.id'], name=op.f('fk_payout_line_batch_id_payout_batch')),
    sa.ForeignKeyConstraint(['settled_by'], ['staff_user.id'], name=op.f('fk_payout_line_settled_by_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_line')),
    sa.UniqueConstraint('batch_id', 'application_id', name=op.f('uq_payout_line_batch_id'))
    )
    with op.batch_alter_table('payout_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payout_line_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payout_line_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('uq_payout_line_live', ['application_id'], unique=True, postgresql_where=sa.text(LIVE), sqlite_where=sa.text(LIVE))


def downgrade() -> None:
    with op.batch_alter_table('payout_line', schema=None) as batch_op:
        batch_op.drop_index('uq_payout_line_live', postgresql_where=sa.text(LIVE), sqlite_where=sa.text(LIVE))
        batch_op.drop_index(batch_op.f('ix_payout_line_batch_id'))
        batch_op.drop_index(batch_op.f('ix_payout_line_application_id'))
    op.drop_table('payout_line')
    with op.batch_alter_table('payout_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payout_batch_status'))
        batch_op.drop_index(batch_op.f('ix_payout_batch_district'))
    op.drop_table('payout_batch')
