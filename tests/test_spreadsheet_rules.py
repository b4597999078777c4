from service_advisor.domain.spreadsheet import safe_cell, safe_row


def test_formula_text_is_neutralised():
	for text in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
		assert safe_cell(text) == "'" + text


def test_numbers_and_plain_text_unchanged():
	assert safe_cell(-12.5) == -12.5
	assert safe_cell(0) == 0
	assert safe_cell("Wang Lei") == "Wang Lei"
	assert safe_cell(None) is None
	assert safe_row(["a", "=1", 3]) == ["a", "'=1", 3]
