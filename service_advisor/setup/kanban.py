"""The "Repair Orders by State" Kanban board, created and removed by code (a Kanban Board is not a
standard module record, so it cannot ship as JSON in the module folder).

The board groups Repair Orders by `status`, which the controller keeps equal to the workflow state;
its columns follow the states of service_advisor.domain.repair_order in process order, coloured as
in the list view (the Kanban column palette has no dark grey, so Settled and Closed are Gray).
"""

import json

import frappe
from frappe.desk.doctype.kanban_board.kanban_board import get_order_for_column

from service_advisor.domain import repair_order as rules

BOARD_NAME = "Repair Orders by State"
REFERENCE_DOCTYPE = "Repair Order"
FIELD_NAME = "status"
CARD_FIELDS = ("vehicle", "advisor", "promised_delivery")

# Kanban Board Column.indicator options: Blue, Cyan, Gray, Green, Light Blue, Orange, Pink, Purple, Red, Yellow
COLUMN_INDICATORS: dict[str, str] = {
	rules.DRAFT: "Gray",
	rules.CHECKED_IN: "Blue",
	rules.AUTHORISED: "Cyan",
	rules.IN_REPAIR: "Orange",
	rules.AWAITING_APPROVAL: "Yellow",
	rules.QUALITY_CHECK: "Purple",
	rules.READY: "Light Blue",
	rules.DELIVERED: "Green",
	rules.SETTLED: "Gray",
	rules.CLOSED: "Gray",
	rules.CANCELLED: "Red",
}


def ensure_kanban_board():
	"""Create the board, or bring an existing one up to date: one column per state in process order,
	with its colour. Columns that already exist keep their card order and their Active/Archived status
	(a user may archive e.g. Closed); missing ones are added as Active; columns that are no longer a
	state are dropped. Saves only when something changed."""
	if frappe.db.exists("Kanban Board", BOARD_NAME):
		board = frappe.get_doc("Kanban Board", BOARD_NAME)
	else:
		board = frappe.new_doc("Kanban Board")
		board.kanban_board_name = BOARD_NAME
		board.fields = json.dumps(list(CARD_FIELDS))
		board.show_labels = 0

	header = {"reference_doctype": REFERENCE_DOCTYPE, "field_name": FIELD_NAME, "private": 0}
	header_unchanged = all(board.get(field) == value for field, value in header.items())
	board.update(header)

	existing = {column.column_name: column for column in board.columns}
	columns = []
	for state in rules.STATES:
		column = existing.get(state)
		if column:
			order = column.order
		else:
			# a new board fills every column's order itself (KanbanBoard.before_insert)
			order = None if board.is_new() else get_order_for_column(board, state)
		columns.append(
			{
				"column_name": state,
				"status": (column.status if column else None) or "Active",
				"indicator": COLUMN_INDICATORS[state],
				"order": order,
			}
		)

	if not board.is_new() and header_unchanged and _same_columns(board.columns, columns):
		return board

	board.set("columns", columns)
	board.flags.ignore_permissions = True
	board.save()
	return board


def _same_columns(rows, columns: list[dict]) -> bool:
	keys = ("column_name", "status", "indicator", "order")
	return [tuple(row.get(key) for key in keys) for row in rows] == [
		tuple(column[key] for key in keys) for column in columns
	]


def remove_kanban_board():
	if frappe.db.exists("Kanban Board", BOARD_NAME):
		frappe.delete_doc("Kanban Board", BOARD_NAME, ignore_permissions=True, force=True)
