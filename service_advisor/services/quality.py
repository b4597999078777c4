"""Three-stage quality inspection: self/peer check, technical director's patrol, final inspection."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from service_advisor.domain import repair_order as rules
from service_advisor.exceptions import QualityCheckError
from service_advisor.services.repair_order import QC_UPDATE, SYSTEM_TRANSITION, qc_results


def record_quality_check(order, stage: str, result: str, remarks: str | None = None):
	if stage not in rules.QC_STAGES:
		frappe.throw(_("Unknown quality inspection stage {0}.").format(stage), QualityCheckError)
	if result not in (rules.PASS, rules.FAIL):
		frappe.throw(_("Result must be Pass or Fail."), QualityCheckError)
	if order.workflow_state != rules.QUALITY_CHECK:
		frappe.throw(
			_("Quality inspection is recorded only while the order is in {0}.").format(
				_(rules.QUALITY_CHECK)
			),
			QualityCheckError,
		)
	allowed = rules.QC_STAGE_ROLES[stage]
	if not set(allowed) & set(frappe.get_roles()):
		frappe.throw(
			_("{0} is done by: {1}.").format(_(stage), ", ".join(_(r) for r in allowed)),
			frappe.PermissionError,
		)
	expected = rules.next_qc_stage(qc_results(order))
	if stage != expected:
		frappe.throw(
			_("The next inspection stage is {0}, not {1}.").format(_(expected or ""), _(stage)),
			QualityCheckError,
		)
	if result == rules.FAIL and not (remarks or "").strip():
		frappe.throw(_("Say what failed in the remarks."), QualityCheckError)
	order.append(
		"quality_checks",
		{
			"stage": stage,
			"result": result,
			"remarks": (remarks or "").strip() or None,
			"checked_by": frappe.session.user,
			"employee": frappe.db.get_value("Employee", {"user_id": frappe.session.user}, "name"),
			"checked_on": now_datetime(),
		},
	)
	order.flags[QC_UPDATE] = True
	if result == rules.FAIL:
		# back to repair, counted as a rework
		order.rework_count = rules.rework_count(qc_results(order))
		order.workflow_state = rules.IN_REPAIR
		order.flags[SYSTEM_TRANSITION] = True
	order.save()
	return order
