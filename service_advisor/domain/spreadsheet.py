"""Cells written to spreadsheets that payroll opens: text never becomes a formula."""

# a text cell starting with one of these is run as a formula (or DDE) by Excel, LibreOffice and openpyxl
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
	"""Text that a spreadsheet would read as a formula, prefixed with an apostrophe (OWASP CSV injection);
	numbers, dates and other text pass unchanged."""
	if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
		return "'" + value
	return value


def safe_row(values) -> list:
	return [safe_cell(v) for v in values]
