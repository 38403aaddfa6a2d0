"""Transcript search by bigrams and word pairs: call_search_terms (one row per call) with a
GIN index on PostgreSQL, replacing the trigram index of 0003

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:00:00.000000

The trigram index cannot look up a two-character word (해지, 민원), the commonest search in
Korean. A call's terms can: the bigrams inside its words and the pairs of characters where
two words meet, as ``core.search_terms`` defines and encodes them (``kind << 42 | first <<
21 | second``). ``terms @> ARRAY[...]`` finds the calls holding every term of a search text
(db/call_list.py). The trigram index of 0003 goes: the call list no longer uses it, and it
took 165 s of a million-call demo load (BENCHMARKS.md, "Call list search").

Existing transcripts are backfilled: on PostgreSQL in SQL, 10,000 calls per statement (about
4 s each on 2 cores: some 7 minutes for a million calls, then 1 minute for the index); on
SQLite in Python. Both split words and lower-case as ``core.search_terms.call_terms`` does
(tests/db/test_search_terms.py checks that all three agree).

PostgreSQL: the column keeps 1,000 as its statistics target, so that ANALYZE tracks the
share of calls of a few thousand terms, not 100: with the default, a word no call holds was
guessed in 0.5% of calls and the list read a month of calls one by one to show nothing.
"""

from collections.abc import Sequence
from itertools import pairwise

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH_CALLS = 10_000
STATISTICS_TARGET = 1000

SEPARATORS = (
    '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006'
    '\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'
)
"""What separates words: the characters Python's ``str.split()`` splits on (a copy of
``core.search_terms.SEPARATORS``, so that this migration keeps meaning what it meant)."""
PAIR = 1 << 42
"""Added to a word pair's code (``core.search_terms.PAIR``)."""

BACKFILL = """
WITH words AS (
    SELECT u.call_id, u.id AS utterance_id, w.word, w.n
    FROM utterances u
    CROSS JOIN LATERAL regexp_split_to_table(lower(u.text), :separators)
        WITH ORDINALITY AS w(word, n)
    WHERE u.call_id >= :first AND u.call_id < :stop AND w.word <> ''
), terms AS (
    SELECT call_id,
           (ascii(substr(word, i, 1))::int8 << 21) | ascii(substr(word, i + 1, 1)) AS term
    FROM words CROSS JOIN LATERAL generate_series(1, char_length(word) - 1) AS i
    UNION ALL
    SELECT call_id, {pair} | (ascii(right(word, 1))::int8 << 21) | ascii(left(next, 1))
    FROM (SELECT call_id, word,
                 lead(word) OVER (PARTITION BY utterance_id ORDER BY n) AS next
          FROM words) AS pairs
    WHERE next IS NOT NULL
)
INSERT INTO call_search_terms (call_id, terms)
SELECT call_id, array_agg(DISTINCT term ORDER BY term) FROM terms GROUP BY call_id
""".format(pair=PAIR)


def upgrade() -> None:
    op.create_table('call_search_terms',
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('terms', postgresql.ARRAY(sa.BigInteger()).with_variant(sa.JSON(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_search_terms_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('call_id', name=op.f('pk_call_search_terms'))
    )
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        _backfill_python(bind)
        return
    op.execute('ALTER TABLE call_search_terms ALTER COLUMN terms '
               f'SET STATISTICS {STATISTICS_TARGET}')
    _backfill_postgresql(bind)
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.create_index('ix_call_search_terms_terms', 'call_search_terms', ['terms'], unique=False,
                    postgresql_using='gin')
    op.execute('ANALYZE call_search_terms')
    op.drop_index('ix_utterances_text_trgm', table_name='utterances')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index('ix_utterances_text_trgm', 'utterances', ['text'],
                        postgresql_using='gin', postgresql_ops={'text': 'gin_trgm_ops'})
        op.drop_index('ix_call_search_terms_terms', table_name='call_search_terms',
                      postgresql_using='gin')
    op.drop_table('call_search_terms')


def _backfill_postgresql(bind: sa.Connection) -> None:
    separators = '[' + ''.join(f'\\u{ord(c):04x}' for c in SEPARATORS) + ']+'
    low, high = bind.execute(sa.text('SELECT min(call_id), max(call_id) FROM utterances')).one()
    if low is None:
        return
    for first in range(low, high + 1, BATCH_CALLS):
        bind.execute(sa.text(BACKFILL),
                     {'separators': separators, 'first': first, 'stop': first + BATCH_CALLS})


def _backfill_python(bind: sa.Connection) -> None:
    table = sa.table('call_search_terms', sa.column('call_id'), sa.column('terms', sa.JSON()))
    rows = bind.execute(sa.text('SELECT call_id, text FROM utterances ORDER BY call_id, seq'))
    terms: dict[int, set[int]] = {}
    for call_id, text in rows:
        terms.setdefault(call_id, set()).update(_terms(text.lower()))
    values = [{'call_id': call_id, 'terms': sorted(call_terms)}
              for call_id, call_terms in terms.items() if call_terms]
    for start in range(0, len(values), BATCH_CALLS):
        bind.execute(sa.insert(table), values[start:start + BATCH_CALLS])


def _terms(text: str) -> set[int]:
    """The bigrams and word pairs of one lower-cased utterance."""
    words = text.split()
    found = {ord(w[i]) << 21 | ord(w[i + 1]) for w in words for i in range(len(w) - 1)}
    found.update(PAIR | ord(a[-1]) << 21 | ord(b[0]) for a, b in pairwise(words))
    return found
