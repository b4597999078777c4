"""A customer's decision that InnoDB chose as a deadlock's victim is taken again, not answered with a
server error.

Frappe saves a document's child tables by deleting the rows no longer there and inserting the new ones;
InnoDB's next-key locks make two such saves of new parents meet in the same index gap (the end of the
`parent` index: add-on names grow), so customers approving different orders' add-ons at the same moment
deadlocked in the approved-revision table (`QueryDeadlockError`, a 500). InnoDB rolls the victim's whole
transaction back; the decision is then run again from the start, in a new transaction, a few times."""

import functools
import random
import time

import frappe

ATTEMPTS = 6  # a busy machine (CI, tests beside each other) saw a fourth deadlock in a row


def retry_on_deadlock(fn):
	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		for attempt in range(1, ATTEMPTS + 1):
			try:
				return fn(*args, **kwargs)
			except frappe.QueryDeadlockError:
				if attempt == ATTEMPTS:
					raise
				frappe.db.rollback()  # InnoDB has rolled the transaction back: Frappe's side too
				time.sleep(random.uniform(0.01, 0.05) * attempt)  # a short pause, longer each time

	return wrapper
