"""Getting a database ready: schema, and in demo mode the demo users and data."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, select

from core.access import SYSTEM_ACTOR
from core.domain import CallStatus, Role
from core.errors import UserError
from core.settings import Settings
from db import audit, calls, migrate, rollups, users
from db.default_rules import install_default_rules
from db.models import ScorecardItem, Team
from db.session import transaction

Progress = Callable[[str, float], None]
"""Called with (stage key from the message catalog, fraction done 0..1)."""

DEMO_PASSWORD = "feple-demo-1"
"""The password of every demo user. Demo mode only; production has no default password."""

DEMO_USERS: tuple[tuple[str, str, tuple[Role, ...]], ...] = (
    ("admin", "관리자 데모", (Role.ADMIN,)),
    ("supervisor", "QA 슈퍼바이저 데모", (Role.SUPERVISOR,)),
    ("designer", "시나리오 디자이너 데모", (Role.DESIGNER,)),
    ("viewer", "조회 전용 데모", (Role.VIEWER,)),
)

DEMO_REVIEWER = "supervisor"
"""The demo user whose reviews carry the demo labels."""

DEMO_SECOND_REVIEWER = "admin"
"""The demo user who reviews a few of the same calls again (calibration, db.demo.calibration)."""

_prepare_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Prepared:
    migrated_from: str | None
    demo_users_created: int
    demo_calls_created: int


def ensure_demo_users(engine: Engine) -> int:
    created = 0
    with transaction(engine) as session:
        for username, name, roles in DEMO_USERS:
            if users.get_user(session=session, username=username) is None:
                users.create_user(
                    session=session,
                    actor=SYSTEM_ACTOR,
                    username=username,
                    name=name,
                    password=DEMO_PASSWORD,
                    roles=[r.value for r in roles],
                    email=f"{username}@demo.feple.local",
                )
                created += 1
    return created


def needs_preparation(engine: Engine, settings: Settings) -> bool:
    """Cheap check for the app's start: is there anything to do at all?"""
    if migrate.current_revision(engine) != migrate.head_revision():
        return True
    with transaction(engine) as session:
        if session.scalar(select(ScorecardItem.id).limit(1)) is None:
            return True
        return bool(settings.demo) and session.scalar(select(Team.id).limit(1)) is None


def prepare_database(
    engine: Engine, settings: Settings, progress: Progress | None = None
) -> Prepared:
    """Migrate to head and install the default analysis rules; in demo mode also add demo
    users, demo data and their rollups. Idempotent."""
    from db.demo.load import seed_demo

    report = progress or (lambda _stage, _fraction: None)
    with _prepare_lock:
        before = migrate.current_revision(engine)
        report("setup.migrating", 0.0)
        migrate.upgrade(engine)
        with transaction(engine) as session:
            install_default_rules(session=session, company_name=settings.company_names[0])
        if not settings.demo:
            return Prepared(before, 0, 0)
        report("setup.users", 0.0)
        created_users = ensure_demo_users(engine)
        with transaction(engine) as session:
            reviewer = users.get_user(session=session, username=DEMO_REVIEWER)
        summary = seed_demo(
            engine,
            calls=settings.demo_calls,
            days=settings.demo_days,
            seed=settings.demo_seed,
            progress=lambda _stage, fraction: report("setup.demo", fraction),
            reviewer_id=reviewer.id if reviewer else None,
        )
        if summary.calls:
            _analyse_demo_calls(engine, settings, report)
            _train_demo_model(engine, settings, report)
            _add_second_reviews(engine, settings)
            report("setup.rollups", 0.0)
            with transaction(engine) as session:
                audit.record(
                    session=session,
                    actor=SYSTEM_ACTOR,
                    action="demo.seed",
                    calls=summary.calls,
                    utterances=summary.utterances,
                    days=settings.demo_days,
                )
                span = rollups.call_day_range(session=session, tz=settings.timezone)
                if span:
                    rollups.rebuild_rollups(
                        session=session, day_from=span[0], day_to=span[1], tz=settings.timezone
                    )
        report("setup.done", 1.0)
        return Prepared(before, created_users, summary.calls)


def _analyse_demo_calls(engine: Engine, settings: Settings, report: Progress) -> None:
    """Run the real analysis over the demo transcripts: the demo's numbers come from it."""
    from workers.analyze import run_analysis

    with transaction(engine) as session:
        call_ids = calls.calls_in_status(
            session=session, statuses=(CallStatus.ANALYZING,), limit=settings.demo_calls
        )
    report("setup.analysis", 0.0)
    run_analysis(engine, settings, call_ids, bulk=True,
                 progress=lambda fraction: report("setup.analysis", fraction))  # fmt: skip


def _add_second_reviews(engine: Engine, settings: Settings) -> None:
    """A second demo reviewer on a few of the demo supervisor's calls (same outcomes)."""
    from db.demo.calibration import add_second_reviews

    with transaction(engine) as session:
        first = users.get_user(session=session, username=DEMO_REVIEWER)
        second = users.get_user(session=session, username=DEMO_SECOND_REVIEWER)
    if first is not None and second is not None:
        add_second_reviews(engine, first_reviewer_id=first.id, second_reviewer_id=second.id,
                           seed=settings.demo_seed)  # fmt: skip


def _train_demo_model(engine: Engine, settings: Settings, report: Progress) -> None:
    """Train the outcome model on the demo labels and predict every demo call with it."""
    from workers.outcomes import run_predictions, run_training

    report("setup.model", 0.0)
    try:
        run_training(engine, settings, actor=SYSTEM_ACTOR)
    except UserError:  # too few demo calls to learn from (a tiny FEPLE_DEMO_CALLS)
        return
    with transaction(engine) as session:
        call_ids = calls.calls_in_status(
            session=session, statuses=(CallStatus.DONE,), limit=settings.demo_calls
        )
    run_predictions(engine, call_ids)
    report("setup.model", 1.0)
