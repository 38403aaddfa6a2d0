"""Job: recompute the dashboards' daily rollups for a range of local days."""

from __future__ import annotations

from datetime import date

from db.rollups import rebuild_rollups
from db.session import transaction
from workers import context


def refresh_rollups(day_from: str, day_to: str) -> int:
    """Idempotent: the days' rollups are replaced, never added to. Returns rows written."""
    settings = context.settings()
    with transaction(context.engine()) as session:
        return rebuild_rollups(
            session=session,
            day_from=date.fromisoformat(day_from),
            day_to=date.fromisoformat(day_to),
            tz=settings.timezone,
        )
