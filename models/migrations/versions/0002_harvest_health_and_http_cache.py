"""harvest health and HTTP cache

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Issue 3 (harvest): conditional-request validators per source and URL, and the backlog
(where an interrupted walk resumes) so a cursor never moves past an unstored post.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base  # noqa: F401

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('http_cache', sa.JSON(), nullable=False,
                                      server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('backlog_url', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('backlog_mark', sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_column('backlog_mark')
        batch_op.drop_column('backlog_url')
        batch_op.drop_column('http_cache')
