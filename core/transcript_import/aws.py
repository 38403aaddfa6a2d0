"""Amazon Transcribe and Contact Lens output: one call per JSON document, timed turns.

Transcribe: ``results.items`` are words and punctuation; the speaker comes from the item's
``speaker_label`` or from ``results.speaker_labels.segments`` (speaker diarization), or from
``results.channel_labels.channels`` (channel identification). Labels (spk_0, ch_0) are mapped
by ``ImportOptions.aws_labels``; a turn is a run of words by one speaker. The source id is the
``jobName``. Contact Lens: ``Transcript`` entries with ``ParticipantId`` (roles from
``Participants``) and ``BeginOffsetMillis``/``EndOffsetMillis``; the source id is
``CustomerMetadata.ContactId``. Either document may name no id: the caller's fallback (the file
name) is used then.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from core.domain import Speaker
from core.errors import UserError
from core.transcript import Turn
from core.transcript_import.masking import redact_imported
from core.transcript_import.model import (
    CallMetadata,
    ImportedConversation,
    ImportItem,
    ImportOptions,
)
from core.transcript_import.rejecting import rejection
from core.transcript_import.speakers import SpeakerNames
from core.transcript_import.streams import read_document

_Word = tuple[float, float, str, str]
"""(start, end, label, text) of one word; punctuation is glued to the word before it."""


def read_aws_transcribe(
    stream: IO[bytes] | IO[str], options: ImportOptions, *, source_id: str | None = None
) -> Iterator[ImportItem]:
    document = _document(stream, options)
    found_id = _text(document.get("jobName")) or source_id
    try:
        results = document.get("results")
        if not isinstance(results, dict) or not isinstance(results.get("items"), list):
            raise UserError("transcript_import.not_transcribe")
        words = _transcribe_words(results)
        turns = _turns(words, options.aws_labels)
        yield _conversation(found_id, turns)
    except UserError as error:
        yield rejection(error, line=None, record=1, source_id=found_id)


def read_contact_lens(
    stream: IO[bytes] | IO[str], options: ImportOptions, *, source_id: str | None = None
) -> Iterator[ImportItem]:
    document = _document(stream, options)
    customer = document.get("CustomerMetadata")
    found_id = (
        _text(customer.get("ContactId")) if isinstance(customer, dict) else None
    ) or source_id
    try:
        entries = document.get("Transcript")
        if not isinstance(entries, list):
            raise UserError("transcript_import.not_contact_lens")
        roles = {
            p.get("ParticipantId"): p.get("ParticipantRole")
            for p in document.get("Participants") or []
            if isinstance(p, dict)
        }
        yield _conversation(found_id, _contact_lens_turns(entries, roles, options.speakers))
    except UserError as error:
        yield rejection(error, line=None, record=1, source_id=found_id)


def _document(stream: IO[bytes] | IO[str], options: ImportOptions) -> dict[str, Any]:
    text = read_document(stream, max_bytes=options.max_document_bytes)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(
            "transcript_import.bad_json_document", line=str(error.lineno), column=str(error.colno)
        ) from error
    if not isinstance(document, dict):
        raise UserError("transcript_import.not_an_object")
    return document


def _conversation(source_id: str | None, turns: list[Turn]) -> ImportedConversation:
    if source_id is None:
        raise UserError("transcript_import.missing_source_id", fields="jobName, ContactId")
    if not turns:
        raise UserError("transcript_import.empty_call")
    return ImportedConversation(source_id, tuple(turns), CallMetadata(line=None, record=1))


def _transcribe_words(results: dict[str, Any]) -> list[_Word]:
    channels = (results.get("channel_labels") or {}).get("channels")
    if isinstance(channels, list) and channels:
        words: list[_Word] = []
        for channel in channels:
            words += _words(
                channel.get("items") or [], lambda _item, c=channel: c.get("channel_label")
            )
        words.sort(key=lambda word: word[0])
        return words
    by_start: dict[str, str] = {}
    for segment in (results.get("speaker_labels") or {}).get("segments") or []:
        for item in segment.get("items") or []:
            by_start[str(item.get("start_time"))] = item.get("speaker_label")
    return _words(
        results["items"],
        lambda item: item.get("speaker_label") or by_start.get(str(item.get("start_time"))),
    )


def _words(items: list[Any], label_of: Any) -> list[_Word]:
    words: list[_Word] = []
    for item in items:
        alternatives = item.get("alternatives") or [{}]
        content = str(alternatives[0].get("content") or "")
        if item.get("type") == "punctuation":
            if words:
                start, end, label, text = words[-1]
                words[-1] = (start, end, label, text + content)
            continue
        try:
            start, end = float(item["start_time"]), float(item["end_time"])
        except (KeyError, TypeError, ValueError) as error:
            raise UserError("transcript_import.bad_aws_item", content=content) from error
        label = label_of(item)
        if label is None:
            raise UserError("transcript_import.no_aws_label", content=content)
        words.append((start, end, str(label), content))
    return words


def _turns(words: list[_Word], labels: dict[str, Speaker]) -> list[Turn]:
    turns: list[Turn] = []
    run: list[_Word] = []
    for word in [*words, None]:
        if run and (word is None or word[2] != run[0][2]):
            speaker = labels.get(run[0][2])
            if speaker is None:
                raise UserError(
                    "transcript_import.unknown_aws_label",
                    label=run[0][2],
                    labels=", ".join(sorted(labels)),
                )
            redacted = redact_imported(" ".join(w[3] for w in run))
            turns.append(
                Turn(
                    len(turns),
                    speaker,
                    redacted.text,
                    run[0][0],
                    max(w[1] for w in run),
                    redacted.spans,
                )
            )
            run = []
        if word is not None:
            run.append(word)
    return turns


def _contact_lens_turns(
    entries: list[Any], roles: dict[Any, Any], speakers: SpeakerNames
) -> list[Turn]:
    turns: list[Turn] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise UserError("transcript_import.not_an_object")
        participant = str(entry.get("ParticipantId") or "")
        speaker = speakers.require(str(roles.get(participant) or participant))
        text = str(entry.get("Content") or "").strip()
        if not text:
            continue
        start, end = _millis(entry.get("BeginOffsetMillis")), _millis(entry.get("EndOffsetMillis"))
        redacted = redact_imported(text)
        turns.append(Turn(len(turns), speaker, redacted.text, start, end, redacted.spans))
    return turns


def _millis(value: Any) -> float | None:
    """Seconds from an offset in milliseconds; None when the entry has none."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return value / 1000
    return None


def _text(value: Any) -> str | None:
    return str(value).strip() or None if isinstance(value, str | int) else None
