import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from core.export import csv_bytes, safe_text, xlsx_bytes

SEOUL = ZoneInfo("Asia/Seoul")
HEADER = ["통화 ID", "시작 시각", "상담사", "평가 점수", "검토됨"]
ROWS = [
    [101, datetime(2026, 11, 20, 9, 5, tzinfo=SEOUL), "김민준", 87.5, True],
    [102, datetime(2026, 11, 20, 14, 30, tzinfo=SEOUL), "이서연", None, False],
]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_korean_as_utf8():
    data = csv_bytes(HEADER, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8").startswith("통화 ID,시작 시각,상담사")


def test_csv_rows_keep_their_values_with_local_times_and_blank_for_missing():
    assert read_csv(csv_bytes(HEADER, ROWS)) == [
        HEADER,
        ["101", "2026-11-20 09:05:00", "김민준", "87.5", "true"],
        ["102", "2026-11-20 14:30:00", "이서연", "", "false"],
    ]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+82 10 1234 5678", "'+82 10 1234 5678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("해지 요청 = 1건", "해지 요청 = 1건"),  # only a leading sign makes a formula
        ("", ""),
    ],
)
def test_text_a_spreadsheet_would_evaluate_gets_a_leading_apostrophe(text, written):
    assert safe_text(text) == written
    assert read_csv(csv_bytes(["말"], [[text]]))[1] == [written]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["말"], [[text]], sheet="통화"))).active
    assert sheet.cell(2, 1).value == (written or None)


def test_numbers_are_not_mistaken_for_formulas():
    rows = read_csv(csv_bytes(["값"], [[-3.5], [-1]]))
    assert rows[1:] == [["-3.5"], ["-1"]]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["값"], [[-3.5]], sheet="s"))).active
    assert sheet.cell(2, 1).value == -3.5


def test_a_header_from_a_user_is_escaped_too():
    assert read_csv(csv_bytes(["=cmd", "이름"], []))[0] == ["'=cmd", "이름"]


def test_xlsx_holds_the_header_in_bold_and_typed_values():
    data = xlsx_bytes(HEADER, ROWS, sheet="통화 목록")
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "통화 목록"
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.bold for c in sheet[1])
    assert [c.value for c in sheet[2]] == [101, datetime(2026, 11, 20, 9, 5), "김민준", 87.5, True]
    assert [c.value for c in sheet[3]] == [
        102,
        datetime(2026, 11, 20, 14, 30),
        "이서연",
        None,
        False,
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(2, 2).is_date


def test_an_empty_table_is_a_header_only_file():
    assert read_csv(csv_bytes(HEADER, [])) == [HEADER]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(HEADER, [], sheet="s"))).active
    assert sheet.max_row == 1


def test_a_long_sheet_name_is_cut_to_excels_limit():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["a"], [], sheet="가" * 40))).active
    assert sheet.title == "가" * 31
