"""The monthly Advisor Scorecard: every amount computed from rules and settings, each line explained.

Payable = base commission x score / 100 + rewards - penalties - forfeited deposit.
The seed's readings that cost money are settings (`Readings`), each defaulting to the literal reading of
the Chinese original (docs/readings.md): deposit forfeited at 2 or more complaints, the 6S score of the
month from the monthly form, one praise reward per advisor, the larger penalty for a complaint from an
overdue open issue, CSI fines only for advisor items. Ties for "most praised" and "most full marks"
reward every tied advisor. Every amount line lists its sources.
"""

from dataclasses import dataclass, field

from service_advisor.domain import complaints as C
from service_advisor.domain import roles as R
from service_advisor.domain import six_s
from service_advisor.domain.csi import item_key

SIX_S = "6S Score"
COMPLAINT = "Complaint"
PRAISE = "Most Praised"
COMMENDATION = "Commendation to Manufacturer"
CSI_BELOW = "CSI Below Average"
CSI_FULL_MARKS = "CSI Most Full Marks"
AUDIT = "Document Audit"
COMMISSION = "Base Commission"
DEPOSIT = "Deposit Forfeited"
COMPLAINT_NOT_COUNTED = "Complaint Not Counted"
LINE_TYPES = (
	SIX_S,
	COMMISSION,
	COMPLAINT,
	PRAISE,
	COMMENDATION,
	CSI_BELOW,
	CSI_FULL_MARKS,
	AUDIT,
	DEPOSIT,
	COMPLAINT_NOT_COUNTED,
)

# ---------------------------------------------------------------- readings of the seed (settings)
AT_LEAST = "At Least"  # 以上 includes the number (default)
MORE_THAN = "More Than"
DEPOSIT_RULES = (AT_LEAST, MORE_THAN)
MONTHLY_FORM = "Monthly Form"  # default
AVERAGE_OF_CHECKS = "Average of Spot Checks"
SIX_S_METHODS = (MONTHLY_FORM, AVERAGE_OF_CHECKS)
PER_ADVISOR = "Per Advisor"  # default
PER_LETTER = "Per Letter"
PRAISE_BASES = (PER_ADVISOR, PER_LETTER)
LARGER_PENALTY = "Larger Penalty"  # default
OPEN_ISSUE_PENALTY = "Open-Issue Penalty"
OPEN_ISSUE_RULES = (LARGER_PENALTY, OPEN_ISSUE_PENALTY)

# items of the 6S form assessed once a month (32 maintenance reminders, 34 this month's priorities)
MONTHLY_ITEMS = (32, 34)


@dataclass(frozen=True)
class Readings:
	deposit_rule: str = AT_LEAST
	six_s_method: str = MONTHLY_FORM
	praise_basis: str = PER_ADVISOR
	open_issue_rule: str = LARGER_PENALTY
	non_advisor_csi_items: frozenset[str] = frozenset()  # CSI items on the list and not the advisor's
	# the list's advisor items (服务顾问项目); None: no list known, an item not listed is the advisor's
	advisor_csi_items: frozenset[str] | None = None


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
	deduction_per_complaint: float = 5


@dataclass(frozen=True)
class Complaint:
	"""A Service Complaint naming the advisor. Only an upheld one, attributed to the advisor, for an advisor
	cause or an open issue not handled in time, counts (domain/complaints.py). Without a cause (recorded
	before complaints had one) it reads as the scorecard read every complaint then: an upheld complaint
	about the advisor's service, or about an open issue when it came from an overdue one."""

	name: str
	level: str  # Company | Manufacturer
	from_overdue_issue: bool = False
	cause: str | None = None
	verdict: str | None = C.UPHELD
	attributed: bool = True
	verdict_reason: str | None = None

	@property
	def reason(self) -> str:
		"""The cause the fine is computed from."""
		return self.cause or (C.OPEN_ISSUE if self.from_overdue_issue else C.ADVISOR_SERVICE)

	@property
	def exclusion(self) -> str | None:
		"""None when the complaint counts for the advisor, else why not."""
		return C.exclusion(self.verdict, self.reason, self.attributed, self.verdict_reason)


def counted(complaints: list[Complaint]) -> list[Complaint]:
	"""The complaints that cost the advisor: the fine, 6S item 36 and the deposit count only these."""
	return [c for c in complaints if c.exclusion is None]


@dataclass(frozen=True)
class CsiRow:
	name: str
	item: str
	advisor_score: float
	national_average: float
	full_marks: int = 0


@dataclass(frozen=True)
class SpotCheck:
	"""One submitted 6S inspection: its score and its non-zero deductions by item."""

	name: str
	score: float
	deductions: tuple[tuple[int, str, float], ...] = ()  # (item_no, rating_mode, deduction)


@dataclass(frozen=True)
class Source:
	"""A document an amount is computed from."""

	doctype: str
	name: str
	detail: str = ""
	value: float = 0


@dataclass(frozen=True)
class Line:
	line_type: str
	description: str
	amount: float  # + reward / commission, - penalty; 0 for information lines (6S score)
	reference_doctype: str | None = None
	reference_name: str | None = None
	sources: tuple[Source, ...] = ()


@dataclass
class AdvisorMonth:
	six_s_scores: list[tuple[str, float]] = field(default_factory=list)  # (inspection, score)
	spot_checks: list[SpotCheck] = field(default_factory=list)
	complaints: list[Complaint] = field(default_factory=list)
	callback_praise: list[str] = field(default_factory=list)  # commendation names from callbacks
	manufacturer_commendations: list[str] = field(default_factory=list)  # letters/banners sent
	csi: list[CsiRow] = field(default_factory=list)
	audit_fines: list[tuple[str, float]] = field(default_factory=list)  # (document audit, fine)
	labour_sales: float = 0
	parts_sales: float = 0
	invoices: list[tuple[str, str, float]] = field(default_factory=list)  # (invoice, item type, net amount)


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
	assessed: bool = True


def money(value: float) -> float:
	return round(value + 0.0, 2)


def complaint_penalty(complaint: Complaint, a: Amounts, r: Readings = Readings()) -> float:
	level = (
		a.penalty_manufacturer_complaint if complaint.level == "Manufacturer" else a.penalty_company_complaint
	)
	if complaint.reason != C.OPEN_ISSUE:
		return level
	if r.open_issue_rule == OPEN_ISSUE_PENALTY:
		return a.penalty_open_issue_complaint
	return max(level, a.penalty_open_issue_complaint)


def deposit_forfeited(complaints: int, threshold: int, rule: str = AT_LEAST) -> bool:
	"""当月客户投诉2例以上: 以上 includes the number (at least), or the other reading (more than)."""
	return complaints > threshold if rule == MORE_THAN else complaints >= threshold


def csi_item_note(item: str, r: Readings) -> str | None:
	"""None when the survey item is the advisor's (fined below the national average), else why not. With
	the list known, only an item it marks as the advisor's is; without one, any item not listed as
	someone else's is (the first version's reading)."""
	key = item_key(item)
	if key in {item_key(i) for i in r.non_advisor_csi_items}:
		return "not an advisor item"
	if r.advisor_csi_items is not None and key not in {item_key(i) for i in r.advisor_csi_items}:
		return "not on the survey item list"
	return None


def is_advisor_item(item: str, r: Readings) -> bool:
	"""Only the advisor's survey items (服务顾问项目) are fined."""
	return csi_item_note(item, r) is None


def winners(counts: dict[str, float]) -> set[str]:
	"""Everyone with the highest positive count."""
	best = max(counts.values(), default=0)
	return {key for key, value in counts.items() if value == best and best > 0}


def monthly_form_score(checks: list[SpotCheck], complaints: int, per_complaint: float) -> tuple[float, dict]:
	"""The month's form: 100 - every deduction of the month's spot checks - the monthly items, floor 0.

	Monthly items (32, 34) count once: the largest deduction any spot check of the month gave them.
	The complaint item (36) is filled from the month's complaints, per_complaint each; what spot checks
	recorded on it is replaced, not added."""
	spot = 0.0
	monthly: dict[int, float] = {}
	for check in checks:
		for item_no, mode, deduction in check.deductions:
			if mode == six_s.PER_COMPLAINT:
				continue
			if item_no in MONTHLY_ITEMS:
				monthly[item_no] = max(monthly.get(item_no, 0.0), deduction)
			else:
				spot += deduction
	complaint_points = complaints * per_complaint
	parts = {"spot": spot, "monthly": sum(monthly.values()), "complaints": complaint_points}
	return six_s.score([spot, *monthly.values(), complaint_points]), parts


def six_s_lines(month: AdvisorMonth, a: Amounts, r: Readings) -> tuple[float | None, list[Line]]:
	"""The month's 6S score (None: not assessed, no spot check) and its information lines."""
	checks = month.spot_checks or [SpotCheck(name, value) for name, value in month.six_s_scores]
	if not checks:
		return None, [Line(SIX_S, "not assessed: no spot check in the month", 0)]
	lines = [Line(SIX_S, f"{c.score:g}", 0, "Front Desk 6S Inspection", c.name) for c in checks]
	if r.six_s_method == AVERAGE_OF_CHECKS:
		return round(sum(c.score for c in checks) / len(checks), 2), lines
	complaints = counted(month.complaints)
	score, parts = monthly_form_score(checks, len(complaints), a.deduction_per_complaint)
	lines.append(
		Line(
			SIX_S,
			f"100 - {parts['spot']:g} - {parts['monthly']:g} - {len(complaints)} x "
			f"{a.deduction_per_complaint:g} = {score:g}",
			0,
			sources=tuple(
				Source("Service Complaint", c.name, "36", a.deduction_per_complaint) for c in complaints
			),
		)
	)
	return round(score, 2), lines


def praise_lines(
	advisor: str, month: AdvisorMonth, a: Amounts, r: Readings, most_praised: set[str]
) -> list[Line]:
	"""表扬第一名或递送表扬信和锦旗至奇瑞公司的员工,奖励200元: one reward per qualifying advisor (default),
	or the most-praised reward plus one per letter / banner."""
	praised = advisor in most_praised
	praise_sources = tuple(Source("Commendation", n, "Callback") for n in month.callback_praise)
	letter_sources = tuple(
		Source("Commendation", n, "Letter / Banner") for n in month.manufacturer_commendations
	)
	if r.praise_basis == PER_LETTER:
		lines = []
		if praised:
			lines.append(
				Line(PRAISE, str(len(month.callback_praise)), a.reward_praise, sources=praise_sources)
			)
		lines += [
			Line(COMMENDATION, "", a.reward_praise, "Commendation", letter, (Source("Commendation", letter),))
			for letter in month.manufacturer_commendations
		]
		return lines
	if not (praised or month.manufacturer_commendations):
		return []
	kind = PRAISE if praised else COMMENDATION
	description = f"{len(month.callback_praise) if praised else 0} + {len(month.manufacturer_commendations)}"
	return [
		Line(kind, description, a.reward_praise, sources=(praise_sources if praised else ()) + letter_sources)
	]


def compute(
	advisor: str,
	month: AdvisorMonth,
	a: Amounts,
	labour_rate: float,
	parts_rate: float,
	most_praised: set[str],
	most_full_marks: set[str],
	readings: Readings = Readings(),
) -> Result:
	r = readings
	score, lines = six_s_lines(month, a, r)

	base = money(month.labour_sales * labour_rate / 100 + month.parts_sales * parts_rate / 100)
	lines.append(
		Line(
			COMMISSION,
			f"{month.labour_sales:.2f} x {labour_rate:g}% + {month.parts_sales:.2f} x {parts_rate:g}%",
			base,
			sources=tuple(
				Source("Sales Invoice", inv, kind, money(amount)) for inv, kind, amount in month.invoices
			),
		)
	)

	penalties = 0.0
	rewards = 0.0
	complaints = counted(month.complaints)
	for complaint in complaints:
		amount = complaint_penalty(complaint, a, r)
		penalties += amount
		kind = f"{complaint.level}, Open Issue" if complaint.reason == C.OPEN_ISSUE else complaint.level
		lines.append(Line(COMPLAINT, kind, -amount, "Service Complaint", complaint.name))
	for complaint in month.complaints:
		if complaint.exclusion:
			lines.append(
				Line(COMPLAINT_NOT_COUNTED, complaint.exclusion, 0, "Service Complaint", complaint.name)
			)
	for line in praise_lines(advisor, month, a, r, most_praised):
		rewards += line.amount
		lines.append(line)
	for row in month.csi:
		if row.advisor_score < row.national_average:
			why_not = csi_item_note(row.item, r)
			fine = 0.0 if why_not else a.csi_penalty_per_item
			penalties += fine
			note = f" ({why_not})" if why_not else ""
			lines.append(
				Line(
					CSI_BELOW,
					f"{row.item}: {row.advisor_score:g} < {row.national_average:g}{note}",
					-fine,
					"CSI Result",
					row.name,
				)
			)
	if advisor in most_full_marks:
		rewards += a.csi_full_marks_reward
		lines.append(
			Line(
				CSI_FULL_MARKS,
				str(sum(x.full_marks for x in month.csi)),
				a.csi_full_marks_reward,
				sources=tuple(
					Source("CSI Result", x.name, x.item, x.full_marks) for x in month.csi if x.full_marks
				),
			)
		)
	for audit, fine in month.audit_fines:
		penalties += fine
		lines.append(Line(AUDIT, "", -fine, "Document Audit", audit))

	forfeited = deposit_forfeited(len(complaints), int(a.deposit_forfeit_complaints), r.deposit_rule)
	deposit = a.commission_deposit if forfeited else 0.0
	if forfeited and deposit:
		lines.append(
			Line(
				DEPOSIT,
				str(len(complaints)),
				-deposit,
				sources=tuple(Source("Service Complaint", c.name, c.level) for c in complaints),
			)
		)
	share = (score or 0.0) / 100
	payable = money(base * share + rewards - penalties - deposit)
	return Result(
		score or 0.0,
		base,
		money(rewards),
		money(penalties),
		forfeited,
		money(deposit),
		payable,
		len(complaints),
		lines,
		score is not None,
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
