"""Compare one test module's run on a site with the app and on a site without it (.ci/run).

    python3 .ci/neighbour.py <module> <log of the run with the app> <log of the run without it>

Reads the output of `run-tests --module <module>` (unittest's): the number of tests run, and the names of
those that failed or erred (`ERROR: test_x (module.Class.test_x)`, setUpClass included). Fails (exit 1)
on any test that fails only with the app, on a run with the app that ran fewer tests (or stopped before
running any), and on a run without the app that ran none (nothing to compare with). Tests that fail on
both sites are ERPNext's own and are only counted.
"""

import re
import sys
from dataclasses import dataclass, field

RAN = re.compile(r"^Ran (\d+) tests? in ", re.MULTILINE)
FAILED = re.compile(r"^(?:ERROR|FAIL): (.+?)\s*$", re.MULTILINE)


@dataclass
class Run:
	ran: int | None  # None: the run stopped before its tests (no "Ran N tests" line)
	failed: set[str] = field(default_factory=set)

	@property
	def passed(self) -> int:
		return max((self.ran or 0) - len(self.failed), 0)


def parse(output: str) -> Run:
	ran = RAN.findall(output)
	return Run(ran=int(ran[-1]) if ran else None, failed=set(FAILED.findall(output)))


def compare(with_app: Run, without_app: Run) -> list[str]:
	"""What the app breaks: one line per problem, empty when the app is a good neighbour."""
	if not without_app.ran:
		return ["the run without the app ran no tests: nothing to compare with"]
	if with_app.ran is None:
		return ["the run with the app stopped before running its tests"]
	problems = []
	if with_app.ran < without_app.ran:
		problems.append(f"the run with the app ran {with_app.ran} tests, without it {without_app.ran}")
	problems += [
		f"passes only without the app: {name}" for name in sorted(with_app.failed - without_app.failed)
	]
	return problems


def main(module: str, with_log: str, without_log: str) -> int:
	with open(with_log, encoding="utf-8", errors="replace") as fh:
		with_app = parse(fh.read())
	with open(without_log, encoding="utf-8", errors="replace") as fh:
		without_app = parse(fh.read())
	print(
		f"{module}: with the app {with_app.passed} of {with_app.ran or 0} passed, "
		f"without it {without_app.passed} of {without_app.ran or 0}"
	)
	problems = compare(with_app, without_app)
	for line in problems:
		print(f"  {line}")
	return 1 if problems else 0


if __name__ == "__main__":
	if len(sys.argv) != 4:
		sys.exit(__doc__)
	sys.exit(main(*sys.argv[1:]))
