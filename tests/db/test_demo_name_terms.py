"""The demo's shortcut for the search terms of lines with names gives what reading the filled
line whole gives."""

import pytest

from core.search_terms import call_terms
from db.demo.conversations import fill_names, name_forms
from db.demo.name_terms import NameLine, NameTerms

AGENTS = [name_forms("김민준"), name_forms("이서아")]  # with and without a final consonant


@pytest.mark.parametrize(
    "template",
    [
        "안녕하십니까, 한빛손해보험 상담사 {A}입니다. {C} 고객님 되시죠?",
        "감사합니다, 상담사 {A}이었습니다. 좋은 하루 되십시오.",
        "{C}입니다.",
        "네,  {C}\u3000고객님",
        "{A}",
        "상담사{A}, {C}님",
    ],
)
def test_terms_around_the_names_complete_the_lines_own(template):
    line = NameLine.of(template)
    assert line is not None
    cache = NameTerms()
    for agent in AGENTS:
        for customer in ("박지훈", "최유나"):
            filled = fill_names(template, agent, customer)
            assert line.terms | cache.of(line.windows, agent, customer) == call_terms([filled])


def test_names_only_spaces_apart_are_read_whole():
    assert NameLine.of("{A} {C}님") is None
    assert NameLine.of("{A}와 {C}") is not None
