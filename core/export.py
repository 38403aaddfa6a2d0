"""A table (header and rows) as a CSV or Excel file a person opens in Excel.

Pure: no database, no streamlit. Cells are str, int, float, bool, date/datetime or None.
Cell text may come from transcripts or users, so text that Excel would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading
apostrophe, which makes Excel show it as text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

EXPORT_ROW_CAP = 50_000
"""Rows written to one export at most; the page says so when a list is longer."""

Cell = str | int | float | bool | date | datetime | None

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_MAX = 31  # Excel's limit
_COLUMN_WIDTH_MAX = 60


def safe_text(value: str) -> str:
    """``value`` as text no spreadsheet evaluates."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: Cell) -> Cell:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Excel has no time zones: the wall-clock time the rest of the table shows.
        return value.replace(tzinfo=None)
    return value


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 CSV with a byte order mark, which is how Excel knows the file is UTF-8 (without
    it, Excel reads Korean as cp949 mojibake)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([safe_text(name) for name in header])
    for row in rows:
        writer.writerow([_text(_cell(value)) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str) -> bytes:
    """An Excel workbook of one sheet: a bold header row kept in view, columns sized to their
    contents, times as Excel date-times."""
    table = [[_cell(value) for value in row] for row in rows]
    widths = [len(name) for name in header]
    for row in table:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(_text(value)))
    # Write-only: rows stream to the file instead of living as cell objects (50,000 rows).
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:_SHEET_TITLE_MAX])
    for index, width in enumerate(widths, start=1):
        # Hangul is about twice as wide as a Latin letter.
        worksheet.column_dimensions[get_column_letter(index)].width = min(
            _COLUMN_WIDTH_MAX, 2 * width + 2
        )
    worksheet.freeze_panes = "A2"
    worksheet.append([_bold(worksheet, safe_text(name)) for name in header])
    for row in table:
        # A datetime gets openpyxl's own date format; a style per cell would cost a third more.
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(worksheet: object, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=value)
    cell.font = Font(bold=True)
    return cell
