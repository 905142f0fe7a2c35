"""back office: card search hashes and evidence uploads

``blue_card.name_hash`` / ``phone_hash``: keyed HMACs (PII_HASH_KEY) of the full name and the
phone, for the clerk's exact search. A migration has no key, so rows made before it keep NULL
until ``flask cards backfill-lookup`` fills them.

``evidence``: uploaded certificate photos and PDFs (files under EVIDENCE_DIR).

Revision ID: 0006
Revises: 0007
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('blue_card', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('phone_hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_blue_card_name_hash', ['name_hash'], unique=False)
        batch_op.create_index('ix_blue_card_phone_hash', ['phone_hash'], unique=False)

    op.create_table(
        'evidence',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('card_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('application_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                  nullable=True),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('content_type', sa.String(length=32), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('uploaded_via', sa.String(length=8), nullable=False),
        sa.Column('uploaded_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                  nullable=True),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['subsidy_application.id'],
                                name=op.f('fk_evidence_application_id_subsidy_application')),
        sa.ForeignKeyConstraint(['card_id'], ['blue_card.id'],
                                name=op.f('fk_evidence_card_id_blue_card')),
        sa.ForeignKeyConstraint(['uploaded_by'], ['staff_user.id'],
                                name=op.f('fk_evidence_uploaded_by_staff_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
        sa.UniqueConstraint('stored_name', name=op.f('uq_evidence_stored_name')),
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_card_id', ['card_id'], unique=False)
        batch_op.create_index('ix_evidence_application_id', ['application_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_evidence_application_id')
        batch_op.drop_index('ix_evidence_card_id')
    op.drop_table('evidence')
    with op.batch_alter_table('blue_card', schema=None) as batch_op:
        batch_op.drop_index('ix_blue_card_phone_hash')
        batch_op.drop_index('ix_blue_card_name_hash')
        batch_op.drop_column('phone_hash')
        batch_op.drop_column('name_hash')
