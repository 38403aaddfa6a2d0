"""The CSV manifest that comes with a folder of recordings for bulk import.

Columns (header required, any order): ``file, agent, category, direction, customer_key,
started_at`` and optionally ``source_id`` (the recorder's id for the call). ``started_at`` is
ISO 8601; without an offset it is read in the contact centre's time zone. Each bad row is
reported with its line number and reason; the good rows still import.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath
from zoneinfo import ZoneInfo

from core.domain import CallCategory, CallDirection
from core.errors import UserError
from core.storage import audio_suffix

REQUIRED_COLUMNS = ("file", "agent", "category", "direction", "customer_key", "started_at")
MAX_ROWS = 100_000
"""A manifest longer than this is refused as a whole (split it)."""

DIRECTIONS = {
    **dict.fromkeys(("inbound", "in", "인바운드", "수신"), CallDirection.INBOUND),
    **dict.fromkeys(("outbound", "out", "아웃바운드", "발신"), CallDirection.OUTBOUND),
}
"""The words a manifest may use for a call's direction."""


@dataclass(frozen=True, slots=True)
class ManifestRow:
    line: int
    path: Path
    agent: str
    category: CallCategory
    direction: CallDirection
    customer_key: str
    started_at: datetime
    source_id: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why line ``line`` of the manifest was not imported (a message-catalog key)."""

    line: int
    key: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Manifest:
    rows: tuple[ManifestRow, ...]
    rejected: tuple[Rejection, ...]


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError("manifest.not_utf8", position=str(error.start)) from error


def _category(value: str) -> CallCategory:
    for category in CallCategory:
        if value in (category.value, category.name.lower()):
            return category
    raise UserError("manifest.bad_category", value=value,
                    allowed=", ".join(c.value for c in CallCategory))  # fmt: skip


def _started_at(value: str, zone: ZoneInfo) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise UserError("manifest.bad_started_at", value=value) from error
    return parsed.replace(tzinfo=zone) if parsed.tzinfo is None else parsed


def _recording(value: str, folder: Path) -> Path:
    """The recording ``value`` names, which must be a plain file name inside ``folder``."""
    if not value or value != PurePath(value).name or value in (".", "..") or "\\" in value:
        raise UserError("manifest.bad_file_name", value=value)
    audio_suffix(value)
    path = folder / value
    if not path.is_file():
        raise UserError("manifest.file_missing", value=value)
    return path


def _row(line: int, record: dict[str, str], folder: Path, zone: ZoneInfo) -> ManifestRow:
    values = {key: (record.get(key) or "").strip() for key in (*REQUIRED_COLUMNS, "source_id")}
    for column in REQUIRED_COLUMNS:
        if not values[column]:
            raise UserError("manifest.missing_value", column=column)
    direction = DIRECTIONS.get(values["direction"].lower())
    if direction is None:
        raise UserError("manifest.bad_direction", value=values["direction"])
    return ManifestRow(
        line=line,
        path=_recording(values["file"], folder),
        agent=values["agent"],
        category=_category(values["category"]),
        direction=direction,
        customer_key=values["customer_key"],
        started_at=_started_at(values["started_at"], zone),
        source_id=values["source_id"] or None,
    )


def parse_manifest(data: bytes, *, folder: Path, tz: str) -> Manifest:
    """Good rows and rejected rows; a manifest that cannot be read at all raises UserError."""
    reader = csv.DictReader(io.StringIO(decode(data), newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise UserError("manifest.missing_columns", columns=", ".join(missing))
    reader.fieldnames = header
    zone = ZoneInfo(tz)
    rows: list[ManifestRow] = []
    rejected: list[Rejection] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(reader):
        line = index + 2  # the header is line 1
        if index >= MAX_ROWS:
            raise UserError("manifest.too_many_rows", max=str(MAX_ROWS))
        if None in record:  # more fields than the header has
            rejected.append(Rejection(line, "manifest.extra_fields"))
            continue
        try:
            row = _row(line, record, folder, zone)
        except UserError as error:
            rejected.append(
                Rejection(line, error.key, {k: str(v) for k, v in error.params.items()})
            )
            continue
        if row.path.name in seen:
            params = {"value": row.path.name, "first": str(seen[row.path.name])}
            rejected.append(Rejection(line, "manifest.duplicate_file", params))
            continue
        seen[row.path.name] = line
        rows.append(row)
    return Manifest(rows=tuple(rows), rejected=tuple(rejected))
