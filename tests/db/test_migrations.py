from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from db import migrate
from db.models import Base
from db.models.base import declared_for

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
