"""CSV cells that a spreadsheet opens as text, never as a formula (CSV injection)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    # A cell that starts like a formula would run as one in a spreadsheet; a leading quote
    # makes the spreadsheet show it as text.
    text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text
