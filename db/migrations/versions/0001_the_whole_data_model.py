"""The whole data model: people, calls, quality, rollups, scenarios, voice, audit

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 00:42:04.313288
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('compliance_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=True),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('name_ko', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('phrases', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('min_similarity', sa.Float(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_rules')),
    sa.UniqueConstraint('category', 'code', name='uq_compliance_rules_cat_code')
    )
    op.create_table('politeness_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('expression', sa.String(length=80), nullable=False),
    sa.Column('score_delta', sa.Float(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_politeness_rules')),
    sa.UniqueConstraint('kind', 'expression', name='uq_politeness_rules_expr')
    )
    op.create_table('pronunciation_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=64), nullable=False),
    sa.Column('reading', sa.String(length=128), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pronunciation_entries')),
    sa.UniqueConstraint('term', name=op.f('uq_pronunciation_entries_term'))
    )
    op.create_table('scorecard_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('name_ko', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scorecard_items')),
    sa.UniqueConstraint('code', name=op.f('uq_scorecard_items_code'))
    )
    op.create_table('teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
    sa.UniqueConstraint('name', name=op.f('uq_teams_name'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=100), nullable=False),
    sa.Column('roles', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('failed_login_count', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('agents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_no', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('hired_on', sa.Date(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_agents_team_id_teams')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_agents_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agents')),
    sa.UniqueConstraint('employee_no', name=op.f('uq_agents_employee_no')),
    sa.UniqueConstraint('user_id', name=op.f('uq_agents_user_id'))
    )
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agents_team_id'), ['team_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_action', ['action'], unique=False)
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_log_target', ['target_type', 'target_id'], unique=False)

    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('imported', sa.Integer(), nullable=False),
    sa.Column('duplicates', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('rejections', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_import_batches_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches'))
    )
    op.create_table('job_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rq_job_id', sa.String(length=64), nullable=False),
    sa.Column('queue', sa.String(length=8), nullable=False),
    sa.Column('function', sa.String(length=128), nullable=False),
    sa.Column('target_type', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Float(), nullable=False),
    sa.Column('error_text', sa.Text(), nullable=True),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_job_runs_requested_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs')),
    sa.UniqueConstraint('rq_job_id', name=op.f('uq_job_runs_rq_job_id'))
    )
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.create_index('ix_job_runs_status', ['status'], unique=False)
        batch_op.create_index('ix_job_runs_target', ['target_type', 'target_id'], unique=False)

    op.create_table('model_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('trained_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('trained_by', sa.Integer(), nullable=True),
    sa.Column('metrics', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('feature_names', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('labels', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('train_rows', sa.Integer(), nullable=False),
    sa.Column('label_source', sa.String(length=16), nullable=False),
    sa.Column('artifact_path', sa.String(length=512), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['trained_by'], ['users.id'], name=op.f('fk_model_versions_trained_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_model_versions')),
    sa.UniqueConstraint('version', name=op.f('uq_model_versions_version'))
    )
    op.create_table('prompts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('tags', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('variables', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_prompts_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prompts')),
    sa.UniqueConstraint('code', name=op.f('uq_prompts_code'))
    )
    op.create_table('scenarios',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_scenarios_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scenarios')),
    sa.UniqueConstraint('name', name=op.f('uq_scenarios_name'))
    )
    op.create_table('voice_actors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('consent_given_by', sa.String(length=80), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('consent_scope', sa.Text(), nullable=False),
    sa.Column('consent_document_path', sa.String(length=512), nullable=True),
    sa.Column('consent_document_sha256', sa.String(length=64), nullable=True),
    sa.Column('consent_recorded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consent_recorded_by'], ['users.id'], name=op.f('fk_voice_actors_consent_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_actors')),
    sa.UniqueConstraint('name', name=op.f('uq_voice_actors_name'))
    )
    op.create_table('calls',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('direction', sa.String(length=24), nullable=False),
    sa.Column('customer_key_hash', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_s', sa.Float(), nullable=False),
    sa.Column('audio_path', sa.String(length=512), nullable=True),
    sa.Column('audio_sha256', sa.String(length=64), nullable=True),
    sa.Column('channels', sa.SmallInteger(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('error_text', sa.Text(), nullable=True),
    sa.Column('attempt_count', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=24), nullable=False),
    sa.Column('source_ref', sa.String(length=128), nullable=True),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('speaker_method', sa.String(length=24), nullable=True),
    sa.Column('transferred_to', sa.String(length=24), nullable=True),
    sa.Column('analyzed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_calls_agent_id_agents')),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batches.id'], name=op.f('fk_calls_import_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_calls_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls')),
    sa.UniqueConstraint('audio_sha256', name=op.f('uq_calls_audio_sha256')),
    sa.UniqueConstraint('source', 'source_ref', name='uq_calls_source_ref')
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_agent_started', ['agent_id', 'started_at'], unique=False)
        batch_op.create_index('ix_calls_customer_started', ['customer_key_hash', 'started_at'], unique=False)
        batch_op.create_index('ix_calls_started_at', ['started_at'], unique=False)
        batch_op.create_index('ix_calls_status', ['status'], unique=False)
        batch_op.create_index('ix_calls_team_started', ['team_id', 'started_at'], unique=False)

    op.create_table('daily_rollups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('direction', sa.String(length=24), nullable=False),
    sa.Column('calls', sa.Integer(), nullable=False),
    sa.Column('analyzed_calls', sa.Integer(), nullable=False),
    sa.Column('failed_calls', sa.Integer(), nullable=False),
    sa.Column('handle_s_sum', sa.Float(), nullable=False),
    sa.Column('silence_s_sum', sa.Float(), nullable=False),
    sa.Column('timed_s_sum', sa.Float(), nullable=False),
    sa.Column('overtalk_count_sum', sa.Integer(), nullable=False),
    sa.Column('politeness_sum', sa.Float(), nullable=False),
    sa.Column('politeness_n', sa.Integer(), nullable=False),
    sa.Column('compliance_sum', sa.Float(), nullable=False),
    sa.Column('compliance_n', sa.Integer(), nullable=False),
    sa.Column('evaluation_sum', sa.Float(), nullable=False),
    sa.Column('evaluation_n', sa.Integer(), nullable=False),
    sa.Column('repeat_calls', sa.Integer(), nullable=False),
    sa.Column('transfers', sa.Integer(), nullable=False),
    sa.Column('outcome_satisfied', sa.Integer(), nullable=False),
    sa.Column('outcome_poor', sa.Integer(), nullable=False),
    sa.Column('outcome_follow_up', sa.Integer(), nullable=False),
    sa.Column('outcome_unresolvable', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_daily_rollups_agent_id_agents')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_daily_rollups_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_daily_rollups')),
    sa.UniqueConstraint('day', 'agent_id', 'category', 'direction', name='uq_daily_rollups_key')
    )
    with op.batch_alter_table('daily_rollups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_daily_rollups_day'), ['day'], unique=False)
        batch_op.create_index('ix_daily_rollups_team_day', ['team_id', 'day'], unique=False)

    op.create_table('hourly_call_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('hour', sa.SmallInteger(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('direction', sa.String(length=24), nullable=False),
    sa.Column('calls', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_hourly_call_counts_agent_id_agents')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_hourly_call_counts_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hourly_call_counts')),
    sa.UniqueConstraint('day', 'hour', 'agent_id', 'category', 'direction', name='uq_hourly_call_counts_key')
    )
    with op.batch_alter_table('hourly_call_counts', schema=None) as batch_op:
        batch_op.create_index('ix_hourly_call_counts_day', ['day'], unique=False)

    op.create_table('scenario_drafts',
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('flow', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('based_on_version', sa.Integer(), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['scenario_id'], ['scenarios.id'], name=op.f('fk_scenario_drafts_scenario_id_scenarios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_scenario_drafts_updated_by_users')),
    sa.PrimaryKeyConstraint('scenario_id', name=op.f('pk_scenario_drafts'))
    )
    op.create_table('scenario_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('flow', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_scenario_versions_author_id_users')),
    sa.ForeignKeyConstraint(['scenario_id'], ['scenarios.id'], name=op.f('fk_scenario_versions_scenario_id_scenarios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scenario_versions')),
    sa.UniqueConstraint('scenario_id', 'number', name='uq_scenario_versions_num')
    )
    op.create_table('tts_takes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prompt_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('engine', sa.String(length=32), nullable=False),
    sa.Column('model', sa.String(length=128), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('parameters', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('cache_key', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('error_text', sa.Text(), nullable=True),
    sa.Column('audio_path', sa.String(length=512), nullable=True),
    sa.Column('telephone_audio_path', sa.String(length=512), nullable=True),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('quality', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('quality_passed', sa.Boolean(), nullable=True),
    sa.Column('approved', sa.Boolean(), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['voice_actors.id'], name=op.f('fk_tts_takes_actor_id_voice_actors')),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_tts_takes_approved_by_users')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_tts_takes_created_by_users')),
    sa.ForeignKeyConstraint(['prompt_id'], ['prompts.id'], name=op.f('fk_tts_takes_prompt_id_prompts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tts_takes'))
    )
    with op.batch_alter_table('tts_takes', schema=None) as batch_op:
        batch_op.create_index('ix_tts_takes_cache_key', ['cache_key'], unique=False)
        batch_op.create_index('ix_tts_takes_prompt', ['prompt_id'], unique=False)

    op.create_table('voice_samples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('audio_path', sa.String(length=512), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('original_filename', sa.String(length=255), nullable=False),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('sample_rate', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('checks', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['voice_actors.id'], name=op.f('fk_voice_samples_actor_id_voice_actors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], name=op.f('fk_voice_samples_uploaded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_samples'))
    )
    with op.batch_alter_table('voice_samples', schema=None) as batch_op:
        batch_op.create_index('ix_voice_samples_actor', ['actor_id'], unique=False)

    op.create_table('call_metrics',
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('timings_available', sa.Boolean(), nullable=False),
    sa.Column('agent_talk_s', sa.Float(), nullable=True),
    sa.Column('customer_talk_s', sa.Float(), nullable=True),
    sa.Column('agent_talk_ratio', sa.Float(), nullable=True),
    sa.Column('silence_s', sa.Float(), nullable=True),
    sa.Column('silence_ratio', sa.Float(), nullable=True),
    sa.Column('longest_silence_s', sa.Float(), nullable=True),
    sa.Column('hold_count', sa.Integer(), nullable=True),
    sa.Column('hold_s', sa.Float(), nullable=True),
    sa.Column('overtalk_count', sa.Integer(), nullable=True),
    sa.Column('overtalk_s', sa.Float(), nullable=True),
    sa.Column('agent_interruptions', sa.Integer(), nullable=True),
    sa.Column('customer_interruptions', sa.Integer(), nullable=True),
    sa.Column('agent_speech_rate', sa.Float(), nullable=True),
    sa.Column('customer_speech_rate', sa.Float(), nullable=True),
    sa.Column('agent_response_latency_s', sa.Float(), nullable=True),
    sa.Column('dropped_segments', sa.Integer(), nullable=False),
    sa.Column('politeness_score', sa.Float(), nullable=True),
    sa.Column('speech_level', sa.String(length=16), nullable=True),
    sa.Column('compliance_pct', sa.Float(), nullable=True),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_metrics_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('call_id', name=op.f('pk_call_metrics'))
    )
    op.create_table('deployments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('environment', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=18), nullable=False),
    sa.Column('deployed_by', sa.Integer(), nullable=True),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_deployments_approved_by_users')),
    sa.ForeignKeyConstraint(['deployed_by'], ['users.id'], name=op.f('fk_deployments_deployed_by_users')),
    sa.ForeignKeyConstraint(['scenario_id'], ['scenarios.id'], name=op.f('fk_deployments_scenario_id_scenarios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['scenario_versions.id'], name=op.f('fk_deployments_version_id_scenario_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deployments'))
    )
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.create_index('ix_deployments_scenario_env', ['scenario_id', 'environment'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('model', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('error_text', sa.Text(), nullable=True),
    sa.Column('total_score', sa.Float(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('intent', sa.String(length=200), nullable=False),
    sa.Column('resolution', sa.String(length=12), nullable=True),
    sa.Column('sentiment_start', sa.String(length=10), nullable=True),
    sa.Column('sentiment_end', sa.String(length=10), nullable=True),
    sa.Column('coaching', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_evaluations_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index('ix_evaluations_call', ['call_id'], unique=False)

    op.create_table('predictions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('model_version_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=12), nullable=False),
    sa.Column('probabilities', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('contributions', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_predictions_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['model_version_id'], ['model_versions.id'], name=op.f('fk_predictions_model_version_id_model_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_predictions')),
    sa.UniqueConstraint('call_id', name=op.f('uq_predictions_call_id'))
    )
    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('item_scores', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('total_score', sa.Float(), nullable=True),
    sa.Column('outcome', sa.String(length=12), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('acknowledgement', sa.String(length=14), nullable=False),
    sa.Column('acknowledgement_comment', sa.Text(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_reviews_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_reviews_reviewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    sa.UniqueConstraint('call_id', 'reviewer_id', name='uq_reviews_call_reviewer')
    )
    op.create_table('utterances',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('speaker', sa.String(length=10), nullable=False),
    sa.Column('start_s', sa.Float(), nullable=True),
    sa.Column('end_s', sa.Float(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('redaction_spans', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_utterances_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_utterances')),
    sa.UniqueConstraint('call_id', 'seq', name='uq_utterances_call_seq')
    )
    op.create_table('call_findings',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('utterance_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('expression', sa.String(length=200), nullable=False),
    sa.Column('score_delta', sa.Float(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_findings_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['utterance_id'], ['utterances.id'], name=op.f('fk_call_findings_utterance_id_utterances'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_findings'))
    )
    with op.batch_alter_table('call_findings', schema=None) as batch_op:
        batch_op.create_index('ix_call_findings_call', ['call_id'], unique=False)
        batch_op.create_index('ix_call_findings_kind_code', ['kind', 'code'], unique=False)

    op.create_table('evaluation_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('item_code', sa.String(length=48), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_evaluation_items_evaluation_id_evaluations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_items')),
    sa.UniqueConstraint('evaluation_id', 'item_code', name='uq_eval_items_code')
    )


def downgrade() -> None:
    op.drop_table('evaluation_items')
    with op.batch_alter_table('call_findings', schema=None) as batch_op:
        batch_op.drop_index('ix_call_findings_kind_code')
        batch_op.drop_index('ix_call_findings_call')

    op.drop_table('call_findings')
    op.drop_table('utterances')
    op.drop_table('reviews')
    op.drop_table('predictions')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluations_call')

    op.drop_table('evaluations')
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.drop_index('ix_deployments_scenario_env')

    op.drop_table('deployments')
    op.drop_table('call_metrics')
    with op.batch_alter_table('voice_samples', schema=None) as batch_op:
        batch_op.drop_index('ix_voice_samples_actor')

    op.drop_table('voice_samples')
    with op.batch_alter_table('tts_takes', schema=None) as batch_op:
        batch_op.drop_index('ix_tts_takes_prompt')
        batch_op.drop_index('ix_tts_takes_cache_key')

    op.drop_table('tts_takes')
    op.drop_table('scenario_versions')
    op.drop_table('scenario_drafts')
    with op.batch_alter_table('hourly_call_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_hourly_call_counts_day')

    op.drop_table('hourly_call_counts')
    with op.batch_alter_table('daily_rollups', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_rollups_team_day')
        batch_op.drop_index(batch_op.f('ix_daily_rollups_day'))

    op.drop_table('daily_rollups')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_team_started')
        batch_op.drop_index('ix_calls_status')
        batch_op.drop_index('ix_calls_started_at')
        batch_op.drop_index('ix_calls_customer_started')
        batch_op.drop_index('ix_calls_agent_started')

    op.drop_table('calls')
    op.drop_table('voice_actors')
    op.drop_table('scenarios')
    op.drop_table('prompts')
    op.drop_table('model_versions')
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_job_runs_target')
        batch_op.drop_index('ix_job_runs_status')

    op.drop_table('job_runs')
    op.drop_table('import_batches')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_target')
        batch_op.drop_index('ix_audit_log_at')
        batch_op.drop_index('ix_audit_log_action')

    op.drop_table('audit_log')
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agents_team_id'))

    op.drop_table('agents')
    op.drop_table('users')
    op.drop_table('teams')
    op.drop_table('scorecard_items')
    op.drop_table('pronunciation_entries')
    op.drop_table('politeness_rules')
    op.drop_table('compliance_rules')
