import json
from datetime import date

import pytest
from sqlalchemy import select

from core.domain import CallSource, CallStatus, ImportStatus
from db.models import Agent, Call, CallMetrics, ImportBatch, Prediction
from db.session import create_db_engine, transaction
from tests.pages.conftest import login, open_page, texts


def database(app_env):
    return create_db_engine(f"sqlite:///{app_env / 'feple.db'}")


def first_agent(app_env) -> str:
    engine = database(app_env)
    with transaction(engine) as session:
        number = session.scalars(select(Agent.employee_no).order_by(Agent.id)).first()
    engine.dispose()
    return number


def transcript_file(agent: str) -> bytes:
    records = [
        {"통화번호": "IMP-1", "agent": agent, "category": "사고접수",
         "started_at": "2026-11-20 10:00",
         "transcript": "상담사: 네 한빛손해보험입니다 무엇을 도와드릴까요\n"
                       "손님: 사고 접수하려고요 제 번호는 010-1234-5678이에요"},
        {"통화번호": "IMP-2", "agent": agent, "category": "일반문의",
         "started_at": "2026-11-20 11:00", "transcript": "상담사: 네\n대리인: 접니다"},
        {"통화번호": "IMP-3", "transcript": "상담사: 기본값으로 채워지는 통화입니다\n고객: 네"},
    ]  # fmt: skip
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def choose(at, label: str, option_text: str) -> None:
    box = next(s for s in at.selectbox if s.label == label)
    box.select(next(o for o in box.options if option_text in str(o)))


def import_sample(app_env, *, check_form: bool = False):
    """The supervisor on the import page, having imported ``transcript_file``: the call id
    mapped from the file's own field, the default agent, category and date chosen."""
    agent = first_agent(app_env)
    at = open_page("pages/transcript_import.py", "supervisor")
    at.file_uploader[0].set_value([("export.jsonl", transcript_file(agent), "application/json")])
    at.run()
    if check_form:
        assert not at.exception
        assert at.title[0].value == "대화록 가져오기"
        assert "'JSON Lines — 한 줄에 통화 하나' 형식으로 보입니다" in texts(at)
        assert "통화번호" in texts(at)  # the file's fields, offered for mapping
    next(s for s in at.selectbox if s.label == "통화 ID").set_value("통화번호")
    choose(at, "기본 상담사", agent)
    choose(at, "기본 상담 유형", "납입문의")
    at.date_input[0].set_value(date(2026, 11, 19))
    next(b for b in at.button if b.label == "가져오기 시작").click()
    at.run()
    return at


def test_a_supervisor_imports_a_file_and_sees_what_became_of_each_record(app_env):
    at = import_sample(app_env, check_form=True)
    assert not at.exception
    shown = texts(at)
    assert "가져오기 1번: 가져옴 2건, 중복 0건, 거부 1건." in shown
    assert at.query_params["batch"] in ("1", ["1"])
    rejected = at.dataframe[1].value
    assert list(rejected["통화 ID"]) == ["IMP-2"]
    assert "화자 '대리인'를 상담사/고객으로 알 수 없습니다" in rejected["사유"].iloc[0]
    imported = at.dataframe[2].value
    assert list(imported["통화 ID"]) == ["IMP-1", "IMP-3"]
    assert set(imported["상태"]) == {"완료"}  # analysed inline (no queue in the demo)
    engine = database(app_env)
    with transaction(engine) as session:
        calls = session.scalars(select(Call).where(Call.source == CallSource.TRANSCRIPT_IMPORT))
        by_ref = {c.source_ref: c for c in calls}
        assert by_ref["IMP-3"].category.value == "납입문의"
        assert {c.status for c in by_ref.values()} == {CallStatus.DONE}
        assert session.get(CallMetrics, by_ref["IMP-1"].id).timings_available is False
        # The demo's active outcome model predicts imported calls too.
        predicted = session.scalars(select(Prediction.call_id)).all()
        assert {c.id for c in by_ref.values()} <= set(predicted)
        batch = session.scalars(select(ImportBatch)).one()
        assert batch.status is ImportStatus.DONE and batch.created_by is not None
    engine.dispose()


def test_an_imported_call_is_marked_in_the_drill_down_without_an_audio_player(app_env):
    import_sample(app_env)
    engine = database(app_env)
    with transaction(engine) as session:
        call_id = session.scalar(select(Call.id).where(Call.source_ref == "IMP-1"))
    engine.dispose()
    call = open_page("pages/call.py", "supervisor", id=str(call_id))
    assert not call.exception
    shown = texts(call).replace("\\", "")  # file names reach Markdown escaped
    assert "녹음 없이 가져온 대화록입니다 — 출처: export.jsonl, 원본 통화 ID IMP-1" in shown
    assert "출처: 대화록 가져오기" in shown
    assert "010-1234-5678" not in shown
    # No timings: the length and the timed metrics are not available, never 0.
    assert "통화 시간 -" in shown and "평균 응답 지연 측정 불가" in shown
    assert not call.get("audio")


def test_a_file_of_unknown_type_is_refused_with_a_reason(app_env):
    at = open_page("pages/transcript_import.py", "supervisor")
    at.file_uploader[0].set_value([("notes.txt", "그냥 메모입니다".encode(), "text/plain")])
    at.run()
    assert not at.exception
    # A .txt file is read as CSV: its header lacks the columns, which the import names.
    next(b for b in at.button if b.label == "가져오기 시작").click()
    at.run()
    shown = texts(at).replace("\\", "")
    assert "가져오기 1번 실패" in shown
    assert "필요한 열이 없습니다: transcript, source_id" in shown


def test_an_unreadable_batch_number_in_the_address_is_named(app_env):
    at = open_page("pages/transcript_import.py", "supervisor", batch="abc")
    assert not at.exception
    assert "주소의 가져오기 번호를 읽을 수 없습니다: abc" in texts(at).replace("\\", "")


def test_the_import_page_is_not_registered_for_a_designer_or_a_viewer(app_env):
    for username in ("designer", "viewer"):
        at = login(username)
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page("pages/transcript_import.py")
