"""staff session epoch (server-side end of sessions); scrub personal data from message_log

``staff_user.session_epoch``: console sessions and API tokens carry the epoch they were
issued in; logout, a password, role or district change and deactivation increment it.

``message_log.question``: messages typed inside a form (the blue-card application, the
questionnaire; recognised by the bot's reply intent) were stored verbatim — names,
身份证号, phones typed with spaces. They become the step marker 「〔表单：<intent>〕」; every
other question is redacted again with the grouping-aware rules (a frozen copy of
``bluecard.privacy.redact`` as of this revision). The scrub cannot be undone.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

"""
import re

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

FORM_INTENTS = (
    'card_form', 'card_confirm', 'card_submitted', 'card_refused', 'card_cancel',
    'card_expired', 'quiz', 'quiz_result', 'quiz_cancel', 'quiz_expired',
)
REDACTED = '[已隐去]'
_D = '[0-9０-９]'
_SEP = r'[ \t\u3000\-‐‑‒–—―－_.·・/／]'
_RUN = re.compile(rf'{_D}(?:{_SEP}{{0,2}}{_D})*(?:{_SEP}{{0,2}}[XxＸｘ])?')


def _redact_run(match: re.Match[str]) -> str:
    run = match.group(0)
    digits = sum(ch.isdigit() for ch in run)
    grouped = any(not (ch.isdigit() or ch in 'XxＸｘ') for ch in run)
    return REDACTED if digits >= (9 if grouped else 7) else run


def _redact(text: str) -> str:
    return _RUN.sub(_redact_run, text)


def upgrade() -> None:
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_epoch', sa.Integer(), nullable=False, server_default='0')
        )

    bind = op.get_bind()
    log = sa.table(
        'message_log',
        sa.column('id', sa.BigInteger()),
        sa.column('question', sa.Text()),
        sa.column('intent', sa.String(32)),
    )
    rows = bind.execute(
        sa.select(log.c.id, log.c.question, log.c.intent).where(log.c.question.is_not(None))
    ).all()
    for row_id, question, intent in rows:
        if intent in FORM_INTENTS:
            clean = f'〔表单：{intent}〕'
        else:
            clean = _redact(question)
        if clean != question:
            bind.execute(sa.update(log).where(log.c.id == row_id).values(question=clean))


def downgrade() -> None:
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
