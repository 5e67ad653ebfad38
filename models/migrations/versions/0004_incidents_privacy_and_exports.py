"""incidents, privacy and exports

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Issue 5 (reports): the merge score of each piece of evidence (one draft per incident), the
forgotten-post register for data-subject requests, and an index for the retention purge.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('forgotten_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url_hash', sa.String(length=64), nullable=False),
    sa.Column('forgotten_at', models.base.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forgotten_posts')),
    sa.UniqueConstraint('url_hash', name=op.f('uq_forgotten_posts_url_hash'))
    )
    with op.batch_alter_table('draft_posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('match_score', sa.Float(), nullable=True))
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index('ix_posts_harvested_at', ['harvested_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_harvested_at')
    with op.batch_alter_table('draft_posts', schema=None) as batch_op:
        batch_op.drop_column('match_score')
    op.drop_table('forgotten_posts')
