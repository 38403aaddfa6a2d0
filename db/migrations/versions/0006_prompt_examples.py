"""Example values for a prompt's {variables}, so its takes can be generated and auditioned

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 12:00:00.000000

A prompt such as "{customer_name} 고객님, 이번 달 보험료 {amount}원이 ..." is spoken with
example values (홍길동, 35,000) when takes are generated for it, one by one or in a batch for
a scenario version.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import JSONDocument

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("prompts") as batch:
        batch.add_column(sa.Column("examples", JSONDocument, nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("prompts") as batch:
        batch.drop_column("examples")
