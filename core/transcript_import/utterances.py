"""One utterance per row (CSV or JSON Lines): call id, speaker, start, end, text.

Streaming keeps one call in memory, so a call's rows must come together: a call id that
comes back after another call has started is rejected (the rows before were already read as
that call; sort the file by call id). Metadata columns (``RecordFields``) are read from a
call's first row. A row we cannot read rejects its whole call -- a call is never imported
with rows missing -- and so does a broken line between two rows of the same call. A row with
empty text is left out (silence or a recorder's placeholder).

Timings are optional per row; empty means unknown, never 0. Where starts are known they must
not go back within a call: rows out of order mean rows were lost or merged from elsewhere,
which we would rather say than silently re-sort. An end before its start is rejected too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any
from zoneinfo import ZoneInfo

from core.errors import UserError
from core.transcript import Turn
from core.transcript_import.masking import redact_imported
from core.transcript_import.model import (
    CallMetadata,
    ImportedConversation,
    ImportItem,
    ImportOptions,
    Rejection,
)
from core.transcript_import.records import csv_rows, json_lines
from core.transcript_import.rejecting import SeenIds, rejection
from core.transcript_import.streams import Lines
from core.transcript_import.values import metadata, seconds, text_value


class _OpenCall:
    """The rows of the call being read, until its id changes."""

    def __init__(self, source_id: str, line: int, record: int) -> None:
        self.source_id = source_id
        self.line = line
        self.record = record
        self.turns: list[Turn] = []
        self.metadata: CallMetadata | None = None
        self.failure: tuple[int, UserError] | None = None
        self.broken_line: int | None = None  # a broken line after the last row
        self._last_start: tuple[float, int] | None = None

    def fail(self, line: int, error: UserError) -> None:
        if self.failure is None:
            self.failure = (line, error)

    def add(self, line: int, row: Mapping[str, Any], options: ImportOptions) -> None:
        if self.failure is not None:
            return
        if self.broken_line is not None:
            self.fail(self.broken_line, UserError("transcript_import.broken_line_in_call"))
            return
        columns = options.columns
        try:
            text = text_value(row, columns.text)
            speaker = options.speakers.require(text_value(row, columns.speaker) or "")
            start = seconds(_first(row, columns.start), column=columns.start[0])
            end = seconds(_first(row, columns.end), column=columns.end[0])
        except UserError as error:
            self.fail(line, error)
            return
        if start is not None and end is not None and end < start:
            self.fail(
                line,
                UserError("transcript_import.end_before_start", start=f"{start:g}", end=f"{end:g}"),
            )
            return
        if start is not None:
            if self._last_start is not None and start < self._last_start[0]:
                before, before_line = self._last_start
                self.fail(
                    line,
                    UserError(
                        "transcript_import.out_of_order",
                        start=f"{start:g}",
                        before=f"{before:g}",
                        before_line=str(before_line),
                    ),
                )
                return
            self._last_start = (start, line)
        if not text:
            return
        redacted = redact_imported(text)
        self.turns.append(Turn(len(self.turns), speaker, redacted.text, start, end, redacted.spans))

    def close(self) -> ImportedConversation | Rejection:
        if self.failure is not None:
            line, error = self.failure
            return rejection(error, line=line, record=self.record, source_id=self.source_id)
        if not self.turns or self.metadata is None:
            error = UserError("transcript_import.empty_call")
            return rejection(error, line=self.line, record=self.record, source_id=self.source_id)
        return ImportedConversation(self.source_id, tuple(self.turns), self.metadata)


def _first(row: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    return next((row[name] for name in names if name in row), None)


def _calls(rows: Iterable[tuple[int, Any]], options: ImportOptions) -> Iterator[ImportItem]:
    zone = ZoneInfo(options.tz)
    seen = SeenIds(by_line=True)
    current: _OpenCall | None = None
    calls = 0
    for line, row in rows:
        try:
            if isinstance(row, UserError):
                raise row
            if not isinstance(row, Mapping):
                raise UserError("transcript_import.not_an_object")
            call_id = text_value(row, options.columns.call_id)
            if call_id is None:
                raise UserError(
                    "transcript_import.missing_call_id", fields=", ".join(options.columns.call_id)
                )
        except UserError as error:
            yield rejection(error, line=line, record=0)
            if current is not None and current.broken_line is None:
                current.broken_line = line
            continue
        if current is not None and call_id == current.source_id:
            current.add(line, row, options)
            continue
        if current is not None:
            yield current.close()
        if call_id in seen:
            calls += 1
            current = _OpenCall(call_id, line, calls)
            current.fail(
                line,
                UserError("transcript_import.call_not_contiguous", first=str(seen.first(call_id))),
            )
            continue
        seen.check(call_id, line=line, record=calls)
        calls += 1
        current = _OpenCall(call_id, line, calls)
        try:
            current.metadata = metadata(row, options.fields, zone, line=line, index=calls)
        except UserError as error:
            current.fail(line, error)
        current.add(line, row, options)
    if current is not None:
        yield current.close()


def read_utterances_csv(
    stream: IO[bytes] | IO[str], options: ImportOptions
) -> Iterator[ImportItem]:
    """Calls of a CSV file with one utterance per row, read a row at a time."""
    lines = Lines(stream, max_line_bytes=options.max_line_bytes)
    columns = options.columns
    rows = csv_rows(lines, required=(columns.call_id, columns.speaker, columns.text))
    yield from _calls(rows, options)


def read_utterances_jsonl(
    stream: IO[bytes] | IO[str], options: ImportOptions
) -> Iterator[ImportItem]:
    """Calls of a JSON Lines file with one utterance per line, read a line at a time."""
    lines = Lines(stream, max_line_bytes=options.max_line_bytes)
    yield from _calls(json_lines(lines), options)
