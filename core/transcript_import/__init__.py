"""Calls transcribed elsewhere (no audio), read from the files other systems export.

``read_transcripts(stream, format=...)`` yields, in file order, an ``ImportedConversation``
for each call it could read and a ``Rejection`` (line, catalog key, params) for each record
it could not; good records are never held back by bad ones. A file that cannot be read at all
(not text, no header, a JSON document that is not JSON) raises UserError, possibly after
calls before the fault were yielded (a line-based file).

Memory: the line-based formats (CSV, JSON Lines) hold one record (one call, for utterance
rows) and the set of source ids met so far; a JSON document or AWS output is one document
and is read whole, up to ``ImportOptions.max_document_bytes``. Turns come out redacted
(``redact_imported``: masks from upstream kept as MASKED spans, our redaction over the rest).

Dedupe: the same source id twice in one file rejects the second ("already at line N");
ids imported by earlier batches are the database layer's to skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from core.i18n import t
from core.transcript_import.aws import read_aws_transcribe, read_contact_lens
from core.transcript_import.detect import detect_format
from core.transcript_import.masking import redact_imported
from core.transcript_import.model import (
    CallMetadata,
    ImportedConversation,
    ImportFormat,
    ImportItem,
    ImportOptions,
    RecordFields,
    Rejection,
    UtteranceColumns,
)
from core.transcript_import.records import read_records_csv, read_records_json, read_records_jsonl
from core.transcript_import.speakers import SpeakerNames
from core.transcript_import.utterances import read_utterances_csv, read_utterances_jsonl

__all__ = [
    "CallMetadata",
    "ImportFormat",
    "ImportItem",
    "ImportOptions",
    "ImportedConversation",
    "RecordFields",
    "Rejection",
    "SpeakerNames",
    "UtteranceColumns",
    "detect_format",
    "read_transcripts",
    "redact_imported",
    "rejection_message",
]

_READERS = {
    ImportFormat.RECORDS_JSON: read_records_json,
    ImportFormat.RECORDS_JSONL: read_records_jsonl,
    ImportFormat.RECORDS_CSV: read_records_csv,
    ImportFormat.UTTERANCES_CSV: read_utterances_csv,
    ImportFormat.UTTERANCES_JSONL: read_utterances_jsonl,
}


def read_transcripts(
    stream: IO[bytes] | IO[str],
    *,
    format: ImportFormat,
    options: ImportOptions | None = None,
    source_id: str | None = None,
) -> Iterator[ImportItem]:
    """Conversations and rejections of ``stream`` (binary or text), one at a time.

    ``source_id`` names the call of a one-call AWS document that names none (the file name)."""
    options = options or ImportOptions()
    if format is ImportFormat.AWS_TRANSCRIBE:
        return read_aws_transcribe(stream, options, source_id=source_id)
    if format is ImportFormat.CONTACT_LENS:
        return read_contact_lens(stream, options, source_id=source_id)
    return _READERS[format](stream, options)


def rejection_message(rejection: Rejection, lang: str = "ko") -> str:
    """A rejection as a supervisor reads it: where, which call, and why."""
    reason = t(rejection.key, lang, **rejection.params)
    if rejection.line is not None:
        where = t("transcript_import.at_line", lang, line=rejection.line)
    else:
        where = t("transcript_import.at_record", lang, record=rejection.record)
    if rejection.source_id:
        where = t("transcript_import.of_call", lang, where=where, source_id=rejection.source_id)
    return t("transcript_import.rejected", lang, where=where, reason=reason)
