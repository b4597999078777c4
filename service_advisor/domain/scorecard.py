"""The monthly Advisor Scorecard: every amount computed from rules and settings, each line explained.

Payable = base commission x score / 100 + rewards - penalties - forfeited deposit.
Interpretation (configurable amounts in settings): a complaint caused by an overdue open issue costs the
open-issue penalty instead of its level's penalty; with no 6S inspection in the month the score is 100
(the missing inspections show as weeks below the minimum); ties for "most praised" and "most full marks"
reward every tied advisor.
"""

from dataclasses import dataclass, field

from service_advisor.domain import roles as R

SIX_S = "6S Score"
COMPLAINT = "Complaint"
PRAISE = "Most Praised"
COMMENDATION = "Commendation to Manufacturer"
CSI_BELOW = "CSI Below Average"
CSI_FULL_MARKS = "CSI Most Full Marks"
AUDIT = "Document Audit"
COMMISSION = "Base Commission"
DEPOSIT = "Deposit Forfeited"
LINE_TYPES = (SIX_S, COMMISSION, COMPLAINT, PRAISE, COMMENDATION, CSI_BELOW, CSI_FULL_MARKS, AUDIT, DEPOSIT)


@dataclass(frozen=True)
class Amounts:
	penalty_company_complaint: float = 100
	penalty_manufacturer_complaint: float = 200
	penalty_open_issue_complaint: float = 100
	reward_praise: float = 200
	csi_penalty_per_item: float = 100
	csi_full_marks_reward: float = 100
	commission_deposit: float = 0
	deposit_forfeit_complaints: int = 2


@dataclass(frozen=True)
class Complaint:
	name: str
	level: str  # Company | Manufacturer
	from_overdue_issue: bool = False


@dataclass(frozen=True)
class CsiRow:
	name: str
	item: str
	advisor_score: float
	national_average: float
	full_marks: int = 0


@dataclass(frozen=True)
class Line:
	line_type: str
	description: str
	amount: float  # + reward / commission, - penalty; 0 for information lines (6S score)
	reference_doctype: str | None = None
	reference_name: str | None = None


@dataclass
class AdvisorMonth:
	six_s_scores: list[tuple[str, float]] = field(default_factory=list)  # (inspection, score)
	complaints: list[Complaint] = field(default_factory=list)
	callback_praise: list[str] = field(default_factory=list)  # commendation names from callbacks
	manufacturer_commendations: list[str] = field(default_factory=list)  # letters/banners sent
	csi: list[CsiRow] = field(default_factory=list)
	audit_fines: list[tuple[str, float]] = field(default_factory=list)  # (document audit, fine)
	labour_sales: float = 0
	parts_sales: float = 0


@dataclass(frozen=True)
class Result:
	score: float
	base_commission: float
	rewards: float
	penalties: float
	deposit_forfeited: bool
	deposit: float
	payable: float
	complaint_count: int
	lines: list[Line]


def money(value: float) -> float:
	return round(value + 0.0, 2)


def complaint_penalty(complaint: Complaint, a: Amounts) -> float:
	if complaint.from_overdue_issue:
		return a.penalty_open_issue_complaint
	if complaint.level == "Manufacturer":
		return a.penalty_manufacturer_complaint
	return a.penalty_company_complaint


def winners(counts: dict[str, float]) -> set[str]:
	"""Everyone with the highest positive count."""
	best = max(counts.values(), default=0)
	return {key for key, value in counts.items() if value == best and best > 0}


def compute(
	advisor: str,
	month: AdvisorMonth,
	a: Amounts,
	labour_rate: float,
	parts_rate: float,
	most_praised: set[str],
	most_full_marks: set[str],
) -> Result:
	lines: list[Line] = []
	scores = [s for _, s in month.six_s_scores]
	score = round(sum(scores) / len(scores), 2) if scores else 100.0
	for inspection, value in month.six_s_scores:
		lines.append(Line(SIX_S, f"{value:g}", 0, "Front Desk 6S Inspection", inspection))

	base = money(month.labour_sales * labour_rate / 100 + month.parts_sales * parts_rate / 100)
	lines.append(
		Line(
			COMMISSION,
			f"{month.labour_sales:.2f} x {labour_rate:g}% + {month.parts_sales:.2f} x {parts_rate:g}%",
			base,
		)
	)

	penalties = 0.0
	rewards = 0.0
	for complaint in month.complaints:
		amount = complaint_penalty(complaint, a)
		penalties += amount
		kind = "Open Issue" if complaint.from_overdue_issue else complaint.level
		lines.append(Line(COMPLAINT, kind, -amount, "Service Complaint", complaint.name))
	if advisor in most_praised:
		rewards += a.reward_praise
		lines.append(Line(PRAISE, str(len(month.callback_praise)), a.reward_praise))
	for commendation in month.manufacturer_commendations:
		rewards += a.reward_praise
		lines.append(Line(COMMENDATION, "", a.reward_praise, "Commendation", commendation))
	for row in month.csi:
		if row.advisor_score < row.national_average:
			penalties += a.csi_penalty_per_item
			lines.append(
				Line(
					CSI_BELOW,
					f"{row.item}: {row.advisor_score:g} < {row.national_average:g}",
					-a.csi_penalty_per_item,
					"CSI Result",
					row.name,
				)
			)
	if advisor in most_full_marks:
		rewards += a.csi_full_marks_reward
		lines.append(Line(CSI_FULL_MARKS, str(sum(r.full_marks for r in month.csi)), a.csi_full_marks_reward))
	for audit, fine in month.audit_fines:
		penalties += fine
		lines.append(Line(AUDIT, "", -fine, "Document Audit", audit))

	forfeited = len(month.complaints) > a.deposit_forfeit_complaints
	deposit = a.commission_deposit if forfeited else 0.0
	if forfeited and deposit:
		lines.append(Line(DEPOSIT, str(len(month.complaints)), -deposit))
	payable = money(base * score / 100 + rewards - penalties - deposit)
	return Result(
		score,
		base,
		money(rewards),
		money(penalties),
		forfeited,
		money(deposit),
		payable,
		len(month.complaints),
		lines,
	)


# ---------------------------------------------------------------- approval workflow
DRAFT = "Draft"
PENDING_ADVISOR = "Pending Advisor Acknowledgement"
PENDING_STATION = "Pending Station Manager"
PENDING_GM = "Pending General Manager"
APPROVED = "Approved"
STATES = (DRAFT, PENDING_ADVISOR, PENDING_STATION, PENDING_GM, APPROVED)
EDITOR = {
	DRAFT: R.SERVICE_MANAGER,
	PENDING_ADVISOR: R.SERVICE_ADVISOR,
	PENDING_STATION: R.STATION_MANAGER,
	PENDING_GM: R.GENERAL_MANAGER,
	APPROVED: R.GENERAL_MANAGER,
}

# (action, source, target, role)
TRANSITIONS: tuple[tuple[str, str, str, str], ...] = (
	("Send for Acknowledgement", DRAFT, PENDING_ADVISOR, R.SERVICE_MANAGER),
	("Acknowledge", PENDING_ADVISOR, PENDING_STATION, R.SERVICE_ADVISOR),
	("Approve", PENDING_STATION, PENDING_GM, R.STATION_MANAGER),
	("Approve", PENDING_GM, APPROVED, R.GENERAL_MANAGER),
	("Reject", PENDING_ADVISOR, DRAFT, R.SERVICE_ADVISOR),
	("Reject", PENDING_STATION, DRAFT, R.STATION_MANAGER),
	("Reject", PENDING_GM, DRAFT, R.GENERAL_MANAGER),
)


def transition_problem(
	source: str,
	target: str,
	user: str,
	roles: set[str],
	advisor: str,
	evaluator: str | None,
	comment: str | None,
) -> str | None:
	"""None when `user` may move the scorecard from source to target, else the reason's key."""
	matching = [t for t in TRANSITIONS if t[1] == source and t[2] == target]
	if not matching:
		return "invalid"
	if not any(t[3] in roles for t in matching):
		return "role"
	if source == PENDING_ADVISOR:
		if user != advisor:
			return "not_the_advisor"
	elif source in (PENDING_STATION, PENDING_GM):
		if user == advisor:
			return "self_approval"
		if evaluator and user == evaluator:
			return "evaluator_approval"
	if target == DRAFT and source != DRAFT and not (comment or "").strip():
		return "comment_required"
	return None
