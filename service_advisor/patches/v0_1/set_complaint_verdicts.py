"""Give complaints recorded before causes and verdicts the reading the scorecard gave them: every
Service Complaint naming an advisor was charged to that advisor (the fine, 6S item 36, the deposit). So a
complaint without a cause and a verdict is upheld and attributed to its advisor, with the cause the data
tells: an open issue not handled in time when it came from an overdue open issue, the aspect the customer
was dissatisfied with when a callback survey raised it, else the advisor's service (aspect not recorded).
Existing scorecards' figures are reproduced exactly. The rows are marked `verdict_from_upgrade` so a
Service Manager can find them and decide them again (a changed verdict of an approved month flags its
scorecard, docs/readings.md #8).

Set-based (a few UPDATEs whatever the number of rows); touches only rows with neither a cause nor a verdict,
so running it again changes nothing it already set."""

import frappe

from service_advisor.domain import complaints as C

REASON = "Recorded before complaints had a cause and a verdict: upheld as the scorecard counted it."


def execute():
	if not frappe.db.has_column("Service Complaint", "verdict"):
		return
	c = frappe.qb.DocType("Service Complaint")
	undecided = (c.verdict.isnull() | (c.verdict == "")) & (c.cause.isnull() | (c.cause == ""))
	frappe.qb.update(c).set(c.verdict_from_upgrade, 1).where(undecided).run()
	marked = (c.verdict_from_upgrade == 1) & (c.verdict.isnull() | (c.verdict == ""))
	unset = c.cause.isnull() | (c.cause == "")

	frappe.qb.update(c).set(c.cause, C.OPEN_ISSUE).where(marked & unset & (c.from_overdue_issue == 1)).run()

	cb = frappe.qb.DocType("Callback")
	by_cause: dict[str, list[str]] = {}
	for row in (
		frappe.qb.from_(c)
		.join(cb)
		.on(cb.name == c.callback)
		.select(c.name, cb.satisfaction_attitude, cb.satisfaction_explanation, cb.satisfaction_timeliness)
		.where(marked & unset)
	).run(as_dict=True):
		cause = C.cause_from_callback(
			{
				"attitude": row.satisfaction_attitude,
				"explanation": row.satisfaction_explanation,
				"timeliness": row.satisfaction_timeliness,
			}
		)
		by_cause.setdefault(cause or C.ADVISOR_SERVICE, []).append(row.name)
	for cause, names in by_cause.items():
		for start in range(0, len(names), 1000):
			frappe.qb.update(c).set(c.cause, cause).where(c.name.isin(names[start : start + 1000])).run()

	frappe.qb.update(c).set(c.cause, C.ADVISOR_SERVICE).where(marked & unset).run()
	frappe.qb.update(c).set(c.attributed, 1).where(marked & c.advisor.isnotnull() & (c.advisor != "")).run()
	frappe.qb.update(c).set(c.verdict_reason, REASON).set(c.verdict, C.UPHELD).where(marked).run()
