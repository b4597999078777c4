"""Who may change which fields of a stored document in each workflow state: the server side of the
Workflow's "allow edit" (which Frappe enforces only in the browser).

`EDIT_RIGHTS[doctype][state][role]` is the tuple of fields that role may change by a client edit (form,
REST, frappe.client) while the document is in that state; `ALL` means every field a client may write at
all. A role not named for the state may change nothing; `MANAGERS[doctype]` may change every field in
every state. Read-only fields are never a client's to write (they are kept as stored before this check),
and changes of state go through the workflow's transitions, checked by the controllers.

The Repair Order's table follows its workflow (`repair_order.EDITOR`, the shipped Workflow's allow_edit):
the editor of a state is the only desk role that saves the order in that state, and only the fields of
that step of the process. A technician records the work, never who does it or when the customer came.
"""

from service_advisor.domain import repair_order as ro
from service_advisor.domain import roles as R
from service_advisor.domain import scorecard as sc

ALL = ("*",)

# what the advisor records at reception and authorisation (rules: reception, repair order)
RECEPTION = (
	"naming_series",
	"customer",
	"vehicle",
	"odometer",
	"company",
	"advisor",
	"technician",
	"bay",
	"greeting_time",
	"walk_around_done",
	"covers_fitted",
	"valuables_reminded",
	"old_parts_handling",
	"wash_requested",
	"customer_description",
	"advisor_diagnosis",
	"diagnosis_photo",
	"inquiry_sheet_signed",
	"walk_around_findings",
	"items",
	"promised_delivery",
	"authorised_by",
	"authorised_on",
	"authorisation_method",
)
WORK_NOTES = ("handover_notes", "remaining_part_life_notes")
DISPATCH = ("technician", "bay")
DELIVERY = tuple(field for field, _label in ro.DELIVERY_CHECKLIST)
NEXT_SERVICE = ("next_service_date", "next_service_km", "remaining_part_life_notes")

EDIT_RIGHTS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
	"Repair Order": {
		# before check-in the arrival is still the advisor's to enter; from check-in it is stamped
		ro.DRAFT: {R.SERVICE_ADVISOR: (*RECEPTION, "arrival_time")},
		ro.CHECKED_IN: {R.SERVICE_ADVISOR: RECEPTION},
		ro.AUTHORISED: {
			R.SERVICE_ADVISOR: (*DISPATCH, *WORK_NOTES),
			R.TECHNICAL_DIRECTOR: DISPATCH,
		},
		ro.IN_REPAIR: {
			R.WORKSHOP_TECHNICIAN: (*WORK_NOTES, "diagnosis_photo"),
			R.TECHNICAL_DIRECTOR: (*DISPATCH, *WORK_NOTES),
		},
		ro.AWAITING_APPROVAL: {
			R.SERVICE_ADVISOR: WORK_NOTES,
			R.TECHNICAL_DIRECTOR: (*DISPATCH, *WORK_NOTES),
		},
		ro.QUALITY_CHECK: {R.QUALITY_INSPECTOR: WORK_NOTES},
		ro.READY: {R.SERVICE_ADVISOR: (*DELIVERY, *WORK_NOTES, *NEXT_SERVICE)},
		ro.DELIVERED: {R.SERVICE_ADVISOR: NEXT_SERVICE},
		ro.SETTLED: {R.SERVICE_ADVISOR: NEXT_SERVICE, R.ACCOUNTS_USER: NEXT_SERVICE},
		ro.CLOSED: {},
		ro.CANCELLED: {},
	},
	"Advisor Scorecard": {
		sc.DRAFT: {R.SERVICE_MANAGER: ALL},
		sc.PENDING_ADVISOR: {R.SERVICE_ADVISOR: ("rejection_comment",)},
		sc.PENDING_STATION: {R.STATION_MANAGER: ("rejection_comment",)},
		sc.PENDING_GM: {R.GENERAL_MANAGER: ("rejection_comment",)},
		sc.APPROVED: {},
	},
}

MANAGERS: dict[str, tuple[str, ...]] = {
	"Repair Order": (R.SERVICE_MANAGER,),
	"Advisor Scorecard": (),
}


def governed(doctype: str) -> bool:
	return doctype in EDIT_RIGHTS


def allowed_fields(doctype: str, state: str, roles: set[str] | frozenset[str]) -> set[str] | None:
	"""The fields `roles` may change in `state`; None for every field."""
	if set(MANAGERS.get(doctype, ())) & set(roles):
		return None
	allowed: set[str] = set()
	for role, fields in EDIT_RIGHTS.get(doctype, {}).get(state, {}).items():
		if role in roles:
			if fields == ALL:
				return None
			allowed.update(fields)
	return allowed


def refused_fields(
	doctype: str, state: str, roles: set[str] | frozenset[str], changed: list[str] | tuple[str, ...]
) -> list[str]:
	"""The changed fields that `roles` may not change in `state` (in the order given)."""
	if not governed(doctype):
		return []
	allowed = allowed_fields(doctype, state, roles)
	if allowed is None:
		return []
	return [field for field in changed if field not in allowed]
