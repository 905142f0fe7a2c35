"""decision messages: full card numbers and other personal numbers in stored bodies masked

A decision message (``notification.kind = 'decision'``: 技工蓝卡 approved or rejected, a
subsidy application approved, rejected or paid; ``bluecard.notifications.decisions``) keeps its
text as ``notification.body``. Before ffa6dd3 the approval carried the full 技工蓝卡 number
(「卡号 3408012026000123」), and before 5f8459c a staff-typed reason was copied in as typed (a
身份证号 or phone quoted by the clerk). Rows written since carry such numbers masked but their
last 4 digits. This rewrites the older bodies to that form with the helper the service writes
them with (``policy_kb.redaction.mask_numbers``, re-exported by ``bluecard.privacy``), so an
old row reads exactly as one written today would; amounts, dates and clause numbers stay.

Only decision bodies: they are the stored texts the service itself writes masked. Left as
they are, on purpose:

- the staff-typed reasons on their own rows (``blue_card.reject_reason`` / ``revoke_reason`` /
  ``suspend_reason``, ``subsidy_application.reject_reason`` / ``clawback_reason``,
  ``payout_line.reason``, ``payout_batch.note``, ``notification.pause_reason``): staff records,
  read by staff who may see the full numbers; every way they reach a worker masks them when
  the text is made (``decisions._reason``, 「我的蓝卡」 in ``bot.cardform``);
- bodies of other notifications (composed by staff, talent offers, proactive matches): the
  same text goes to many workers and names nobody; a window's telephone number printed in
  one is meant to be read (the worker's notice page masks numbers when it shows them);
- ``audit_log.detail``: the staff record of who did what to which card, card number included.

Idempotent: a masked number keeps 4 digits, too few to be masked again, so a body already in
the masked form is left unchanged (and not written). Plain SQL on both SQLite and PostgreSQL,
in batches by id.

Revision ID: 0014_tidy15
Revises: 0013_office13
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa

from policy_kb.redaction import mask_numbers

# revision identifiers, used by Alembic.
revision = '0014_tidy15'
down_revision = '0013_office13'
branch_labels = None
depends_on = None

#: Rows read per round trip (bodies are at most a few hundred characters).
BATCH = 500

_notification = sa.table(
    'notification',
    sa.column('id', sa.BigInteger()),
    sa.column('kind', sa.String(16)),
    sa.column('body', sa.Text()),
)


def upgrade() -> None:
    bind = op.get_bind()
    after = 0
    while True:
        rows = bind.execute(
            sa.select(_notification.c.id, _notification.c.body)
            .where(_notification.c.kind == 'decision', _notification.c.id > after)
            .order_by(_notification.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        changed = [
            {'row_id': row_id, 'masked': mask_numbers(body)}
            for row_id, body in rows
            if body and mask_numbers(body) != body
        ]
        if changed:
            bind.execute(
                sa.update(_notification)
                .where(_notification.c.id == sa.bindparam('row_id'))
                .values(body=sa.bindparam('masked')),
                changed,
            )
        after = rows[-1][0]


def downgrade() -> None:
    # Nothing to undo: the full numbers are gone from these rows (that is the point), and the
    # masked bodies are valid text for the older schema too, which is unchanged by this
    # revision.
    pass
