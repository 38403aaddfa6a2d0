"""Demo conversations: what an agent and a customer say, already redacted, with timings.

Pure and deterministic (the caller passes a seeded ``random.Random``); nothing here touches
the database. ``render_conversation`` picks the lines of one call from the phrase bank in
``db.demo.phrases`` and ``_timeline`` decides when each one is spoken.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from core.domain import CallCategory, CallDirection, Speaker, TransferQueue
from core.pii import REDACTION_MARKERS, PiiKind
from core.transcript import RedactionSpan
from db.demo.phrases import (
    ANGRY_CLOSING,
    ANGRY_OPENINGS,
    ANGRY_REMARKS,
    APOLOGY_TO_ANGRY,
    CLOSING,
    CURT_CLOSING,
    CURT_OPENINGS,
    FILL_VALUES,
    GENERIC_EXTRAS,
    GREETINGS_INBOUND,
    GREETINGS_OUTBOUND,
    HOLD,
    HOLD_MARK,
    IDENTITY,
    OUTBOUND_ACCEPT,
    OUTBOUND_PURPOSE,
    OUTBOUND_REPLY,
    POLITE_ANSWERS_TO_ANGRY,
    POLITE_REPEAT,
    QUEUE_NAMES,
    RUDE_ANSWERS_TO_ANGRY,
    RUDE_HOLD,
    RUDE_REMARKS,
    RUDE_REPLY_TO_ANGRY,
    RUDE_TRANSFERS,
    SCRIPTS,
    TRANSFER_ACCEPT,
    TRANSFERS,
    Step,
)

AGENT_SLOT, CUSTOMER_SLOT = "{A}", "{C}"
"""Name slots, as long as a name, so redaction offsets stay valid when ``fill_names`` fills them."""

NAME_LENGTH = 3
"""Every demo name has three syllables (one-syllable surname, two-syllable given name)."""

PII_SPOKEN_S: dict[PiiKind, float] = {
    PiiKind.RRN: 3.6,
    PiiKind.PHONE: 3.0,
    PiiKind.CARD: 4.6,
    PiiKind.ACCOUNT: 4.0,
    PiiKind.EMAIL: 3.2,
}
"""Seconds it takes to read the removed number aloud, so redacted lines keep real lengths."""

OUTBOUND_SHARE = 0.07
"""Share of calls where the agent calls the customer back."""

MIN_LINES, MAX_LINES = 10, 40
"""The fewest and the most utterances a demo call has."""

MIN_DURATION_S = 60.0
"""The shortest demo call, in seconds."""

COMPLICATED_SHARE = 0.1
"""Share of calls that drag on: more questions and an extra hold."""


@dataclass(frozen=True, slots=True)
class AgentStyle:
    """How one agent works, drawn once per agent: the same habits show in all their calls."""

    rude: bool = False
    skips_greeting: bool = False
    skips_identity: bool = False
    skips_notice: bool = False
    skips_closing: bool = False
    talks_over: bool = False
    long_silences: bool = False
    syllables_per_s: float = 5.0

    @property
    def compliant(self) -> bool:
        """Says the greeting, identity check, notices and closing in every call."""
        return not (
            self.skips_greeting or self.skips_identity or self.skips_notice or self.skips_closing
        )


@dataclass(frozen=True, slots=True)
class Line:
    """One utterance; ``text`` keeps the name slots until ``fill_names`` fills them."""

    speaker: Speaker
    start_s: float
    end_s: float
    text: str
    redaction_spans: tuple[RedactionSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class CallFacts:
    """What the renderer decided about one call beyond its words: the truth a demo label reads.

    Each fact describes the call as it was kept (``MAX_LINES`` may cut off its ending), not
    the agent's habits: an agent who skips greetings still greets in some calls.
    """

    angry: bool  # a repeat caller who came back upset
    complicated: bool  # dragged on: more questions and an extra hold
    greeted: bool  # the full greeting, not a curt "네, 말씀하세요."
    identity_checked: bool
    notices_given: bool  # the category's required notices (true where it has none)
    closed_properly: bool  # ended offering further help; not curt, not handed on, not cut off
    holds: int
    rude_holds: int  # holds without asking or thanking: "잠깐만요." ... "찾았어요."
    rude_lines: int  # rude remarks, rude answers, rude holds and rude transfers the agent said


@dataclass(frozen=True, slots=True)
class Conversation:
    category: CallCategory
    lines: tuple[Line, ...]
    duration_s: float
    direction: CallDirection
    transferred_to: TransferQueue | None
    facts: CallFacts


def has_batchim(word: str) -> bool:
    """True when the last Hangul syllable ends in a consonant (김민준 → 김민준이었습니다)."""
    code = ord(word[-1]) - 0xAC00
    return 0 <= code <= 11171 and code % 28 != 0


def name_forms(agent_name: str) -> tuple[str, str]:
    """The agent's name, and the name with 이었습니다/였습니다 as its last syllable takes."""
    if len(agent_name) != NAME_LENGTH:
        raise ValueError(f"demo names have {NAME_LENGTH} syllables: {agent_name!r}")
    return agent_name, agent_name + ("이었습니다" if has_batchim(agent_name) else "였습니다")


def fill_names(text: str, agent_forms: tuple[str, str], customer_name: str) -> str:
    """Put the agent's and the customer's names into the slots of a line (or a COPY row)."""
    if len(customer_name) != NAME_LENGTH:
        raise ValueError(f"demo names have {NAME_LENGTH} syllables: {customer_name!r}")
    text = text.replace(_AGENT_WAS, agent_forms[1]).replace(AGENT_SLOT, agent_forms[0])
    return text.replace(CUSTOMER_SLOT, customer_name)


_AGENT_WAS = AGENT_SLOT + "이었습니다"


def render_conversation(
    *, style: AgentStyle, category: CallCategory, repeat_caller: bool, rng: random.Random
) -> Conversation:
    """One call of an agent with ``style``: which lines are said, then when."""
    category_script = SCRIPTS[category]
    script = rng.choice(category_script.scripts)
    outbound = rng.random() < OUTBOUND_SHARE
    angry = repeat_caller and rng.random() < 0.65
    turns: list[tuple[str, str]] = []
    # Where the holds and the agent's rude lines start in ``turns``, to count those kept.
    holds_at: list[int] = []
    rude_holds_at: list[int] = []
    rude_at: list[int] = []

    def speak(step: Step) -> None:
        turns.extend((turn[0], rng.choice(turn[1:])) for turn in rng.choice(step))

    opening = _opening(style, GREETINGS_OUTBOUND if outbound else GREETINGS_INBOUND, rng)
    turns.append(("A", opening))
    if outbound:
        speak(OUTBOUND_ACCEPT)
    else:
        if repeat_caller:
            turns.append(("C", rng.choice(ANGRY_OPENINGS if angry else POLITE_REPEAT)))
        turns.append(("C", rng.choice(script.follow_ups if repeat_caller else script.requests)))
    identity_checked = not (style.skips_identity and rng.random() < 0.75)
    if identity_checked:
        speak(IDENTITY)
    if outbound:
        turns.append(("A", rng.choice(OUTBOUND_PURPOSE).replace("{topic}", category_script.topic)))
        speak(OUTBOUND_REPLY)
    if angry:
        if style.rude:
            rude_at.append(len(turns))
        speak(RUDE_REPLY_TO_ANGRY if style.rude else APOLOGY_TO_ANGRY)

    complicated = rng.random() < COMPLICATED_SHARE
    body = [step for step, share in script.core if rng.random() < share]
    notices_given = not (style.skips_notice and rng.random() < 0.7)
    if notices_given:
        body[len(body) // 2 : len(body) // 2] = category_script.notices
    extras = [*category_script.extras, *GENERIC_EXTRAS]
    rng.shuffle(extras)
    for _ in range(_follow_up_count(rng, 0.8 if complicated else 0.45)):
        body.append(extras.pop())
    for _ in range(complicated + (rng.random() < category_script.hold_share)):
        body.insert(rng.randrange(len(body) + 1), RUDE_HOLD if style.rude else HOLD)
    for step in body:
        if step is HOLD:
            holds_at.append(len(turns))
        elif step is RUDE_HOLD:
            holds_at.append(len(turns))
            rude_holds_at.append(len(turns))
            rude_at.append(len(turns))
        speak(step)
        if style.rude and rng.random() < 0.2:
            rude_at.append(len(turns))
            turns.append(("A", rng.choice(RUDE_REMARKS)))
        if angry and rng.random() < 0.25:
            turns.append(("C", rng.choice(ANGRY_REMARKS)))
            answers = RUDE_ANSWERS_TO_ANGRY if style.rude else POLITE_ANSWERS_TO_ANGRY
            if style.rude:
                rude_at.append(len(turns))
            turns.append(("A", rng.choice(answers)))

    while sum(who != HOLD_MARK[0] for who, _ in turns) < MIN_LINES - 2 and extras:
        speak(extras.pop())

    transferred_to = None
    closing_offered = False
    if rng.random() < category_script.transfer_share * (2.0 if style.rude else 1.0):
        transferred_to = rng.choice(category_script.transfer_queues)
        line = rng.choice(RUDE_TRANSFERS if style.rude else TRANSFERS)
        if style.rude:
            rude_at.append(len(turns))
        turns.append(("A", line.replace("{queue}", QUEUE_NAMES[transferred_to])))
        speak(TRANSFER_ACCEPT)
    elif style.skips_closing and rng.random() < 0.7:
        speak(CURT_CLOSING)
    else:
        closing_offered = True
        speak(ANGRY_CLOSING if angry else CLOSING)

    lines = _timeline(turns, style=style, angry=angry, rng=rng)
    if lines[-1].end_s < MIN_DURATION_S:
        # Real calls seldom end inside a minute: a short one still waits for a lookup.
        at = rng.choice([i for i, (who, _) in enumerate(turns) if who == "A" and i >= 2])
        turns[at:at] = [(turn[0], rng.choice(turn[1:])) for turn in rng.choice(HOLD)]
        # This shifts the turns after ``at``, but a call under a minute is far from being
        # cut at MAX_LINES, so the counts below still see every hold and rude line.
        holds_at.append(at)
        lines = _timeline(turns, style=style, angry=angry, rng=rng)
    facts = CallFacts(
        angry=angry,
        complicated=complicated,
        greeted=opening not in CURT_OPENINGS,
        identity_checked=identity_checked,
        notices_given=notices_given,
        closed_properly=closing_offered and len(turns) <= MAX_LINES,
        holds=sum(at < MAX_LINES for at in holds_at),
        rude_holds=sum(at < MAX_LINES for at in rude_holds_at),
        rude_lines=sum(at < MAX_LINES for at in rude_at),
    )
    return Conversation(
        category=category,
        lines=lines,
        duration_s=round(lines[-1].end_s + rng.uniform(0.4, 2.5), 2),
        direction=CallDirection.OUTBOUND if outbound else CallDirection.INBOUND,
        transferred_to=transferred_to,
        facts=facts,
    )


def _opening(style: AgentStyle, greetings: tuple[str, ...], rng: random.Random) -> str:
    if style.skips_greeting and rng.random() < 0.75:
        return rng.choice(CURT_OPENINGS)
    return rng.choice(greetings)


def _follow_up_count(rng: random.Random, p_another: float) -> int:
    """Most customers ask nothing more or one thing; a few go on and on."""
    count = 0
    while rng.random() < p_another and count < len(GENERIC_EXTRAS):
        count += 1
    return count


def _fill(
    template: str, values: dict[str, str], rng: random.Random
) -> tuple[str, tuple[RedactionSpan, ...]]:
    """Fill ``{fields}``: personal numbers become markers with spans, the rest real words."""
    parts: list[str] = []
    spans: list[RedactionSpan] = []
    offset = 0
    for i, piece in enumerate(_FIELD.split(template)):
        if i % 2 == 0:
            value = piece
        elif piece in REDACTION_MARKERS:
            kind = PiiKind(piece)
            value = REDACTION_MARKERS[kind]
            spans.append(RedactionSpan(offset, offset + len(value), kind))
        elif piece in ("A", "C"):
            value = "{" + piece + "}"  # a name slot: ``fill_names`` fills it per call
        elif piece == "plate":
            value = values.setdefault(piece, _plate(rng))
        else:
            value = values.setdefault(piece, rng.choice(FILL_VALUES[piece]))
        parts.append(value)
        offset += len(value)
    return "".join(parts), tuple(spans)


_FIELD = re.compile(r"\{(\w+)\}")
_PLATE_LETTERS = "가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주"


def _plate(rng: random.Random) -> str:
    return f"{rng.randint(10, 399)}{rng.choice(_PLATE_LETTERS)} {rng.randint(1000, 9999)}"


_SPOKEN = re.compile(r"[가-힣0-9]")


def _spoken_s(text: str, spans: tuple[RedactionSpan, ...], rate: float) -> float:
    syllables = len(_SPOKEN.findall(text))
    syllables += NAME_LENGTH * text.count("{")  # a name slot is read as the name
    syllables -= sum(len(REDACTION_MARKERS[span.kind]) - 2 for span in spans)
    return syllables / rate + 0.25 + sum(PII_SPOKEN_S[span.kind] for span in spans)


def _timeline(
    turns: list[tuple[str, str]], *, style: AgentStyle, angry: bool, rng: random.Random
) -> tuple[Line, ...]:
    """Give each turn a start and end: pauses, holds, dead air and talking over each other."""
    customer_rate = rng.uniform(4.0, 6.0)
    values: dict[str, str] = {}
    lines: list[Line] = []
    prev_start, prev_end, prev_who = 0.0, rng.uniform(0.4, 1.6), ""
    on_hold = False
    for who, template in turns[:MAX_LINES]:
        if who == HOLD_MARK[0]:
            on_hold = True
            continue
        text, spans = _fill(template, values, rng)
        gap = rng.uniform(0.2, 1.5)
        if on_hold:
            gap, on_hold = rng.uniform(20.0, 90.0), False
        elif who == "A" and style.long_silences and rng.random() < 0.3:
            gap = rng.uniform(20.0, 35.0) if rng.random() < 0.15 else rng.uniform(3.0, 9.0)
        elif prev_who and who != prev_who and _interrupts(who, style, angry, rng):
            gap = -rng.uniform(0.3, min(1.8, 0.6 * (prev_end - prev_start)))
        start = round(max(prev_start + 0.3, prev_end + gap), 2)
        rate = style.syllables_per_s if who == "A" else customer_rate
        end = round(start + _spoken_s(text, spans, rate) * rng.uniform(0.92, 1.08), 2)
        speaker = Speaker.AGENT if who == "A" else Speaker.CUSTOMER
        lines.append(Line(speaker, start, end, text, spans))
        prev_start, prev_end, prev_who = start, max(prev_end, end), who
    return tuple(lines)


def _interrupts(who: str, style: AgentStyle, angry: bool, rng: random.Random) -> bool:
    if who == "A":
        return rng.random() < (0.35 if style.talks_over else 0.015)
    return rng.random() < (0.2 if angry else 0.02)
