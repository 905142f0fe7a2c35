"""enterprise survey rounds and invitations; actuals entered against the documents' targets

``survey_round`` / ``survey_invitation``: 企业技能人才现状及需求情况调查表 (台儿庄 附件1), one
invitation (link + QR code) per enterprise to visit; personal fields encrypted.
``target_actual``: dated actuals staff enter, with their source.

Revision ID: 0010
Revises: 0005
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa

TS = sa.DateTime(timezone=True)
PK = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'survey_round',
        sa.Column('id', PK, nullable=False),
        sa.Column('district', sa.String(length=16), nullable=False),
        sa.Column('title', sa.String(length=100), nullable=False),
        sa.Column('created_by', PK, nullable=True),
        sa.Column('created_at', TS, nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], name=op.f('fk_survey_round_created_by_staff_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_round')),
    )
    op.create_index(op.f('ix_survey_round_district'), 'survey_round', ['district'], unique=False)
    op.create_table(
        'survey_invitation',
        sa.Column('id', PK, nullable=False),
        sa.Column('round_id', PK, nullable=False),
        sa.Column('district', sa.String(length=16), nullable=False),
        sa.Column('enterprise_name', sa.String(length=100), nullable=False),
        sa.Column('credit_code', sa.String(length=18), nullable=True),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('token_enc', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('draft_enc', sa.Text(), nullable=True),
        sa.Column('draft_saved_at', TS, nullable=True),
        sa.Column('figures', sa.JSON(), nullable=True),
        sa.Column('personal_enc', sa.Text(), nullable=True),
        sa.Column('seal_png', sa.LargeBinary(), nullable=True),
        sa.Column('submitted_at', TS, nullable=True),
        sa.Column('submitted_via', sa.String(length=8), nullable=True),
        sa.Column('submitted_by', PK, nullable=True),
        sa.Column('created_at', TS, nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_survey_invitation_round_id_survey_round')),
        sa.ForeignKeyConstraint(['submitted_by'], ['staff_user.id'], name=op.f('fk_survey_invitation_submitted_by_staff_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_invitation')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_survey_invitation_token_hash')),
    )
    op.create_index(op.f('ix_survey_invitation_round_id'), 'survey_invitation', ['round_id'], unique=False)
    op.create_index(op.f('ix_survey_invitation_district'), 'survey_invitation', ['district'], unique=False)
    op.create_index(op.f('ix_survey_invitation_status'), 'survey_invitation', ['status'], unique=False)
    op.create_table(
        'target_actual',
        sa.Column('id', PK, nullable=False),
        sa.Column('target_id', sa.String(length=64), nullable=False),
        sa.Column('district', sa.String(length=16), nullable=False),
        sa.Column('value', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('entered_by', PK, nullable=True),
        sa.Column('entered_at', TS, nullable=False),
        sa.ForeignKeyConstraint(['entered_by'], ['staff_user.id'], name=op.f('fk_target_actual_entered_by_staff_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_target_actual')),
    )
    op.create_index(op.f('ix_target_actual_target_id'), 'target_actual', ['target_id'], unique=False)
    op.create_index(op.f('ix_target_actual_district'), 'target_actual', ['district'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_target_actual_district'), table_name='target_actual')
    op.drop_index(op.f('ix_target_actual_target_id'), table_name='target_actual')
    op.drop_table('target_actual')
    op.drop_index(op.f('ix_survey_invitation_status'), table_name='survey_invitation')
    op.drop_index(op.f('ix_survey_invitation_district'), table_name='survey_invitation')
    op.drop_index(op.f('ix_survey_invitation_round_id'), table_name='survey_invitation')
    op.drop_table('survey_invitation')
    op.drop_index(op.f('ix_survey_round_district'), table_name='survey_round')
    op.drop_table('survey_round')
