"""talent database: talent_worker (技能人才库) and talent_demand (enterprises' demand)

Issue 14 §1 (洪泽 三（一）4, 台儿庄 三（三）7, 叶集 九). Personal data columns (*_enc) hold Fernet
tokens, as the card's do.

Revision ID: 0009
Revises: 0005
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa

TS = sa.DateTime(timezone=True)
PK = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'talent_worker',
        sa.Column('id', PK, nullable=False),
        sa.Column('openid', sa.String(length=64), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('card_id', PK, nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('name_enc', sa.Text(), nullable=False),
        sa.Column('phone_enc', sa.Text(), nullable=False),
        sa.Column('skill_level', sa.String(length=16), nullable=False),
        sa.Column('trade', sa.String(length=32), nullable=True),
        sa.Column('employer', sa.String(length=128), nullable=True),
        sa.Column('industry', sa.String(length=64), nullable=True),
        sa.Column('district', sa.String(length=16), nullable=False),
        sa.Column('open_to_offers', sa.Boolean(), nullable=False),
        sa.Column('consented_at', TS, nullable=False),
        sa.Column('withdrawn_at', TS, nullable=True),
        sa.Column('created_at', TS, nullable=False),
        sa.Column('updated_at', TS, nullable=False),
        sa.ForeignKeyConstraint(
            ['card_id'], ['blue_card.id'], name=op.f('fk_talent_worker_card_id_blue_card')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_worker')),
        sa.UniqueConstraint('openid', name=op.f('uq_talent_worker_openid')),
    )
    op.create_index(
        'ix_talent_worker_search', 'talent_worker', ['district', 'status', 'trade'], unique=False
    )
    op.create_table(
        'talent_demand',
        sa.Column('id', PK, nullable=False),
        sa.Column('employer_name', sa.String(length=128), nullable=False),
        sa.Column('credit_code', sa.String(length=18), nullable=True),
        sa.Column('contact_name_enc', sa.Text(), nullable=False),
        sa.Column('contact_phone_enc', sa.Text(), nullable=False),
        sa.Column('trade', sa.String(length=32), nullable=False),
        sa.Column('skill_level', sa.String(length=16), nullable=True),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('wage_min', sa.Integer(), nullable=False),
        sa.Column('wage_max', sa.Integer(), nullable=False),
        sa.Column('district', sa.String(length=16), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('submitted_by', sa.String(length=64), nullable=True),
        sa.Column('created_by', PK, nullable=True),
        sa.Column('created_at', TS, nullable=False),
        sa.Column('reviewed_by', PK, nullable=True),
        sa.Column('reviewed_at', TS, nullable=True),
        sa.Column('offer_notification_id', PK, nullable=True),
        sa.Column('offered_at', TS, nullable=True),
        sa.ForeignKeyConstraint(
            ['created_by'], ['staff_user.id'], name=op.f('fk_talent_demand_created_by_staff_user')
        ),
        sa.ForeignKeyConstraint(
            ['reviewed_by'], ['staff_user.id'], name=op.f('fk_talent_demand_reviewed_by_staff_user')
        ),
        sa.ForeignKeyConstraint(
            ['offer_notification_id'],
            ['notification.id'],
            name=op.f('fk_talent_demand_offer_notification_id_notification'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_demand')),
    )
    op.create_index(
        'ix_talent_demand_district_status', 'talent_demand', ['district', 'status'], unique=False
    )


def downgrade() -> None:
    op.drop_index('ix_talent_demand_district_status', table_name='talent_demand')
    op.drop_table('talent_demand')
    op.drop_index('ix_talent_worker_search', table_name='talent_worker')
    op.drop_table('talent_worker')
