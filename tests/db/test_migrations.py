from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select

from db import migrate
from db.models import Base, Call, CallMetrics, DailyRollup, Utterance
from db.models.base import declared_for
from db.rollups import rebuild_rollups
from db.session import transaction
from tests import factories

EXPECTED_TABLES = {t.name for t in Base.metadata.sorted_tables}


def test_head_schema_matches_the_models_exactly(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": declared_for(engine.dialect.name)},
        )
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_removes_everything_and_upgrade_restores_it(engine):
    assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_queried_columns_are_indexed(engine):
    indexed = {tuple(index["column_names"]) for index in inspect(engine).get_indexes("calls")}
    assert ("started_at",) in indexed
    assert ("agent_id", "started_at") in indexed
    assert ("status",) in indexed
    utterance_keys = {
        tuple(c["column_names"]) for c in inspect(engine).get_unique_constraints("utterances")
    }
    assert ("call_id", "seq") in utterance_keys


def test_upgrading_to_0007_keeps_every_call_row_and_backfills_the_rollup_counts(engine):
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        call = factories.call(session, agent, datetime(2026, 11, 20, 1, tzinfo=UTC))
        session.add(Utterance(call_id=call.id, seq=0, speaker="agent", text="안녕하십니까"))
        session.add(CallMetrics(call_id=call.id, overtalk_count=2))
        rebuild_rollups(session=session, day_from=date(2026, 11, 20), day_to=date(2026, 11, 20),
                        tz="Asia/Seoul")  # fmt: skip
    migrate.downgrade(engine, "0006")
    # SQLite rebuilds the calls table here: with foreign keys enforced, dropping the old one
    # would cascade into the utterances and metrics.
    migrate.upgrade(engine)
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Utterance)) == 1
        assert session.scalar(select(func.count()).select_from(CallMetrics)) == 1
        rollup = session.scalars(select(DailyRollup)).one()
        assert (rollup.calls, rollup.handle_n, rollup.overtalk_n) == (1, 1, 1)
        assert session.get(Call, call.id).duration_s == 300.0
    with engine.connect() as connection:  # enforcement is back on after migrating
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_downgrading_below_0007_refuses_while_calls_lack_a_length(engine):
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        factories.call(session, agent, datetime(2026, 11, 20, 1, tzinfo=UTC), duration_s=None)
    with pytest.raises(RuntimeError, match="no length or no customer"):
        migrate.downgrade(engine, "0006")
    assert migrate.current_revision(engine) == migrate.head_revision()
