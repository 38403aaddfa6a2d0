import pytest
from sqlalchemy import select

from core.domain import CallStatus, JobStatus, QueueName
from db.models import Call, JobRun
from db.session import create_db_engine, transaction
from tests.pages.conftest import login, open_page, texts


def database(app_env):
    return create_db_engine(f"sqlite:///{app_env / 'feple.db'}")


def failed_analysis(app_env) -> tuple[int, int]:
    """A failed analysis job of a demo call, as a worker would have left it."""
    engine = database(app_env)
    with transaction(engine) as session:
        call = session.scalars(select(Call).where(Call.status == CallStatus.DONE).limit(1)).one()
        call.status = CallStatus.FAILED
        run = JobRun(
            rq_job_id="f" * 32,
            queue=QueueName.CPU,
            target_type="call",
            function="workers.analyze.analyze_call",
            target_id=call.id,
            status=JobStatus.FAILED,
            error_text="RuntimeError: 분석 서버 응답 없음",
        )
        session.add(run)
        session.flush()
        ids = (run.id, call.id)
    engine.dispose()
    return ids


def open_jobs(username):
    return open_page("pages/jobs.py", username)


def test_a_supervisor_sees_the_failed_job_with_its_error_and_retries_it(app_env):
    job_id, call_id = failed_analysis(app_env)
    at = open_jobs("supervisor")
    assert not at.exception
    assert at.title[0].value == "작업 모니터"
    table = at.dataframe[0].value
    row = table[table["번호"] == job_id].iloc[0]
    assert row["상태"] == "실패" and "분석 서버 응답 없음" in row["오류"]
    assert row["작업"] == "통화 분석" and row["대상"] == f"통화 {call_id}"
    assert "큐 없이 작업을 바로 실행" in texts(at)  # the demo runs jobs inline
    retry = next(b for b in at.button if b.label == "다시 실행")
    assert not retry.disabled
    retry.click()
    at.run()
    assert not at.exception
    assert f"작업 {job_id}번을 다시 실행하도록" in texts(at)
    engine = database(app_env)
    with transaction(engine) as session:
        newest = session.scalars(select(JobRun).order_by(JobRun.id.desc()).limit(1)).one()
        assert (newest.function, newest.target_id, newest.attempt) == (
            "workers.analyze.analyze_call", call_id, 2)  # fmt: skip
        assert newest.status is JobStatus.FINISHED
        assert session.get(Call, call_id).status is CallStatus.DONE
    engine.dispose()


def test_the_status_filter_narrows_the_list_and_an_empty_result_says_so(app_env):
    failed_analysis(app_env)
    at = open_jobs("supervisor")
    at.multiselect[0].set_value([JobStatus.CANCELED])
    at.run()
    assert not at.exception
    assert "조건에 맞는 작업이 없습니다." in texts(at)


def test_an_admin_may_act_too(app_env):
    failed_analysis(app_env)
    at = open_jobs("admin")
    assert not at.exception
    assert not next(b for b in at.button if b.label == "다시 실행").disabled


@pytest.mark.parametrize("username", ["viewer", "designer"])
def test_the_job_monitor_is_not_registered_for_those_who_cannot_upload(app_env, username):
    at = login(username)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/jobs.py")
