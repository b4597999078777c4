# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

"""Issue 29 over HTTP (gunicorn): an advisor logs their own next-day care call, records the handling of a
complaint that names them, and is refused the customer-service survey of their own order, the complaint's cause, its attribution and its
verdict, through every door (the handling method itself, REST, frappe.client, the desk's save).

The data is committed (the server's workers have their own connections), uniquely named, and removed."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from service_advisor.testing.factories import make_complaint, make_delivered_repair_order, make_user
from service_advisor.testing.live_server import LiveServer, set_test_password
from service_advisor.tests.test_http_fuzz import clear_rate_limits

HANDLING = "service_advisor.api.followup.record_complaint_handling"


class TestComplaintOverHttp(FrappeTestCase):
	def test_the_advisor_handles_and_is_refused_the_survey_cause_attribution_and_verdict(self):
		advisor = make_user(roles=("Service Advisor",)).name
		other = make_user(roles=("Service Advisor",)).name
		set_test_password(advisor)
		order = make_delivered_repair_order(advisor=advisor, items=[{"qty": 1, "rate": 100}] * 5)
		callback = frappe.db.get_value(
			"Callback", {"repair_order": order.name, "callback_type": "After Service"}, "name"
		)
		care_call = frappe.db.get_value(
			"Callback", {"repair_order": order.name, "callback_type": "Care Call"}, "name"
		)
		mine = make_complaint(advisor, verdict=None, repair_order=order.name).name
		theirs = make_complaint(other, verdict=None).name
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers must see the rows
		clear_rate_limits()
		try:
			with LiveServer(workers=2) as server:
				s = server.session(advisor)
				url = server.url

				def post(method, **data):
					return s.post(f"{url}/api/method/{method}", data=data, timeout=60)

				care = post(
					"service_advisor.api.followup.log_callback_attempt",
					callback=care_call,
					reached=1,
					notes="Brakes quiet now",
					fault_fixed="Yes",
				)
				handled = post(
					HANDLING,
					complaint=mine,
					progress="Called the customer",
					customer_informed=1,
					resolution="Apologised; free wash",
					resolved=1,
					verdict="Not Upheld",  # not an argument of the method: never reaches the complaint
					cause="Workshop Quality",
				)
				refused = {
					"handling another advisor's complaint": post(HANDLING, complaint=theirs, progress="x"),
					"the survey of the own order": post(
						"service_advisor.api.followup.log_callback_attempt",
						callback=callback,
						reached=1,
						attitude="Satisfied",
						explanation="Satisfied",
						timeliness="Satisfied",
					),
					"REST verdict": s.put(
						f"{url}/api/resource/Service Complaint/{mine}",
						json={"verdict": "Not Upheld", "verdict_reason": "not me"},
						timeout=60,
					),
					"frappe.client cause": post(
						"frappe.client.set_value",
						doctype="Service Complaint",
						name=mine,
						fieldname="cause",
						value="Workshop Quality",
					),
					"frappe.client attribution": post(
						"frappe.client.set_value",
						doctype="Service Complaint",
						name=mine,
						fieldname="attributed",
						value=0,
					),
					"desk save": post(
						"frappe.desk.form.save.savedocs",
						doc=json.dumps(
							{
								**frappe.get_doc("Service Complaint", mine).as_dict(
									convert_dates_to_str=True
								),
								"verdict": "Upheld",
								"cause": "Price",
								"verdict_reason": "x",
							}
						),
						action="Save",
					),
				}
		finally:
			clear_rate_limits()
		try:
			self.assertEqual(care.status_code, 200, care.text[-500:])
			self.assertEqual(care.json()["message"], "Completed")
			self.assertEqual(
				frappe.db.get_value("Callback", care_call, ["fault_fixed", "attempt_count"]), ("Yes", 1)
			)
			self.assertEqual(handled.status_code, 200, handled.text[-500:])
			self.assertEqual(handled.json()["message"], "Resolved")
			for what, response in refused.items():
				self.assertIn(response.status_code, (403, 404, 417), (what, response.text[-300:]))
			stored = frappe.get_doc("Service Complaint", mine)
			self.assertEqual(
				(stored.cause or None, stored.verdict or None, stored.attributed, stored.status),
				(None, None, 0, "Resolved"),
			)
			self.assertIn(f"{advisor}: Called the customer", stored.progress)
			self.assertEqual(stored.resolution, "Apologised; free wash")
			self.assertIsNone(frappe.db.get_value("Service Complaint", theirs, "progress"))
			self.assertEqual(frappe.db.get_value("Callback", callback, "attempt_count"), 0)
		finally:
			for name in (mine, theirs):
				frappe.delete_doc("Service Complaint", name, ignore_permissions=True, force=True)
			frappe.db.commit()  # nosemgrep: frappe-manual-commit -- undo the committed complaints
