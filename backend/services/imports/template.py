"""The XLSX template of an indicator's ledger, built from the registry: Chinese headers,
the codes in a second header row, drop-down lists of the account's towns and counties and
of the indicator's choices, and one example row."""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from backend.auth import scope
from backend.extensions import db
from backend.models import Unit
from backend.services.imports.columns import COUNTY, INDICATOR, TOWN, indicator_columns

LEDGER_SHEET, LISTS_SHEET = "台账", "选项"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="808080")
EXAMPLE_DAY = dt.date(2025, 6, 30)


def _units_in_scope(user):
    units = db.session.execute(
        db.select(Unit.code, Unit.name, Unit.level).where(Unit.level.in_(("county", "town"))).order_by(Unit.code)
    ).all()
    towns = [u for u in units if u.level == "town" and scope.covers(user, u.code)]
    counties = [u for u in units if u.level == "county" and any(t.code.startswith(u.code) for t in towns)]
    return counties, towns


def _example(column, indicator, town, county):
    """The example row's cell: by the column's kind, so every indicator gets one without
    code of its own (the denominator 100, other quantities 50: a plausible rate)."""
    if column is INDICATOR:
        return indicator.name_zh
    if column is TOWN:
        return town.name if town else None
    if column is COUNTY:
        return county.name if county else None
    if column.kind == "date":
        return EXAMPLE_DAY
    if column.kind == "choice":
        return column.choices[0]
    if column.key.startswith("values.") and column.kind == "number":
        return 100 if column.code == indicator.denominator_field else 50
    if column.key == "values.crop":
        return "水稻"
    if column.key == "note":
        return "示例行：导入前请删除"
    return None


def build_template(indicator, user):
    """The template workbook's bytes and its file name."""
    counties, towns = _units_in_scope(user)
    columns = indicator_columns(indicator)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LEDGER_SHEET
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"

    list_values = {
        INDICATOR.key: [indicator.name_zh],
        TOWN.key: [t.name for t in towns],
        COUNTY.key: [c.name for c in counties],
    }
    list_values.update({c.key: list(c.choices) for c in columns if c.kind == "choice"})
    town = towns[0] if towns else None
    county = next((c for c in counties if town and town.code.startswith(c.code)), None)
    list_columns = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index, column.header_zh).fill = HEADER_FILL
        sheet.cell(1, index).font = Font(bold=True)
        sheet.cell(2, index, column.code).font = Font(color="808080")
        if column.required:
            sheet.cell(1, index).comment = Comment("必填 (required)", "template")
        example = sheet.cell(3, index, _example(column, indicator, town, county))
        example.font = EXAMPLE_FONT
        if column.kind == "date":
            example.number_format = "yyyy-mm-dd"
        sheet.column_dimensions[letter].width = max(12, 2 * len(column.header_zh) + 2)
        values = list_values.get(column.key)
        if values:
            list_columns += 1
            list_column = get_column_letter(list_columns)
            for row, value in enumerate([column.code, *values], start=1):
                lists[f"{list_column}{row}"] = value
            source = f"{quote_sheetname(LISTS_SHEET)}!${list_column}$2:${list_column}${len(values) + 1}"
            validation = DataValidation(
                type="list",
                formula1=f"={source}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.name_zh,
                error="请从下拉列表中选择 (choose from the list)",
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}3:{letter}100000")
    sheet.freeze_panes = "A3"
    body = io.BytesIO()
    workbook.save(body)
    return body.getvalue(), f"ledger-template-{indicator.code}.xlsx"
