import re

import pytest

from core.voice.pronunciation import (
    PronunciationRule,
    apply_pronunciation,
    native,
    placeholders,
    read_numbers,
    sino,
    spoken_text,
)
from db.demo.reference import PROMPTS, PRONUNCIATIONS

DEMO_RULES = [PronunciationRule(term, reading) for term, reading in PRONUNCIATIONS]
KB = PronunciationRule("KB", "케이비")
PROMPTS_BY_CODE = {code: text for code, text, *_ in PROMPTS}

BRIEF_LINE = (
    "KB손해보험 고객센터입니다. 고객님의 접수 번호는 {claim_no}번입니다. 상담원 연결은 0번, "
    "사고 접수는 1588-0114로 전화 주세요. 보험료 35,000원이 3월 25일에 출금됩니다."
)


def ascii_digits_outside_placeholders(text: str) -> list[str]:
    return re.findall(r"[0-9]", re.sub(r"\{\w+\}", "", text))


# -- the dictionary ---------------------------------------------------------------------------


def test_dictionary_replaces_a_latin_term_followed_directly_by_a_particle():
    assert (
        apply_pronunciation("KB의 고객센터, KB손해보험", [KB])
        == "케이비의 고객센터, 케이비손해보험"
    )


def test_latin_term_does_not_fire_inside_a_longer_latin_word():
    assert apply_pronunciation("KBS 뉴스와 AKB", [KB]) == "KBS 뉴스와 AKB"


def test_longer_term_wins_over_the_shorter_term_it_contains():
    rules = [KB, PronunciationRule("KBS", "케이비에스")]
    assert apply_pronunciation("KBS와 KB", rules) == "케이비에스와 케이비"


def test_latin_terms_are_case_sensitive():
    assert apply_pronunciation("kb와 Kb", [KB]) == "kb와 Kb"


def test_a_reading_is_never_matched_again_by_another_rule():
    rules = [PronunciationRule("A", "B"), PronunciationRule("B", "C")]
    assert apply_pronunciation("A B", rules) == "B C"


def test_a_reading_containing_its_own_term_is_not_expanded_again():
    rules = [PronunciationRule("IC", "IC칩")]
    assert apply_pronunciation("IC 카드", rules) == "IC칩 카드"


def test_a_particle_that_no_longer_agrees_with_the_reading_is_corrected():
    rules = [PronunciationRule("#", "우물 정자"), PronunciationRule("ARS", "에이알에스")]
    assert apply_pronunciation("#을 누르세요", rules) == "우물 정자를 누르세요"
    assert apply_pronunciation("ARS은 ARS으로", rules) == "에이알에스는 에이알에스로"
    rules = [PronunciationRule("IC", "아이씨 칩")]  # ends in a final consonant
    assert apply_pronunciation("IC가 IC와 IC로 IC는", rules) == (
        "아이씨 칩이 아이씨 칩과 아이씨 칩으로 아이씨 칩은"
    )
    rules = [PronunciationRule("CI", "상징물")]  # a final ㄹ takes 로, not 으로
    assert apply_pronunciation("CI으로", rules) == "상징물로"


def test_a_syllable_that_begins_a_word_is_not_taken_for_a_particle():
    assert apply_pronunciation("KB가입 KB이용", [PronunciationRule("KB", "케이비은행")]) == (
        "케이비은행가입 케이비은행이용"
    )


def test_a_digit_term_does_not_fire_inside_a_phone_number_or_a_longer_number():
    rules = [PronunciationRule("1588", "일오팔팔")]
    assert apply_pronunciation("1588 대표번호, 1588-0114, 15889", rules) == (
        "일오팔팔 대표번호, 1588-0114, 15889"
    )


def test_a_latin_unit_may_follow_a_number_directly():
    assert apply_pronunciation("5km 앞", [PronunciationRule("km", "킬로미터")]) == "5킬로미터 앞"


def test_dictionary_leaves_placeholders_alone():
    rules = [PronunciationRule("no", "번호"), PronunciationRule("고객", "손님")]
    assert apply_pronunciation("{claim_no} {고객명} 고객", rules) == "{claim_no} {고객명} 손님"


def test_hangul_term_is_replaced_inside_a_word():
    assert apply_pronunciation("㈜한빛", [PronunciationRule("㈜", "주식회사 ")]) == "주식회사 한빛"


def test_two_readings_for_one_term_are_refused():
    with pytest.raises(ValueError, match="two readings"):
        apply_pronunciation("KB", [KB, PronunciationRule("KB", "국민")])


# -- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("1588-0114", "일오팔팔 공일일사"),
        ("010-1234-5678", "공일공 일이삼사 오육칠팔"),
        ("0114", "공일일사"),
    ],
)
def test_phone_numbers_are_read_digit_by_digit_with_zero_as_gong(written, spoken):
    assert read_numbers(f"{written}로 전화 주세요") == f"{spoken}로 전화 주세요"


def test_keys_are_read_as_sino_numbers_with_zero_as_yeong():
    assert read_numbers("1번, 0번, 10번을 누르세요") == "일번, 영번, 십번을 누르세요"


def test_star_and_hash_keys_are_named_as_on_a_keypad():
    assert read_numbers("*을 누르고 #를 누르세요") == "별표를 누르고 우물 정자를 누르세요"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("35,000원", "삼만 오천 원"),
        ("10,000원", "만 원"),
        ("100,000,000원", "일억 원"),
        ("12,345,678원", "천이백삼십사만 오천육백칠십팔 원"),
        ("35000원", "삼만 오천 원"),
        ("1,010원", "천십 원"),
    ],
)
def test_amounts_are_sino_korean_grouped_by_man_with_a_spaced_won(written, spoken):
    assert read_numbers(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("3월 25일", "삼월 이십오일"),
        ("6월 1일", "유월 일일"),
        ("10월 31일", "시월 삼십일일"),
        ("12월", "십이월"),
        ("2025년 3월", "이천이십오년 삼월"),
        ("2025-03-25", "이천이십오년 삼월 이십오일"),
        ("2025.6.10", "이천이십오년 유월 십일"),
    ],
)
def test_dates_are_sino_korean_with_yuwol_and_siwol(written, spoken):
    assert read_numbers(written) == spoken


def test_months_as_a_duration_are_not_month_names():
    assert read_numbers("6개월 10개월") == "육 개월 십 개월"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("오후 6시", "오후 여섯 시"),
        ("오전 9시 30분", "오전 아홉 시 삼십 분"),
        ("12시", "열두 시"),
        ("0시", "영 시"),
        ("09:30", "아홉 시 삼십 분"),
        ("18:00", "열여덟 시"),
        ("24시간", "스물네 시간"),
        ("10초", "십 초"),
    ],
)
def test_hours_are_native_korean_and_minutes_and_seconds_sino_korean(written, spoken):
    assert read_numbers(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("3개", "세 개"),
        ("20명", "스무 명"),
        ("21명", "스물한 명"),
        ("99명", "아흔아홉 명"),
        ("100명", "백 명"),
        ("1번째", "첫 번째"),
        ("2번째", "두 번째"),
        ("11번째", "열한 번째"),
        ("10자리", "열 자리"),
        ("미납 1건", "미납 한 건"),
    ],
)
def test_native_counters_take_native_numbers_up_to_ninety_nine(written, spoken):
    assert read_numbers(written) == spoken


def test_age_groups_and_dollars_stay_sino_korean():
    assert read_numbers("20대 고객, 3달러") == "이십대 고객, 삼달러"


def test_after_je_an_ordinal_is_sino_korean_even_before_a_native_counter():
    assert read_numbers("제1장 제3조") == "제일장 제삼조"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("1,234", "천이백삼십사"),
        ("0", "영"),
        ("7", "칠"),
        ("111", "백십일"),
        ("10000", "만"),
        ("20000", "이만"),
        ("100010001", "일억 만 일"),
        ("3.5", "삼 점 오"),
        ("0.05", "영 점 영오"),
        ("3.5%", "삼 점 오 퍼센트"),
        ("15%", "십오 퍼센트"),
    ],
)
def test_a_plain_number_is_read_in_sino_korean(written, spoken):
    assert read_numbers(written) == spoken


def test_numbers_inside_placeholders_are_left_for_later():
    assert read_numbers("{line2} 고객님, {amount}원") == "{line2} 고객님, {amount}원"


def test_text_without_numbers_is_unchanged():
    text = "잘못 누르셨습니다. 다시 선택해 주세요. (KB·ARS 안내)"
    assert read_numbers(text) == text
    assert spoken_text(text, []) == text


def test_already_spoken_korean_is_not_changed_again():
    spoken = spoken_text(BRIEF_LINE, DEMO_RULES)
    assert spoken_text(spoken, DEMO_RULES) == spoken


def test_impossible_dates_and_times_are_read_as_digit_groups():
    assert read_numbers("1588-01-14") == "일오팔팔 공일 일사"
    assert read_numbers("2025-13-40") == "이공이오 일삼 사공"
    assert read_numbers("25:70") == "이오 칠공"
    assert read_numbers("1" * 21) == "일" * 21  # beyond 경: no Sino-Korean reading


def test_sino_and_native_refuse_numbers_they_cannot_say():
    assert sino(10**20 - 1).startswith("구천구백구십구경")
    with pytest.raises(ValueError):
        sino(10**20)
    with pytest.raises(ValueError):
        native(100)
    with pytest.raises(ValueError):
        native(0)


# -- the whole line ---------------------------------------------------------------------------


def test_the_brief_line_is_spoken_as_a_korean_ars_reads_it():
    assert spoken_text(BRIEF_LINE, DEMO_RULES, {"claim_no": "2025-001"}) == (
        "케이비손해보험 고객센터입니다. 고객님의 접수 번호는 이공이오 공공일번입니다. "
        "상담원 연결은 영번, 사고 접수는 일오팔팔 공일일사로 전화 주세요. "
        "보험료 삼만 오천 원이 삼월 이십오일에 출금됩니다."
    )


def test_variables_are_filled_before_the_dictionary_and_numbers():
    text = "{customer_name} 고객님, 보험료 {amount}원이 {due_date}에 출금됩니다. {wait_minutes}분"
    variables = {"customer_name": "KB김", "amount": "35,000", "due_date": "6월 10일"}
    assert spoken_text(text, DEMO_RULES, variables) == (
        "케이비김 고객님, 보험료 삼만 오천 원이 유월 십일에 출금됩니다. {wait_minutes}분"
    )


def test_placeholders_are_listed_in_order_each_once():
    assert placeholders("{b} {a} {b} {고객명} {not a var}") == ["b", "a", "고객명"]
    assert placeholders("변수 없음") == []


def test_every_demo_prompt_is_spoken_without_digits_outside_placeholders():
    for code, text, *_ in PROMPTS:
        spoken = spoken_text(text, DEMO_RULES)
        print(f"{code}: {spoken}")  # pytest -s shows what each demo prompt becomes
        assert not ascii_digits_outside_placeholders(spoken), (code, spoken)
        assert placeholders(spoken) == placeholders(text), code
        assert not re.search(r"[#*A-Za-z]", re.sub(r"\{\w+\}", "", spoken)), (code, spoken)


def test_demo_prompts_read_their_keys_hours_and_key_names():
    spoken = {code: spoken_text(text, DEMO_RULES) for code, text, *_ in PROMPTS}
    assert "상담원 연결은 영번을 눌러 주세요" in spoken["main.menu"]
    assert "사고 접수는 일번, 보험금 청구는 이번, 계약 조회·변경은 삼번" in spoken["main.menu"]
    assert "오전 아홉 시부터 오후 여섯 시까지" in spoken["hours.closed"]
    assert "스물네 시간 가능합니다" in spoken["hours.closed"]
    assert spoken["claim.policy_input"] == PROMPTS_BY_CODE["claim.policy_input"]
