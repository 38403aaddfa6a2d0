from __future__ import annotations

import pytest

from core.pii import REDACTION_MARKERS, PiiKind
from core.transcript_import import redact_imported


def _marked(text: str) -> list[tuple[str, str]]:
    result = redact_imported(text)
    return [(result.text[s.start : s.end], s.kind.value) for s in result.spans]


@pytest.mark.parametrize(
    "token", ["▲▲▲", "***", "****", "[이름]", "＊＊＊", "○○○", "XXX", "xxxx", "[PII]", "■■"]
)
def test_upstream_mask_is_kept_as_written_and_marked_masked(token: str) -> None:
    result = redact_imported(f"고객님 성함이 {token} 맞으시죠")
    assert result.text == f"고객님 성함이 {token} 맞으시죠"
    assert [(s.start, s.end, s.kind) for s in result.spans] == [(8, 8 + len(token), PiiKind.MASKED)]


def test_our_redaction_still_runs_around_masks_and_spans_come_in_order() -> None:
    result = redact_imported("▲▲▲ 고객님 번호 010-1234-5678 맞으시고 [주소] 사시죠, 카드 ****")
    assert result.text == "▲▲▲ 고객님 번호 [전화번호] 맞으시고 [주소] 사시죠, 카드 ****"
    kinds = [(result.text[s.start : s.end], s.kind) for s in result.spans]
    assert kinds == [
        ("▲▲▲", PiiKind.MASKED),
        ("[전화번호]", PiiKind.PHONE),
        ("[주소]", PiiKind.MASKED),
        ("****", PiiKind.MASKED),
    ]
    starts = [s.start for s in result.spans]
    assert starts == sorted(starts)


def test_our_own_marker_written_upstream_keeps_its_kind() -> None:
    assert _marked("[전화번호]로 연락드릴게요") == [("[전화번호]", "phone")]


def test_digits_on_both_sides_of_a_mask_are_not_joined_into_one_number() -> None:
    # 010-****-5678: the visible parts alone are no personal number
    assert _marked("번호가 010-****-5678 맞습니까") == [("****", "masked")]


def test_x_inside_a_word_or_fewer_than_three_is_not_a_mask() -> None:
    assert _marked("XXL 사이즈 Xx 박스 TAXXX") == []


def test_single_star_and_plain_text_are_left_alone() -> None:
    result = redact_imported("홍*동 고객님 안녕하세요")
    assert result.text == "홍*동 고객님 안녕하세요"
    assert result.spans == ()


def test_redacting_the_result_again_changes_nothing() -> None:
    first = redact_imported("제 [이름] 번호는 공일공 일이삼사 오륙칠팔 ▲▲ 카드는 XXXX 입니다")
    again = redact_imported(first.text)
    assert again == first
    assert REDACTION_MARKERS[PiiKind.PHONE] in first.text


def test_private_use_placeholder_in_the_input_cannot_confuse_offsets() -> None:
    result = redact_imported("\ue000▲▲▲ 010-1234-5678")
    assert result.text == "▲▲▲ [전화번호]"
    assert [(s.start, s.end) for s in result.spans] == [(0, 3), (4, 10)]
