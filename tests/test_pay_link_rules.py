from service_advisor.domain import pay_link as rule


def test_link_asks_for_the_outstanding_amount_to_the_cent():
	assert rule.link_amount(1234.567) == 1234.57
	assert rule.link_amount(0) == 0
	assert rule.link_amount(-20) == 0
	assert rule.link_amount(None) == 0


def test_the_open_request_for_the_same_amount_is_sent_again():
	requests = [
		{"name": "PR-2", "status": "Initiated", "grand_total": 80},
		{"name": "PR-1", "status": "Requested", "grand_total": 100},
	]
	assert rule.request_to_reuse(requests, 100) == "PR-1"
	assert rule.request_to_reuse(requests, 90) is None
	assert rule.request_to_reuse([{"name": "PR-3", "status": "Paid", "grand_total": 100}], 100) is None


def test_release_needs_payment_or_an_exception_only_where_payment_comes_first():
	assert rule.may_release(False, 500, False).allowed
	assert not rule.may_release(True, 500, False).allowed
	assert rule.may_release(True, 500, False).reason == "unpaid"
	assert rule.may_release(True, 500, True).allowed
	assert rule.may_release(True, 0, False).allowed
	assert rule.may_release(True, 0.004, False).allowed


def test_only_authorised_or_completed_confirms_a_payment():
	assert rule.is_confirmation("Completed") and rule.is_confirmation("Authorized")
	assert not rule.is_confirmation("Failed") and not rule.is_confirmation(None)
