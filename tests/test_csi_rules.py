"""The CSI survey's item list (issue 29): rule 6 fines only the advisor's items (服务顾问项目); a row naming an
item the list does not name is refused, never fined by default."""

from service_advisor.domain import csi
from service_advisor.domain import scorecard as sc

HEADER = ("Advisor", "Period", "Survey Item", "Advisor Score", "National Average", "Full Mark Count")
ADVISORS = {"a@x": "a@x"}
ITEMS = csi.item_lookup(csi.MANUFACTURER_ITEMS)


def test_the_shipped_list_marks_the_advisors_items_and_names_each_item_once():
	advisor_items = {i.survey_item for i in csi.MANUFACTURER_ITEMS if i.advisor_item}
	assert "服务顾问的礼貌与态度" in advisor_items
	assert "维修质量" not in advisor_items and "客户休息区的舒适度" not in advisor_items
	assert csi.list_problems(list(csi.MANUFACTURER_ITEMS)) == []
	assert all(i.also_written_as and i.section for i in csi.MANUFACTURER_ITEMS)


def test_an_unlisted_item_is_refused_and_the_other_wording_is_recorded_as_listed():
	rows = [
		HEADER,
		("a@x", "2026-11", "Workshop quality", 7, 9, 0),
		("a@x", "2026-11", " Courtesy and  attitude of the service advisor", 8, 9, 1),
	]
	records, errors = csi.validate_rows(rows, ADVISORS, set(), ITEMS)
	assert errors == [csi.RowError(2, "unknown_item", "Workshop quality")]
	assert [r.survey_item for r in records] == ["服务顾问的礼貌与态度"]
	# the same item twice in its two wordings is one item
	twice = [
		HEADER,
		("a@x", "2026-11", "维修质量", 7, 9, 0),
		("a@x", "2026-11", "Quality of the work done", 7, 9, 0),
	]
	_records, errors = csi.validate_rows(twice, ADVISORS, set(), ITEMS)
	assert [(e.row, e.kind) for e in errors] == [(3, "duplicate_in_file")]


def test_a_wording_naming_two_items_is_a_problem():
	items = [csi.SurveyItem("A", "Alpha"), csi.SurveyItem("B", "alpha ")]
	assert csi.list_problems(items) == [(2, "alpha")]


def test_with_the_list_known_only_its_advisor_items_are_fined():
	r = sc.Readings(
		non_advisor_csi_items=frozenset({"维修质量"}), advisor_csi_items=frozenset({"服务顾问的礼貌与态度"})
	)
	month = sc.AdvisorMonth(
		csi=[
			sc.CsiRow("S1", "服务顾问的礼貌与态度", 8, 9),
			sc.CsiRow("S2", "维修质量", 7, 9),
			sc.CsiRow("S3", "Unlisted", 7, 9),
		]
	)
	result = sc.compute("a", month, sc.Amounts(), 0, 0, set(), set(), r)
	assert result.penalties == 100
	assert [(l.description, l.amount) for l in result.lines if l.line_type == sc.CSI_BELOW] == [
		("服务顾问的礼貌与态度: 8 < 9", -100),
		("维修质量: 7 < 9 (not an advisor item)", 0),
		("Unlisted: 7 < 9 (not on the survey item list)", 0),
	]
