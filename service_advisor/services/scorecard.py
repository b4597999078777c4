"""Monthly Advisor Scorecards: set-based gathering of the month's inputs, computation in
service_advisor.domain.scorecard, creation / refresh of drafts, Excel export for payroll."""

from collections import defaultdict
from io import BytesIO

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import getdate, nowdate

from service_advisor.domain import followup as dates
from service_advisor.domain import roles as R
from service_advisor.domain import scorecard as sc
from service_advisor.domain import six_s
from service_advisor.services.company import advisor_companies
from service_advisor.services.settings import company_setting, company_values, get_settings, setting
from service_advisor.services.users import users_with_role

SCORECARD = "Advisor Scorecard"


def parse_month(month: str | None) -> tuple[str, object, object]:
	day = getdate(f"{month}-01") if month else getdate(nowdate())
	start, end = dates.month_bounds(day.year, day.month)
	return dates.month_key(start), start, end


def advisor_users() -> list[str]:
	return users_with_role(R.SERVICE_ADVISOR)


def amounts(company: str | None = None, values: dict | None = None) -> sc.Amounts:
	"""The penalties and rewards of the advisor's dealership (its overrides, else site-wide)."""
	values = company_values(company) if values is None else values
	return sc.Amounts(
		**{f: float(company_setting(f, company, values)) for f in sc.Amounts.__dataclass_fields__}
	)


def readings() -> sc.Readings:
	"""The seed's readings chosen in Service Advisor Settings (docs/readings.md)."""
	settings = get_settings()
	return sc.Readings(
		deposit_rule=setting("deposit_forfeit_rule"),
		six_s_method=setting("six_s_monthly_method"),
		praise_basis=setting("praise_reward_basis"),
		open_issue_rule=setting("open_issue_complaint_penalty"),
		non_advisor_csi_items=frozenset(
			text
			for row in settings.get("csi_items") or []
			if not row.advisor_item
			for text in (row.survey_item, row.also_written_as)
			if text
		),
		advisor_csi_items=frozenset(
			text
			for row in settings.get("csi_items") or []
			if row.advisor_item
			for text in (row.survey_item, row.also_written_as)
			if text
		),
	)


def gather(
	month: str, company: str | None = None
) -> tuple[dict[str, sc.AdvisorMonth], set[str], set[str], dict[str, list[object]]]:
	"""The month's inputs for every advisor: a fixed number of queries whatever the number of advisors.
	With a company, only that dealership's documents count, so the rankings are within it."""
	if company:
		return gather_companies(month, [company])[company]
	return _gather(month, None)[None]


def gather_companies(month: str, companies: list[str]) -> dict[str, tuple]:
	"""`gather` for each of several dealerships at once: the same fixed number of queries whatever the
	number of companies, each company's rows (and rankings) kept apart."""
	gathered = _gather(month, list(companies))
	empty = (defaultdict(sc.AdvisorMonth), set(), set(), defaultdict(list))
	return {company: gathered.get(company) or empty for company in companies}


def _gather(month: str, companies: list[str] | None) -> dict:
	"""The month's inputs keyed by company (by None when `companies` is None: the whole site at once)."""
	key, start, end = parse_month(month)
	per: dict = {}

	def month_of(row) -> tuple[dict, dict]:
		bucket = per.setdefault(
			row.company if companies is not None else None,
			(defaultdict(sc.AdvisorMonth), defaultdict(list)),
		)
		return bucket

	if companies == []:
		return per

	i = frappe.qb.DocType("Front Desk 6S Inspection")
	for row in (
		frappe.qb.from_(i)
		.select(i.name, i.company, i.advisor, i.score, i.inspection_date)
		.where((i.docstatus == 1) & i.inspection_date.between(start, end) & of_companies(i, companies))
		.orderby(i.inspection_date)
		.orderby(i.name)
	).run(as_dict=True):
		data, inspection_days = month_of(row)
		data[row.advisor].six_s_scores.append((row.name, float(row.score)))
		inspection_days[row.advisor].append(getdate(row.inspection_date))
	add_spot_checks_of(month_of, start, end, companies)

	# every complaint naming the advisor: the counted ones cost money, the others are listed with why not
	c = frappe.qb.DocType("Service Complaint")
	for row in (
		frappe.qb.from_(c)
		.select(
			c.name,
			c.company,
			c.advisor,
			c.level,
			c.from_overdue_issue,
			c.cause,
			c.verdict,
			c.attributed,
			c.verdict_reason,
		)
		.where(c.complaint_date.between(start, end) & c.advisor.isnotnull() & of_companies(c, companies))
		.orderby(c.complaint_date)
		.orderby(c.name)
	).run(as_dict=True):
		month_of(row)[0][row.advisor].complaints.append(
			sc.Complaint(
				row.name,
				row.level,
				bool(row.from_overdue_issue),
				row.cause or None,
				row.verdict or None,
				bool(row.attributed),
				row.verdict_reason,
			)
		)

	m = frappe.qb.DocType("Commendation")
	for row in (
		frappe.qb.from_(m)
		.select(m.name, m.company, m.advisor, m.source, m.sent_to_manufacturer)
		.where(m.commendation_date.between(start, end) & of_companies(m, companies))
		.orderby(m.name)
	).run(as_dict=True):
		data = month_of(row)[0]
		if row.source == "Callback":
			data[row.advisor].callback_praise.append(row.name)
		if row.source in ("Letter", "Banner") and row.sent_to_manufacturer:
			data[row.advisor].manufacturer_commendations.append(row.name)

	r = frappe.qb.DocType("CSI Result")
	for row in (
		frappe.qb.from_(r)
		.select(
			r.name,
			r.company,
			r.advisor,
			r.survey_item,
			r.advisor_score,
			r.national_average,
			r.full_mark_count,
		)
		.where((r.period == key) & of_companies(r, companies))
		.orderby(r.survey_item)
	).run(as_dict=True):
		month_of(row)[0][row.advisor].csi.append(
			sc.CsiRow(
				row.name, row.survey_item, row.advisor_score, row.national_average, row.full_mark_count or 0
			)
		)

	a = frappe.qb.DocType("Document Audit")
	for row in (
		frappe.qb.from_(a)
		.select(a.name, a.company, a.advisor, a.total_fine)
		.where((a.docstatus == 1) & a.audit_date.between(start, end) & of_companies(a, companies))
		.orderby(a.name)
	).run(as_dict=True):
		month_of(row)[0][row.advisor].audit_fines.append((row.name, float(row.total_fine or 0)))

	for row in commission_sales_of(start, end, companies).run(as_dict=True):
		advisor_month = month_of(row)[0][row.advisor]
		if row.item_type == "Part":
			advisor_month.parts_sales += float(row.amount or 0)
		else:
			advisor_month.labour_sales += float(row.amount or 0)
		advisor_month.invoices.append((row.invoice, row.item_type, float(row.amount or 0)))

	if companies is None:
		per.setdefault(None, (defaultdict(sc.AdvisorMonth), defaultdict(list)))
	result = {}
	for company, (data, inspection_days) in per.items():
		most_praised = sc.winners({adv: len(m.callback_praise) for adv, m in data.items()})
		most_full_marks = sc.winners({adv: sum(x.full_marks for x in m.csi) for adv, m in data.items()})
		result[company] = (data, most_praised, most_full_marks, inspection_days)
	return result


def of_companies(table, companies: list[str] | None):
	"""Criterion: the row belongs to one of the companies (always true without a list)."""
	return table.company.isin(companies) if companies is not None else table.name.isnotnull()


def commission_sales(start, end, company: str | None = None):
	"""Net sales of each advisor's settled repair orders, by labour / part, from submitted invoices."""
	return commission_sales_of(start, end, [company] if company else None)


def commission_sales_of(start, end, companies: list[str] | None):
	"""`commission_sales` for several dealerships, with the order's company in each row."""
	si = frappe.qb.DocType("Sales Invoice")
	sii = frappe.qb.DocType("Sales Invoice Item")
	roi = frappe.qb.DocType("Repair Order Item")
	ro = frappe.qb.DocType("Repair Order")
	return (
		frappe.qb.from_(sii)
		.join(si)
		.on(si.name == sii.parent)
		.join(roi)
		.on(roi.name == sii.repair_order_item)
		.join(ro)
		.on(ro.name == sii.repair_order)
		.select(
			ro.company, ro.advisor, roi.item_type, si.name.as_("invoice"), Sum(sii.net_amount).as_("amount")
		)
		.where((si.docstatus == 1) & si.posting_date.between(start, end) & of_companies(ro, companies))
		.groupby(ro.company, ro.advisor, roi.item_type, si.name)
		.orderby(si.name)
	)


def add_spot_checks_of(month_of, start, end, companies: list[str] | None):
	"""`add_spot_checks` for several dealerships: `month_of(row)` gives the row's company's inputs."""
	i = frappe.qb.DocType("Front Desk 6S Inspection")
	item = frappe.qb.DocType("Front Desk 6S Inspection Item")
	checks: dict[str, dict] = {}
	for row in (
		frappe.qb.from_(i)
		.left_join(item)
		.on((item.parent == i.name) & (item.parenttype == "Front Desk 6S Inspection") & (item.deduction > 0))
		.select(i.name, i.company, i.advisor, i.score, item.item_no, item.rating_mode, item.deduction)
		.where((i.docstatus == 1) & i.inspection_date.between(start, end) & of_companies(i, companies))
		.orderby(i.inspection_date)
		.orderby(i.name)
		.orderby(item.idx)
	).run(as_dict=True):
		check = checks.setdefault(
			row.name, {"row": row, "advisor": row.advisor, "score": float(row.score), "items": []}
		)
		if row.deduction:
			check["items"].append((int(row.item_no or 0), row.rating_mode, float(row.deduction)))
	for name, check in checks.items():
		month_of(check["row"])[0][check["advisor"]].spot_checks.append(
			sc.SpotCheck(name, check["score"], tuple(check["items"]))
		)


def compute_for(
	advisor: str, month: str, gathered=None, context: dict | None = None, company: str | None = None
) -> tuple[sc.Result, list[str], int]:
	"""One advisor's month. `company` is the scorecard's dealership (default: the advisor's company now)."""
	key, start, _end = parse_month(month)
	if not company and (gathered is None or context is None):
		company = advisor_companies([advisor])[advisor]
	data, praised, full_marks, days = gathered or gather(key, company)
	context = context or month_context(start, company)
	result = sc.compute(
		advisor,
		data.get(advisor) or sc.AdvisorMonth(),
		context["amounts"],
		context["labour_rate"],
		context["parts_rate"],
		praised,
		full_marks,
		context["readings"],
	)
	weeks = six_s.weeks_below_minimum(days.get(advisor, []), context["weeks"], context["minimum"])
	return result, weeks, len(days.get(advisor, []))


def month_context(start, company: str | None = None) -> dict:
	"""What every advisor of a dealership shares in a month's computation: read once, not per advisor."""
	values = company_values(company)
	return {
		"amounts": amounts(company, values),
		"readings": readings(),
		"labour_rate": float(company_setting("labour_commission_rate", company, values) or 0),
		"parts_rate": float(company_setting("parts_commission_rate", company, values) or 0),
		"weeks": six_s.weeks_of_month(start.year, start.month),
		"minimum": int(setting("min_inspections_per_week")),
	}


def apply_result(doc, result: sc.Result, weeks: list[str], inspections: int):
	doc.update(
		{
			"score": result.score,
			"inspection_count": inspections,
			"weeks_below_minimum": ", ".join(weeks),
			"complaint_count": result.complaint_count,
			"base_commission": result.base_commission,
			"rewards": result.rewards,
			"penalties": result.penalties,
			"deposit_forfeited": int(result.deposit_forfeited),
			"deposit": result.deposit,
			"payable": result.payable,
			"not_assessed": int(not result.assessed),
		}
	)
	doc.set(
		"lines",
		[
			{
				"line_type": line.line_type,
				"description": line.description,
				"amount": line.amount,
				"reference_doctype": line.reference_doctype,
				"reference_name": line.reference_name,
			}
			for line in result.lines
		],
	)
	doc.set(
		"sources",
		[
			{
				"line_no": number,
				"line_type": line.line_type,
				"reference_doctype": source.doctype,
				"reference_name": source.name,
				"detail": source.detail,
				"value": source.value,
			}
			for number, line in enumerate(result.lines, start=1)
			for source in line.sources
		],
	)


def signature(doc) -> tuple:
	fields = (
		"score",
		"inspection_count",
		"weeks_below_minimum",
		"complaint_count",
		"base_commission",
		"rewards",
		"penalties",
		"deposit_forfeited",
		"deposit",
		"payable",
		"not_assessed",
	)
	return (
		tuple((doc.get(f) or "") if f == "weeks_below_minimum" else float(doc.get(f) or 0) for f in fields),
		tuple(
			(
				l.line_type,
				l.description or "",
				float(l.amount or 0),
				l.reference_doctype or "",
				l.reference_name or "",
			)
			for l in doc.lines
		),
		tuple(
			(
				int(s.line_no or 0),
				s.line_type or "",
				s.reference_doctype or "",
				s.reference_name or "",
				s.detail or "",
				float(s.value or 0),
			)
			for s in doc.get("sources") or []
		),
	)


def generate_scorecards(month: str | None = None, advisors: list[str] | None = None) -> dict[str, list[str]]:
	"""Create or refresh the month's draft scorecards; never touch one in approval or submitted.
	Running it twice changes nothing."""
	key, start, _end = parse_month(month)
	out = {"created": [], "refreshed": [], "unchanged": [], "skipped": []}
	advisors = advisors if advisors is not None else advisor_users()
	companies = advisor_companies(advisors)  # each advisor's dealership: rankings are within it
	by_company: dict = {}
	for advisor in advisors:
		company = companies[advisor]
		if company not in by_company:
			by_company[company] = (gather(key, company), month_context(start, company))
		gathered, context = by_company[company]
		existing = frappe.db.get_value(
			SCORECARD,
			{"advisor": advisor, "month": key, "company": company, "docstatus": ("<", 2)},
			["name", "docstatus", "workflow_state"],
			as_dict=True,
		)
		result, weeks, inspections = compute_for(advisor, key, gathered, context)
		if existing and (existing.docstatus == 1 or (existing.workflow_state or sc.DRAFT) != sc.DRAFT):
			flag_late_inputs(frappe.get_doc(SCORECARD, existing.name), result, weeks, inspections)
			out["skipped"].append(existing.name)
			continue
		if existing:
			doc = frappe.get_doc(SCORECARD, existing.name)
			before = signature(doc)
			apply_result(doc, result, weeks, inspections)
			if signature(doc) == before:
				out["unchanged"].append(doc.name)
				continue
			doc.flags.sa_refresh = True
			doc.save()
			out["refreshed"].append(doc.name)
		else:
			doc = frappe.get_doc(
				{
					"doctype": SCORECARD,
					"advisor": advisor,
					"month": key,
					"company": company,
					"amended_from": last_cancelled(advisor, key),
				}
			)
			apply_result(doc, result, weeks, inspections)
			doc.flags.sa_refresh = True
			doc.insert()
			out["created"].append(doc.name)
	return out


def last_cancelled(advisor: str, month: str) -> str | None:
	"""The month's last cancelled scorecard of the advisor: a new one amends it (Frappe's trail)."""
	cancelled = frappe.get_all(
		SCORECARD,
		filters={"advisor": advisor, "month": month, "docstatus": 2},
		order_by="creation desc",
		pluck="name",
		limit=1,
	)
	return cancelled[0] if cancelled else None


# ---------------------------------------------------------------- late inputs
def difference(doc, result: sc.Result, weeks: list[str], inspections: int) -> str:
	"""What generating the scorecard now would change: one "field: stored -> now" per line, '' if none."""
	fresh = frappe.get_doc({"doctype": SCORECARD, "advisor": doc.advisor, "month": doc.month})
	apply_result(fresh, result, weeks, inspections)
	changes = [
		f"{fresh.meta.get_label(f)}: {doc.get(f) or 0:g} -> {fresh.get(f) or 0:g}"
		for f in ("score", "complaint_count", "base_commission", "rewards", "penalties", "deposit", "payable")
		if float(doc.get(f) or 0) != float(fresh.get(f) or 0)
	]
	stored = {
		(l.line_type, l.reference_doctype or "", l.reference_name or "", float(l.amount or 0))
		for l in doc.lines
	}
	now = {
		(l.line_type, l.reference_doctype or "", l.reference_name or "", float(l.amount or 0))
		for l in fresh.lines
	}
	changes += [
		f"+ {t} {ref or ''} {amount:g}".replace("  ", " ") for t, _dt, ref, amount in sorted(now - stored)
	]
	changes += [
		f"- {t} {ref or ''} {amount:g}".replace("  ", " ") for t, _dt, ref, amount in sorted(stored - now)
	]
	return "\n".join(changes)


def flag_late_inputs(doc, result: sc.Result, weeks: list[str], inspections: int) -> bool:
	"""A scorecard that left Draft is never refreshed: it shows that its inputs changed, and how."""
	text = difference(doc, result, weeks, inspections)
	if (doc.inputs_difference or "") != text or bool(doc.inputs_changed) != bool(text):
		doc.db_set({"inputs_changed": int(bool(text)), "inputs_difference": text or None})
	return bool(text)


def check_late_inputs(advisor: str | None, day) -> list[str]:
	"""Called when an input of (advisor, day's month) changes: flags that month's scorecard of the advisor
	if it has left Draft. Returns the flagged scorecards."""
	if not advisor or not day:
		return []
	key = dates.month_key(getdate(day))
	cards = frappe.get_all(
		SCORECARD,
		filters={"advisor": advisor, "month": key, "docstatus": ("<", 2), "workflow_state": ("!=", sc.DRAFT)},
		fields=["name", "company"],
	)
	flagged = []
	for name, company in ((card.name, card.company) for card in cards):
		result, weeks, inspections = compute_for(advisor, key, gather(key, company), company=company)
		if flag_late_inputs(frappe.get_doc(SCORECARD, name), result, weeks, inspections):
			flagged.append(name)
	return flagged


def monthly():
	"""Scheduler (1st of the month): last month's scorecards."""
	today = getdate(nowdate())
	last = frappe.utils.add_months(today, -1)
	generate_scorecards(dates.month_key(getdate(last)))


def export_workbook(month: str) -> bytes:
	"""A month's scorecards with their lines, for payroll (openpyxl)."""
	from openpyxl import Workbook

	from service_advisor.domain.spreadsheet import safe_row

	key, _s, _e = parse_month(month)
	# the exporter's own permissions: User Permissions on Company and the row scope apply
	cards = frappe.get_list(
		SCORECARD,
		filters={"month": key, "docstatus": ("<", 2)},
		fields=[
			"name",
			"advisor",
			"workflow_state",
			"score",
			"base_commission",
			"rewards",
			"penalties",
			"deposit",
			"payable",
		],
		order_by="advisor",
	)
	lines = frappe.get_all(
		"Advisor Scorecard Line",
		filters={"parent": ("in", [c.name for c in cards] or [""]), "parenttype": SCORECARD},
		fields=["parent", "line_type", "description", "amount", "reference_doctype", "reference_name"],
		order_by="parent, idx",
	)
	book = Workbook()
	summary = book.active
	summary.title = _("Scorecards")[:31]
	summary.append(
		[
			_("Scorecard"),
			_("Advisor"),
			_("Workflow State"),
			_("Score"),
			_("Base Commission"),
			_("Rewards"),
			_("Penalties"),
			_("Deposit Withheld"),
			_("Payable"),
		]
	)
	for c in cards:
		summary.append(
			safe_row(
				[
					c.name,
					c.advisor,
					_(c.workflow_state or ""),
					c.score,
					c.base_commission,
					c.rewards,
					c.penalties,
					c.deposit,
					c.payable,
				]
			)
		)
	detail = book.create_sheet(_("Lines")[:31])
	detail.append(
		[
			_("Scorecard"),
			_("Line Type"),
			_("Description"),
			_("Amount"),
			_("Reference Document Type"),
			_("Reference Name"),
		]
	)
	for l in lines:
		detail.append(
			safe_row(
				[l.parent, _(l.line_type), l.description, l.amount, l.reference_doctype, l.reference_name]
			)
		)
	buffer = BytesIO()
	book.save(buffer)
	return buffer.getvalue()
