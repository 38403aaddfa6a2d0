"""How a prompt's text becomes what a TTS engine is asked to say.

``spoken_text`` fills the ``{variables}`` it is given, applies the pronunciation dictionary
("KB" -> "케이비") and then reads the numbers the way a Korean ARS says them. Engines get
Hangul only: left to themselves they read "1588-0114" as a subtraction and "6시" as "육시".

Choices, all as Korean ARS lines are read aloud:

- Digit strings with hyphens (1588-0114, 010-1234-5678) and digit strings with a leading zero
  (0114) are identifiers: digit by digit, 0 as "공", groups separated by a space.
- Every other number is Sino-Korean (1,234 -> 천이백삼십사, 0 -> 영), grouped by 만 with a space
  (35,000 -> 삼만 오천), "만" rather than "일만". Decimals: 3.5 -> 삼 점 오.
- Keys: "1번" -> 일번, "0번" -> 영번 (a key is a number, not a phone digit), "*" -> 별표,
  "#" -> 우물 정자. "N번" always means key or number N: repetitions ("세 번") must be written
  in Hangul.
- A number before a counter in ``NATIVE_COUNTERS`` (시, 개, 명, 번째, ...) is native Korean in
  its bound form (6시 -> 여섯 시, 20명 -> 스무 명, 1번째 -> 첫 번째) when it is 1 to 99; from 100
  and for 0 it is Sino-Korean. After "제" it is always Sino-Korean (제1장 -> 제일장).
  "분" is minutes (30분 -> 삼십 분), never the honorific person counter.
- Months: 6월 -> 유월, 10월 -> 시월. Dates and positions (년, 월, 일, 번, 층, ...) attach to the
  number (3월 25일 -> 삼월 이십오일); measure counters (원, 분, 초, 개월, and every native one)
  are spaced (35,000원 -> 삼만 오천 원), following 한글 맞춤법 제43항.
- 2025-03-25 and 2025.3.25 are dates; 09:30 is a time of day (아홉 시 삼십 분).

Dictionary terms are matched case-sensitively, longest first, in one pass over the original
text (a reading is never matched again). A term's Latin or digit edge must not touch another
Latin letter or digit ("KB" never fires inside "KBS", "1588" never inside 1588-0114); Korean
particles may follow directly ("KB의"). A particle that no longer agrees with the reading is
corrected ("#을" -> "우물 정자를").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

PLACEHOLDER = re.compile(r"\{(\w+)\}")
"""A variable filled at call time: ``{claim_no}``."""

NATIVE_COUNTERS = (
    "시간", "시", "개", "명", "번째", "살", "마리", "자리", "장", "통", "가지", "곳", "건", "잔",
    "권", "군데",
)  # fmt: skip
"""Counters that take native Korean numbers (한, 두, 세 ...). Left out on purpose: 대 ("20대"
is an age group, 이십 대), 달 ("3달러"), 분 (minutes, not persons)."""

SPACED_SINO_COUNTERS = ("원", "분기", "분", "초", "개월", "퍼센트")
"""Sino-Korean counters written apart from the number; any other Korean word right after a
number (년, 월, 일, 번, 층, 만, 억 ...) is attached to it."""

_SINO_DIGITS = "영일이삼사오육칠팔구"
_PHONE_DIGITS = "공일이삼사오육칠팔구"
_NATIVE_TENS = ("", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔")
_NATIVE_ONES = ("", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉")  # bound forms
_MONTHS = {6: "유월", 10: "시월"}  # the rest is the plain Sino-Korean number + 월
_KEYS = {"*": "별표", "#": "우물 정자"}
_GROUP_UNITS = ("", "만", "억", "조", "경")
_PLACES = ((1000, "천"), (100, "백"), (10, "십"), (1, ""))

_PARTICLE = r"(?:(?P<particle>으로|로|을|를|은|는|이|가|과|와)(?![가-힣]))?"
"""A particle right after a replaced term, and only a whole one ("KB가입" has none)."""
_PARTICLE_PAIRS = {"을": "를", "은": "는", "이": "가", "과": "와", "으로": "로"}
"""Particle after a final consonant -> after a vowel."""

_COUNTERS = "|".join(sorted({*NATIVE_COUNTERS, *SPACED_SINO_COUNTERS, "월"}, key=len, reverse=True))
_NUMBERS = re.compile(
    rf"""
    (?P<placeholder>{PLACEHOLDER.pattern})
    | (?<!\d)(?P<date>(?P<year>\d{{4}})(?P<sep>[-.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}}))
      (?![\d-])
    | (?<![\d:])(?P<time>(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}}))(?![\d:])
    | (?<!\d)(?P<digits>\d+(?:-\d+)+)(?!\d)
    | (?<!\d)(?P<number>(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?!\d)(?P<counter>%|{_COUNTERS})?
    | (?P<key>[*\#]){_PARTICLE}
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class PronunciationRule:
    """Read ``term`` aloud as ``reading`` (a row of pronunciation_entries)."""

    term: str
    reading: str


def placeholders(text: str) -> list[str]:
    """The ``{variable}`` names in ``text``, in order of first appearance, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def spoken_text(
    text: str,
    rules: Sequence[PronunciationRule],
    variables: Mapping[str, str] | None = None,
) -> str:
    """``text`` as it is to be spoken: variables filled (a missing one stays ``{name}``), then
    the pronunciation dictionary, then the numbers."""
    if variables:
        text = PLACEHOLDER.sub(lambda m: variables.get(m[1], m[0]), text)
    return read_numbers(apply_pronunciation(text, rules))


def apply_pronunciation(text: str, rules: Sequence[PronunciationRule]) -> str:
    """Replace each dictionary term by its reading, longest term first, in one pass over the
    original text; ``{variables}`` are left as they are."""
    if not rules:
        return text
    readings, pattern = _dictionary(tuple(rules))

    def replace(m: re.Match[str]) -> str:
        if m["term"] is None:
            return m[0]  # a placeholder
        reading = readings[m["term"]]
        return reading + _agreeing(m["particle"], reading)

    return pattern.sub(replace, text)


def read_numbers(text: str) -> str:
    """Write out the numbers, keys and dates of ``text`` in Hangul as a Korean ARS reads them
    (see the module docstring); ``{variables}`` are left as they are."""
    return _NUMBERS.sub(_read_match, text)


@lru_cache(maxsize=32)
def _dictionary(rules: tuple[PronunciationRule, ...]) -> tuple[dict[str, str], re.Pattern[str]]:
    readings: dict[str, str] = {}
    for rule in rules:
        if not rule.term:
            raise ValueError(f"pronunciation rule with an empty term: {rule!r}")
        if readings.get(rule.term, rule.reading) != rule.reading:
            raise ValueError(f"two readings for {rule.term!r}: {readings[rule.term]!r}, {rule!r}")
        readings[rule.term] = rule.reading
    # Alternation takes the first alternative that matches, so longer terms go first.
    terms = "|".join(_term_pattern(term) for term in sorted(readings, key=len, reverse=True))
    return readings, re.compile(rf"{PLACEHOLDER.pattern}|(?P<term>{terms}){_PARTICLE}")


def _term_pattern(term: str) -> str:
    """``term`` as a regex whose Latin-letter or digit edges must not touch another of their
    kind; a digit edge must not touch a digit group either (1588 in 1588-0114)."""
    before, after = "", ""
    if _is_latin(term[0]):
        before = r"(?<![A-Za-z])"
    elif term[0].isdigit():
        before = r"(?<!\d)(?<!\d[-,.:])"
    if _is_latin(term[-1]):
        after = r"(?![A-Za-z])"
    elif term[-1].isdigit():
        after = r"(?!\d)(?![-,.:]\d)"
    return before + re.escape(term) + after


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _agreeing(particle: str | None, reading: str) -> str:
    """``particle`` in the form that follows ``reading`` (을 after a final consonant, 를 after
    a vowel, ...); unchanged where the reading does not end in a Hangul syllable."""
    if not particle or not "가" <= reading[-1] <= "힣":
        return particle or ""
    final = (ord(reading[-1]) - ord("가")) % 28  # 0: no final consonant, 8: ㄹ
    for after_consonant, after_vowel in _PARTICLE_PAIRS.items():
        if particle in (after_consonant, after_vowel):
            if after_consonant == "으로":
                return after_vowel if final in (0, 8) else after_consonant
            return after_vowel if final == 0 else after_consonant
    return particle


def _read_match(m: re.Match[str]) -> str:
    if m["placeholder"]:
        return m[0]
    if m["date"]:
        return _read_date(m)
    if m["time"]:
        return _read_time(m)
    if m["digits"]:
        return " ".join(_digit_by_digit(group) for group in m["digits"].split("-"))
    if m["key"]:
        reading = _KEYS[m["key"]]
        return reading + _agreeing(m["particle"], reading)
    if m.string[: m.start()].endswith("제"):  # an ordinal: 제1장 -> 제일장, 제3조 -> 제삼조
        return _read_number(m["number"], "") + (m["counter"] or "")
    return _read_number(m["number"], m["counter"] or "")


def _read_number(written: str, counter: str) -> str:
    integer, _, fraction = written.replace(",", "").partition(".")
    if fraction:
        spoken = f"{sino(int(integer))} 점 {_digit_by_digit(fraction, zero='영')}"
        return _with_counter(spoken, counter)
    if not counter and len(integer) > 1 and integer.startswith("0"):
        return _digit_by_digit(integer)  # 0114: an identifier, not a quantity
    if len(integer) > 20:
        return _digit_by_digit(integer) + counter  # beyond 경: no one says it as a number
    n = int(integer)
    if counter == "월" and n in range(1, 13):
        return _MONTHS.get(n, f"{sino(n)}월")
    if counter in NATIVE_COUNTERS and n in range(1, 100):
        return f"첫 {counter}" if (n, counter) == (1, "번째") else f"{native(n)} {counter}"
    return _with_counter(sino(n), counter)


def _with_counter(spoken: str, counter: str) -> str:
    if counter == "%":
        return f"{spoken} 퍼센트"
    if counter in NATIVE_COUNTERS or counter in SPACED_SINO_COUNTERS:
        return f"{spoken} {counter}"
    return spoken + counter


def _read_date(m: re.Match[str]) -> str:
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    if year not in range(1900, 2100) or month not in range(1, 13) or day not in range(1, 32):
        # not a date: read the groups as identifiers, like 1588-0114
        return " ".join(_digit_by_digit(g) for g in (m["year"], m["month"], m["day"]))
    return f"{sino(year)}년 {_MONTHS.get(month, f'{sino(month)}월')} {sino(day)}일"


def _read_time(m: re.Match[str]) -> str:
    hour, minute = int(m["hour"]), int(m["minute"])
    if hour > 24 or minute > 59:
        return f"{_digit_by_digit(m['hour'])} {_digit_by_digit(m['minute'])}"
    spoken = f"{native(hour) if hour else sino(hour)} 시"
    return f"{spoken} {sino(minute)} 분" if minute else spoken


def _digit_by_digit(digits: str, zero: str = "공") -> str:
    names = zero + _PHONE_DIGITS[1:]
    return "".join(names[int(d)] for d in digits)


def sino(n: int) -> str:
    """``n`` (0 <= n < 10**20) in Sino-Korean, grouped by 만: 35000 -> "삼만 오천"."""
    if not 0 <= n < 10**20:
        raise ValueError(f"no Sino-Korean reading for {n}")
    if n == 0:
        return _SINO_DIGITS[0]
    groups = []
    for unit in _GROUP_UNITS:
        n, group = divmod(n, 10000)
        if group == 1 and unit == "만":
            groups.append(unit)  # 만 원, not 일만 원 (but 일억 원)
        elif group:
            groups.append(_sino_below_10000(group) + unit)
        if not n:
            break
    return " ".join(reversed(groups))


def _sino_below_10000(n: int) -> str:
    spoken = ""
    for value, place in _PLACES:
        digit, n = divmod(n, value)
        if digit:
            # 십, 백, 천 rather than 일십, 일백, 일천
            spoken += place if digit == 1 and place else _SINO_DIGITS[digit] + place
    return spoken


def native(n: int) -> str:
    """``n`` (1..99) in native Korean, in the form used before a counter: 6 -> "여섯",
    20 -> "스무", 21 -> "스물한"."""
    if not 1 <= n <= 99:
        raise ValueError(f"no native Korean reading for {n}")
    if n == 20:
        return "스무"
    tens, ones = divmod(n, 10)
    return _NATIVE_TENS[tens] + _NATIVE_ONES[ones]
