from datetime import UTC, datetime

import pytest

from core.domain import CallCategory, CallDirection
from core.errors import UserError
from core.manifest import parse_manifest

HEADER = "file,agent,category,direction,customer_key,started_at,source_id\n"
TZ = "Asia/Seoul"


@pytest.fixture
def folder(tmp_path):
    for name in ("a.wav", "b.mp3", "c.flac"):
        (tmp_path / name).write_bytes(b"x")
    return tmp_path


def parse(text: str, folder, encoding="utf-8"):
    return parse_manifest(text.encode(encoding), folder=folder, tz=TZ)


def test_good_rows_import_and_bad_rows_are_listed_with_their_reasons(folder):
    manifest = parse(
        HEADER
        + "a.wav,A001,사고접수,inbound,010-1111-2222,2026-11-20T10:30:00,REC-1\n"
        + "b.mp3,A002,보험금청구,발신,010-3333-4444,2026-11-20T11:00:00+09:00,\n"
        + "../secret.wav,A001,사고접수,inbound,010,2026-11-20T10:30:00,\n"
        + "missing.wav,A001,사고접수,inbound,010,2026-11-20T10:30:00,\n"
        + "c.flac,A001,없는유형,inbound,010,2026-11-20T10:30:00,\n"
        + "c.flac,A001,사고접수,sideways,010,2026-11-20T10:30:00,\n"
        + "c.flac,A001,사고접수,inbound,010,yesterday,\n"
        + "c.flac,A001,사고접수,inbound,,2026-11-20T10:30:00,\n"
        + "a.wav,A003,일반문의,inbound,010,2026-11-20T12:00:00,\n"
        + "notes.txt,A001,사고접수,inbound,010,2026-11-20T10:30:00,\n",
        folder,
    )
    assert [r.line for r in manifest.rows] == [2, 3]
    first, second = manifest.rows
    assert first.path == folder / "a.wav" and first.source_id == "REC-1"
    assert first.category is CallCategory.ACCIDENT and first.direction is CallDirection.INBOUND
    assert first.started_at == datetime(2026, 11, 20, 1, 30, tzinfo=UTC)  # 10:30 in Seoul
    assert second.direction is CallDirection.OUTBOUND and second.source_id is None
    assert [(r.line, r.key) for r in manifest.rejected] == [
        (4, "manifest.bad_file_name"),
        (5, "manifest.file_missing"),
        (6, "manifest.bad_category"),
        (7, "manifest.bad_direction"),
        (8, "manifest.bad_started_at"),
        (9, "manifest.missing_value"),
        (10, "manifest.duplicate_file"),
        (11, "upload.unsupported_extension"),
    ]
    assert manifest.rejected[-2].params == {"value": "a.wav", "first": "2"}


def test_a_non_utf8_manifest_is_refused_whole(folder):
    text = HEADER + "a.wav,A001,사고접수,inbound,010,2026-11-20T10:30:00,\n"
    with pytest.raises(UserError) as raised:
        parse(text, folder, encoding="cp949")
    assert raised.value.key == "manifest.not_utf8"


def test_a_byte_order_mark_and_padded_header_are_fine(folder):
    text = " file , agent,category,direction,customer_key,started_at\n"
    text += "a.wav,A001,일반문의,in,010,2026-11-20T10:30:00\n"
    manifest = parse_manifest(("\ufeff" + text).encode(), folder=folder, tz=TZ)
    assert len(manifest.rows) == 1 and manifest.rejected == ()


def test_missing_columns_are_named(folder):
    with pytest.raises(UserError) as raised:
        parse("file,agent\na.wav,A001\n", folder)
    assert raised.value.key == "manifest.missing_columns"
    assert raised.value.params["columns"] == "category, direction, customer_key, started_at"


def test_rows_with_extra_fields_are_rejected(folder):
    manifest = parse(
        HEADER + "a.wav,A001,사고접수,inbound,010,2026-11-20T10:30:00,R,extra\n", folder
    )
    assert [r.key for r in manifest.rejected] == ["manifest.extra_fields"]
