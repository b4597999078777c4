"""`.ci/neighbour.py`: ERPNext's tests on a site with the app against a site without it."""

import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location(
	"neighbour", Path(__file__).resolve().parent.parent / ".ci" / "neighbour.py"
)
neighbour = importlib.util.module_from_spec(spec)
spec.loader.exec_module(neighbour)

CUSTOMER = "erpnext.selling.doctype.customer.test_customer.TestCustomer"
# unittest's output as `run-tests --module` prints it (a traceback shortened)
WITHOUT_APP = f"""\
...E.........
======================================================================
ERROR: test_rename ({CUSTOMER}.test_rename)
----------------------------------------------------------------------
Traceback (most recent call last):
frappe.exceptions.DoesNotExistError: Customer _Test Customer not found

----------------------------------------------------------------------
Ran 13 tests in 20.609s

FAILED (errors=1)
"""
WITH_APP_BROKEN = f"""\
EE.
======================================================================
ERROR: test_rename ({CUSTOMER}.test_rename)
----------------------------------------------------------------------
frappe.exceptions.DoesNotExistError: Customer _Test Customer not found
======================================================================
ERROR: setUpClass ({CUSTOMER})
----------------------------------------------------------------------
frappe.exceptions.LinkValidationError: Could not find Customer Group: _Test Customer Group
======================================================================
FAIL: test_credit_limit ({CUSTOMER}.test_credit_limit)
----------------------------------------------------------------------
AssertionError: 1 != 2

----------------------------------------------------------------------
Ran 13 tests in 3.1s

FAILED (failures=1, errors=2)
"""
STOPPED = """\
Traceback (most recent call last):
  File "frappe/test_runner.py", line 344, in make_test_records
frappe.exceptions.LinkValidationError: Could not find Warehouse: _Test warehouse - _TC
"""


def test_parse_counts_and_names():
	run = neighbour.parse(WITH_APP_BROKEN)
	assert run.ran == 13
	assert run.passed == 10
	assert run.failed == {
		f"test_rename ({CUSTOMER}.test_rename)",
		f"setUpClass ({CUSTOMER})",
		f"test_credit_limit ({CUSTOMER}.test_credit_limit)",
	}
	assert neighbour.parse(STOPPED).ran is None


def test_same_failures_on_both_sites_are_erpnexts_own():
	assert neighbour.compare(neighbour.parse(WITHOUT_APP), neighbour.parse(WITHOUT_APP)) == []


def test_a_test_that_passes_only_without_the_app_fails_the_comparison():
	problems = neighbour.compare(neighbour.parse(WITH_APP_BROKEN), neighbour.parse(WITHOUT_APP))
	assert problems == [
		f"passes only without the app: setUpClass ({CUSTOMER})",
		f"passes only without the app: test_credit_limit ({CUSTOMER}.test_credit_limit)",
	]


@pytest.mark.parametrize(
	"with_app, without_app, problem",
	[
		(STOPPED, WITHOUT_APP, "the run with the app stopped before running its tests"),
		(WITHOUT_APP, STOPPED, "the run without the app ran no tests: nothing to compare with"),
		(
			WITHOUT_APP.replace("Ran 13", "Ran 12"),
			WITHOUT_APP,
			"the run with the app ran 12 tests, without it 13",
		),
	],
)
def test_runs_that_cannot_be_compared_fail(with_app, without_app, problem):
	assert neighbour.compare(neighbour.parse(with_app), neighbour.parse(without_app)) == [problem]


def test_main_exit_code(tmp_path, capsys):
	good, bad = tmp_path / "good.log", tmp_path / "bad.log"
	good.write_text(WITHOUT_APP)
	bad.write_text(WITH_APP_BROKEN)
	assert neighbour.main("customer", str(good), str(good)) == 0
	assert neighbour.main("customer", str(bad), str(good)) == 1
	out = capsys.readouterr().out
	assert "with the app 10 of 13 passed, without it 12 of 13" in out
