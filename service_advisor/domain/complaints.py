"""Service Complaints: what the customer complained about (cause), whom it is attributed to, and the
manager's verdict. Only an upheld complaint, attributed to the advisor, for a cause the rules fine the
advisor for, counts on the advisor's scorecard (the fine, 6S item 36 and the deposit):

- assessment rule 4: 客服电话回访调查客户对服务顾问服务的态度、解释和及时性表示为不满意 — the advisor's
  attitude, explanation or timeliness: company complaint -100, manufacturer complaint -200;
- assessment rule 3: 客户遗留问题或需求未及时处理或沟通不及时,造成客户投诉每例-100考核 — an open issue or
  request not handled or communicated in time.

A complaint about the workshop's quality, parts, price or anything else is recorded and handled, never
fined to the advisor. The cause, the attribution and the verdict are a Service Manager's; the advisor
records the handling (progress, resolution: 处理客户抱怨 is one of the advisor's duties).
"""

ATTITUDE = "Advisor Attitude"
EXPLANATION = "Advisor Explanation"
TIMELINESS = "Advisor Timeliness"
# the advisor's service, without the aspect: complaints recorded before causes were (the upgrade's reading)
ADVISOR_SERVICE = "Advisor Service (Aspect Not Recorded)"
OPEN_ISSUE = "Open Issue Not Handled in Time"
WORKSHOP = "Workshop Quality"
PARTS = "Parts"
PRICE = "Price"
OTHER = "Other"
CAUSES: tuple[str, ...] = (
	ATTITUDE,
	EXPLANATION,
	TIMELINESS,
	ADVISOR_SERVICE,
	OPEN_ISSUE,
	WORKSHOP,
	PARTS,
	PRICE,
	OTHER,
)
ADVISOR_CAUSES: tuple[str, ...] = (ATTITUDE, EXPLANATION, TIMELINESS, ADVISOR_SERVICE)
FINED_CAUSES: tuple[str, ...] = (*ADVISOR_CAUSES, OPEN_ISSUE)

UPHELD = "Upheld"
NOT_UPHELD = "Not Upheld"
VERDICTS: tuple[str, ...] = (UPHELD, NOT_UPHELD)

# set by a Service Manager only
VERDICT_FIELDS: tuple[str, ...] = ("cause", "attributed", "verdict", "verdict_reason")
# what the advisor the complaint concerns records on it (through api.followup.record_complaint_handling)
HANDLING_FIELDS: tuple[str, ...] = ("status", "progress", "resolution", "resolved_on")

# the callback survey's questions (Callback.satisfaction_*) and the cause a "Dissatisfied" answer gives
CALLBACK_CAUSES: tuple[tuple[str, str], ...] = (
	("attitude", ATTITUDE),
	("explanation", EXPLANATION),
	("timeliness", TIMELINESS),
)


def cause_from_callback(answers: dict[str, str | None], dissatisfied: str = "Dissatisfied") -> str | None:
	"""The cause a callback survey states: the one aspect the customer was dissatisfied with, or the
	advisor's service when several were (each is the same fine)."""
	causes = [cause for key, cause in CALLBACK_CAUSES if answers.get(key) == dissatisfied]
	if not causes:
		return None
	return causes[0] if len(causes) == 1 else ADVISOR_SERVICE


def exclusion(
	verdict: str | None,
	cause: str | None,
	attributed: bool,
	verdict_reason: str | None = None,
) -> str | None:
	"""None when the complaint counts for the advisor it names, else why it does not (shown on the
	scorecard, in English like the scorecard's other descriptions)."""
	if not verdict:
		return "not counted: no verdict yet"
	if verdict != UPHELD:
		reason = (verdict_reason or "").strip()
		return f"not counted: not upheld ({reason})" if reason else "not counted: not upheld"
	if cause not in FINED_CAUSES:
		return f"not counted: cause {cause or '-'} is not the advisor's"
	if not attributed:
		return "not counted: not attributed to the advisor"
	return None


def verdict_problems(
	verdict: str | None,
	verdict_reason: str | None,
	cause: str | None,
	attributed: bool,
	advisor: str | None,
) -> list[str]:
	"""What a complaint's verdict section lacks (keys; empty when consistent)."""
	problems = []
	if cause and cause not in CAUSES:
		problems.append("unknown_cause")
	if verdict and verdict not in VERDICTS:
		problems.append("unknown_verdict")
	if verdict and not cause:
		problems.append("cause_required")
	if verdict and not (verdict_reason or "").strip():
		problems.append("reason_required")
	if attributed and not advisor:
		problems.append("attributed_without_advisor")
	return problems
