import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain import CallCategory
from core.pii import REDACTION_MARKERS, PiiKind
from core.redaction import Redacted, redact, redact_many
from core.transcript import RedactionSpan
from db.demo.conversations import AgentStyle, fill_names, name_forms, render_conversation

RRN, PHONE, CARD, ACCOUNT, EMAIL = (REDACTION_MARKERS[kind] for kind in REDACTION_MARKERS)
SPOKEN_DIGITS = {
    "0": ("공", "영"),
    "1": ("일",),
    "2": ("이",),
    "3": ("삼",),
    "4": ("사",),
    "5": ("오",),
    "6": ("육", "륙"),
    "7": ("칠",),
    "8": ("팔",),
    "9": ("구",),
}


def redacted_text(said: str) -> str:
    return redact(said).text


def kinds(said: str) -> list[PiiKind]:
    return [span.kind for span in redact(said).spans]


def spoken(digits: str, rng: random.Random) -> str:
    return "".join(rng.choice(SPOKEN_DIGITS[digit]) for digit in digits)


def luhn_complete(body: str) -> str:
    """``body`` with the check digit that makes it pass Luhn."""
    for check in "0123456789":
        number = body + check
        total = sum(
            (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d
            for i, d in enumerate(int(c) for c in reversed(number))
        )
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable: one check digit always fits")


# -- what must be caught ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("주민번호는 900101-1234567입니다.", f"주민번호는 {RRN}입니다."),
        (
            "네, 홍길동이고요, 주민등록번호는 850315 2345678이요.",
            f"네, 홍길동이고요, 주민등록번호는 {RRN}이요.",
        ),
        ("9001011234567이요", f"{RRN}이요"),
        ("주민번호 구공공일일이 다시 일이삼사오육칠이요.", f"주민번호 {RRN}이요."),
        ("팔오공삼일오 다시 이삼사오육칠팔입니다", f"{RRN}입니다"),
        ("구공 공일 공일 다시 일이삼사 오육칠이요", f"{RRN}이요"),
        ("외국인등록번호는 921212-5123456이에요", f"외국인등록번호는 {RRN}이에요"),
        ("주민번호 뒷자리는 1234567입니다", f"주민번호 뒷자리는 {RRN}입니다"),
    ],
)
def test_resident_registration_numbers_are_replaced_however_they_are_said(said, stored):
    assert redacted_text(said) == stored
    assert kinds(said) == [PiiKind.RRN]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("제 번호는 010-1234-5678이에요.", f"제 번호는 {PHONE}이에요."),
        ("연락처는 010.9876.5432입니다", f"연락처는 {PHONE}입니다"),
        ("01098765432로 문자 주세요", f"{PHONE}로 문자 주세요"),
        (
            "아니요, 다른 번호로 연락 주세요. 010 2345 6789입니다.",
            f"아니요, 다른 번호로 연락 주세요. {PHONE}입니다.",
        ),
        ("공일공 일이삼사 오륙칠팔이요", f"{PHONE}이요"),
        ("영일영 구팔칠육 오사삼이입니다", f"{PHONE}입니다"),
        ("공일공일이삼사오육칠팔로 바꿔 주세요", f"{PHONE}로 바꿔 주세요"),
        ("번호는공일공일이삼사오육칠팔이요", f"번호는{PHONE}이요"),
        ("010에 1234에 5678이요", f"{PHONE}이요"),
        ("공일공에 일이삼사에 오육칠팔이요", f"{PHONE}이요"),
        ("010 일이삼사 5678로 연락 주세요", f"{PHONE}로 연락 주세요"),
        ("공일공 1234 오륙칠팔이고 이름은 김민준입니다", f"{PHONE}이고 이름은 김민준입니다"),
        ("공일공 일이삼사 오륙칠이이에요", f"{PHONE}이에요"),
        ("휴대폰은 011-234-5678이고요", f"휴대폰은 {PHONE}이고요"),
        ("집 전화는 02-123-4567이에요", f"집 전화는 {PHONE}이에요"),
        ("사무실은 (031) 234-5678입니다", f"사무실은 {PHONE}입니다"),
        ("인터넷 전화 070-1234-5678로 주세요", f"인터넷 전화 {PHONE}로 주세요"),
        ("안심번호 0505-123-4567로 걸려 왔어요", f"안심번호 {PHONE}로 걸려 왔어요"),
        ("연락처 010-1234-5678, 집은 555-1234", f"연락처 {PHONE}, 집은 {PHONE}"),
        ("전화번호 2345-6789요", f"전화번호 {PHONE}요"),
        ("010, 1234, 5678이요", f"{PHONE}이요"),
        ("공일공, 일이삼사, 오육칠팔이요", f"{PHONE}이요"),
        ("０１０－１２３４－５６７８입니다", f"{PHONE}입니다"),
    ],
)
def test_phone_numbers_are_replaced_in_digits_words_and_mixtures(said, stored):
    assert redacted_text(said) == stored
    assert set(kinds(said)) == {PiiKind.PHONE}


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("카드번호는 4111 1111 1111 1111입니다", f"카드번호는 {CARD}입니다"),
        ("네, 5500-0000-0000-0004이요.", f"네, {CARD}이요."),
        ("4111111111111111로 결제해 주세요", f"{CARD}로 결제해 주세요"),
        ("사일일일 일일일일 일일일일 일일일일이요", f"{CARD}이요"),
        ("아멕스요, 3782 822463 10005입니다", f"아멕스요, {CARD}입니다"),
        ("구사공일 1234 오육칠팔 9012 삼사팔로 할게요", f"{CARD}로 할게요"),
        # Luhn fails (a mis-heard digit), but the customer said it was a card.
        ("카드 번호 1234 5678 9012 3456이요", f"카드 번호 {CARD}이요"),
    ],
)
def test_card_numbers_are_replaced(said, stored):
    assert redacted_text(said) == stored
    assert kinds(said) == [PiiKind.CARD]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("국민은행 123456-78-901234입니다", f"국민은행 {ACCOUNT}입니다"),
        (
            "신한은행이고요, 계좌번호는 110-123-456789입니다.",
            f"신한은행이고요, 계좌번호는 {ACCOUNT}입니다.",
        ),
        ("우리은행 1002-123-456789로 보내 주세요", f"우리은행 {ACCOUNT}로 보내 주세요"),
        ("농협 302-1234-5678-11이요", f"농협 {ACCOUNT}이요"),
        ("카카오뱅크 3333-01-1234567입니다", f"카카오뱅크 {ACCOUNT}입니다"),
        ("기업 123-123456-01-012로 입금해 주세요", f"기업 {ACCOUNT}로 입금해 주세요"),
        ("환불 계좌는 하나은행 123-456789-01234입니다", f"환불 계좌는 하나은행 {ACCOUNT}입니다"),
        ("계좌번호 일일공 일이삼 사오육칠팔구요", f"계좌번호 {ACCOUNT}요"),
        ("123-45-678901-2", ACCOUNT),
        # 평생계좌: a phone number used as the account number is named by its context.
        ("카카오뱅크 010-1234-5678로 입금했어요", f"카카오뱅크 {ACCOUNT}로 입금했어요"),
        # Sixteen digits failing Luhn with no card word: not a card, but not left readable.
        ("1234 5678 9012 3456이요", f"{ACCOUNT}이요"),
    ],
)
def test_account_numbers_are_replaced(said, stored):
    assert redacted_text(said) == stored
    assert kinds(said) == [PiiKind.ACCOUNT]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("hong@naver.com으로 보내 주세요", f"{EMAIL}으로 보내 주세요"),
        ("이메일은 gildong.hong@hanbit-insurance.co.kr입니다", f"이메일은 {EMAIL}입니다"),
        ("hong 골뱅이 naver 닷컴이에요", f"{EMAIL}이에요"),
        ("hong123 골뱅이 지메일 닷컴입니다", f"{EMAIL}입니다"),
        ("kim_1990 골뱅이 daum 점 net이요", f"{EMAIL}이요"),
        ("에이치 오 엔 지 골뱅이 네이버 닷컴입니다", f"{EMAIL}입니다"),
        ("메일 주소가 hgd골뱅이hanmail.net이에요", f"메일 주소가 {EMAIL}이에요"),
        ("메일은hong@naver.com입니다", f"메일은{EMAIL}입니다"),
    ],
)
def test_email_addresses_written_or_spoken_are_replaced(said, stored):
    assert redacted_text(said) == stored
    assert kinds(said) == [PiiKind.EMAIL]


def test_several_kinds_in_one_utterance_come_back_in_order_of_appearance():
    said = "네, 주민번호 900101-1234567이고 연락처는 010-1234-5678, 메일은 hong@naver.com입니다."
    result = redact(said)
    assert result.text == f"네, 주민번호 {RRN}이고 연락처는 {PHONE}, 메일은 {EMAIL}입니다."
    assert [span.kind for span in result.spans] == [PiiKind.RRN, PiiKind.PHONE, PiiKind.EMAIL]


def test_context_words_do_not_reach_past_an_earlier_number():
    said = "환불은 국민은행 123456-78-901234로 해 주시고 연락은 010-1234-5678로 주세요"
    assert kinds(said) == [PiiKind.ACCOUNT, PiiKind.PHONE]


def test_personal_numbers_after_a_policy_word_are_still_redacted():
    assert redacted_text("접수번호 9001011234567이요") == f"접수번호 {RRN}이요"
    assert redacted_text("증권번호 말고 제 번호 010-1234-5678로 주세요") == (
        f"증권번호 말고 제 번호 {PHONE}로 주세요"
    )


def test_spans_point_at_the_markers_in_the_stored_text():
    result = redact("주민번호 900101-1234567이고 연락처는 공일공 일이삼사 오륙칠팔이요")
    assert result.text == f"주민번호 {RRN}이고 연락처는 {PHONE}이요"
    assert result.spans == (RedactionSpan(5, 13, PiiKind.RRN), RedactionSpan(21, 27, PiiKind.PHONE))


# -- what must stay -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        # money
        "보험료는 월 52,100원입니다.",
        "청구 가능 금액은 약 1,284,000원으로 예상됩니다.",
        "50만 원 정도 나왔어요.",
        "자기부담금은 20만 원이고 한도는 2천만 원입니다.",
        "12,345,678,900원이 맞나요?",
        # dates and times
        "11월 22일 오후 3시에 방문 예정입니다.",
        "2026년 11월 22일이요.",
        "2026-11-22에 가입하셨네요.",
        "2026.11.22 오전 9시 30분에 접수됐습니다.",
        "평일 오전 9시부터 오후 6시까지 운영합니다.",
        "15:30에 다시 전화드릴게요.",
        # counts, ordinals, ages, durations
        "1번 눌러 주세요.",
        "3개월 후에 갱신됩니다.",
        "두 번이나 전화했어요.",
        "벌써 세 번째 전화하는 거예요.",
        "영업일 기준 3일에서 5일 정도 소요됩니다.",
        "보통 1~2주 걸립니다.",
        "저는 35살이고 1990년생이에요.",
        "20% 할인 적용되고 이율은 3.5%입니다.",
        "오류 코드가 400, 401, 404 이렇게 떴어요.",
        "2020, 2021, 2022년에 사고가 있었어요.",
        # native numbers and words made of digit syllables
        "하나 둘 셋 넷 다섯 세어 보세요.",
        "회사 일이 많아서 이삼일 걸려요.",
        "사이드미러가 깨져서 구급차 불렀어요.",
        "일일이 다 확인해 드리겠습니다.",
        "오늘 오후에 이사 가요.",
        # plates, business numbers, birth dates, policy and claim numbers
        "차는 쏘나타이고 번호는 12가 3456입니다.",
        "고객센터 1588-1234로 전화 주시면 됩니다.",
        "대표번호 일오칠칠 일이삼사로 전화 주세요.",
        "생년월일은 900101입니다.",
        "증권번호는 1234567890입니다.",
        "사고 접수번호 2026112200123으로 조회해 보겠습니다.",
        # e-mail words without an address
        "이메일로 보내 드릴까요, 우편으로 보내 드릴까요?",
        "골뱅이 무침 2개 주세요.",
    ],
)
def test_ordinary_numbers_and_words_stay_as_said(said):
    assert redact(said) == Redacted(said, ())


@pytest.mark.parametrize(
    "said",
    [
        "고객님 ▲▲▲ 님 맞으시죠?",
        "010-****-5678로 문자 드렸습니다.",
        "[이름] 고객님, 주민번호 900101-1******로 확인됩니다.",
        "카드 끝자리 ****-1234 맞으시죠?",
    ],
)
def test_masks_from_upstream_are_left_alone(said):
    result = redact(said)
    assert result.text == said
    assert result.spans == ()


def test_markers_already_in_the_text_are_reported_and_not_redacted_again():
    said = f"네, {PHONE}이고 카드는 {CARD}입니다. 메일은 {EMAIL}이요."
    result = redact(said)
    assert result.text == said
    assert [said[s.start : s.end] for s in result.spans] == [PHONE, CARD, EMAIL]


def test_redact_many_is_redact_for_each_utterance():
    said = ["안녕하세요.", "010-1234-5678이요.", "hong@naver.com입니다.", "네."]
    assert redact_many(said) == [redact(text) for text in said]


# -- the demo calls with their personal data said out loud --------------------------------------


def raw_pii(kind: PiiKind, rng: random.Random) -> str:
    """A made-up value of ``kind`` as a customer might say it, in digits, words or both."""
    digits = "".join(rng.choice("0123456789") for _ in range(20))
    if kind == PiiKind.RRN:
        groups = [f"{rng.randint(0, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"]
        groups.append(rng.choice("12345678") + digits[:6])
        separator = rng.choice(["-", " ", "", " 다시 "])
    elif kind == PiiKind.PHONE:
        groups = ["010", digits[:4], digits[4:8]]
        separator = rng.choice(["-", " ", ".", "", "에 "])
    elif kind == PiiKind.CARD:
        number = luhn_complete(rng.choice("459") + digits[:14])
        groups = [number[i : i + 4] for i in range(0, 16, 4)]
        separator = rng.choice(["-", " ", ""])
    elif kind == PiiKind.ACCOUNT:
        sizes = rng.choice([(3, 2, 6), (3, 3, 6), (4, 3, 6), (6, 2, 6), (3, 6, 5), (4, 2, 7)])
        number = rng.choice("123456789") + digits[: sum(sizes) - 1]
        groups = [number[sum(sizes[:i]) : sum(sizes[: i + 1])] for i in range(len(sizes))]
        separator = rng.choice(["-", " "])
    else:
        local = rng.choice(["hong", "gildong.hong", "kim_1990"])
        return rng.choice(
            [
                f"{local}@{rng.choice(['naver.com', 'hanmail.net', 'hanbit.co.kr'])}",
                f"{local} 골뱅이 {rng.choice(['naver 닷컴', '지메일 닷컴', 'daum 점 net'])}",
                f"에이치 오 엔 지 골뱅이 {rng.choice(['네이버 닷컴', 'naver.com'])}",
            ]
        )
    form = rng.choice(["digits", "words", "mixed"])
    if form == "words" or (form == "mixed" and separator):
        groups = [
            spoken(group, rng) if form == "words" or rng.random() < 0.5 else group
            for group in groups
        ]
    return separator.join(groups)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_demo_calls_with_the_numbers_said_aloud_redact_back_to_the_demo_transcript(seed):
    rng = random.Random(seed)
    for _ in range(4):
        call = render_conversation(
            style=AgentStyle(),
            category=rng.choice(list(CallCategory)),
            repeat_caller=False,
            rng=rng,
        )
        for line in call.lines:
            transcript = fill_names(line.text, name_forms("김민준"), "이서연")
            said, at = [], 0
            for span in line.redaction_spans:
                said += [transcript[at : span.start], raw_pii(span.kind, rng)]
                at = span.end
            said.append(transcript[at:])
            assert redact("".join(said)) == redact(transcript)
            assert redact(transcript).text == transcript
            assert redact(transcript).spans == line.redaction_spans


# -- properties ---------------------------------------------------------------------------------

WORDS = (
    "네", "고객님", "번호는", "확인해", "드리겠습니다", "카드", "계좌", "연락처", "주민번호",
    "은행", "입니다", "이요", "원", "년", "월", "일", "시", "번", "회사", "이사", "사이", "일이",
    "오늘", "하나", "둘", "▲▲▲", "***", "[이름]", PHONE, CARD, ACCOUNT, RRN, EMAIL,
    "hong", "@", "골뱅이", "naver", "닷컴", "에이치",
)  # fmt: skip
"""Words to build utterances from: context words, counters, digit-like words, masks, markers
and pieces of e-mail addresses. No policy words: numbers after them stay by design."""

SEPARATORS = (" ", " ", "-", ".", "", ", ", "에 ", " 다시 ")

utterances = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.from_regex(r"[0-9]{1,8}", fullmatch=True),
        st.text(alphabet="공영일이삼사오육륙칠팔구", min_size=1, max_size=5),
    ),
    max_size=12,
).flatmap(
    lambda parts: st.lists(
        st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)
    ).map(lambda gaps: "".join(part + gap for part, gap in zip(parts, gaps, strict=True)))
)


@settings(max_examples=400, deadline=None)
@given(utterances)
def test_markers_sit_exactly_at_the_spans_in_order(said):
    result = redact(said)
    previous_end = 0
    for span in result.spans:
        assert span.start >= previous_end
        assert result.text[span.start : span.end] == REDACTION_MARKERS[span.kind]
        previous_end = span.end
    assert len(result.spans) == sum(
        result.text.count(marker) for marker in REDACTION_MARKERS.values()
    )


@settings(max_examples=400, deadline=None)
@given(utterances)
def test_no_run_of_nine_or_more_digits_survives(said):
    # Digits count as one run across spaces, dots and hyphens (not across 에, 다시 or commas).
    joined = re.sub(r"(?<=[0-9])[\s.\-]+(?=[0-9])", "", redact(said).text)
    assert not re.search(r"[0-9]{9,}", joined)


@settings(max_examples=400, deadline=None)
@given(utterances)
def test_redacting_twice_changes_nothing(said):
    once = redact(said)
    assert redact(once.text) == once


NON_PII_PARTS = (
    "네", "고객님", "확인해 드리겠습니다", "보험료는", "사고는", "갱신은", "이사", "회사", "일이",
    "오늘", "하나", "둘", "셋", "두 번", "세 번째", "오후", "오전", "이삼일", "사이", "구급차",
)  # fmt: skip
"""Words with no digits, some of them made of digit syllables (이사, 일이, 이삼일)."""

amounts = st.integers(1, 99_999_999).map(lambda won: f"{won:,}원")
counted = st.tuples(
    st.integers(0, 9999),
    st.sampled_from(["년", "월", "일", "시", "분", "번", "개월", "살", "%", "만 원"]),
).map(lambda pair: f"{pair[0]}{pair[1]}")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(NON_PII_PARTS), amounts, counted), max_size=10))
def test_text_without_personal_data_is_unchanged(parts):
    # A word always follows a number: ordinary talk does not stack digit words one after another.
    said = " ".join(f"{part} {NON_PII_PARTS[i % 5]}" for i, part in enumerate(parts))
    assert redact(said) == Redacted(said, ())


prefixes = st.sampled_from(["", "네, ", "제 번호는 ", "연락처는 ", "휴대폰 "])
suffixes = st.sampled_from(["", "입니다.", "요.", "이요", "이에요", "로 연락 주세요", " 맞아요"])


@settings(max_examples=300, deadline=None)
@given(
    prefixes,
    st.sampled_from(["010", "011", "016", "017", "018", "019"]),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
    st.sampled_from(["-", " ", ".", "", "에 "]),
    st.sampled_from(["digits", "words", "mixed"]),
    suffixes,
    st.randoms(use_true_random=False),
)
def test_generated_mobile_numbers_are_always_caught(
    prefix, carrier, middle, last, separator, form, suffix, rng
):
    groups = [carrier, middle, last]
    if form != "digits":
        groups = [spoken(g, rng) if form == "words" or rng.random() < 0.5 else g for g in groups]
    if form == "mixed" and not separator:
        separator = " "  # digits and words glued together are not a way anyone writes a number
    said = prefix + separator.join(groups) + suffix
    assert redact(said).text == prefix + PHONE + suffix
    assert kinds(said) == [PiiKind.PHONE]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "카드번호는 ", "네, ", "카드 "]),
    st.sampled_from("3456"),
    st.integers(12, 18).filter(lambda n: n + 1 in (13, 14, 15, 16, 19)),
    st.sampled_from([None, " ", "-"]),
    st.booleans(),
    st.sampled_from(["", "입니다.", "요.", "로 결제해 주세요", " 맞아요"]),
    st.randoms(use_true_random=False),
)
def test_generated_luhn_valid_card_numbers_are_always_caught(
    prefix, network, body_length, separator, say_in_words, suffix, rng
):
    """In groups of four joined by ``separator``, or whole when it is None."""
    body = network + "".join(rng.choice("0123456789") for _ in range(body_length - 1))
    number = luhn_complete(body)
    if len(number) == 13 and "카드" not in prefix:
        prefix = "카드번호는 "  # thirteen digits may also be an RRN: the card word decides
    groups = (
        [number] if separator is None else [number[i : i + 4] for i in range(0, len(number), 4)]
    )
    if say_in_words:
        groups = [spoken(group, rng) for group in groups]
    said = prefix + (separator or "").join(groups) + suffix
    assert redact(said).text == prefix + CARD + suffix
    assert kinds(said) == [PiiKind.CARD]
