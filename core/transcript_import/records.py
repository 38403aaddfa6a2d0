"""One call per record: a JSON document (an array, or an object holding one), JSON Lines, CSV.

The record's transcript field is a block of speaker lines (``core.transcript_import.block``);
its other fields are mapped by ``RecordFields``. A record without a source id is rejected:
dedupe across imports depends on it. JSON Lines and CSV stream a record at a time; a JSON
document is parsed whole (at most ``ImportOptions.max_document_bytes``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any
from zoneinfo import ZoneInfo

from core.errors import UserError
from core.transcript_import.block import turns_from_block
from core.transcript_import.model import ImportedConversation, ImportItem, ImportOptions
from core.transcript_import.rejecting import SeenIds, rejection
from core.transcript_import.streams import Lines, read_document
from core.transcript_import.values import metadata, text_value


def conversation(
    record: Mapping[str, Any],
    options: ImportOptions,
    zone: ZoneInfo,
    *,
    line: int | None,
    index: int,
) -> ImportedConversation:
    """The call one record describes; UserError for a record we cannot read."""
    fields = options.fields
    source_id = text_value(record, fields.source_id)
    if source_id is None:
        raise UserError("transcript_import.missing_source_id", fields=", ".join(fields.source_id))
    transcript = text_value(record, fields.transcript)
    if transcript is None:
        raise UserError("transcript_import.empty_transcript", fields=", ".join(fields.transcript))
    turns = turns_from_block(transcript, options.speakers)
    if not turns:
        raise UserError("transcript_import.empty_transcript", fields=", ".join(fields.transcript))
    return ImportedConversation(
        source_id, turns, metadata(record, fields, zone, line=line, index=index)
    )


def _items(
    records: Iterable[tuple[int | None, Any]], options: ImportOptions, *, by_line: bool
) -> Iterator[ImportItem]:
    """Conversations and rejections for (line, record) pairs; a record that is a UserError
    already (a broken line) becomes its rejection."""
    zone = ZoneInfo(options.tz)
    seen = SeenIds(by_line=by_line)
    for index, (line, record) in enumerate(records, start=1):
        if isinstance(record, UserError):
            yield rejection(record, line=line, record=index)
            continue
        source_id = None
        try:
            if not isinstance(record, Mapping):
                raise UserError("transcript_import.not_an_object")
            source_id = text_value(record, options.fields.source_id)
            found = conversation(record, options, zone, line=line, index=index)
            seen.check(found.source_id, line=line, record=index)
        except UserError as error:
            yield rejection(error, line=line, record=index, source_id=source_id)
            continue
        yield found


def read_records_json(stream: IO[bytes] | IO[str], options: ImportOptions) -> Iterator[ImportItem]:
    """Calls of a JSON document: an array of records, or an object with the array under one
    of ``RecordFields.list_key``. A document that is not valid JSON is refused whole."""
    text = read_document(stream, max_bytes=options.max_document_bytes)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(
            "transcript_import.bad_json_document", line=str(error.lineno), column=str(error.colno)
        ) from error
    del text
    if isinstance(document, dict):
        found = next(
            (
                document[key]
                for key in options.fields.list_key
                if isinstance(document.get(key), list)
            ),
            None,
        )
        if found is None:
            raise UserError(
                "transcript_import.no_record_list", keys=", ".join(options.fields.list_key)
            )
        document = found
    if not isinstance(document, list):
        raise UserError("transcript_import.no_record_list", keys=", ".join(options.fields.list_key))
    yield from _items(((None, record) for record in document), options, by_line=False)


def json_lines(lines: Lines) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value or UserError) for each non-blank line."""
    for text in lines:
        line = lines.line
        if line in lines.broken:
            key, params = lines.broken[line]
            yield line, UserError(key, **params)
        elif text.strip():
            try:
                yield line, json.loads(text.rstrip())
            except json.JSONDecodeError as error:
                yield line, UserError("transcript_import.bad_json_line", column=str(error.colno))


def read_records_jsonl(stream: IO[bytes] | IO[str], options: ImportOptions) -> Iterator[ImportItem]:
    """Calls of a JSON Lines file, one record per line, read a line at a time."""
    lines = Lines(stream, max_line_bytes=options.max_line_bytes)
    yield from _items(json_lines(lines), options, by_line=True)


def csv_rows(lines: Lines, *, required: tuple[tuple[str, ...], ...]) -> Iterator[tuple[int, Any]]:
    """(first line, row as a dict or UserError) for each row after the header. The header
    must name one column of each tuple in ``required``, else the file is refused."""
    reader = csv.reader(lines)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise UserError("transcript_import.empty_file") from None
    missing = [names[0] for names in required if not any(name in header for name in names)]
    if missing:
        raise UserError("transcript_import.missing_columns", columns=", ".join(missing))
    ended = lines.line
    while True:
        first = ended + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            ended = lines.line
            yield first, UserError("transcript_import.bad_csv_row", detail=str(error))
            continue
        ended = lines.line
        broken = lines.broken and next(
            (n for n in range(first, ended + 1) if n in lines.broken), None
        )
        if broken:
            key, params = lines.broken[broken]
            yield first, UserError(key, **params)
        elif not row:
            continue  # a blank line
        elif len(row) != len(header):
            yield (
                first,
                UserError(
                    "transcript_import.wrong_field_count",
                    expected=str(len(header)),
                    found=str(len(row)),
                ),
            )
        else:
            yield first, dict(zip(header, row, strict=True))


def read_records_csv(stream: IO[bytes] | IO[str], options: ImportOptions) -> Iterator[ImportItem]:
    """Calls of a CSV file with a header, one record per row (a transcript field spans lines
    inside quotes), read a row at a time."""
    lines = Lines(stream, max_line_bytes=options.max_line_bytes)
    rows = csv_rows(lines, required=(options.fields.transcript, options.fields.source_id))
    yield from _items(rows, options, by_line=True)
