"""What an import of transcripts yields: conversations, rejections, and the options it reads by."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from core.domain import CallCategory, CallDirection, Speaker
from core.transcript import Turn
from core.transcript_import.speakers import SpeakerNames


class ImportFormat(StrEnum):
    RECORDS_JSON = "records_json"  # one document: an array of calls, or an object with one
    RECORDS_JSONL = "records_jsonl"  # one call per line
    RECORDS_CSV = "records_csv"  # one call per row
    UTTERANCES_CSV = "utterances_csv"  # one utterance per row, a call's rows together
    UTTERANCES_JSONL = "utterances_jsonl"
    AWS_TRANSCRIBE = "aws_transcribe"  # Amazon Transcribe output, one call per file
    CONTACT_LENS = "contact_lens"  # Amazon Connect Contact Lens output, one call per file


@dataclass(frozen=True, slots=True)
class CallMetadata:
    """What the file says about a call besides its words; None where it says nothing (the
    utterance and AWS formats carry none of it: the import batch supplies defaults)."""

    line: int | None
    """The file line the call starts on (line-based formats), for messages."""
    record: int
    """The call's ordinal in the file, from 1."""
    category: CallCategory | None = None
    agent: str | None = None
    """The agent's employee number or name, as the file gives it."""
    started_at: datetime | None = None
    """Time-zone aware; a time without offset is read in the contact centre's zone."""
    customer_key: str | None = None
    direction: CallDirection | None = None


@dataclass(frozen=True, slots=True)
class ImportedConversation:
    """A call transcribed elsewhere: its turns redacted, numbered from 0, in the file's order."""

    source_id: str
    turns: tuple[Turn, ...]
    metadata: CallMetadata

    @property
    def duration_s(self) -> float | None:
        """The last turn's end, when it is known; None for an untimed transcript (never 0)."""
        return self.turns[-1].end_s if self.turns else None

    @property
    def timed(self) -> bool:
        """Every turn has both its start and end."""
        return all(turn.timed for turn in self.turns)


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a record (or a call's rows) was not imported: a message-catalog key and its params.

    ``line`` is the file line for line-based formats (None in a JSON document);
    ``record`` the record's ordinal in the file, from 1 (0 for a line that is no record)."""

    line: int | None
    record: int
    key: str
    params: dict[str, str] = field(default_factory=dict)
    source_id: str | None = None


ImportItem = ImportedConversation | Rejection


@dataclass(frozen=True, slots=True)
class RecordFields:
    """Which fields of a record hold what; each tuple lists names tried in order. Also the
    metadata columns of the one-row-per-utterance formats (read from a call's first row)."""

    source_id: tuple[str, ...] = ("source_id", "id")
    transcript: tuple[str, ...] = ("transcript", "text")
    category: tuple[str, ...] = ("category",)
    agent: tuple[str, ...] = ("agent",)
    started_at: tuple[str, ...] = ("started_at",)
    customer_key: tuple[str, ...] = ("customer_key",)
    direction: tuple[str, ...] = ("direction",)
    list_key: tuple[str, ...] = ("records", "calls", "conversations", "data", "items")
    """Where a JSON document that is an object keeps its list of records."""


@dataclass(frozen=True, slots=True)
class UtteranceColumns:
    """Which columns of the one-row-per-utterance formats hold what (names tried in order)."""

    call_id: tuple[str, ...] = ("call_id", "source_id", "id")
    speaker: tuple[str, ...] = ("speaker",)
    start: tuple[str, ...] = ("start", "start_s", "begin")
    end: tuple[str, ...] = ("end", "end_s")
    text: tuple[str, ...] = ("text", "utterance", "transcript")


DEFAULT_AWS_LABELS: dict[str, Speaker] = {
    "spk_0": Speaker.AGENT,
    "spk_1": Speaker.CUSTOMER,
    "ch_0": Speaker.AGENT,
    "ch_1": Speaker.CUSTOMER,
}
"""Amazon Transcribe's speaker and channel labels; spk_0 is whoever spoke first, which in an
inbound contact centre is the agent's greeting."""

MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
"""The largest single JSON document read whole (array of records, Transcribe output); larger
files must come as JSON Lines or CSV, which stream."""

MAX_LINE_BYTES = 4 * 1024 * 1024
"""The longest line read in the line-based formats; a longer line is rejected unread."""


@dataclass(frozen=True, slots=True)
class ImportOptions:
    speakers: SpeakerNames = field(default_factory=SpeakerNames)
    fields: RecordFields = field(default_factory=RecordFields)
    columns: UtteranceColumns = field(default_factory=UtteranceColumns)
    aws_labels: dict[str, Speaker] = field(default_factory=lambda: dict(DEFAULT_AWS_LABELS))
    tz: str = "Asia/Seoul"
    """The zone of times written without an offset (the contact centre's)."""
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    max_line_bytes: int = MAX_LINE_BYTES
