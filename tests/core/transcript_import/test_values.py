from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from core.errors import UserError
from core.transcript_import.values import seconds, started_at

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 12.0), (3.25, 3.25), ("83.5", 83.5), ("01:23", 83.0), ("1:02:03,5", 3723.5),
     ("", None), ("  ", None), (None, None), (0, 0.0)],
)  # fmt: skip
def test_times_read_as_seconds_and_empty_is_unknown_not_zero(value, expected) -> None:
    assert seconds(value, column="start") == expected


@pytest.mark.parametrize("value", ["abc", "-1", "1:2:3:4", True, "nan"])
def test_unreadable_or_negative_time_is_rejected_naming_the_column(value) -> None:
    with pytest.raises(UserError) as caught:
        seconds(value, column="end")
    assert caught.value.key == "transcript_import.bad_time"
    assert caught.value.params["column"] == "end"


def test_started_at_without_offset_is_in_the_centres_zone_and_korean_dates_read() -> None:
    assert started_at("2026/11/20 14:05", SEOUL) == datetime(2026, 11, 20, 14, 5, tzinfo=SEOUL)
    assert started_at("2026.11.20 14:05:00", SEOUL) == datetime(2026, 11, 20, 14, 5, tzinfo=SEOUL)
    assert started_at("2026-11-20T05:05:00Z", SEOUL) == datetime(2026, 11, 20, 5, 5, tzinfo=UTC)
    with pytest.raises(UserError):
        started_at("어제 오후", SEOUL)
