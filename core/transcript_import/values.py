"""Reading one value of a record: times in a call, the call's start, category, direction.

Each function raises UserError with a catalog key for a value the record got wrong, which
rejects that record (the caller catches it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.domain import CallCategory, CallDirection
from core.errors import UserError
from core.manifest import DIRECTIONS
from core.transcript_import.model import CallMetadata, RecordFields

_CLOCK = re.compile(r"(?:(\d{1,3}):)?(\d{1,3}):(\d{1,2}(?:[.,]\d+)?)")
"""mm:ss or hh:mm:ss, fractions of a second after . or , (as subtitles write them)."""
_DATE_SEPARATORS = re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})")


def seconds(value: Any, *, column: str) -> float | None:
    """Seconds from the start of the call: a number, "83.5", "01:23" or "00:01:23.5";
    empty is None (no timing), never 0."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise UserError("transcript_import.bad_time", column=column, value=str(value))
    if isinstance(value, int | float):
        result = float(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        clock = _CLOCK.fullmatch(text)
        try:
            if clock:
                hours, minutes, secs = clock.groups()
                result = int(hours or 0) * 3600 + int(minutes) * 60 + float(secs.replace(",", "."))
            else:
                result = float(text)
        except ValueError:
            result = -1.0
    if not 0 <= result < 1e7:  # also NaN
        raise UserError("transcript_import.bad_time", column=column, value=str(value))
    return result


def category(value: str) -> CallCategory:
    for known in CallCategory:
        if value in (known.value, known.name.lower()):
            return known
    allowed = ", ".join(known.value for known in CallCategory)
    raise UserError("transcript_import.bad_category", value=value, allowed=allowed)


def direction(value: str) -> CallDirection:
    found = DIRECTIONS.get(value.lower())
    if found is None:
        raise UserError("transcript_import.bad_direction", value=value)
    return found


def started_at(value: str, zone: ZoneInfo) -> datetime:
    """ISO 8601 (also with / or . between the date's parts, as Korean exports write it);
    without an offset it is in ``zone``."""
    text = _DATE_SEPARATORS.sub(r"\1-\2-\3", value)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as error:
        raise UserError("transcript_import.bad_started_at", value=value) from error
    return parsed.replace(tzinfo=zone) if parsed.tzinfo is None else parsed


def first_value(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    """The first non-empty value under one of ``names`` (None when none has one)."""
    for name in names:
        value = record.get(name)
        if value is not None and value != "":
            return value
    return None


def text_value(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    """A field read as text: strings stripped, numbers written out (an agent number 1042)."""
    value = first_value(record, names)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise UserError("transcript_import.not_a_text", field=names[0])
    return str(value).strip() or None


def metadata(
    record: Mapping[str, Any], fields: RecordFields, zone: ZoneInfo, *, line: int | None, index: int
) -> CallMetadata:
    """What a record says about its call; a field present with a value we cannot read
    rejects the record, a missing one is None."""
    category_text = text_value(record, fields.category)
    direction_text = text_value(record, fields.direction)
    started_text = text_value(record, fields.started_at)
    return CallMetadata(
        line=line,
        record=index,
        category=category(category_text) if category_text else None,
        agent=text_value(record, fields.agent),
        started_at=started_at(started_text, zone) if started_text else None,
        customer_key=text_value(record, fields.customer_key),
        direction=direction(direction_text) if direction_text else None,
    )
