"""How politely the agent spoke: speech level, honorifics, and scored expressions, per call.

Only the agent's utterances are read; the customer's words are never findings. Each agent
utterance is tokenised by Kiwi once, and that one pass gives:

- its speech level, from the sentence-final endings (``ENDING_LEVELS``): 하십시오체
  (합니다, 합니까, 하십시오), 해요체 (endings in 요 or 죠, or a 요 particle closing the
  sentence: 한빛이요), or 반말 (any other final ending: 해, 했잖아, 하냐). An utterance with one
  반말 sentence is 반말 (one lapse is what a reviewer must see); otherwise the more
  frequent of 하십시오체 and 해요체, 하십시오체 on a tie. Kiwi tags some final endings
  before a comma as connective (EC) endings, so an EC counts as final before 요, before
  . ? ! and, if it is polite, before a comma; a connective before a comma (하고, 하며) says
  nothing about the level.
- honorific 시 (하시다, 하세요), and ``no_honorific``: a question to the customer in polite
  speech with no 시, no humble verb (드리다, 여쭈다) and no "I" in it ("이름이 뭐예요?"). The
  humble verb and the "I" mean the agent is the subject: 도와드릴까요 needs no 시.
- the expressions of the politeness rules (cushion, apology, empathy, rude, forbidden, or any
  kind an admin adds), found in the utterance's text with spaces and punctuation ignored
  (speech-to-text spaces Korean unreliably), where the match must start and end on Kiwi's
  morpheme boundaries: "알았어" is not found in "알았어요", whose last morpheme is 어요.

Score: ``100 + sum(finding.score_delta)``, clamped to 0..100 once at the end, so the order of
the findings does not matter and a polite expression can win back points a lapse cost, but
never lift a call above 100. Each expression counts once per utterance, ``banmal`` and
``no_honorific`` at most once per utterance. Their deltas are rows of kind ``banmal`` and
``no_honorific`` in the rules table (the expression is then only a label);
``DEFAULT_LEVEL_DELTAS`` applies while the table has no such row.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from core.domain import Speaker
from core.korean import matching_key, normalize_jamo
from core.transcript import Turn

if TYPE_CHECKING:
    from kiwipiepy import Kiwi, Token

MAX_SCORE = 100.0
"""The score of a call whose agent said nothing that lowered it."""

BANMAL, NO_HONORIFIC = "banmal", "no_honorific"
"""Finding codes of the speech-level checks; rules of these kinds set their deltas."""

DEFAULT_LEVEL_DELTAS: Mapping[str, float] = {BANMAL: -5.0, NO_HONORIFIC: -2.0}
"""Per-utterance deltas of the speech-level checks while the rules table has no row for them."""

KIWI_WORKERS = 1
"""Threads of the Kiwi this module creates. Workers scale by process, one per core; on one
core a batch over many calls ran no faster than one utterance at a time (bench/politeness.py),
so a second thread would only compete with the process beside it."""


class SpeechLevel(StrEnum):
    FORMAL = "하십시오체"
    POLITE = "해요체"
    BANMAL = "반말"


ENDING_LEVELS: tuple[tuple[tuple[str, ...], SpeechLevel], ...] = (
    (
        ("ㅂ니다", "습니다", "ㅂ니까", "습니까", "ㅂ시오", "십시오", "ㅂ시다", "읍시다"),
        SpeechLevel.FORMAL,
    ),
    (("요", "죠"), SpeechLevel.POLITE),
)
"""How a final ending (jamo-normalised) ends, and the level it marks; any other is 반말."""

_QUESTION_ENDINGS = ("ㅂ니까", "습니까", "나요", "ㄴ가요", "은가요", "는가요")
"""Final endings that ask, even where speech-to-text left out the question mark."""

_OFFER_ENDINGS = ("ㄹ까요", "을까요")
"""Endings of questions that offer or propose (확인해 볼까요?): the agent acts, no 시 due."""

_HONORIFIC_ENDINGS = ("세", "셔", "십", "으세", "으셔", "으십")
"""How endings that carry honorific 시 inside them begin (하세요 is 하 + 세요)."""

_HUMBLE_VERBS = frozenset({"드리", "여쭈", "뵙", "모시"})
"""Verbs of the agent acting for the customer (확인해 드릴까요): the subject is the agent."""

_FIRST_PERSON = frozenset({"저", "저희", "나", "우리"})
_POLITE_PARTICLES = frozenset({"요", "이요"})  # 한빛이요, 그러니까요: 해요체 without an ending
_SENTENCE_END_TAGS = frozenset({"SF", "SE"})  # . ? ! and …
_RANK = {SpeechLevel.BANMAL: 0, SpeechLevel.POLITE: 1, SpeechLevel.FORMAL: 2}


@dataclass(frozen=True, slots=True)
class PolitenessRule:
    """A scored expression class, as in the ``politeness_rules`` table (active rows only)."""

    kind: str
    expression: str
    score_delta: float


@dataclass(frozen=True, slots=True)
class PolitenessFinding:
    """Something the agent said in utterance ``seq``; ``expression`` is their own words."""

    seq: int
    code: str
    expression: str
    score_delta: float


@dataclass(frozen=True, slots=True)
class UtteranceSpeech:
    """The speech level of one agent utterance (None: no final ending, e.g. "네.")."""

    seq: int
    level: SpeechLevel | None
    honorific: bool


@dataclass(frozen=True, slots=True)
class PolitenessResult:
    score: float  # 0-100
    speech_level: SpeechLevel | None  # the agent's most frequent; ties go to the less polite
    level_counts: Mapping[SpeechLevel, int]  # agent utterances per level
    honorific_count: int  # agent utterances with honorific 시
    utterances: tuple[UtteranceSpeech, ...]
    findings: tuple[PolitenessFinding, ...] = ()

    @property
    def lowering(self) -> tuple[PolitenessFinding, ...]:
        """The findings that lowered the score."""
        return tuple(f for f in self.findings if f.score_delta < 0)


@dataclass(frozen=True, slots=True)
class _Expression:
    kind: str
    key: str  # matching_key of the expression
    score_delta: float


class PolitenessAnalyzer:
    """Build once per process with the active rules; Kiwi is created on first use."""

    def __init__(self, rules: Sequence[PolitenessRule], *, kiwi: Kiwi | None = None) -> None:
        phrase_rules = [rule for rule in rules if rule.kind not in DEFAULT_LEVEL_DELTAS]
        if empty := [rule for rule in phrase_rules if not matching_key(rule.expression)]:
            raise ValueError(f"politeness rules without words to match: {empty}")
        level_rules = [rule for rule in rules if rule.kind in DEFAULT_LEVEL_DELTAS]
        for kind, count in Counter(rule.kind for rule in level_rules).items():
            if count > 1:
                raise ValueError(f"{count} politeness rules of kind {kind!r}; keep one")
        self._kiwi = kiwi
        self._level_deltas = dict(DEFAULT_LEVEL_DELTAS)
        self._level_deltas.update((rule.kind, rule.score_delta) for rule in level_rules)
        self._expressions = tuple(
            _Expression(rule.kind, matching_key(rule.expression), rule.score_delta)
            for rule in phrase_rules
        )

    @property
    def kiwi(self) -> Kiwi:
        if self._kiwi is None:
            from kiwipiepy import Kiwi  # ~2 s to build: only when a call is first analysed

            self._kiwi = Kiwi(num_workers=KIWI_WORKERS)
        return self._kiwi

    def analyze(self, turns: Sequence[Turn]) -> PolitenessResult:
        return self.analyze_many([turns])[0]

    def analyze_many(self, calls: Sequence[Sequence[Turn]]) -> list[PolitenessResult]:
        """One result per call. Kiwi reads all their agent utterances in one batch where it
        has threads for it (``num_workers >= 2``); otherwise one by one, which on a single
        thread is as fast and works in Kiwi's single-thread mode too."""
        agent_turns = [[t for t in turns if t.speaker is Speaker.AGENT] for turns in calls]
        texts = [unicodedata.normalize("NFC", t.text) for turns in agent_turns for t in turns]
        kiwi = self.kiwi
        if not texts:
            tokenised: Iterable[list[Token]] = ()
        elif kiwi.num_workers >= 2:
            tokenised = kiwi.tokenize(texts)
        else:
            tokenised = (kiwi.tokenize(text) for text in texts)
        said = iter(zip(texts, tokenised, strict=True))
        return [self._result([(t, *next(said)) for t in turns]) for turns in agent_turns]

    def _result(self, agent: list[tuple[Turn, str, list[Token]]]) -> PolitenessResult:
        utterances, findings = [], []
        for turn, text, tokens in agent:
            speech, lapses = _read_speech(turn.seq, text, tokens)
            utterances.append(speech)
            findings.extend(
                PolitenessFinding(turn.seq, code, words, self._level_deltas[code])
                for code, words in lapses.items()
            )
            findings.extend(self._expressions_in(turn.seq, text, tokens))
        counts = Counter(u.level for u in utterances if u.level is not None)
        level = max(counts, key=lambda lv: (counts[lv], -_RANK[lv]), default=None)
        score = MAX_SCORE + sum(f.score_delta for f in findings)
        return PolitenessResult(
            score=min(MAX_SCORE, max(0.0, score)),
            speech_level=level,
            level_counts={lv: counts.get(lv, 0) for lv in SpeechLevel},
            honorific_count=sum(u.honorific for u in utterances),
            utterances=tuple(utterances),
            findings=tuple(findings),
        )

    def _expressions_in(self, seq: int, text: str, tokens: list[Token]) -> list[PolitenessFinding]:
        key = matching_key(text)
        candidates = [e for e in self._expressions if e.key in key]
        if not candidates:  # most utterances: no need to map the key back to the text
            return []
        positions = _key_positions(text)
        starts = {t.start for t in tokens if not t.tag.startswith("E")}
        ends = {t.start + t.len for t in tokens}
        found = []
        for expression in candidates:
            at = key.find(expression.key)
            while at >= 0:
                start, end = positions[at], positions[at + len(expression.key) - 1] + 1
                if start in starts and end in ends:
                    words = text[start:end]
                    found.append(
                        PolitenessFinding(seq, expression.kind, words, expression.score_delta)
                    )
                    break
                at = key.find(expression.key, at + 1)
        return found


def _read_speech(
    seq: int, text: str, tokens: list[Token]
) -> tuple[UtteranceSpeech, dict[str, str]]:
    """The utterance's speech level and honorific use, and its lapses: code -> the words."""
    levels: list[SpeechLevel] = []
    lapses: dict[str, str] = {}  # one finding of each code per utterance
    honorific = agent_is_subject = sentence_honorific = False
    skip_next = False
    for i, token in enumerate(tokens):
        if skip_next:
            skip_next = False
            continue
        tag, form = token.tag, token.form
        if tag == "EP" and form in ("시", "으시"):
            honorific = sentence_honorific = True
            continue
        if (tag in ("VV", "VX") and form in _HUMBLE_VERBS) or (
            tag == "NP" and form in _FIRST_PERSON
        ):
            agent_is_subject = True
            continue
        ending = tag in ("EF", "EC")
        if not ending and not (tag == "JX" and form in _POLITE_PARTICLES):
            continue
        form = normalize_jamo(form)
        if ending and form.startswith(_HONORIFIC_ENDINGS):
            honorific = sentence_honorific = True
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if following is not None and following.tag == "JX" and following.form == "요":
            # 하고요, 어디신가요: Kiwi writes the 요 apart; the sentence goes on after it.
            level, skip_next = SpeechLevel.POLITE, True
            following = tokens[i + 2] if i + 2 < len(tokens) else None
        else:
            level = _ending_level(form) if ending else SpeechLevel.POLITE
            if not _closes_sentence(tag, level, following):
                continue
        levels.append(level)
        asks = not form.endswith(_OFFER_ENDINGS) and (
            (following is not None and following.form == "?")
            or (tag == "EF" and form.endswith(_QUESTION_ENDINGS))
        )
        if level is SpeechLevel.BANMAL or (asks and not (sentence_honorific or agent_is_subject)):
            code = BANMAL if level is SpeechLevel.BANMAL else NO_HONORIFIC
            word_start = text.rfind(" ", 0, token.start) + 1
            lapses.setdefault(code, text[word_start : token.start + token.len])
        agent_is_subject = sentence_honorific = False
    return UtteranceSpeech(seq, _utterance_level(levels), honorific), lapses


def _ending_level(form: str) -> SpeechLevel:
    for endings, level in ENDING_LEVELS:
        if form.endswith(endings):
            return level
    return SpeechLevel.BANMAL


def _closes_sentence(tag: str, level: SpeechLevel, following: Token | None) -> bool:
    """Whether the ending (or 요 particle) ``tag`` of ``level`` ends a sentence."""
    if tag == "EF":
        return True
    if following is None:
        # A connective ending at the very end, with no punctuation, is more likely a sentence
        # that speech-to-text cut in two than 반말.
        return tag != "EC" or level is not SpeechLevel.BANMAL
    if following.tag in _SENTENCE_END_TAGS:
        return True
    return following.tag == "SP" and level is not SpeechLevel.BANMAL


def _utterance_level(levels: list[SpeechLevel]) -> SpeechLevel | None:
    if not levels:
        return None
    if SpeechLevel.BANMAL in levels:
        return SpeechLevel.BANMAL
    formal = levels.count(SpeechLevel.FORMAL)
    return SpeechLevel.FORMAL if formal * 2 >= len(levels) else SpeechLevel.POLITE


def _key_positions(text: str) -> list[int]:
    """For each character of ``matching_key(text)``, its index in ``text``."""
    return [i for i, char in enumerate(text) for _ in matching_key(char)]
