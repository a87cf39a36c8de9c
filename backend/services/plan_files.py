"""A plan as an XLSX workbook: written for download (a template to edit), read on upload.

Sheet 规划 holds the plan's fields as label / value rows; sheet 目标 one target per row
(indicator, unit code, year — empty for every year —, value). The upload gives the same
dict a JSON PUT does, so one schema checks both."""

import datetime as dt
import io
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from backend.exports.cells import spreadsheet_safe
from domain.errors import Invalid
from domain.indicators import INDICATORS, RATE
from domain.messages import message

PLAN_SHEET, TARGET_SHEET = "规划", "目标"
PLAN_FIELDS = (("code", "规划代码"), ("name", "规划名称"), ("starts_on", "开始日期"), ("ends_on", "结束日期"))
TARGET_COLUMNS = (
    ("indicator", "指标代码"),
    ("unit_code", "单位代码"),
    ("year", "年度（空=每年）"),
    ("value", "目标值（比率填小数，面积填亩）"),
    ("indicator_name", "指标名称（仅供参考）"),
)
MAX_ROWS = 10_000


def write(plan, targets):
    """plan: {code, name, starts_on, ends_on}; targets: objects with indicator, unit_code, year, value."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PLAN_SHEET
    for key, label in PLAN_FIELDS:
        sheet.append([f"{label} ({key})", spreadsheet_safe(plan.get(key))])
        if isinstance(plan.get(key), dt.date):
            sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 22, 48
    rows = workbook.create_sheet(TARGET_SHEET)
    rows.append([f"{label} ({key})" for key, label in TARGET_COLUMNS])
    for cell in rows[1]:
        cell.font = Font(bold=True)
    for target in targets:
        indicator = INDICATORS[target.indicator]
        rows.append([target.indicator, target.unit_code, target.year, target.value, indicator.name_zh])
        if indicator.kind == RATE:
            rows.cell(rows.max_row, 4).number_format = "0.0%"
    for letter in "ABCDE":
        rows.column_dimensions[letter].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _invalid(where, code, **params):
    """The 422 naming the sheet (and cell) of what cannot be read."""
    detail = message(code, **params)
    return Invalid("in_place", errors={where: [detail]}, where=where, detail=detail)


def _text(value):
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _date(value, where):
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    if text is None:
        raise _invalid(where, "date_required")
    return text.replace("/", "-")  # the schema parses (and refuses) the ISO form


def read(data):
    """The workbook's plan as a dict for PlanInSchema, plus its code; 422 naming the
    sheet and cell for what cannot be read."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise Invalid("not_xlsx") from None
    try:
        for name in (PLAN_SHEET, TARGET_SHEET):
            if name not in workbook.sheetnames:
                raise _invalid(name, "workbook_no_sheet", sheet=name)
        fields = {}
        for row in workbook[PLAN_SHEET].iter_rows(max_row=20, max_col=2, values_only=True):
            label = _text(row[0]) if row else None
            for key, title in PLAN_FIELDS:
                if label and (label == title or label.endswith(f"({key})")):
                    fields[key] = row[1] if len(row) > 1 else None
        plan = {
            "code": _text(fields.get("code")),
            "name": _text(fields.get("name")),
            "starts_on": _date(fields.get("starts_on"), f"{PLAN_SHEET}!starts_on"),
            "ends_on": _date(fields.get("ends_on"), f"{PLAN_SHEET}!ends_on"),
            "targets": [],
        }
        for number, row in enumerate(workbook[TARGET_SHEET].iter_rows(min_row=2, max_col=4, values_only=True), 2):
            if number > MAX_ROWS:
                raise _invalid(TARGET_SHEET, "too_many_rows", max=MAX_ROWS)
            if row is None or all(cell is None for cell in row):
                continue
            indicator, unit_code, year, value = (tuple(row) + (None,) * 4)[:4]
            if isinstance(value, str):
                value = value.replace(",", "").strip()
                value = float(value[:-1]) / 100 if value.endswith("%") and _is_number(value[:-1]) else value
            plan["targets"].append(
                {"indicator": _text(indicator), "unit_code": _text(unit_code), "year": _year(year), "value": value}
            )
        return plan
    finally:
        workbook.close()


def _year(value):
    text = _text(value)
    return int(text) if text is not None and text.isascii() and text.isdigit() and len(text) < 6 else text


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False
