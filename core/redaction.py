"""Redaction: personal data out of what was said, before anything is stored or sent to an LLM.

``redact(text)`` replaces resident registration numbers, phone, card and account numbers and
e-mail addresses with their markers (``REDACTION_MARKERS``) and says where the markers are.
Numbers are found however they were transcribed: ``010-1234-5678``, ``010 1234 5678``,
spoken digits (``공일공 일이삼사 오륙칠팔``), ``에`` or ``다시`` between groups
(``010에 1234에 5678``), and written and spoken groups mixed (``010 일이삼사 5678``).

How a number is told apart, and the decisions behind it:

- Groups of digits with only separators between them (spaces, hyphens, dots, brackets,
  commas, 에, 다시) form a *run*, read left to right for the shapes below. The words just
  before a run (주민, 전화, 카드, 계좌, 증권 ...) pick between shapes and name the rest.
- RRN: 6 + 7 digits, a real month and day, 7th digit 1-8 (5-8: foreigners). After 주민 the
  seven back digits alone are an RRN too; the six front ones alone are a birth date and stay.
- Phone: mobile, area-code, 070, 080 and 050x numbers. Only the 8-digit 15xx/16xx/18xx
  call-centre numbers stay readable: they are issued to businesses only, and agents quote
  the insurer's own. A 7-8 digit number without area code is a phone number only after a
  phone word (연락처, 전화, 휴대폰, 집 ...).
- Card: 13-19 digits passing Luhn, whole or in groups of four (or 4-6-5, 4-6-4).
- Account: after an account word (계좌, 입금, 은행, a bank's name) the whole run is the
  account number, however it is grouped -- a phone number too (평생계좌).
- Whatever is left with 9 or more digits is redacted all the same, so no long number
  survives: it takes the kind its context names, else account. So a card number failing
  Luhn (a mis-heard digit) is an account number, unless 카드 was said just before it.
  Numbers a comma lists (400, 401, 404) count apart, unless together they make a shape.
- Policy and claim numbers (after 증권, 계약번호, 접수번호, 사고번호, 청구번호) are the insurer's
  own references, which QA needs to see, and stay -- unless they have one of the shapes above.
- E-mail: written addresses, and spoken ones around 골뱅이 (``hong 골뱅이 naver 닷컴``,
  ``에이치 오 엔 지 골뱅이 네이버 닷컴``).

Markers of ours already in the text are reported as spans (so redaction is idempotent);
other masks from upstream (▲▲▲, ***, [이름]) are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from core.pii import REDACTION_MARKERS, PiiKind
from core.transcript import RedactionSpan


@dataclass(frozen=True, slots=True)
class Redacted:
    """An utterance as it may be stored: PII replaced by markers at ``spans`` (in order)."""

    text: str
    spans: tuple[RedactionSpan, ...]


MIN_CANDIDATE_DIGITS = 7
"""The shortest number that can be PII (a local phone number without area code)."""

MIN_UNEXPLAINED_DIGITS = 9
"""A run this long is redacted even when no shape explains it."""

CONTEXT_CHARS = 30
"""How far back before a number its context words are looked for."""

MAX_SPELLED_LETTERS = 30
"""The most words an e-mail address's local part is taken to have when spelled out."""

_SPOKEN = "공영일이삼사오육륙칠팔구"
_TO_DIGITS = str.maketrans(
    {
        **dict(zip(_SPOKEN, "001234566789", strict=True)),
        **{chr(0xFF10 + d): str(d) for d in range(10)},
    }
)
_TOKEN = re.compile(f"[0-9０-９]+|[{_SPOKEN}]+")
_JOINER = re.compile(r"\s*(?:[-‐‑–—−－.·()]{1,2}|에|다시|대시)?\s*")
"""What may stand between two groups of one number (matched on the whole gap)."""
_PAUSE = re.compile(r",\s+")
"""Speech-to-text may write pauses in dictated digits as commas (010, 1234, 5678)."""
_SPOKEN_JOINERS = ("에", "다시", "대시")
_AFTER_SPOKEN_NUMBER = frozenset("요예에입인으로은는을를도만과와하랑까부라였죠야지다대의")
"""Syllables a particle after a spoken number starts with (…팔로, …칠입니다, …구요); any other
syllable makes the digits part of a word (오전, 사고, 이번, 구급차)."""
_COPULA_ENDINGS = ("요", "에", "고", "라", "랑", "며", "면", "나", "었", "였", "야", "죠", "지")
"""What follows 이 when it is the copula (…팔이에요, …칠이고) rather than a spoken 2."""
_CARD_LENGTHS = (19, 16, 15, 14, 13)
"""Lengths card numbers are issued in (Visa/UnionPay 19, most 16, Amex 15, Diners 14)."""

_OUR_MARKER = re.compile("|".join(re.escape(marker) for marker in REDACTION_MARKERS.values()))
_KIND_OF_MARKER = {marker: kind for kind, marker in REDACTION_MARKERS.items()}

_ANY_DIGIT = f"[0-9０-９{_SPOKEN}]"
_ANY_GAP = r"(?:[\s\-‐‑–—−－.·(),]|에|다시|대시)*"
_CANDIDATE = re.compile(
    rf"{_ANY_DIGIT}(?:{_ANY_GAP}{_ANY_DIGIT}){{{MIN_CANDIDATE_DIGITS - 1},}}"
    rf"|@|골뱅|앳|{_OUR_MARKER.pattern}"
)
"""Cheap test that an utterance may hold anything to redact; most hold nothing."""

_CONTEXT = re.compile(
    r"(?<!\[)(?:(?P<rrn>주민|외국인\s?등록)"
    r"|(?P<phone>전화|연락처|연락\s?번호|핸드폰|휴대폰|휴대\s?번호|폰\s?번호|자택|집)"
    r"|(?P<card>카드)"
    r"|(?P<account>계좌|입금|송금|은행|뱅크|농협|신협|수협|우체국|새마을)"
    r"|(?P<policy>증권|계약\s?번호|접수\s?번호|사고\s?번호|청구\s?번호))"
)
# 우리, 하나, 국민 are everyday words too: as bank names they count only right before the number.
_BANK_JUST_BEFORE = re.compile(r"(?:국민|신한|우리|하나|기업|씨티|제일|산업|카카오|토스|케이)\s*$")
_POLICY = "policy"

_LETTER_NAMES = (
    "더블유|에이치|에이|에프|에스|엑스|브이|제이|제트|케이|아이|와이|[비씨디이지엘엠엔오피큐알티유]"
)
"""English letters as Korean speakers name them, longest first."""
_LOCAL_WORD = (
    rf"(?:(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*"
    rf"|(?<![가-힣A-Za-z0-9])(?:{_LETTER_NAMES}|[{_SPOKEN}])+)"
)
"""A word of an address's local part: written, or spelled out (not the tail of a word)."""
_PROVIDER = r"네이버|지메일|한메일|다음|네이트|카카오|구글|핫메일|야후|아웃룩"
_DOT = r"\s*(?:\.|닷|점|쩜)\s*"
_TLD = r"(?:com|net|org|co|kr|컴|콤|넷|오알지|씨오|케이알)(?![A-Za-z])"
_EMAIL_ANCHOR = re.compile("@|골뱅|앳")
# The local part is spelled letter by letter as often as not (에이치 오 엔 지 골뱅이 ...).
# Atomic, or the engine would try every way of splitting a long word into words; bounded,
# so that a long utterance costs linear time.
_EMAIL = re.compile(
    rf"(?>(?:{_LOCAL_WORD}\s*){{1,{MAX_SPELLED_LETTERS}}})?"
    rf"(?:@|골뱅이|앳)\s*(?:[A-Za-z][A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)*|{_PROVIDER})"
    rf"(?:{_DOT}{_TLD})*"
)


@dataclass(frozen=True, slots=True)
class _Group:
    """Digits written or spoken together, at ``start``..``end`` of the text."""

    start: int
    end: int
    digits: str
    spoken: bool
    particle: bool  # ends in 이 that may be the copula rather than a 2 (…오륙칠팔이에요)
    # After a comma between written numbers: an item of a list (400, 401, 404) unless the
    # groups make a number of a known shape.
    listed: bool


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    kind: PiiKind


def redact(text: str) -> Redacted:
    """``text`` with every personal number and e-mail address replaced by its marker."""
    if not _CANDIDATE.search(text):
        return Redacted(text, ())
    kept = [
        _Hit(m.start(), m.end(), _KIND_OF_MARKER[m.group()]) for m in _OUR_MARKER.finditer(text)
    ]
    if _EMAIL_ANCHOR.search(text):
        kept += [_Hit(m.start(), m.end(), PiiKind.EMAIL) for m in _EMAIL.finditer(text)]
        kept.sort(key=lambda hit: hit.start)
    hits = list(kept)
    for run, kind_before in _runs(text, kept):
        hits += _hits_in_run(run, kind_before)
    if not hits:
        return Redacted(text, ())
    hits.sort(key=lambda hit: hit.start)
    parts: list[str] = []
    spans: list[RedactionSpan] = []
    at = length = 0
    for hit in hits:
        marker = REDACTION_MARKERS[hit.kind]
        parts += (text[at : hit.start], marker)
        length += hit.start - at
        spans.append(RedactionSpan(length, length + len(marker), hit.kind))
        length += len(marker)
        at = hit.end
    parts.append(text[at:])
    return Redacted("".join(parts), tuple(spans))


def redact_many(texts: Iterable[str]) -> list[Redacted]:
    """``redact`` for each utterance of a call, in order."""
    return [redact(text) for text in texts]


def _is_hangul(char: str) -> bool:
    return "가" <= char <= "힣"


_Context = PiiKind | str | None
"""What the words before a number name: a kind, ``_POLICY``, or nothing."""
_Ends = dict[int, tuple[int, int]]
"""Digit counts a number may stop at -> (its last group, its end offset in the text)."""
_Breaks = Callable[[int], set[int]]


def _runs(text: str, kept: list[_Hit]) -> Iterator[tuple[list[_Group], _Context]]:
    """Each run of digit groups long enough to matter, with what the words before it name.

    Context never reaches back past an earlier number or marker, so that redacting the
    output again reads every number in the same context (idempotence)."""
    run: list[_Group] = []
    context_from = 0
    for token in _TOKEN.finditer(text):
        start, end = token.span()
        if kept and any(hit.start <= start < hit.end for hit in kept):
            continue
        word = token.group()
        spoken = word[0] in _SPOKEN
        paused = bool(run) and _PAUSE.fullmatch(text, run[-1].end, start) is not None
        joins = paused or (bool(run) and _JOINER.fullmatch(text, run[-1].end, start) is not None)
        particle = word[-1] == "이" and text.startswith(_COPULA_ENDINGS, end)
        if spoken and not _is_spoken_number(text, start, end, joins, particle):
            continue
        if run and not joins:
            yield from _long_enough(text, run, _context_start(run, context_from, kept))
            context_from = run[-1].end
            run = []
        if start and text[start - 1] == "(" and text.startswith(")", end):
            start -= 1  # an area code in brackets goes with its number: (031) 234-5678
        listed = paused and not (spoken and run[-1].spoken)
        run.append(_Group(start, end, word.translate(_TO_DIGITS), spoken, particle, listed))
    if run:
        yield from _long_enough(text, run, _context_start(run, context_from, kept))


def _context_start(run: list[_Group], context_from: int, kept: list[_Hit]) -> int:
    start = run[0].start
    ends_before = [hit.end for hit in kept if hit.end <= start]
    return max(context_from, start - CONTEXT_CHARS, *ends_before)


def _is_spoken_number(text: str, start: int, end: int, joins: bool, particle: bool) -> bool:
    """Digit syllables make a number only as a word of their own, bar a particle after it:
    in 회사, 오전, 사고 they are syllables of a word. A word that is nothing but a long
    number counts wherever it stands (번호는공일공일이삼사오육칠팔)."""
    if end - start >= MIN_UNEXPLAINED_DIGITS:
        return True
    after = text[end] if end < len(text) else " "
    if _is_hangul(after) and not (after in _AFTER_SPOKEN_NUMBER or particle):
        return False
    if not start:
        return True
    # After a marker too: there the syllable was glued to the number it replaced.
    before = text[start - 1]
    if not (_is_hangul(before) or before.isdigit() or before == "]"):
        return True
    return joins and text[:start].rstrip().endswith(_SPOKEN_JOINERS)


def _long_enough(
    text: str, run: list[_Group], context_start: int
) -> Iterator[tuple[list[_Group], _Context]]:
    if sum(len(group.digits) for group in run) >= MIN_CANDIDATE_DIGITS:
        yield run, _kind_before(text, context_start, run[0].start)


def _kind_before(text: str, start: int, end: int) -> _Context:
    """What the nearest context word before a number says it is (``_POLICY`` included)."""
    if _BANK_JUST_BEFORE.search(text, start, end):
        return PiiKind.ACCOUNT
    words = list(_CONTEXT.finditer(text, start, end))
    if not words:
        return None
    nearest = words[-1].lastgroup
    return _POLICY if nearest == _POLICY else PiiKind(nearest)


def _hits_in_run(run: list[_Group], kind_before: _Context) -> list[_Hit]:
    """Numbers of known shapes from left to right, and what is left between them if long.

    After an account word the whole run is the account number, however it is grouped.
    Past a number the context words are behind that number: they no longer count."""
    if kind_before == PiiKind.ACCOUNT:
        return _unexplained_hits(run, kind_before)
    hits: list[_Hit] = []
    unexplained: list[_Group] = []
    i = 0
    while i < len(run):
        found = _number_at(run, i, kind_before)
        if found is None:
            unexplained.append(run[i])
            i += 1
            continue
        last, hit = found
        hits += _unexplained_hits(unexplained, kind_before)
        hits.append(hit)
        unexplained = []
        kind_before = None
        i = last + 1
    return hits + _unexplained_hits(unexplained, kind_before)


def _unexplained_hits(groups: list[_Group], kind_before: _Context) -> list[_Hit]:
    """Groups no shape explains, redacted if long enough (list items counted apart)."""
    hits: list[_Hit] = []
    item: list[_Group] = []
    for group in groups:
        if group.listed:
            hits += _unexplained_hit(item, kind_before)
            item = []
        item.append(group)
    return hits + _unexplained_hit(item, kind_before)


def _unexplained_hit(groups: list[_Group], kind_before: _Context) -> list[_Hit]:
    # A word or two of digit syllables at either end is more likely a word (오는, 일을)
    # than part of the number.
    if groups and _short_spoken(groups[0]):
        groups = groups[1:]
    if groups and _short_spoken(groups[-1]):
        groups = groups[:-1]
    if not groups or kind_before == _POLICY:
        return []
    digits = sum(len(group.digits) for group in groups) - groups[-1].particle
    if digits < MIN_UNEXPLAINED_DIGITS:
        return []
    kind = kind_before if isinstance(kind_before, PiiKind) else PiiKind.ACCOUNT
    return [_Hit(groups[0].start, groups[-1].end - groups[-1].particle, kind)]


def _short_spoken(group: _Group) -> bool:
    return group.spoken and len(group.digits) <= 2


def _number_at(run: list[_Group], first: int, kind_before: _Context) -> tuple[int, _Hit] | None:
    """The number starting at group ``first``, as (its last group, the hit), if any."""
    digits = ""
    ends: _Ends = {}
    for j in range(first, len(run)):
        group = run[j]
        if group.particle:
            ends.setdefault(len(digits) + len(group.digits) - 1, (j, group.end - 1))
        digits += group.digits
        ends[len(digits)] = (j, group.end)
        if len(digits) > 19:
            break
    breaks = [n for n, (last, end) in ends.items() if end == run[last].end]

    def inner(length: int) -> set[int]:
        """Where the groups of a number this long break."""
        return {n for n in breaks if n < length}

    shapes = {
        PiiKind.RRN: _rrn_length(digits, ends, inner, kind_before == PiiKind.RRN),
        PiiKind.PHONE: _phone_length(digits, ends, inner, kind_before == PiiKind.PHONE),
        PiiKind.CARD: _card_length(digits, ends, inner),
    }
    found = {kind: length for kind, length in shapes.items() if length is not None}
    if not found:
        return None
    # The kind the context names, else the shape that explains the most digits.
    kind = kind_before if kind_before in found else max(found, key=found.__getitem__)
    last, end = ends[found[kind]]
    return last, _Hit(run[first].start, end, kind)


def _rrn_length(digits: str, ends: _Ends, inner: _Breaks, after_rrn_word: bool) -> int | None:
    if 13 in ends and (6 in inner(13) or not inner(13)) and _valid_rrn(digits[:13]):
        return 13
    if after_rrn_word and 7 in ends and not inner(7) and digits[0] in "12345678":
        return 7  # only the back half, asked for on its own (뒷자리)
    return None


def _valid_rrn(digits: str) -> bool:
    month, day = int(digits[2:4]), int(digits[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31 and digits[6] in "12345678"


def _phone_length(digits: str, ends: _Ends, inner: _Breaks, after_phone_word: bool) -> int | None:
    prefix, lengths = _phone_prefix(digits)
    for length in lengths:
        # Groups break, if at all, after the prefix and after the 3- or 4-digit middle.
        if length in ends and inner(length) <= {prefix, prefix + 3, prefix + 4}:
            return length
    if after_phone_word and digits[0] in "23456789":
        for length in (8, 7):
            business = length == 8 and digits[:2] in ("15", "16", "18")
            if length in ends and inner(length) <= {length - 4} and not business:
                return length
    return None


_AREA_CODE = re.compile(r"0(?:[3-6][1-5]|70|80)")


def _phone_prefix(digits: str) -> tuple[int, tuple[int, ...]]:
    """How long the carrier or area prefix of a Korean phone number starting with these
    digits is, and the lengths the whole number may have, longest first."""
    if digits.startswith("010"):
        return 3, (11,)
    if digits[:3] in ("011", "016", "017", "018", "019") or _AREA_CODE.match(digits):
        return 3, (11, 10)
    if digits.startswith("02"):
        return 2, (10, 9)
    if digits[:4] in ("0502", "0503", "0504", "0505", "0506", "0507", "0508"):
        return 4, (12, 11)
    return 0, ()


def _card_length(digits: str, ends: _Ends, inner: _Breaks) -> int | None:
    for length in _CARD_LENGTHS:
        if length in ends and _card_grouping(inner(length)) and _luhn_valid(digits[:length]):
            return length
    return None


def _card_grouping(breaks: set[int]) -> bool:
    return breaks <= {4, 8, 12, 16} or breaks <= {4, 10}


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0
