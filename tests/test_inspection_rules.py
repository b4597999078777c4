"""The inspection's colours follow from the measurement and the point's thresholds."""

from datetime import datetime

import pytest

from service_advisor.domain import inspection as ins

PAD = ins.Thresholds(yellow_at=5, red_at=3, worse_when=ins.LOWER_IS_WORSE)
TREAD = ins.Thresholds(yellow_at=3, red_at=1.6, worse_when=ins.LOWER_IS_WORSE)
PLAY = ins.Thresholds(yellow_at=2, red_at=4, worse_when=ins.HIGHER_IS_WORSE)


@pytest.mark.parametrize(
	"value,expected",
	[(7, ins.GREEN), (5.01, ins.GREEN), (5, ins.YELLOW), (3.5, ins.YELLOW), (3, ins.RED), (0, ins.RED)],
)
def test_brake_pad_lower_is_worse(value, expected):
	assert ins.rating_for(value, PAD) == expected


@pytest.mark.parametrize(
	"value,expected", [(3.1, ins.GREEN), (3, ins.YELLOW), (1.7, ins.YELLOW), (1.6, ins.RED)]
)
def test_tread_thresholds_from_the_issue(value, expected):
	assert ins.rating_for(value, TREAD) == expected


@pytest.mark.parametrize("value,expected", [(1, ins.GREEN), (2, ins.YELLOW), (3.9, ins.YELLOW), (4, ins.RED)])
def test_higher_is_worse(value, expected):
	assert ins.rating_for(value, PLAY) == expected


def test_only_a_red_threshold():
	t = ins.Thresholds(red_at=12.0, worse_when=ins.LOWER_IS_WORSE)  # battery volts
	assert ins.rating_for(12.4, t) == ins.GREEN
	assert ins.rating_for(11.9, t) == ins.RED


def test_measurement_fills_an_empty_colour():
	assert ins.rate_point(None, 4, PAD) == (ins.YELLOW, None)
	assert ins.rate_point("", 2.5, PAD) == (ins.RED, None)


def test_typed_colour_that_contradicts_the_measurement_is_refused():
	assert ins.rate_point(ins.GREEN, 2.5, PAD) == (ins.GREEN, ins.CONTRADICTS)
	assert ins.rate_point(ins.RED, 6, PAD) == (ins.RED, ins.CONTRADICTS)
	assert ins.rate_point(ins.YELLOW, 4, PAD) == (ins.YELLOW, None)


def test_unmeasured_point_keeps_the_typed_colour():
	plain = ins.Thresholds()
	assert ins.rate_point(ins.RED, None, plain) == (ins.RED, None)
	assert ins.rate_point(None, None, plain) == (None, None)
	# a measured point without a value: the technician's colour stands
	assert ins.rate_point(ins.YELLOW, None, PAD) == (ins.YELLOW, None)
	# a number on a point without thresholds decides nothing
	assert ins.rate_point(ins.GREEN, 99, plain) == (ins.GREEN, None)


def test_bad_values():
	assert ins.rate_point("Blue", None, PAD)[1] == ins.BAD_RATING
	assert ins.rate_point(None, -1, PAD)[1] == ins.NEGATIVE_MEASUREMENT


def test_threshold_problems():
	assert ins.threshold_problem("mm", PAD) is None
	assert ins.threshold_problem("mm", PLAY) is None
	assert ins.threshold_problem("", PAD) == ins.THRESHOLD_WITHOUT_UNIT
	assert ins.threshold_problem("mm", ins.Thresholds(3, 5, ins.LOWER_IS_WORSE)) == ins.THRESHOLDS_ORDER
	assert ins.threshold_problem("mm", ins.Thresholds(4, 2, ins.HIGHER_IS_WORSE)) == ins.THRESHOLDS_ORDER
	assert ins.threshold_problem("mm", ins.Thresholds(4, 2, "Sideways")) == ins.BAD_DIRECTION
	assert ins.threshold_problem(None, ins.Thresholds()) is None


def test_counts_and_completeness():
	c = ins.count([ins.GREEN, ins.GREEN, ins.YELLOW, ins.RED, None])
	assert (c.green, c.yellow, c.red, c.unrated, c.complete) == (2, 1, 1, 1, False)
	assert ins.count([ins.GREEN]).complete


def test_trend_oldest_first_skipping_unmeasured_visits():
	history = [("2026-09-01", 5.0), ("2026-03-01", 7.0), ("2026-06-01", None), ("2026-12-01", 3.0)]
	assert ins.trend(history) == [7.0, 5.0, 3.0]


# ---------------------------------------------------------------- quoted findings kept on the inspection
def test_a_quote_adds_one_line_and_its_decision_to_the_inspection():
	inspected = datetime(2026, 11, 2, 9, 0, 0)
	pending = ins.quote_figures("Pending", 480, True, inspected, None)
	assert pending == {
		"quoted_lines": 1,
		"quoted_value": 480.0,
		"approved_lines": 0,
		"approved_value": 0.0,
		"decided_lines": 0,
		"decided_with_photo": 0,
		"approved_with_photo": 0,
		"decided_without_photo": 0,
		"approved_without_photo": 0,
		"decision_seconds": 0,
	}
	approved = ins.quote_figures("Approved", 480, True, inspected, datetime(2026, 11, 2, 11, 30, 0, 900000))
	assert (approved["approved_value"], approved["decided_with_photo"], approved["approved_with_photo"]) == (
		480.0,
		1,
		1,
	)
	assert approved["decision_seconds"] == 9000  # whole seconds, the fraction dropped
	declined = ins.quote_figures("Declined", 120, False, inspected, datetime(2026, 11, 2, 9, 0, 30))
	assert (
		declined["decided_without_photo"],
		declined["approved_without_photo"],
		declined["approved_value"],
	) == (
		1,
		0,
		0.0,
	)
	assert declined["decision_seconds"] == 30


def test_a_decision_without_times_counts_no_seconds():
	assert ins.quote_figures("Approved", None, False, None, datetime(2026, 11, 2))["decision_seconds"] == 0
	assert ins.quote_figures("Approved", None, False, None, None)["quoted_value"] == 0.0


def test_the_change_of_a_quote_is_after_minus_before_only_where_it_differs():
	inspected = datetime(2026, 11, 2, 9, 0, 0)
	before = ins.quote_figures("Pending", 480, True, inspected, None)
	after = ins.quote_figures("Approved", 480, True, inspected, datetime(2026, 11, 2, 10, 0, 0))
	assert ins.quote_change(after, before) == {
		"approved_lines": 1,
		"approved_value": 480.0,
		"decided_lines": 1,
		"decided_with_photo": 1,
		"approved_with_photo": 1,
		"decision_seconds": 3600,
	}
	assert ins.quote_change(before, None) == {k: v for k, v in before.items() if v}
	assert ins.quote_change(None, after) == {k: -v for k, v in after.items() if v}
	assert ins.quote_change(after, after) == {}
