"""Call metrics keep the dropped speech-to-text segments by reason and the model's features

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:08:45.912553
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('call_metrics', schema=None) as batch_op:
        # Existing rows get an empty breakdown: their drops were only counted.
        batch_op.add_column(sa.Column('dropped_reasons', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('features', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('call_metrics', schema=None) as batch_op:
        batch_op.drop_column('features')
        batch_op.drop_column('dropped_reasons')

