import pytest

from core.flow.model import Node, NodeKind
from core.flow.prompts import PromptAudio
from core.flow.timing import fill, placeholders, prompt_seconds, spoken_length


def test_spoken_length_counts_syllables_letters_and_digits_not_spaces_or_punctuation():
    assert spoken_length("사고 접수는 1번, ARS는 #!") == 11
    assert spoken_length("") == 0


def test_a_placeholder_counts_as_four_characters():
    assert spoken_length("{customer_name} 고객님") == 4 + 3
    assert spoken_length("{a}{b}") == 8
    assert spoken_length("{not a placeholder}") == len("notaplaceholder")


def test_placeholders_are_named_once_in_order():
    assert placeholders("{b} 그리고 {a}, 다시 {b}") == ["b", "a"]


def test_fill_puts_in_known_values_and_leaves_unknown_ones():
    assert fill("{name}님, {amount}원", {"name": "김민준"}) == "김민준님, {amount}원"


def test_a_prompt_takes_its_approved_audio_length_else_its_text_at_the_rate():
    node = Node("n1", NodeKind.MESSAGE, prompt_id=3, prompt_text="옛 문구")
    assert prompt_seconds(node, {}, speech_rate=5.0) == pytest.approx(3 / 5)
    library = {3: PromptAudio(3, "M03", "새 멘트 문구입니다", audio_path="a.wav", duration_s=4.25)}
    assert prompt_seconds(node, library) == 4.25
    unapproved = {3: PromptAudio(3, "M03", "새 멘트 문구입니다", duration_s=9.0)}
    assert prompt_seconds(node, unapproved, speech_rate=2.0) == pytest.approx(8 / 2)


def test_kinds_that_say_nothing_take_no_time():
    for kind in (NodeKind.START, NodeKind.CONDITION):
        assert prompt_seconds(Node("n1", kind, prompt_text="무시되는 문구"), {}) == 0.0
