"""Defaults and validation of Service Advisor Settings, taken from the management rules."""

from dataclasses import dataclass

# Every number in the management rules, with the rules' value as the default.
DEFAULTS: dict[str, float | str] = {
	"greeting_sla_minutes": 2,
	"callback_days": 3,
	"callback_many_items_threshold": 5,
	"repeat_repair_window_days": 30,
	"callback_max_attempts": 3,
	"deduction_minor": 1,
	"deduction_moderate": 2,
	"deduction_severe": 5,
	"deduction_per_noncompliant_field": 1,
	"deduction_per_complaint": 5,
	"min_inspections_per_week": 4,
	"penalty_company_complaint": 100,
	"penalty_manufacturer_complaint": 200,
	"penalty_open_issue_complaint": 100,
	"reward_praise": 200,
	"csi_penalty_per_item": 100,
	"csi_full_marks_reward": 100,
	"commission_deposit": 0,
	"deposit_forfeit_complaints": 2,
	"labour_commission_rate": 0,
	"parts_commission_rate": 0,
	"service_interval_months": 6,
	"service_interval_km": 5000,
	"approval_link_expiry_hours": 48,
	"average_daily_km": 40,
	"declined_work_followup_days": 14,
	"show_rate_target": 80,
	"max_photo_pixels": 1600,
	# technician time (domain/job_time.py): NADA's guidelines as targets, one job at a time
	"allow_split_time": 0,
	"target_productivity": 85,
	"target_efficiency": 125,
	"target_proficiency": 100,
	# digital inspection: a technician inspects the orders assigned to them
	"inspection_by_any_technician": 0,
}

# The seed's readings that cost money (docs/readings.md): the literal reading of the Chinese original is
# the default, the other reading the alternative. Values are the options of the settings' Select fields.
READINGS: dict[str, tuple[str, str]] = {
	"deposit_forfeit_rule": ("At Least", "More Than"),
	"six_s_monthly_method": ("Monthly Form", "Average of Spot Checks"),
	"praise_reward_basis": ("Per Advisor", "Per Letter"),
	"open_issue_complaint_penalty": ("Larger Penalty", "Open-Issue Penalty"),
}
DEFAULTS.update({field: choices[0] for field, choices in READINGS.items()})

# amounts and rates: may be zero, never negative
AMOUNT_FIELDS: tuple[str, ...] = (
	"deduction_minor",
	"deduction_moderate",
	"deduction_severe",
	"deduction_per_noncompliant_field",
	"deduction_per_complaint",
	"penalty_company_complaint",
	"penalty_manufacturer_complaint",
	"penalty_open_issue_complaint",
	"reward_praise",
	"csi_penalty_per_item",
	"csi_full_marks_reward",
	"commission_deposit",
	"labour_commission_rate",
	"parts_commission_rate",
	"show_rate_target",
	"target_productivity",
	"target_efficiency",
	"target_proficiency",
)

# counts, durations and thresholds: at least 1
THRESHOLD_FIELDS: tuple[str, ...] = (
	"greeting_sla_minutes",
	"callback_days",
	"callback_many_items_threshold",
	"repeat_repair_window_days",
	"callback_max_attempts",
	"min_inspections_per_week",
	"deposit_forfeit_complaints",
	"service_interval_months",
	"service_interval_km",
	"approval_link_expiry_hours",
	"average_daily_km",
	"declined_work_followup_days",
	"max_photo_pixels",
)

PERCENT_FIELDS: tuple[str, ...] = ("labour_commission_rate", "parts_commission_rate", "show_rate_target")


@dataclass(frozen=True)
class SettingsError:
	fieldname: str
	kind: str  # "negative" | "below_one" | "above_hundred"
	value: float


def find_settings_errors(values: dict) -> list[SettingsError]:
	"""Return every rule the given settings values break (empty list when valid)."""
	errors: list[SettingsError] = []
	for field in AMOUNT_FIELDS:
		value = float(values.get(field) or 0)
		if value < 0:
			errors.append(SettingsError(field, "negative", value))
	for field in THRESHOLD_FIELDS:
		value = float(values.get(field) or 0)
		if value < 1:
			errors.append(SettingsError(field, "below_one", value))
	for field in PERCENT_FIELDS:
		value = float(values.get(field) or 0)
		if value > 100:
			errors.append(SettingsError(field, "above_hundred", value))
	return errors
