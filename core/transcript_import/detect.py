"""Telling a file's format from its name and first bytes (the import page's default choice).

The extension says CSV, JSON Lines or JSON; the CSV header or the first JSON line says whether
a row is a call or an utterance (a speaker column/field means utterances); a JSON document
is Transcribe output when it has ``results`` with ``items``, Contact Lens when it has a
``Transcript`` list, else an array of calls. A ``.json`` file whose first line is a whole
object followed by another object is JSON Lines.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import PurePath

from core.errors import UserError
from core.transcript_import.model import ImportFormat, ImportOptions
from core.transcript_import.streams import sniff_encoding

_TRANSCRIBE = re.compile(r'"results"\s*:\s*\{.*?"items"', re.DOTALL)
_CONTACT_LENS = re.compile(r'"Transcript"\s*:\s*\[')


def detect_format(name: str, head: bytes, options: ImportOptions | None = None) -> ImportFormat:
    """The format of a file called ``name`` starting with ``head`` (a few KiB are enough)."""
    options = options or ImportOptions()
    suffix = PurePath(name).suffix.lower()
    text = head.removeprefix(b"\xef\xbb\xbf").decode(sniff_encoding(head), errors="ignore")
    first_line = text.split("\n", 1)[0].strip()
    if suffix in (".csv", ".tsv", ".txt"):
        header = next(csv.reader([first_line]), [])
        return _by_fields({name.strip() for name in header}, options, csv_file=True)
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl(first_line, options)
    if suffix == ".json":
        stripped = text.lstrip()
        if stripped.startswith("["):
            return ImportFormat.RECORDS_JSON
        rest = text.split("\n", 1)[1].lstrip() if "\n" in text else ""
        if rest.startswith("{") and _object(first_line) is not None:
            return _jsonl(first_line, options)
        if _TRANSCRIBE.search(text):
            return ImportFormat.AWS_TRANSCRIBE
        if _CONTACT_LENS.search(text):
            return ImportFormat.CONTACT_LENS
        return ImportFormat.RECORDS_JSON
    raise UserError("transcript_import.unknown_format", name=name)


def _object(line: str) -> dict[str, object] | None:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _jsonl(first_line: str, options: ImportOptions) -> ImportFormat:
    fields = _object(first_line)
    if fields is None:
        raise UserError("transcript_import.unknown_format_jsonl")
    return _by_fields(set(fields), options, csv_file=False)


def _by_fields(names: set[str], options: ImportOptions, *, csv_file: bool) -> ImportFormat:
    if names & set(options.columns.speaker):
        return ImportFormat.UTTERANCES_CSV if csv_file else ImportFormat.UTTERANCES_JSONL
    return ImportFormat.RECORDS_CSV if csv_file else ImportFormat.RECORDS_JSONL


def file_fields(head: bytes, import_format: ImportFormat) -> list[str]:
    """The field (column) names the file's first record uses, for mapping them to ours: the
    CSV header, the first JSON Lines object's keys, the first record of a JSON array. Empty
    when the head shows none (AWS output has fixed fields)."""
    text = head.removeprefix(b"\xef\xbb\xbf").decode(sniff_encoding(head), errors="ignore")
    if import_format in (ImportFormat.RECORDS_CSV, ImportFormat.UTTERANCES_CSV):
        header = next(csv.reader([text.split("\n", 1)[0].strip()]), [])
        return [name.strip() for name in header if name.strip()]
    if import_format in (ImportFormat.RECORDS_JSONL, ImportFormat.UTTERANCES_JSONL):
        first = _object(text.split("\n", 1)[0].strip())
        return list(first) if first else []
    if import_format is ImportFormat.RECORDS_JSON:
        opening = text.find("[")
        start = text.find("{", opening) if opening >= 0 else -1
        try:
            record, _ = json.JSONDecoder().raw_decode(text, start) if start >= 0 else (None, 0)
        except json.JSONDecodeError:
            return []
        return list(record) if isinstance(record, dict) else []
    return []
