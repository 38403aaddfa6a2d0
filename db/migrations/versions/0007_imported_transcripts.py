"""Calls transcribed elsewhere: no length or customer where the file gives none, import
batches that a worker runs with progress, and rollups that count the calls each average covers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 18:00:00.000000

An imported transcript without timings has no known length, and one without a customer
number cannot be a repeat call: both columns take NULL (unknown), never 0 or a made-up key.
Handle time and overtalk per call are then averaged over the calls that have them
(``handle_n``, ``overtalk_n``); every rollup written before this had both for all its calls.
The import page counts a batch's calls by status (``ix_calls_import_batch``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import JSONDocument

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("calls") as batch:
        batch.alter_column("duration_s", existing_type=sa.Float(), nullable=True)
        batch.alter_column("customer_key_hash", existing_type=sa.String(64), nullable=True)
        batch.create_index("ix_calls_import_batch", ["import_batch_id"])
    with op.batch_alter_table("import_batches") as batch:
        batch.add_column(
            sa.Column("status", sa.String(10), nullable=False, server_default="done")
        )
        batch.add_column(sa.Column("format", sa.String(32), nullable=True))
        batch.add_column(sa.Column("source_name", sa.String(255), nullable=True))
        batch.add_column(sa.Column("file_path", sa.String(512), nullable=True))
        batch.add_column(sa.Column("file_bytes", sa.BigInteger(), nullable=True))
        batch.add_column(
            sa.Column("bytes_read", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("options", JSONDocument, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("error_text", sa.Text(), nullable=True))
    with op.batch_alter_table("daily_rollups") as batch:
        batch.add_column(sa.Column("handle_n", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("overtalk_n", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE daily_rollups SET handle_n = calls, overtalk_n = analyzed_calls")


def downgrade() -> None:
    # Calls imported without a length or a customer do not fit the older schema; rather than
    # delete them or make up values, the downgrade stops and says so.
    unfit = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM calls WHERE duration_s IS NULL OR customer_key_hash IS NULL")
    )
    if unfit:
        raise RuntimeError(
            f"{unfit} imported call(s) have no length or no customer: delete them first "
            "(calls.source = 'transcript_import') to downgrade below 0007"
        )
    with op.batch_alter_table("daily_rollups") as batch:
        batch.drop_column("overtalk_n")
        batch.drop_column("handle_n")
    with op.batch_alter_table("import_batches") as batch:
        for column in ("error_text", "options", "bytes_read", "file_bytes", "file_path",
                       "source_name", "format", "status"):  # fmt: skip
            batch.drop_column(column)
    with op.batch_alter_table("calls") as batch:
        batch.drop_index("ix_calls_import_batch")
        batch.alter_column("customer_key_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("duration_s", existing_type=sa.Float(), nullable=False)
