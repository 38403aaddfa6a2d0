import sys

import pytest

from core.search_terms import (
    PAIR,
    SEPARATORS,
    bigram_code,
    call_terms,
    describe,
    is_one_bigram,
    pair_code,
    search_terms,
)


def described(terms) -> set[str]:
    return {describe(term) for term in terms}


def test_terms_are_the_bigrams_inside_words_and_the_pairs_where_words_meet():
    assert described(call_terms(["계약해지 하려고요"])) == {
        "계약", "약해", "해지", "하려", "려고", "고요", "지 하"}  # fmt: skip
    assert described(call_terms(["해지 해지해지"])) == {"해지", "지해", "지 해"}


def test_no_term_spans_two_utterances():
    terms = described(call_terms(["보험료는 해", "지 하려고요"]))
    assert terms == {"보험", "험료", "료는", "는 해", "지 하", "하려", "려고", "고요"}
    assert "해지" not in terms and "해 지" not in terms


def test_a_space_is_never_part_of_a_bigram():
    assert described(call_terms(["해 지"])) == {"해 지"}  # a word pair, not the bigram 해지
    assert "해지" not in described(call_terms(["해 지", "해  지", "해\t지"]))


def test_single_characters_and_empty_texts_give_nothing():
    assert call_terms([]) == set()
    assert call_terms(["", "네", "   ", " 네 "]) == set()


def test_latin_is_lower_cased_and_punctuation_kept():
    assert described(call_terms(["ARS 말고요, kim_01"])) == {
        "ar", "rs", "s 말", "말고", "고요", "요,", ", k", "ki", "im", "m_", "_0", "01"}  # fmt: skip
    assert described(call_terms(["100%"])) == {"10", "00", "0%"}


@pytest.mark.parametrize("separator", list(SEPARATORS))
def test_every_kind_of_whitespace_separates_words(separator):
    assert described(call_terms([f"해{separator}지"])) == {"해 지"}
    assert described(call_terms([f"해지{separator * 2}민원"])) == {"해지", "민원", "지 민"}


def test_the_separators_are_exactly_what_str_split_splits_on():
    split_on = {chr(c) for c in range(sys.maxunicode + 1) if len(f"a{chr(c)}a".split()) == 2}
    assert set(SEPARATORS) == split_on


def test_codes_are_exact_for_any_character_and_read_back():
    assert bigram_code("해", "지") == ord("해") << 21 | ord("지")
    assert pair_code("지", "환") == PAIR | bigram_code("지", "환")
    for first, second in [("해", "지"), ("\U0001f600", "\U0010ffff"), ("a", "\x00")]:
        assert describe(bigram_code(first, second)) == first + second
        assert describe(pair_code(first, second)) == f"{first} {second}"
    assert len({bigram_code("\U0010ffff", "a"), bigram_code("a", "\U0010ffff")}) == 2
    assert all(0 < term < 2**63 for term in call_terms(["\U0010ffff\U0010ffff 끝"]))


def test_a_search_text_needs_every_term_of_its_words_sorted():
    terms = [bigram_code("해", "지"), bigram_code("환", "급"), bigram_code("급", "금")]
    assert search_terms("해지 환급금") == sorted([*terms, pair_code("지", "환")])
    assert described(search_terms("해지환급")) == {"해지", "지환", "환급"}
    assert search_terms("민원") == [bigram_code("민", "원")]
    assert described(search_terms("해 지")) == {"해 지"}
    # A single character cannot be looked up.
    assert search_terms("해") == search_terms("a") == search_terms("") == []


def test_a_call_containing_the_text_holds_all_its_terms():
    utterances = ["고객님 계약해지 환급금은 다음 달에 들어옵니다", "네 알겠습니다"]
    for text in ("해지 환급금", "약해지", "환급금은 다", "니다", "알겠", "님 계", "달에"):
        assert set(search_terms(text)) <= call_terms(utterances), text
    assert not set(search_terms("니다 네")) <= call_terms(utterances)  # across utterances


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("해지", True),
        ("AR", True),
        ("0%", True),
        ("해", False),
        ("해지요", False),  # three characters: the bigrams may lie apart, read the utterances
        ("해 ", False),
        ("İx", False),  # lower-casing makes it three characters
    ],
)
def test_only_a_single_two_character_word_is_answered_by_its_bigram(text, expected):
    assert is_one_bigram(text) is expected
