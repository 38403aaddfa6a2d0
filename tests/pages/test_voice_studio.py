"""The voice studio pages in AppTest: previews with espeak-ng (inline, as the demo runs them),
voice actors and consent, the prompt library and the pronunciation dictionary."""

from datetime import date

from sqlalchemy import select

from core.access import Actor
from core.domain import Role
from db.models import PronunciationEntry, TtsTake
from db.session import create_db_engine, transaction
from tests.pages.conftest import open_page, texts
from ui.nav import pages_for

LINE = "사고 접수는 1번, 상담원 연결은 0번을 눌러 주세요."


def rows(app_env, model):
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        found = list(session.scalars(select(model)))
        session.expunge_all()
    engine.dispose()
    return found


def test_a_designer_generates_espeak_takes_and_sees_them_side_by_side(app_env):
    at = open_page("pages/voice_studio.py", "designer")
    assert not at.exception
    assert at.selectbox[0].value == "espeak"  # XTTS is not configured in the demo
    at.text_area[0].input(LINE)
    at.button[0].click()
    at.run()
    assert not at.exception
    takes = rows(app_env, TtsTake)
    assert len(takes) == 3 and {t.engine for t in takes} == {"espeak"}
    assert all(t.status.value == "done" and t.audio_path for t in takes)
    shown = texts(at)
    assert "테이크 1" in shown and "테이크 3" in shown
    # No speech-to-text model in the demo: the round trip is shown as not run, never passed.
    assert "품질 점검: 실행 안 됨" in shown and "품질 점검: 통과" not in shown
    assert "라이브러리 멘트의 테이크만" not in shown  # no approve button, no error either
    # Asking again answers from the cache.
    at.button[0].click()
    at.run()
    assert len(rows(app_env, TtsTake)) == 3
    assert any("저장된 테이크" in str(toast.value) for toast in at.toast)


def test_a_line_with_a_variable_needs_an_example_value(app_env):
    at = open_page("pages/voice_studio.py", "supervisor")
    at.text_area[0].input("{customer_name} 고객님, 안녕하십니까.")
    at.run()
    at.button[0].click()
    at.run()
    assert "변수 예시 값을 입력해 주세요: customer_name" in texts(at)
    assert rows(app_env, TtsTake) == []


def test_the_prompt_library_lists_prompts_and_edits_the_dictionary(app_env):
    at = open_page("pages/prompt_library.py", "designer")
    assert not at.exception
    assert "멘트 라이브러리" in texts(at)
    table = at.dataframe[0].value
    assert "main.menu" in set(table.iloc[:, 0])
    term = next(w for w in at.text_input if w.label == "표기")
    reading = next(w for w in at.text_input if w.label == "읽는 법")
    term.input("DB")
    reading.input("디비")
    next(b for b in at.button if b.label == "저장" and "pronunciation" in str(b.form_id)).click()
    at.run()
    assert not at.exception
    assert "DB의 읽는 법을 저장했습니다." in texts(at)
    assert "DB" in {e.term for e in rows(app_env, PronunciationEntry)}


def test_a_voice_actor_is_not_added_without_the_signed_consent(app_env):
    at = open_page("pages/voice_actors.py", "designer")
    assert not at.exception
    assert "성우·동의서" in texts(at)
    next(w for w in at.text_input if w.label == "성우 이름").input("박서연")
    next(w for w in at.text_input if w.label == "동의한 사람").input("박서연")
    at.date_input[0].set_value(date(2026, 5, 1))
    at.text_area[0].input("ARS 안내 멘트 음성 합성")
    next(b for b in at.button if b.label == "동의서와 함께 등록").click()
    at.run()
    assert "서명한 동의서 파일을 올려 주세요." in texts(at)


def test_viewers_have_no_voice_pages(app_env):
    paths = {s.url_path for s in pages_for(Actor(user_id=1, username="v", roles=[Role.VIEWER]))}
    assert not paths & {"voice-studio", "prompts", "voice-actors"}
