"""After the car leaves: callbacks, complaints, praise, open issues and the monthly maintenance list."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import add_to_date, getdate, now_datetime, nowdate

from service_advisor.domain import complaints as complaint_rules
from service_advisor.domain import followup as rules
from service_advisor.domain import roles as R
from service_advisor.exceptions import CallbackError
from service_advisor.services.settings import company_setting, get_settings, setting
from service_advisor.services.users import users_with_role

CALLBACK = "Callback"


# ---------------------------------------------------------------- after-service calls
def create_after_service_callback(order) -> str | None:
	"""Called when a Repair Order is delivered (submitted). Two calls (safe to call twice):
	- customer service's satisfaction survey (客服回访), due `callback_days` after delivery, routed to the
	  dealership's customer service pool; it drives praise and complaints, never made by the advisor;
	- the advisor's care call the day after delivery when the order had many items or was a repeat repair
	  (working rule 10): did the repair hold? Made and logged by the advisor; not an input of their pay.
	Returns the survey."""
	key = f"AS-{order.name}"
	existing = frappe.db.get_value(CALLBACK, {"dedupe_key": key}, "name")
	if existing:
		return existing
	delivered = getdate(order.delivered_on)
	create_care_call(order, delivered)
	due, rule = rules.survey_due(delivered, int(company_setting("callback_days", order.company)))
	callback = frappe.get_doc(
		{
			"doctype": CALLBACK,
			"callback_type": rules.AFTER_SERVICE,
			"customer": order.customer,
			"vehicle": order.vehicle,
			"repair_order": order.name,
			"advisor": order.advisor,
			"company": order.company,
			"assigned_to": customer_service_agent(order.company),
			"due_date": due,
			"first_due_date": due,
			"due_rule": rule,
			"dedupe_key": key,
		}
	)
	callback.insert(ignore_permissions=True)  # created by the system on delivery, whoever delivers
	return callback.name


def create_care_call(order, delivered) -> str | None:
	"""The advisor's next-day call (服务顾问应及时在车辆出厂次日进行回访关注) when the order had at least
	`callback_many_items_threshold` items or the vehicle was delivered within `repeat_repair_window_days`
	before this arrival; None otherwise."""
	key = f"CC-{order.name}"
	existing = frappe.db.get_value(CALLBACK, {"dedupe_key": key}, "name")
	if existing:
		return existing
	arrival = getdate(order.arrival_time or order.delivered_on)
	ro = frappe.qb.DocType("Repair Order")
	previous = (
		frappe.qb.from_(ro)
		.select(ro.delivered_on)
		.where(
			(ro.vehicle == order.vehicle)
			& (ro.docstatus == 1)
			& (ro.name != order.name)
			& ro.delivered_on.isnotnull()
		)
	).run(pluck=True)
	repeat = rules.is_repeat_repair(
		arrival, [getdate(d) for d in previous], int(setting("repeat_repair_window_days"))
	)
	care = rules.care_call_due(
		delivered, len(order.items), repeat, int(setting("callback_many_items_threshold"))
	)
	if not care:
		return None
	due, rule = care
	callback = frappe.get_doc(
		{
			"doctype": CALLBACK,
			"callback_type": rules.CARE_CALL,
			"customer": order.customer,
			"vehicle": order.vehicle,
			"repair_order": order.name,
			"advisor": order.advisor,
			"company": order.company,
			"assigned_to": order.advisor,
			"due_date": due,
			"first_due_date": due,
			"due_rule": rule,
			"dedupe_key": key,
		}
	)
	callback.insert(ignore_permissions=True)
	return callback.name


# ---------------------------------------------------------------- the customer service pool
def customer_service_pool(company: str | None) -> list[str]:
	"""The dealership's customer service: enabled users with the Customer Service Agent role whose active
	Employee record is at `company` (role + company, like an advisor's dealership)."""
	if not company:
		return []
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	employee = frappe.qb.DocType("Employee")
	return (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.join(employee)
		.on(employee.user_id == user.name)
		.select(user.name)
		.distinct()
		.where(
			(has_role.role == R.CUSTOMER_SERVICE_AGENT)
			& (has_role.parenttype == "User")
			& (user.enabled == 1)
			& (employee.status == "Active")
			& (employee.company == company)
		)
		.orderby(user.name)
	).run(pluck=True)


def customer_service_agent(company: str | None) -> str | None:
	"""Who makes a customer-service call of the dealership: the member of its pool with the fewest open
	calls; without a pool, the settings' Callback Agent; else nobody yet (the daily reminder goes to the
	Service Managers, who assign it)."""
	pool = customer_service_pool(company)
	if not pool:
		return get_settings().callback_agent or None
	cb = frappe.qb.DocType(CALLBACK)
	load = dict.fromkeys(pool, 0)
	for assignee, count in (
		frappe.qb.from_(cb)
		.select(cb.assigned_to, Count(cb.name))
		.where((cb.status == "Open") & cb.assigned_to.isin(pool))
		.groupby(cb.assigned_to)
	).run():
		load[assignee] = int(count)
	return rules.least_loaded(load)


def create_declined_work_callback(add_on) -> str:
	"""A declined add-on is followed up after the settings' delay; booking from it counts as recovered."""
	key = f"DW-{add_on.name}"
	existing = frappe.db.get_value(CALLBACK, {"dedupe_key": key}, "name")
	if existing:
		return existing
	due = frappe.utils.add_days(
		getdate(add_on.decided_on or nowdate()), int(setting("declined_work_followup_days"))
	)
	advisor, company = frappe.db.get_value("Repair Order", add_on.repair_order, ["advisor", "company"])
	advisor = add_on.advisor or advisor
	doc = frappe.get_doc(
		{
			"doctype": CALLBACK,
			"callback_type": rules.DECLINED_WORK,
			"customer": add_on.customer,
			"vehicle": add_on.vehicle,
			"repair_order": add_on.repair_order,
			"add_on_item": add_on.name,
			"declined_value": add_on.estimated_total,
			"advisor": advisor,
			"assigned_to": customer_service_agent(company),
			"due_date": due,
			"first_due_date": due,
			"due_rule": rules.RULE_DECLINED,
			"dedupe_key": key,
		}
	)
	doc.insert(ignore_permissions=True)  # created by the system when the customer declines
	return doc.name


# ---------------------------------------------------------------- attempts
def log_attempt(
	callback,
	reached: bool,
	notes: str | None = None,
	next_attempt_on: str | None = None,
	attitude: str | None = None,
	explanation: str | None = None,
	timeliness: str | None = None,
	fault_fixed: str | None = None,
	suggestions: str | None = None,
	invitation_made: bool = False,
	praise: str | None = None,
):
	if callback.status != "Open":
		frappe.throw(_("Callback {0} is {1}.").format(callback.name, _(callback.status)), CallbackError)
	for answer in (attitude, explanation, timeliness):
		if answer and answer not in rules.SATISFACTION:
			frappe.throw(
				_("Satisfaction must be one of: {0}.").format(", ".join(rules.SATISFACTION)), CallbackError
			)
	if (
		reached
		and callback.callback_type == rules.AFTER_SERVICE
		and not (attitude and explanation and timeliness)
	):
		frappe.throw(
			_("Record the customer's satisfaction with attitude, explanation and timeliness."), CallbackError
		)
	if callback.callback_type == rules.CARE_CALL:
		if attitude or explanation or timeliness or praise:
			frappe.throw(
				_(
					"The care call asks whether the repair held; satisfaction and praise are customer service's survey."
				),
				CallbackError,
			)
		if reached and fault_fixed not in ("Yes", "No"):
			frappe.throw(_("Record whether the repair held (fault fixed: Yes or No)."), CallbackError)
	next_day = getdate(next_attempt_on) if next_attempt_on else None
	if not reached and next_day and next_day < getdate(nowdate()):
		frappe.throw(_("The next attempt cannot be in the past."), CallbackError)
	attempts = int(callback.attempt_count or 0) + 1
	result = rules.after_attempt(bool(reached), attempts, int(setting("callback_max_attempts")), next_day)
	if result.status == "Open" and not result.due_date:
		frappe.throw(_("Schedule the next attempt."), CallbackError)
	callback.append(
		"attempts",
		{
			"attempted_on": now_datetime(),
			"attempted_by": frappe.session.user,
			"reached": int(bool(reached)),
			"notes": notes,
			"next_attempt_on": result.due_date,
		},
	)
	callback.attempt_count = attempts
	callback.status = result.status
	if result.due_date:
		callback.due_date = result.due_date
	if reached:
		callback.update(
			{
				"satisfaction_attitude": attitude,
				"satisfaction_explanation": explanation,
				"satisfaction_timeliness": timeliness,
				"fault_fixed": fault_fixed,
				"suggestions": suggestions,
				"invitation_made": int(bool(invitation_made)),
				"completed_on": now_datetime(),
			}
		)
	callback.flags.sa_attempt = True
	callback.save()
	if reached and rules.dissatisfied(attitude, explanation, timeliness):
		cause = complaint_rules.cause_from_callback(
			{"attitude": attitude, "explanation": explanation, "timeliness": timeliness}
		)
		callback.db_set("service_complaint", raise_complaint_from(callback, notes, cause))
	if reached and praise:
		make_commendation(callback, praise)
	if reached and suggestions:
		notify_managers(
			callback, _("Customer suggestion from callback {0}: {1}").format(callback.name, suggestions)
		)
	return callback


def raise_complaint_from(callback, notes: str | None, cause: str | None = None) -> str:
	"""A "Dissatisfied" answer raises a company complaint about the order's advisor, with the cause the
	customer stated; it counts once a Service Manager upholds it and attributes it to the advisor."""
	complaint = frappe.get_doc(
		{
			"doctype": "Service Complaint",
			"level": "Company",
			"complaint_date": nowdate(),
			"customer": callback.customer,
			"advisor": callback.advisor,
			"repair_order": callback.repair_order,
			"callback": callback.name,
			"cause": cause,
			"description": notes or _("Customer dissatisfied in callback {0}").format(callback.name),
		}
	)
	complaint.flags.sa_cause_from_callback = True  # the survey's answers state the cause
	complaint.insert(ignore_permissions=True)  # raised by the system from the agent's answers
	return complaint.name


def make_commendation(callback, praise: str) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Commendation",
			"advisor": callback.advisor,
			"source": "Callback",
			"commendation_date": nowdate(),
			"customer": callback.customer,
			"repair_order": callback.repair_order,
			"callback": callback.name,
			"description": praise,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def book_appointment(
	callback, scheduled_start: str, duration_minutes: int = 60, requested_services: str | None = None
) -> str:
	if callback.service_appointment:
		frappe.throw(
			_("Callback {0} already booked {1}.").format(callback.name, callback.service_appointment),
			CallbackError,
		)
	if not callback.vehicle:
		frappe.throw(_("Callback {0} has no vehicle to book.").format(callback.name), CallbackError)
	appointment = frappe.get_doc(
		{
			"doctype": "Service Appointment",
			"customer": callback.customer,
			"vehicle": callback.vehicle,
			"source": "Proactive Call",
			"scheduled_start": scheduled_start,
			"duration_minutes": duration_minutes,
			"requested_services": requested_services,
			"advisor": callback.advisor,
			"callback": callback.name,
			"from_invitation": int(callback.callback_type == rules.MAINTENANCE_INVITATION),
		}
	).insert()
	callback.db_set({"service_appointment": appointment.name, "invitation_made": 1})
	return appointment.name


# ---------------------------------------------------------------- managers, ToDos
def manager_users() -> list[str]:
	return users_with_role(R.SERVICE_MANAGER)


def ensure_todo(reference_type: str, reference_name: str, user: str, description: str, date=None) -> bool:
	"""One open ToDo per (document, user): running the scheduler twice creates nothing twice."""
	if not user or frappe.db.exists(
		"ToDo",
		{
			"reference_type": reference_type,
			"reference_name": reference_name,
			"allocated_to": user,
			"status": "Open",
		},
	):
		return False
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"reference_type": reference_type,
			"reference_name": reference_name,
			"description": description,
			"date": date,
			"priority": "Medium",
			"assigned_by": "Administrator",
		}
	).insert(ignore_permissions=True)
	return True


def notify_managers(doc, message: str):
	for manager in manager_users():
		ensure_todo(doc.doctype, doc.name, manager, message)


# ---------------------------------------------------------------- scheduled jobs
def daily():
	"""Callbacks due today (or overdue) on the assignees' ToDo lists; overdue open issues escalated."""
	remind_due_callbacks()
	escalate_overdue_issues()


def remind_due_callbacks(today=None) -> int:
	today = getdate(today or nowdate())
	created = 0
	managers = None
	for cb in frappe.get_all(
		CALLBACK,
		filters={"status": "Open", "due_date": ("<=", today)},
		fields=["name", "assigned_to", "customer_name", "due_date"],
	):
		message = _("Call back {0} (due {1})").format(cb.customer_name, cb.due_date)
		if cb.assigned_to:
			created += ensure_todo(CALLBACK, cb.name, cb.assigned_to, message, cb.due_date)
			continue
		# no customer service agent at the dealership yet: its managers assign the call
		managers = manager_users() if managers is None else managers
		for manager in managers:
			created += ensure_todo(
				CALLBACK, cb.name, manager, _("Assign the call: {0}").format(message), cb.due_date
			)
	return created


def escalate_overdue_issues(today=None) -> list[str]:
	today = getdate(today or nowdate())
	escalated = []
	for issue in frappe.get_all(
		"Customer Open Issue",
		filters={"status": ("!=", "Resolved"), "promised_date": ("<", today)},
		fields=["name", "customer_name", "promised_date", "responsible_person", "escalated"],
	):
		message = _("Open issue of {0} is overdue (promised {1})").format(
			issue.customer_name, issue.promised_date
		)
		ensure_todo("Customer Open Issue", issue.name, issue.responsible_person, message)
		if not issue.escalated:
			doc = frappe.get_doc("Customer Open Issue", issue.name)
			doc.escalated = 1
			doc.escalated_on = now_datetime()
			doc.flags.ignore_permissions = True
			doc.save()  # the "Open Issue Escalated" Notification fires on this change
			escalated.append(issue.name)
		for manager in manager_users():
			ensure_todo("Customer Open Issue", issue.name, manager, message)
	return escalated


def monthly():
	generate_maintenance_invitations()


def generate_maintenance_invitations(month: str | None = None) -> list[str]:
	"""The month's customers due back for maintenance get a Maintenance Invitation callback. Idempotent:
	each (vehicle, month) has one invitation, guaranteed by a unique key."""
	day = getdate(f"{month}-01") if month else getdate(nowdate())
	start, end = rules.month_bounds(day.year, day.month)
	key_month = rules.month_key(start)
	vehicle = frappe.qb.DocType("Customer Vehicle")
	candidates = (
		frappe.qb.from_(vehicle)
		.select(
			vehicle.name,
			vehicle.customer,
			vehicle.next_service_date,
			vehicle.next_service_km,
			vehicle.last_odometer,
			vehicle.last_service_date,
		)
		.where(vehicle.next_service_date.between(start, end) | (vehicle.next_service_km > 0))
	).run(as_dict=True)
	callback = frappe.qb.DocType(CALLBACK)
	existing = set(
		frappe.qb.from_(callback)
		.select(callback.dedupe_key)
		.where(
			(callback.callback_type == rules.MAINTENANCE_INVITATION)
			& (callback.maintenance_month == key_month)
		)
		.run(pluck=True)
	)
	daily_km = float(setting("average_daily_km"))
	last = last_orders([v.name for v in candidates])
	advisors = {vehicle: row.advisor for vehicle, row in last.items()}
	created = []
	for v in candidates:
		key = f"MI-{v.name}-{key_month}"
		if key in existing:
			continue
		if not rules.maintenance_due(
			start,
			end,
			getdate(v.next_service_date) if v.next_service_date else None,
			v.next_service_km,
			v.last_odometer,
			getdate(v.last_service_date) if v.last_service_date else None,
			daily_km,
		):
			continue
		due = max(start, getdate(nowdate())) if start <= getdate(nowdate()) <= end else start
		doc = frappe.get_doc(
			{
				"doctype": CALLBACK,
				"callback_type": rules.MAINTENANCE_INVITATION,
				"customer": v.customer,
				"vehicle": v.name,
				"advisor": advisors.get(v.name),
				"company": last[v.name].company if v.name in last else None,
				"assigned_to": advisors.get(v.name),  # the advisor's (6S item 32), never customer service
				"due_date": due,
				"first_due_date": due,
				"due_rule": rules.RULE_MAINTENANCE,
				"maintenance_month": key_month,
				"dedupe_key": key,
			}
		)
		doc.insert(ignore_permissions=True)
		created.append(doc.name)
	return created


def last_orders(vehicles: list[str]) -> dict[str, frappe._dict]:
	"""Each vehicle's latest delivered order: its advisor and company (one query)."""
	if not vehicles:
		return {}
	ro = frappe.qb.DocType("Repair Order")
	rows = (
		frappe.qb.from_(ro)
		.select(ro.vehicle, ro.advisor, ro.company, ro.delivered_on)
		.where((ro.vehicle.isin(vehicles)) & (ro.docstatus == 1))
		.orderby(ro.delivered_on)
	).run(as_dict=True)
	return {row.vehicle: row for row in rows}
