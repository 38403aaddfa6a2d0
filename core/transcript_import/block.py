"""A transcript written as a block of lines, one utterance per speaker prefix:

    [00:00:01] 상담사: 네 고객님 안녕하십니까
    00:04 손님: 네 안녕하세요
    [상담사] 무엇을 도와드릴까요
    손님： 사고 접수하려고요.
    차가 좀 긁혔어요

A prefix is ``name:`` (also the full-width ``：``) or ``[name]``, optionally after a
timestamp (``[00:01:23]``, ``00:12``) that becomes the turn's start; the end stays unknown.
A line without a prefix continues the previous utterance; so does one starting with a
bracketed word glued to what follows ("[이름]님 맞으세요?" is a masked name, not a speaker).
To keep a colon inside a sentence ("참고로 말씀드리면: ...") from reading as a speaker, a
name without brackets is one word of at most 12 characters without digits -- or one of the
configured names. A name that is none of the configured ones rejects the record, naming it.
"""

from __future__ import annotations

import re

from core.domain import Speaker
from core.errors import UserError
from core.transcript import Turn
from core.transcript_import.masking import redact_imported
from core.transcript_import.speakers import SpeakerNames
from core.transcript_import.values import seconds

_LINE = re.compile(
    r"\s*(?:[\[(]?(?P<time>\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d+)?)[\])]?\s*)?"
    r"(?:\[(?P<bracketed>[^\[\]\n]{1,20})\](?=[\s:：]|$)\s*[:：]?"
    r"|(?P<named>[^\s:：\[\]\d]{1,12}|[^:：\n]{1,20}?)\s*[:：])"
    r"\s*(?P<text>.*)",
    re.DOTALL,
)


def turns_from_block(block: str, speakers: SpeakerNames) -> tuple[Turn, ...]:
    """The block's turns, redacted and numbered from 0; UserError for a line we cannot place."""
    pieces: list[tuple[Speaker, float | None, list[str]]] = []
    for row, line in enumerate(block.splitlines(), start=1):
        if not line.strip():
            continue
        prefix = _LINE.match(line)
        name = prefix and (prefix.group("bracketed") or prefix.group("named"))
        if prefix and name and _is_speaker_name(name, bool(prefix.group("bracketed")), speakers):
            try:
                speaker = speakers.require(name)
            except UserError as error:
                raise UserError(
                    "transcript_import.unknown_speaker_in_text", row=str(row), **error.params
                ) from error
            start = seconds(prefix.group("time"), column="transcript")
            pieces.append((speaker, start, [prefix.group("text").strip()]))
        elif pieces:
            pieces[-1][2].append(line.strip())
        else:
            raise UserError("transcript_import.no_speaker_in_text", row=str(row))
    turns: list[Turn] = []
    for speaker, start, texts in pieces:
        text = " ".join(part for part in texts if part)
        if not text:
            continue
        redacted = redact_imported(text)
        turns.append(Turn(len(turns), speaker, redacted.text, start, None, redacted.spans))
    return tuple(turns)


def _is_speaker_name(name: str, bracketed: bool, speakers: SpeakerNames) -> bool:
    if bracketed or speakers.speaker(name) is not None:
        return True
    word = name.strip()
    return 0 < len(word) <= 12 and not any(ch.isspace() or ch.isdigit() for ch in word)
