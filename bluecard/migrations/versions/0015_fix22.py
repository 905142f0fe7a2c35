"""audit log: personal numbers typed in a reason masked

An audit row's ``detail`` keeps the reason staff typed when they rejected, revoked or
suspended a card or took a line out of a payout batch (``reason``), and a batch's ``note``.
Rows written since this revision mask 身份证号, phone, 社保卡号 and bank-card numbers in those
values but their last 4 digits (``bluecard.staff.audit.masked_detail``, the helper decision
messages use since 0014: ``policy_kb.redaction.mask_numbers``); this rewrites the older rows
to the same form, so the audit page, its CSV and the staff API read alike whatever the row's
age. Ids, card numbers, amounts and states under other keys stay. A person's name typed in a
reason is not detected (see ``masked_detail``).

Idempotent: a masked number keeps 4 digits, too few to be masked again. Plain SQL on SQLite
and PostgreSQL, in batches by id; only rows whose detail text names one of the keys are read.

Revision ID: 0015_fix22
Revises: 0014_tidy15
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa

from policy_kb.redaction import mask_numbers

# revision identifiers, used by Alembic.
revision = '0015_fix22'
down_revision = '0014_tidy15'
branch_labels = None
depends_on = None

#: Rows read per round trip.
BATCH = 500
#: Detail keys holding typed text (``bluecard.staff.audit.FREE_TEXT_KEYS``).
KEYS = ('reason', 'note')

_audit = sa.table(
    'audit_log',
    sa.column('id', sa.BigInteger()),
    sa.column('detail', sa.JSON()),
)


def _masked(detail: object) -> object:
    if not isinstance(detail, dict):
        return detail
    return {
        k: mask_numbers(v) if k in KEYS and isinstance(v, str) else v for k, v in detail.items()
    }


def upgrade() -> None:
    bind = op.get_bind()
    text = sa.cast(_audit.c.detail, sa.Text())
    named = sa.or_(*(text.like(f'%"{key}"%') for key in KEYS))
    after = 0
    while True:
        rows = bind.execute(
            sa.select(_audit.c.id, _audit.c.detail)
            .where(named, _audit.c.id > after)
            .order_by(_audit.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        changed = [
            {'row_id': row_id, 'masked': _masked(detail)}
            for row_id, detail in rows
            if _masked(detail) != detail
        ]
        if changed:
            bind.execute(
                sa.update(_audit)
                .where(_audit.c.id == sa.bindparam('row_id'))
                .values(detail=sa.bindparam('masked')),
                changed,
            )
        after = rows[-1][0]


def downgrade() -> None:
    # The full numbers are gone; nothing to restore.
    pass
