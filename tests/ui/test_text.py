import string

import pytest

from ui.text import clock, literal

HOSTILE = [
    "<script>alert(1)</script>",
    "**x** [a](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    ":red[빨강] :material/home: :smile: $x^2$ `code` ~~취소~~",
    "# 제목\n> 인용\n- 목록\n1. 번호\n---",
    "&lt;b&gt; &amp; \\* 백슬래시",
    "https://evil.example/로그인 www.evil.example",
]


def rendered_text(markdown: str) -> str:
    """What CommonMark shows for ``markdown`` made only of plain characters, backslash
    escapes and hard line breaks; fails on any character that could start Markdown syntax."""
    shown, index = [], 0
    while index < len(markdown):
        char = markdown[index]
        if char == "\\" and index + 1 < len(markdown) and markdown[index + 1] in string.punctuation:
            shown.append(markdown[index + 1])
            index += 2
            continue
        assert char not in string.punctuation, f"unescaped {char!r} in {markdown!r}"
        if markdown.startswith("  \n", index):
            shown.append("\n")
            index += 3
            continue
        shown.append(char)
        index += 1
    return "".join(shown)


@pytest.mark.parametrize("text", HOSTILE)
def test_untrusted_text_renders_as_exactly_its_characters(text):
    assert rendered_text(literal(text)) == text


def test_the_script_tag_and_link_come_out_escaped():
    assert literal("<script>alert(1)</script>") == r"\<script\>alert\(1\)\<\/script\>"
    assert literal("**x** [a](javascript:alert(1))") == (
        r"\*\*x\*\* \[a\]\(javascript\:alert\(1\)\)"
    )


def test_lines_stay_lines_and_indentation_cannot_make_a_code_block():
    assert literal("첫 줄\r\n    둘째 줄\n\t셋째") == "첫 줄  \n둘째 줄  \n셋째"
    assert literal("한국어 문장입니다") == "한국어 문장입니다"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(None, "-"), (0, "00:00"), (5.99, "00:05"), (65.2, "01:05"), (3725, "62:05"), (-1, "00:00")],
)
def test_clock_is_minutes_and_seconds_from_the_start(seconds, shown):
    assert clock(seconds) == shown
