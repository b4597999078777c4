"""Pay before pickup (pure Python): when a pay link may be sent, what it asks for, and when the vehicle may
leave the dealership."""

from dataclasses import dataclass

# ERPNext Payment Request states (Inward) that are still waiting for the customer's payment
OPEN_STATES = ("Draft", "Requested", "Initiated", "Partially Paid")
PAID = "Paid"
CANCELLED = "Cancelled"
# a gateway's confirmation that money was taken (what the payments app's controllers pass on)
CONFIRMED = ("Authorized", "Completed")


@dataclass(frozen=True)
class Release:
	allowed: bool
	reason: str = ""  # "unpaid" when refused


def link_amount(outstanding: float) -> float:
	"""What a pay link asks for: the customer invoice's outstanding amount, to the cent (0: nothing to ask)."""
	amount = round(float(outstanding or 0), 2)
	return amount if amount > 0 else 0.0


def request_to_reuse(open_requests: list[dict], amount: float) -> str | None:
	"""The open request that is sent again: the newest open one asking for exactly `amount`; an open request
	for another amount (the invoice changed under it) is not reused."""
	for request in open_requests:
		if (
			request.get("status") in OPEN_STATES
			and round(float(request.get("grand_total") or 0), 2) == amount
		):
			return request["name"]
	return None


def may_release(payment_first: bool, outstanding: float, exception_recorded: bool) -> Release:
	"""The vehicle leaves when the dealership does not ask for payment first, when nothing is outstanding on
	the order's invoices, or when a manager recorded an exception."""
	if not payment_first or exception_recorded or link_amount(outstanding) == 0:
		return Release(True)
	return Release(False, "unpaid")


def is_confirmation(status: str | None) -> bool:
	return (status or "") in CONFIRMED
