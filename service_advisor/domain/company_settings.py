"""Per-dealership settings: which site-wide settings a company may override, and the warranty payer of a
vehicle make (pure Python)."""

# the numbers of Service Advisor Settings a dealership may set for itself (site-wide values stay defaults),
# each with the label an override row names it by (the settings' own label)
OVERRIDABLE: dict[str, str] = {
	"greeting_sla_minutes": "Greeting SLA (Minutes)",
	"callback_days": "Callback Within (Days)",
	"labour_commission_rate": "Labour Commission Rate (%)",
	"parts_commission_rate": "Parts Commission Rate (%)",
	"penalty_company_complaint": "Penalty: Complaint to Company",
	"penalty_manufacturer_complaint": "Penalty: Complaint to Manufacturer",
	"penalty_open_issue_complaint": "Penalty: Complaint from Open Issue",
	"reward_praise": "Reward: Praise",
	"csi_penalty_per_item": "CSI Penalty per Item Below Average",
	"csi_full_marks_reward": "CSI Reward: Most Full Marks",
	"commission_deposit": "Commission Deposit",
	"deposit_forfeit_complaints": "Deposit Forfeited at (Complaints per Month)",
}
FIELD_OF_LABEL: dict[str, str] = {label: field for field, label in OVERRIDABLE.items()}


def normalise_make(make: str | None) -> str:
	"""Makes are matched without regard to case or surrounding spaces ("Chery", " chery ")."""
	return " ".join((make or "").split()).casefold()


def warranty_payer(
	make: str | None, by_make: dict[str, str], company_default: str | None, site_default: str | None
):
	"""The customer billed for warranty lines: the make's manufacturer, else the company's, else the site's."""
	return by_make.get(normalise_make(make)) or company_default or site_default or None
