"""Turning a record's fault into a Rejection, and telling when a call id comes twice."""

from __future__ import annotations

from core.errors import UserError
from core.transcript_import.model import Rejection


def rejection(
    error: UserError, *, line: int | None, record: int, source_id: str | None = None
) -> Rejection:
    params = {key: str(value) for key, value in error.params.items()}
    return Rejection(line, record, error.key, params, source_id)


class SeenIds:
    """The source ids met so far in one file, with where each was first.

    Within one file a second record with the same id is rejected ("already at line 12"): two
    different calls under one id is an export fault a supervisor should see, and importing
    either would hide the other. Re-importing an id from an earlier file is the database
    layer's dedupe (skipped as a duplicate), not a fault. Memory: one entry per call, which
    stays small next to the calls themselves (a million ids are tens of MB)."""

    def __init__(self, *, by_line: bool) -> None:
        self._first: dict[str, int] = {}
        self._by_line = by_line

    def check(self, source_id: str, *, line: int | None, record: int) -> None:
        """Note ``source_id``; UserError if it was met before in this file."""
        where = line if self._by_line and line is not None else record
        first = self._first.setdefault(source_id, where)
        if first != where:
            key = "duplicate_line" if self._by_line else "duplicate_record"
            raise UserError(f"transcript_import.{key}", source_id=source_id, first=str(first))

    def __contains__(self, source_id: str) -> bool:
        return source_id in self._first

    def first(self, source_id: str) -> int:
        return self._first[source_id]
