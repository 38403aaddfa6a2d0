import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.domain import CallDirection
from core.filters import CallFilter
from db.call_list import CallSort, search
from db.models import Utterance
from db.session import create_db_engine, transaction
from tests.conftest import DEMO_TEST_CALLS
from tests.pages.conftest import login, open_page, texts
from ui import call_list as call_list_view
from ui.call_list import ListView, export_file
from ui.session import LANG_KEY


def open_calls(username="supervisor", **params):
    return open_page("pages/calls.py", username, **params)


def listed_ids(at) -> list[int]:
    return [int(v) for v in at.dataframe[0].value["통화 ID"]]


def test_a_supervisor_sees_the_newest_calls_with_every_filter_and_both_exports(app_env):
    at = open_calls()
    assert not at.exception
    assert at.title[0].value == "통화 목록"
    table = at.dataframe[0].value
    assert list(table.columns[:4]) == ["통화 ID", "시작 시각", "상담사", "팀"]
    assert 0 < len(table) <= 50
    started = list(table["시작 시각"])
    assert started == sorted(started, reverse=True)
    labels = {w.label for w in (*at.multiselect, *at.text_input, *at.slider, *at.checkbox)}
    assert labels >= {"팀", "상담사", "상담 유형", "방향", "처리 상태", "예측 결과",
                      "대화 내용 검색", "평가 점수", "공손성 점수", "스크립트 준수율",
                      "재문의 통화만", "호 전환 통화만"}  # fmt: skip
    assert [d.label for d in at.date_input] == ["기간"]
    downloads = at.get("download_button")
    assert [b.label for b in downloads] == ["CSV 내려받기", "Excel 내려받기"]
    # Each file is made on click: the buttons carry a deferred download, not the bytes.
    assert all(b.proto.deferred_file_id for b in downloads)
    assert "최대 50,000건" in texts(at)


def test_the_viewer_reads_and_exports_the_same_list(app_env):
    at = open_calls("viewer")
    assert not at.exception
    assert len(at.dataframe[0].value) > 0
    assert len(at.get("download_button")) == 2


def test_the_admin_has_the_list_too(app_env):
    at = open_calls("admin")
    assert not at.exception
    assert at.title[0].value == "통화 목록"


def test_a_designer_has_no_call_list(app_env):
    at = login("designer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/calls.py")


def test_query_parameters_set_the_filters_and_stay_in_the_address(app_env):
    at = open_calls(direction="outbound", sort="duration", order="asc", q="고객님")
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["방향"]) == {"발신"}
    durations = [int(m) * 60 + int(s) for m, s in (v.split(":") for v in table["통화 시간"])]
    assert durations == sorted(durations)
    direction = next(m for m in at.multiselect if m.label == "방향")
    assert [d.value for d in direction.value] == ["outbound"]
    assert next(w for w in at.text_input if w.label == "대화 내용 검색").value == "고객님"
    assert at.query_params["direction"] == "outbound"
    assert (at.query_params["sort"], at.query_params["order"]) == ("duration", "asc")


def test_changing_a_filter_writes_it_to_the_address(app_env):
    at = open_calls()
    next(w for w in at.text_input if w.label == "대화 내용 검색").input("해지").run()
    assert not at.exception
    assert at.query_params["q"] == "해지"
    assert "from" in at.query_params and "to" in at.query_params


def test_unreadable_parameters_are_named_and_ignored(app_env):
    at = open_calls(category="보험사기", score="80-20", sort="loudness", agent="9999")
    assert not at.exception
    shown = texts(at)
    assert "알 수 없는 상담 유형이 있어 유형 조건을 무시했습니다." in shown
    assert "평가 점수 범위(0-100)를 읽을 수 없어 무시했습니다." in shown
    assert "주소의 정렬 조건을 읽을 수 없어 최신순으로 보여 줍니다." in shown
    assert "주소의 상담사 조건을 읽을 수 없어 무시했습니다." in shown
    assert len(at.dataframe[0].value) > 0


def test_nothing_matching_says_so(app_env):
    at = open_calls(q="이런 말은 아무도 하지 않았다")
    assert not at.exception
    assert not at.dataframe
    assert "조건에 맞는 통화가 없습니다." in texts(at)


def test_a_two_character_search_lists_the_calls_that_say_it(app_env):
    at = open_calls(q="해지")
    assert not at.exception
    found = listed_ids(at)
    engine = demo_engine(app_env)
    with transaction(engine) as session:
        saying = set(
            session.scalars(select(Utterance.call_id).where(Utterance.text.contains("해지")))
        )
    engine.dispose()
    assert found and set(found) <= saying


def test_a_one_character_search_asks_for_two(app_env):
    at = open_calls(q="해")
    assert not at.exception
    assert not at.dataframe
    assert "검색어는 두 글자 이상 입력해 주세요(예: 해지, 민원). 한 글자로는 찾을 수 없습니다." in [
        e.value for e in at.error
    ]
    # The filters stay, to change the search text.
    assert next(w for w in at.text_input if w.label == "대화 내용 검색").value == "해"


def test_a_one_character_search_asks_for_two_in_english_too(app_env):
    at = login("viewer")
    at.session_state[LANG_KEY] = "en"
    at.switch_page("pages/calls.py")
    at.query_params["q"] = "a"
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Enter two characters or more (e.g. 해지, 민원): a single character cannot be searched."
    ]


def test_next_page_shows_the_following_calls(app_env):
    at = open_calls()
    first = listed_ids(at)
    assert len(first) == 50
    next(b for b in at.button if b.label == "다음").click().run()
    assert not at.exception
    second = listed_ids(at)
    assert second and not set(first) & set(second)
    assert at.query_params["page"] == "2"


def test_a_page_past_the_end_goes_back_to_the_first(app_env):
    at = open_calls(page="999")
    assert not at.exception
    assert "999 페이지에는 통화가 없어 첫 페이지로 돌아갑니다." in texts(at)
    assert len(at.dataframe[0].value) == 50


def test_selecting_a_row_opens_the_call(app_env):
    at = open_calls()
    call_id = listed_ids(at)[2]
    at.session_state["calls_table"] = {"selection": {"rows": [2], "columns": []}}
    at.run()
    assert not at.exception
    assert at.query_params["id"] == str(call_id)
    assert f"{call_id}" in at.title[0].value


def test_the_list_and_its_labels_speak_english_too(app_env):
    at = login("supervisor")
    at.session_state[LANG_KEY] = "en"  # as the account page sets it
    at.switch_page("pages/calls.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Calls"
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Call ID", "Started", "Agent", "Team", "Category", "Direction", "Duration", "Status",
        "Score", "Politeness", "Compliance", "Predicted outcome", "Source", "Reviewed",
    ]  # fmt: skip
    assert set(table["Direction"]) <= {"Inbound", "Outbound"}
    assert set(table["Source"]) == {"Demo"}


def demo_engine(app_env):
    return create_db_engine(f"sqlite:///{app_env / 'feple.db'}")


def test_the_export_holds_every_matching_call_in_the_order_shown(app_env):
    engine = demo_engine(app_env)
    today = datetime.now(ZoneInfo("Asia/Seoul")).date()
    inbound = CallFilter(today - timedelta(days=29), today, directions=(CallDirection.INBOUND,))
    shortest_first = ListView(sort=CallSort.DURATION, descending=False)
    with transaction(engine) as session:
        total = search(session=session, call_filter=inbound, tz="Asia/Seoul").total
    assert 0 < total < DEMO_TEST_CALLS
    data = export_file(engine, inbound, shortest_first, tz="Asia/Seoul", lang="ko", kind="csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == total
    assert {row["방향"] for row in rows} == {"수신"}
    seconds = [int(row["통화 시간(초)"]) for row in rows]
    assert seconds == sorted(seconds)
    xlsx = export_file(engine, inbound, shortest_first, tz="Asia/Seoul", lang="en", kind="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.title == "Calls"
    assert [c.value for c in sheet[1]][:3] == ["Call ID", "Started", "Agent"]
    assert sheet.max_row == total + 1
    assert [sheet.cell(r, 1).value for r in range(2, total + 2)] == [
        int(r["통화 ID"]) for r in rows
    ]
    engine.dispose()


def test_the_export_stops_at_its_cap(app_env, monkeypatch):
    monkeypatch.setattr(call_list_view, "EXPORT_ROW_CAP", 7)
    engine = demo_engine(app_env)
    today = datetime.now(ZoneInfo("Asia/Seoul")).date()
    data = export_file(engine, CallFilter(today - timedelta(days=29), today), ListView(),
                       tz="Asia/Seoul", lang="ko", kind="csv")  # fmt: skip
    assert len(data.decode("utf-8-sig").splitlines()) == 1 + 7
    engine.dispose()
