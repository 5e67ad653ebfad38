"""classifier labels and model lifecycle

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Issue 4 (classify): analysts' imported labels, and each model version's trigger, status and
count of operator labels (retraining starts every N new ones).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('labels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('report_type', sa.String(length=64), nullable=True),
    sa.Column('opd_code', sa.String(length=64), nullable=True),
    sa.Column('origin', sa.String(length=255), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labels')),
    sa.UniqueConstraint('text_hash', name=op.f('uq_labels_text_hash'))
    )
    with op.batch_alter_table('model_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trigger', sa.String(length=32), server_default='manual', nullable=False))
        batch_op.add_column(sa.Column('status', sa.String(length=16), server_default='candidate', nullable=False))
        batch_op.add_column(sa.Column('operator_labels', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('model_versions', schema=None) as batch_op:
        batch_op.drop_column('operator_labels')
        batch_op.drop_column('status')
        batch_op.drop_column('trigger')

    op.drop_table('labels')
