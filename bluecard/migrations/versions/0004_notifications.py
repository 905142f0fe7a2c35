"""notification recipients: unconfirmed_since (exactly-once resends), claim index

``unconfirmed_since``: when a send whose outcome is unknown (worker killed, HTTP timeout)
first went out; a resend is only safe while WeChat's client_msg_id de-duplication (10 min)
still covers it. The (notification_id, state) index serves the senders' claims.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa

TS = sa.DateTime(timezone=True)

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notification_recipient', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unconfirmed_since', TS, nullable=True))
        batch_op.create_index('ix_notification_recipient_claim', ['notification_id', 'state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notification_recipient', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_recipient_claim')
        batch_op.drop_column('unconfirmed_since')
