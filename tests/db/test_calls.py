from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.access import Actor
from core.domain import CallCategory, CallDirection, CallStatus, Role
from core.errors import UserError
from core.storage import store_by_content
from db import calls
from db.models import AuditEntry, Call
from db.session import transaction
from tests import factories

SECRET = "test-customer-secret"
SUPERVISOR = Actor(user_id=None, username="qa", roles=[Role.SUPERVISOR])


def metadata(**changes) -> calls.CallMetadata:
    values = {
        "agent_employee_no": "A001",
        "category": CallCategory.CLAIM,
        "direction": CallDirection.INBOUND,
        "customer_key": "010-2222-3333",
        "started_at": datetime(2026, 11, 20, 1, 30, tzinfo=UTC),
    } | changes
    return calls.CallMetadata(**values)


def register(engine, tmp_path, content=b"wav-bytes", actor=SUPERVISOR, **changes):
    audio = store_by_content([content], root=tmp_path, suffix=".wav")
    with transaction(engine) as session:
        return calls.register_recording(session=session, actor=actor, audio=audio,
                                        duration_s=61.5, channels=2, metadata=metadata(**changes),
                                        customer_key_secret=SECRET)  # fmt: skip


@pytest.fixture
def agent(engine):
    with transaction(engine) as session:
        return factories.agent(session, factories.team(session))


def count_calls(engine) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count(Call.id)))


def test_a_recording_becomes_an_uploaded_call_with_an_audit_row(engine, agent, tmp_path):
    registered = register(engine, tmp_path)
    assert not registered.duplicate
    with transaction(engine) as session:
        call = session.get(Call, registered.call_id)
        assert (call.status, call.channels, call.agent_id, call.team_id) == (
            CallStatus.UPLOADED, 2, agent.id, agent.team_id)  # fmt: skip
        assert "2222" not in call.customer_key_hash
        assert session.scalars(select(AuditEntry.action)).all() == ["call.upload"]


def test_the_same_audio_again_is_reported_not_duplicated(engine, agent, tmp_path):
    first = register(engine, tmp_path)
    again = register(engine, tmp_path, agent_employee_no="A999")  # metadata ignored
    assert again.duplicate and again.call_id == first.call_id
    assert count_calls(engine) == 1


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"agent_employee_no": "Z404"}, "call.unknown_agent"),
        ({"customer_key": "  "}, "call.customer_key_required"),
        ({"started_at": datetime.now(UTC) + timedelta(days=1)}, "call.started_at_in_future"),
        ({"started_at": datetime(2026, 11, 20, 1, 30)}, "call.started_at_without_zone"),
    ],
)
def test_bad_metadata_is_refused_and_writes_nothing(engine, agent, tmp_path, changes, key):
    with pytest.raises(UserError) as raised:
        register(engine, tmp_path, **changes)
    assert raised.value.key == key
    assert count_calls(engine) == 0


def test_a_viewer_cannot_upload(engine, agent, tmp_path):
    from core.access import PermissionDenied

    with pytest.raises(PermissionDenied):
        register(engine, tmp_path, actor=Actor(user_id=None, username="v", roles=[Role.VIEWER]))
    assert count_calls(engine) == 0


def test_attempts_are_counted_and_failures_keep_their_error(engine, agent, tmp_path):
    call_id = register(engine, tmp_path).call_id
    with transaction(engine) as session:
        assert calls.start_attempt(session=session, call_id=call_id,
                                   status=CallStatus.TRANSCRIBING) == 1  # fmt: skip
        calls.set_status(session=session, call_id=call_id, status=CallStatus.FAILED,
                         error_text="디코딩 실패")  # fmt: skip
    with transaction(engine) as session:
        call = session.get(Call, call_id)
        assert (call.status, call.attempt_count, call.error_text) == (
            CallStatus.FAILED, 1, "디코딩 실패")  # fmt: skip
        assert calls.calls_in_status(session=session, statuses=(CallStatus.FAILED,)) == [call_id]
