"""policy documents uploaded by policy staff, and the knowledge-base version

``policy_document``: the source file, the text ingestion reads, metadata (unknown = NULL),
the lifecycle (draft / in force from / expired / superseded by) and the console stage.
``knowledge_version``: one row whose version every process follows to rebuild its index.

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-30

"""

from alembic import op
import sqlalchemy as sa


TS = sa.DateTime(timezone=True)

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_document",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("file_kind", sa.String(length=8), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("file_data", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("wenhao", sa.String(length=100), nullable=True),
        sa.Column("issuer", sa.String(length=200), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issued_note", sa.String(length=200), nullable=True),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("horizon", sa.String(length=100), nullable=True),
        sa.Column("horizon_end", sa.Date(), nullable=True),
        sa.Column("lifecycle", sa.String(length=16), nullable=False),
        sa.Column("in_force_from", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("superseded_by", sa.String(length=64), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("kb_version", sa.Integer(), nullable=True),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("published_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_document")),
        sa.UniqueConstraint("doc_id", name=op.f("uq_policy_document_doc_id")),
    )
    with op.batch_alter_table("policy_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_policy_document_file_sha256"), ["file_sha256"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_policy_document_stage"), ["stage"], unique=False)
    op.create_table(
        "knowledge_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_version")),
    )


def downgrade() -> None:
    op.drop_table("knowledge_version")
    with op.batch_alter_table("policy_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_document_stage"))
        batch_op.drop_index(batch_op.f("ix_policy_document_file_sha256"))
    op.drop_table("policy_document")
