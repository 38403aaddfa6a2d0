from datetime import date, time

from tests.pages.conftest import open_page
from tests.pages.test_scenario_editor import widget
from tests.pages.test_scenarios import texts

MONDAY_MORNING = (date(2026, 11, 23), time(10, 0))
SUNDAY = (date(2026, 11, 22), time(10, 0))


def place_call(at, when):
    day, moment = when
    at.date_input[0].set_value(day)
    at.time_input[0].set_value(moment)
    widget(at.button, "전화 걸기").click()
    at.run()
    assert not at.exception, at.exception
    return at


def press(at, *keys):
    for key in keys:
        widget(at.button, key).click()
        at.run()
        assert not at.exception, at.exception
    return at


def open_test(username="designer", scenario_id="1"):
    at = open_page("pages/scenario_test.py", username, id=scenario_id)
    assert not at.exception, at.exception
    return at


def test_pressing_1_in_business_hours_reaches_the_accident_desk(app_env):
    at = place_call(open_test(), MONDAY_MORNING)
    shown = texts(at)
    assert "메뉴 선택을 기다립니다" in shown
    assert "사고 접수는 1번, 보험금 청구는 2번" in shown  # the menu's prompt, as text
    assert "승인된 음성이 없어 문구만 표시합니다." in shown
    press(at, "1")
    shown = texts(at)
    assert "통화 종료: 상담원 연결" in shown
    assert "n1 → n2 → n3 → n4 → n5" in shown
    assert "사고접수 상담원에게 연결해 드리겠습니다" in shown  # {queue} filled in


def test_outside_business_hours_the_caller_hears_the_hours_and_the_call_ends(app_env):
    at = place_call(open_test(), SUNDAY)
    shown = texts(at)
    assert "지금은 상담 시간이 아닙니다" in shown
    assert "통화 종료: 종료" in shown


def test_digits_are_collected_into_the_variable(app_env):
    at = place_call(open_test(), MONDAY_MORNING)
    press(at, "2")
    assert "번호 입력을 기다립니다" in texts(at)
    press(at, *"1234567890", "#")
    shown = texts(at)
    [variables] = [j.value for j in at.json]
    assert '"policy_no": "1234567890"' in variables.replace("\n", "").replace("  ", " ")
    assert "보험금 청구 서류는" in shown


def test_a_wrong_key_and_a_timeout_are_simulated(app_env):
    at = place_call(open_test(), MONDAY_MORNING)
    widget(at.button, "잘못된 키").click()
    at.run()
    assert "잘못 누르셨습니다" in texts(at)
    widget(at.button, "시간 초과").click()
    at.run()
    assert "입력 시간이 초과되었습니다" in texts(at)


def test_every_path_is_explored_with_keys_coverage_and_times(app_env):
    at = open_test()
    labels = {m.label: m.value for m in at.metric}
    assert int(labels["경로 수"]) > 5
    assert labels["분기 커버리지"] == "100%"
    paths = at.dataframe[0].value
    assert {"상담원 연결", "종료"} <= set(paths["결과"])
    assert (paths["예상 시간(초)"] > 0).all()
    assert any("1" in keys.split() for keys in paths["누른 키"])


def test_a_viewer_may_simulate_too(app_env):
    at = place_call(open_test("viewer"), MONDAY_MORNING)
    press(at, "0")
    assert "통화 종료: 상담원 연결" in texts(at)
