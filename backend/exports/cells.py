"""Text cells a spreadsheet would run as a formula, neutralised (OWASP "CSV injection"):
a cell starting with = + - @ TAB or CR gets a leading apostrophe, which Excel, LibreOffice
and WPS show as text and do not evaluate. Numbers and dates stay as they are; only text
(crop, note, names) comes from people."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
