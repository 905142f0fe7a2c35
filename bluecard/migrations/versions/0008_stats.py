"""扩展问 (extended phrasings of clauses, out-of-scope marks) and their version counter

``extended_question``: what policy staff decided about a question workers asked that nothing
answered: attached to a clause (the search then answers it) or out of scope; retired rows
keep their history. ``phrasing_version``: one row (id 1), incremented with every change, that
each process compares with the version its search index was wrapped for.

Revision ID: 0008
Revises: 0009
Create Date: 2026-11-30

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

TS = sa.DateTime(timezone=True)
BIGINT = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'extended_question',
        sa.Column('id', BIGINT, nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('doc_id', sa.String(length=64), nullable=True),
        sa.Column('clause_id', sa.String(length=64), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('retired_version', sa.Integer(), nullable=True),
        sa.Column('created_by', BIGINT, nullable=True),
        sa.Column('created_at', TS, nullable=False),
        sa.Column('retired_by', BIGINT, nullable=True),
        sa.Column('retired_at', TS, nullable=True),
        sa.ForeignKeyConstraint(
            ['created_by'], ['staff_user.id'],
            name=op.f('fk_extended_question_created_by_staff_user'),
        ),
        sa.ForeignKeyConstraint(
            ['retired_by'], ['staff_user.id'],
            name=op.f('fk_extended_question_retired_by_staff_user'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_extended_question')),
    )
    with op.batch_alter_table('extended_question', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_extended_question_retired_version'), ['retired_version'], unique=False
        )
    version = op.create_table(
        'phrasing_version',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('changed_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_phrasing_version')),
    )
    op.bulk_insert(version, [{'id': 1, 'version': 0, 'changed_at': datetime.now(timezone.utc)}])


def downgrade() -> None:
    op.drop_table('phrasing_version')
    with op.batch_alter_table('extended_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extended_question_retired_version'))
    op.drop_table('extended_question')
