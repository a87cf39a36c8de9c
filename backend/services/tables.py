"""Tables for people: summaries and lagging towns as CSV and XLSX.

CSV is UTF-8 with a byte order mark, or Excel shows the Chinese as mojibake. XLSX keeps
numbers as numbers and formats rates as percentages (the API itself keeps fractions).
Headers are Chinese with the English code in brackets, which is also the JSON field.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from flask import current_app
from openpyxl import Workbook
from openpyxl.styles import Font

from backend.exports.cells import spreadsheet_safe
from domain.indicators import RATE

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}
PERCENT = "0.0%"
AREA = "#,##0.00"
QUANTITY = "#,##0.###"


@dataclass(frozen=True)
class Column:
    code: str  # the JSON field
    title_zh: str
    kind: str = "text"  # text, number, measure (percent for a rate, mu for a total), bool, date

    @property
    def header(self):
        return f"{self.title_zh} ({self.code})"


# every summary file names the plan it was measured against (the JSON's `plan` object)
PLAN_COLUMNS = (Column("plan", "规划"), Column("plan_ended", "规划已结束", "bool"))

SUMMARY_COLUMNS = (
    Column("indicator", "指标代码"),
    Column("indicator_name", "指标"),
    Column("unit_code", "单位代码"),
    Column("unit_name", "单位"),
    Column("level", "层级"),
    Column("parent_name", "上级单位"),
    Column("year", "年度", "number"),
    Column("date_from", "起始日期", "date"),
    Column("date_to", "截止日期", "date"),
    Column("numerator", "分子", "number"),
    Column("denominator", "分母", "number"),
    Column("value", "数值", "measure"),
    Column("value_unit", "计量单位"),
    Column("target", "目标值", "measure"),
    Column("target_unit_code", "目标所属单位"),
    Column("target_year", "目标年度", "number"),
    Column("met", "是否达标", "bool"),
    Column("gap", "差距", "measure"),
    Column("records", "记录数", "number"),
    Column("towns_reporting", "报送镇数", "number"),
    Column("towns_total", "镇总数", "number"),
    *PLAN_COLUMNS,
)

LAGGING_COLUMNS = (
    Column("situation", "情况代码"),
    Column("situation_name", "情况"),
    Column("indicator", "指标代码"),
    Column("indicator_name", "指标"),
    Column("unit_code", "镇代码"),
    Column("unit_name", "镇"),
    Column("parent_name", "县（区）"),
    Column("value", "数值", "measure"),
    Column("target", "目标值", "measure"),
    Column("gap", "差距", "measure"),
    Column("records", "计入记录数", "number"),
    Column("submitted", "提交记录数", "number"),
    *PLAN_COLUMNS,
)

SILENT_TOWN_COLUMNS = (Column("county_name", "县（区）"), Column("town_code", "镇代码"), Column("town_name", "镇"))
OVERDUE_COLUMNS = (
    Column("id", "记录编号", "number"),
    Column("indicator", "指标代码"),
    Column("county_name", "县（区）"),
    Column("town_code", "镇代码"),
    Column("town_name", "镇"),
    Column("observed_on", "观测日期", "date"),
    Column("created_by", "填报人"),
    Column("waiting_since", "待审起始（UTC）"),
    Column("days_waiting", "待审天数", "number"),
)


def flat(row):
    """A summary row with its target source spread over two columns."""
    source = row.get("target_source") or {}
    return {**row, "target_unit_code": source.get("unit_code"), "target_year": source.get("year")}


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return spreadsheet_safe(value)  # floats as repr: the shortest text that reads back the same


def to_csv(columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow([_csv_cell(row.get(column.code)) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _number_format(column, row):
    if column.kind == "measure":
        return PERCENT if row.get("kind") == RATE else AREA
    if column.kind == "number" and isinstance(row.get(column.code), float):
        return QUANTITY
    if column.kind == "date":
        return "yyyy-mm-dd"
    return None


def _fill(sheet, columns, rows):
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # openpyxl stores a text starting with "=" as a formula
        sheet.append([spreadsheet_safe(row.get(column.code)) for column in columns])
        for cell, column in zip(sheet[sheet.max_row], columns):
            number_format = _number_format(column, row)
            if number_format and cell.value is not None:
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    for letter_cells, column in zip(sheet.iter_cols(min_row=1, max_row=1), columns):
        sheet.column_dimensions[letter_cells[0].column_letter].width = max(12, len(column.header) + 4)


def to_workbook(sheets, plan=None):
    """XLSX bytes of several sheets: [(title, columns, rows)]."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    if plan is not None:  # also in the file's properties, shown by Excel's "Info" pane
        workbook.properties.subject = f"{plan['code']} {plan['name']}"
        workbook.properties.keywords = f"plan={plan['code']}; ended={str(plan['ended']).lower()}"
    for title, columns, rows in sheets:
        _fill(workbook.create_sheet(title[:31]), columns, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_xlsx(columns, rows, sheet_title, plan=None):
    return to_workbook([(sheet_title, columns, rows)], plan)


def download(body, file_format, basename):
    response = current_app.response_class(body, mimetype=MEDIA_TYPES[file_format])
    response.headers["Content-Disposition"] = f'attachment; filename="{basename}.{file_format}"'
    return response


def file_response(columns, rows, file_format, basename, plan=None):
    """The rows as a download; basename is ASCII so every browser keeps the file name."""
    body = to_csv(columns, rows) if file_format == "csv" else to_xlsx(columns, rows, basename[:31], plan)
    return download(body, file_format, basename)
