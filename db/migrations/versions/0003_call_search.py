"""Substring search in transcripts: a trigram index on utterances.text (PostgreSQL)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:00:00.000000

On PostgreSQL, pg_trgm's GIN index lets ``text ILIKE '%해지 요청%'`` (3 characters or more)
read only the rows that hold every trigram of the pattern; Hangul syllables are word
characters under the server's UTF-8 ctype, so Korean gets trigrams like any other text.
SQLite has no such index: the call list scans there, which suits its small installs.
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    op.create_index(
        'ix_utterances_text_trgm',
        'utterances',
        ['text'],
        postgresql_using='gin',
        postgresql_ops={'text': 'gin_trgm_ops'},
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.drop_index('ix_utterances_text_trgm', table_name='utterances')
    # The extension stays: it may have been there before, and other objects may use it.
