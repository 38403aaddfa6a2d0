"""Which calls a view is about: the filter the dashboard, the call list, exports and reports
share, and its round trip through a URL query string (so a view can be bookmarked and shared).

Pure: no database, no streamlit. A query string is untrusted input; a value that cannot be read
is left out and named in ``problems`` (catalog keys), never guessed and never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from enum import StrEnum

from core.domain import CallCategory, CallDirection, CallStatus, Outcome

DEFAULT_PERIOD_DAYS = 30
MAX_PERIOD_DAYS = 366 * 3
TEXT_MAX = 100


@dataclass(frozen=True, slots=True)
class ScoreRange:
    """An inclusive 0-100 range; None on a side means open."""

    low: float | None = None
    high: float | None = None

    @property
    def is_open(self) -> bool:
        return self.low is None and self.high is None

    def encode(self) -> str:
        def side(value: float | None) -> str:
            return "" if value is None else f"{value:g}"

        return f"{side(self.low)}-{side(self.high)}"


@dataclass(frozen=True, slots=True)
class CallFilter:
    day_from: date
    day_to: date
    team_ids: tuple[int, ...] = ()
    agent_ids: tuple[int, ...] = ()
    categories: tuple[CallCategory, ...] = ()
    directions: tuple[CallDirection, ...] = ()
    statuses: tuple[CallStatus, ...] = ()
    outcomes: tuple[Outcome, ...] = ()  # predicted outcome
    score: ScoreRange = field(default_factory=ScoreRange)  # automatic scorecard total
    politeness: ScoreRange = field(default_factory=ScoreRange)
    compliance: ScoreRange = field(default_factory=ScoreRange)
    text: str = ""  # substring of any utterance of the call
    repeat_only: bool = False
    transferred_only: bool = False

    @property
    def days(self) -> int:
        return (self.day_to - self.day_from).days + 1

    def previous_period(self) -> CallFilter:
        """The same filter over the equally long period just before this one."""
        length = timedelta(days=self.days)
        return replace(self, day_from=self.day_from - length, day_to=self.day_to - length)

    def to_query(self) -> dict[str, str]:
        """The query-string parameters of this filter (defaults left out, except dates)."""
        params = {"from": self.day_from.isoformat(), "to": self.day_to.isoformat()}
        for name, key in _LISTS.items():
            values = getattr(self, name)
            if values:
                params[key] = ",".join(
                    str(v.value if isinstance(v, StrEnum) else v) for v in values
                )
        for name, key in _RANGES.items():
            value: ScoreRange = getattr(self, name)
            if not value.is_open:
                params[key] = value.encode()
        if self.text:
            params["q"] = self.text
        if self.repeat_only:
            params["repeat"] = "1"
        if self.transferred_only:
            params["transferred"] = "1"
        return params

    def is_default_except_dates(self) -> bool:
        blank = CallFilter(self.day_from, self.day_to)
        return all(getattr(self, f.name) == getattr(blank, f.name) for f in fields(self))


_LISTS = {
    "team_ids": "team",
    "agent_ids": "agent",
    "categories": "category",
    "directions": "direction",
    "statuses": "status",
    "outcomes": "outcome",
}
_RANGES = {"score": "score", "politeness": "polite", "compliance": "compliance"}
QUERY_PARAMS = ("from", "to", *_LISTS.values(), *_RANGES.values(), "q", "repeat", "transferred")
"""Every query parameter a CallFilter reads and writes; others (id, lang, page) are not its."""
_ENUMS: dict[str, type[StrEnum]] = {
    "categories": CallCategory,
    "directions": CallDirection,
    "statuses": CallStatus,
    "outcomes": Outcome,
}


def default_filter(today: date, days: int = DEFAULT_PERIOD_DAYS) -> CallFilter:
    """The last ``days`` days up to and including ``today``."""
    return CallFilter(day_from=today - timedelta(days=days - 1), day_to=today)


def _first(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def _ids(raw: str) -> tuple[int, ...] | None:
    try:
        values = tuple(dict.fromkeys(int(part) for part in raw.split(",") if part.strip()))
    except ValueError:
        return None
    return values if all(v > 0 for v in values) else None


def _members(raw: str, enum_cls: type[StrEnum]) -> tuple | None:
    known = {member.value: member for member in enum_cls}
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if any(part not in known for part in parts):
        return None
    return tuple(dict.fromkeys(known[part] for part in parts))


def _range(raw: str) -> ScoreRange | None:
    low_text, sep, high_text = raw.partition("-")
    if not sep:
        return None
    try:
        low = float(low_text) if low_text.strip() else None
        high = float(high_text) if high_text.strip() else None
    except ValueError:
        return None
    for value in (low, high):
        if value is not None and not 0 <= value <= 100:
            return None
    if low is not None and high is not None and low > high:
        return None
    return ScoreRange(low, high)


def from_query(
    params: Mapping[str, str | list[str]], *, today: date, default_days: int = DEFAULT_PERIOD_DAYS
) -> tuple[CallFilter, list[str]]:
    """The filter a query string describes, and the catalog keys of what could not be read
    (``filters.bad.<param>``). Missing dates default to the last ``default_days`` days."""
    problems: list[str] = []
    base = default_filter(today, default_days)
    values: dict[str, object] = {}

    def read_day(key: str) -> date | None:
        raw = _first(params.get(key))
        if raw is None or raw == "":
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            problems.append(f"filters.bad.{key}")
            return None

    day_from, day_to = read_day("from"), read_day("to")
    if day_from is not None and day_to is not None and day_from > day_to:
        problems.append("filters.bad.period")
        day_from = day_to = None
    if day_from is None and day_to is None:
        day_from, day_to = base.day_from, base.day_to
    elif day_from is None:
        day_from = day_to - timedelta(days=default_days - 1)
    elif day_to is None:
        day_to = max(day_from, today)
    if (day_to - day_from).days + 1 > MAX_PERIOD_DAYS:
        problems.append("filters.bad.period")
        day_from = day_to - timedelta(days=MAX_PERIOD_DAYS - 1)

    for name, key in _LISTS.items():
        raw = _first(params.get(key))
        if not raw:
            continue
        parsed = _members(raw, _ENUMS[name]) if name in _ENUMS else _ids(raw)
        if parsed is None:
            problems.append(f"filters.bad.{key}")
        else:
            values[name] = parsed
    for name, key in _RANGES.items():
        raw = _first(params.get(key))
        if not raw:
            continue
        parsed_range = _range(raw)
        if parsed_range is None:
            problems.append(f"filters.bad.{key}")
        else:
            values[name] = parsed_range
    text = (_first(params.get("q")) or "").strip()
    if len(text) > TEXT_MAX:
        problems.append("filters.bad.q")
        text = text[:TEXT_MAX]
    values["text"] = text
    values["repeat_only"] = _first(params.get("repeat")) == "1"
    values["transferred_only"] = _first(params.get("transferred")) == "1"
    return CallFilter(day_from=day_from, day_to=day_to, **values), problems  # type: ignore[arg-type]
