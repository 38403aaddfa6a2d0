import pytest
from sqlalchemy import func, select, update

from core.domain import Outcome, ReviewAcknowledgement
from db.models import Agent, AuditEntry, Call, JobRun, Review, User, Utterance
from db.session import create_db_engine, transaction
from tests.pages.conftest import login, texts

HOSTILE = "<script>alert(1)</script> **x** [a](javascript:alert(1))"


@pytest.fixture
def db(app_env):
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    yield engine
    engine.dispose()


def user_id(db, username):
    with transaction(db) as session:
        return session.scalar(select(User.id).where(User.username == username))


def reviewed_call(db):
    """A demo call the demo supervisor reviewed and nobody else did."""
    supervisor = user_id(db, "supervisor")
    others = select(Review.call_id).where(Review.reviewer_id != supervisor)
    with transaction(db) as session:
        return session.scalar(
            select(func.min(Review.call_id)).where(
                Review.reviewer_id == supervisor, Review.call_id.not_in(others)
            )
        )


def unreviewed_call(db):
    with transaction(db) as session:
        return session.scalar(select(func.min(Call.id)).where(~Call.id.in_(select(Review.call_id))))


def open_call(username, call_id):
    at = login(username)
    at.switch_page("pages/call.py")
    at.query_params["id"] = str(call_id)
    at.run()
    assert not at.exception
    return at


def shown_plainly(at):
    """What the page says, with the backslashes that keep untrusted Markdown literal removed."""
    return texts(at).replace("\\", "")


def review_scores(at):
    return {box.label: box.value for box in at.selectbox if box.label != "상담 결과"}


def test_a_supervisor_sees_the_call_with_their_review_prefilled(db):
    call_id = reviewed_call(db)
    with transaction(db) as session:
        utterances = session.scalar(select(func.count()).where(Utterance.call_id == call_id))
        review = session.scalar(
            select(Review).where(
                Review.call_id == call_id, Review.reviewer_id == user_id(db, "supervisor")
            )
        )
    at = open_call("supervisor", call_id)
    shown = texts(at)
    assert at.title[0].value == f"통화 #{call_id}"
    assert len(at.chat_message) == utterances
    assert "데모 통화에는 녹음 파일이 없습니다" in shown
    assert "총점 (0-100)" in shown and "예측" in shown
    assert "내 검토 수정" in shown
    prefilled = list(review_scores(at).values())
    assert prefilled == list(review.item_scores.values())
    assert next(b for b in at.selectbox if b.label == "상담 결과").value == review.outcome
    assert at.text_area[0].value == review.comment
    assert [b.label for b in at.button] == ["검토 저장", "다시 분석"]
    calibration = at.dataframe[-1].value
    assert "QA 슈퍼바이저 데모 (supervisor)" in calibration.columns
    assert "자동 평가" in calibration.columns


def test_a_viewer_sees_the_call_read_only(db):
    call_id = reviewed_call(db)
    at = open_call("viewer", call_id)
    shown = texts(at)
    assert at.title[0].value == f"통화 #{call_id}"
    assert len(at.chat_message) > 0 and "총점 (0-100)" in shown
    assert "조회 전용 권한이라 검토를 쓸 수 없습니다." in shown
    assert len(at.selectbox) == 0 and len(at.text_area) == 0 and len(at.button) == 0
    assert "QA 슈퍼바이저 데모 (supervisor)" in at.dataframe[-1].value.columns  # reviews shown


def test_an_admin_writes_a_second_review_and_calibration_shows_both_with_spreads(db):
    call_id = reviewed_call(db)
    at = open_call("admin", call_id)
    assert "내 검토 작성" in texts(at)
    assert all(value is None for value in review_scores(at).values())  # nothing prefilled
    with transaction(db) as session:
        theirs = session.scalar(select(Review).where(Review.call_id == call_id)).item_scores
    # two points apart on the first item, one on every other
    for box, (code, score) in zip(at.selectbox, theirs.items(), strict=False):
        step = 2 if code == "greeting" else 1
        box.set_value(score - step if score - step >= 1 else score + step)
    next(b for b in at.selectbox if b.label == "상담 결과").set_value(Outcome.POOR)
    at.text_area[0].input("보정용 두 번째 검토")
    next(b for b in at.button if b.label == "검토 저장").click()
    at.run()
    assert not at.exception
    assert "검토를 저장했습니다." in texts(at)
    calibration = at.dataframe[-1].value
    assert {"QA 슈퍼바이저 데모 (supervisor)", "관리자 데모 (admin)"} <= set(calibration.columns)
    spreads = dict(zip(calibration["평가 항목"], calibration["편차(최고-최저)"], strict=True))
    assert list(spreads.values())[:-1] == [2, 1, 1, 1, 1, 1, 1, 1]  # the total row aside
    flags = dict(zip(calibration["평가 항목"], calibration["보정 필요"], strict=True))
    assert [name for name, flagged in flags.items() if flagged] == ["첫인사"]
    assert "검토자 간 점수 차이가 큰 항목: 첫인사" in shown_plainly(at)
    with transaction(db) as session:
        mine = session.scalar(
            select(Review).where(
                Review.call_id == call_id, Review.reviewer_id == user_id(db, "admin")
            )
        )
    assert mine.outcome is Outcome.POOR and mine.comment == "보정용 두 번째 검토"


def test_a_review_with_an_item_left_unscored_is_refused_and_nothing_is_saved(db):
    call_id = unreviewed_call(db)
    at = open_call("supervisor", call_id)
    assert "아직 검토한 사람이 없습니다." in texts(at)
    for box in at.selectbox[:-2]:
        box.set_value(4)
    next(b for b in at.button if b.label == "검토 저장").click()
    at.run()
    assert "점수를 매기지 않은 항목" in texts(at)
    with transaction(db) as session:
        assert session.scalar(select(func.count()).where(Review.call_id == call_id)) == 0
    at.selectbox[-2].set_value(2)  # the last item
    next(b for b in at.button if b.label == "검토 저장").click()
    at.run()
    assert "검토를 저장했습니다." in texts(at)
    assert "내 검토 수정" in texts(at)
    with transaction(db) as session:
        saved = session.scalar(select(Review).where(Review.call_id == call_id))
    assert saved.outcome is None and list(saved.item_scores.values())[-1] == 2


def test_the_designer_has_no_call_page(app_env):
    at = login("designer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/call.py")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "주소에 통화 번호(id)가 없습니다"),
        ("abc", "주소의 통화 번호를 읽을 수 없습니다"),
        ("-3", "주소의 통화 번호를 읽을 수 없습니다"),
        ("²", "주소의 통화 번호를 읽을 수 없습니다"),
        ("0", "주소의 통화 번호를 읽을 수 없습니다"),
        ("99999999999999999999999", "주소의 통화 번호를 읽을 수 없습니다"),
        ("987654", "통화 #987654을(를) 찾을 수 없습니다."),
    ],
)
def test_a_bad_or_unknown_id_says_so_and_links_back_to_the_list(app_env, value, message):
    at = open_call("supervisor", value)
    assert message in shown_plainly(at)
    assert at.title[0].value == "통화 상세"
    (link,) = at.get("page_link")
    assert (link.proto.page, link.proto.label) == ("calls", "통화 목록으로")


def test_hostile_transcript_and_comment_text_is_shown_literally(db):
    call_id = reviewed_call(db)
    with transaction(db) as session:
        session.execute(
            update(Utterance)
            .where(Utterance.call_id == call_id, Utterance.seq == 1)
            .values(text=HOSTILE, redaction_spans=[])
        )
        session.execute(update(Review).where(Review.call_id == call_id).values(comment=HOSTILE))
    at = open_call("viewer", call_id)
    markdown = [*at.markdown, *at.caption]
    hostile = [m for m in markdown if "script" in m.value]
    assert len(hostile) == 2  # the utterance and the review comment
    escaped = r"\<script\>alert\(1\)\<\/script\> \*\*x\*\* \[a\]\(javascript\:alert\(1\)\)"
    assert all(m.value == escaped for m in hostile)
    assert not any(m.proto.allow_html for m in markdown)


def test_the_agent_whose_call_it_is_disputes_a_review_with_a_reason(db):
    call_id = reviewed_call(db)
    viewer = user_id(db, "viewer")
    with transaction(db) as session:
        agent_id = session.scalar(select(Call.agent_id).where(Call.id == call_id))
        session.execute(update(Agent).where(Agent.id == agent_id).values(user_id=viewer))
    at = open_call("viewer", call_id)
    assert "내 통화 검토에 답하기" in texts(at)
    at.radio[0].set_value(ReviewAcknowledgement.DISPUTED)
    next(b for b in at.button if b.label == "보내기").click()
    at.run()
    assert "이의를 제기하려면 이유를 적어 주세요." in texts(at)
    at.radio[0].set_value(ReviewAcknowledgement.DISPUTED)
    at.text_area[0].input("고객이 먼저 끊었습니다")
    next(b for b in at.button if b.label == "보내기").click()
    at.run()
    assert "이의를 제기했습니다." in texts(at)
    with transaction(db) as session:
        review = session.scalar(select(Review).where(Review.call_id == call_id))
    assert review.acknowledgement is ReviewAcknowledgement.DISPUTED
    assert review.acknowledgement_comment == "고객이 먼저 끊었습니다"
    # a supervisor is not the agent: no answer controls
    assert "내 통화 검토에 답하기" not in texts(open_call("supervisor", call_id))


def test_rerun_analyses_the_call_again_and_shows_the_job(db):
    call_id = reviewed_call(db)
    at = open_call("supervisor", call_id)
    assert "이 통화의 작업 기록이 없습니다." in texts(at)
    next(b for b in at.button if b.label == "다시 분석").click()
    at.run()
    assert not at.exception
    with transaction(db) as session:
        job = session.scalar(select(JobRun).where(JobRun.target_id == call_id))
        audited = session.scalar(select(AuditEntry).where(AuditEntry.action == "call.rerun"))
    assert f"재분석을(를) 마쳤습니다 (작업 #{job.id})." in texts(at)
    assert audited.target_id == str(call_id)
    history = at.dataframe[-1].value
    assert list(history["단계"]) == ["분석"] and list(history["상태"]) == ["완료"]


def test_the_demo_has_calls_reviewed_twice_to_calibrate(db):
    with transaction(db) as session:
        call_id = session.scalar(
            select(Review.call_id).where(Review.reviewer_id == user_id(db, "admin")).limit(1)
        )
    assert call_id is not None
    at = open_call("supervisor", call_id)
    calibration = at.dataframe[-1].value
    assert {"QA 슈퍼바이저 데모 (supervisor)", "관리자 데모 (admin)"} <= set(calibration.columns)
    assert calibration["편차(최고-최저)"].notna().all()
