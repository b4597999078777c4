"""Pure-Python business rules of the service desk.

Nothing in this package imports frappe: every rule here is unit-tested with plain pytest.
Controllers and services translate the results into translated errors and database writes.
"""
