"""Which repair order lines go on which invoice, and when an order counts as settled."""

from dataclasses import dataclass
from datetime import date

CUSTOMER, WARRANTY, INTERNAL = "Customer", "Warranty", "Internal"


@dataclass(frozen=True)
class Line:
	row: str
	billable_to: str
	invoiced: bool


def lines_to_invoice(lines: list[Line], payer: str) -> list[str]:
	"""Rows billable to this payer that are not yet on an invoice. Internal lines are never billed."""
	if payer == INTERNAL:
		return []
	return [line.row for line in lines if line.billable_to == payer and not line.invoiced]


def payers(lines: list[Line], warranty_customer: str | None) -> list[str]:
	"""The payers that get an invoice: the customer, and the warranty customer when one is set."""
	found = []
	if any(line.billable_to == CUSTOMER for line in lines):
		found.append(CUSTOMER)
	if warranty_customer and any(line.billable_to == WARRANTY for line in lines):
		found.append(WARRANTY)
	return found


def settling_payer(lines: list[Line]) -> str:
	"""The invoice whose submission settles the order: the customer's, or the warranty one for an
	all-warranty order."""
	return CUSTOMER if any(line.billable_to == CUSTOMER for line in lines) else WARRANTY


def fully_returned(invoiced: dict[str, float], returned: dict[str, float]) -> bool:
	"""An invoice is fully returned when every line's invoiced quantity has come back on its returns
	(credit notes). `invoiced` / `returned`: quantity per order row; returned quantities are positive."""
	return bool(invoiced) and all(returned.get(row, 0) >= qty for row, qty in invoiced.items())


def net_settled(grand_total: float, returned_total: float) -> float:
	"""The settled amount once returns are deducted (returned_total is positive), to the cent."""
	return round(grand_total - returned_total, 2)


def add_months(day: date, months: int) -> date:
	"""Same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
	import calendar

	month_index = day.month - 1 + months
	year, month = day.year + month_index // 12, month_index % 12 + 1
	return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_service(
	delivered: date, odometer: int | None, interval_months: int, interval_km: int
) -> tuple[date, int | None]:
	return add_months(delivered, interval_months), (odometer + interval_km) if odometer else None
