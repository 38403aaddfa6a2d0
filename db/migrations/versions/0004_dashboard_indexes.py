"""Indexes for the dashboard: the hour x weekday heatmap and team or agent views of the rollups

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 04:00:00.000000

The heatmap sums hourly_call_counts by (day, hour): an index on (day, hour, calls) answers it
from the index alone, in order, and replaces the index on day. A team or agent filter reads
only that team's or agent's rows through (team_id, day) or (agent_id, day) instead of every
row of the period (bench/dashboard.py, BENCHMARKS.md).
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_daily_rollups_agent_day', 'daily_rollups', ['agent_id', 'day'])
    op.create_index(
        'ix_hourly_call_counts_day_hour', 'hourly_call_counts', ['day', 'hour', 'calls']
    )
    op.drop_index('ix_hourly_call_counts_day', table_name='hourly_call_counts')
    op.create_index('ix_hourly_call_counts_team_day', 'hourly_call_counts', ['team_id', 'day'])
    op.create_index('ix_hourly_call_counts_agent_day', 'hourly_call_counts', ['agent_id', 'day'])


def downgrade() -> None:
    op.drop_index('ix_hourly_call_counts_agent_day', table_name='hourly_call_counts')
    op.drop_index('ix_hourly_call_counts_team_day', table_name='hourly_call_counts')
    op.create_index('ix_hourly_call_counts_day', 'hourly_call_counts', ['day'])
    op.drop_index('ix_hourly_call_counts_day_hour', table_name='hourly_call_counts')
    op.drop_index('ix_daily_rollups_agent_day', table_name='daily_rollups')
