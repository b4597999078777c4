from datetime import datetime

from service_advisor.domain.booking import (
	ACTIVE_STATUSES,
	SOURCES,
	STATUSES,
	Booking,
	clashes,
	end_of,
	overlaps,
)


def at(hour, minute=0):
	return datetime(2025, 3, 10, hour, minute)


def test_constants():
	assert SOURCES == ("Proactive Call", "Customer Request", "Manufacturer Dispatch")
	assert set(ACTIVE_STATUSES) <= set(STATUSES)
	assert "No-show" not in ACTIVE_STATUSES
	assert "Cancelled" not in ACTIVE_STATUSES


def test_end_of():
	assert end_of(at(9), 90) == at(10, 30)
	assert end_of(at(23, 30), 60) == datetime(2025, 3, 11, 0, 30)


def test_back_to_back_intervals_do_not_overlap():
	assert not overlaps(at(9), at(10), at(10), at(11))
	assert not overlaps(at(10), at(11), at(9), at(10))


def test_overlapping_intervals():
	assert overlaps(at(9), at(10), at(9, 30), at(10, 30))
	assert overlaps(at(9, 30), at(10, 30), at(9), at(10))
	# containment, both ways
	assert overlaps(at(9), at(12), at(10), at(11))
	assert overlaps(at(10), at(11), at(9), at(12))
	# identical
	assert overlaps(at(9), at(10), at(9), at(10))


def test_disjoint_intervals():
	assert not overlaps(at(9), at(10), at(11), at(12))
	assert not overlaps(at(11), at(12), at(9), at(10))


def test_back_to_back_bookings_do_not_clash():
	existing = [Booking("B-1", at(9), at(10), bay="Bay 1", technician="tech-a")]
	new = Booking("B-2", at(10), at(11), bay="Bay 1", technician="tech-a")
	assert clashes(new, existing) == []


def test_same_bay_clash():
	other = Booking("B-1", at(9), at(10), bay="Bay 1", technician="tech-a")
	new = Booking("B-2", at(9, 30), at(10, 30), bay="Bay 1", technician="tech-b")
	assert clashes(new, [other]) == [("bay", other)]


def test_same_technician_clash():
	other = Booking("B-1", at(9), at(10), bay="Bay 1", technician="tech-a")
	new = Booking("B-2", at(9, 30), at(10, 30), bay="Bay 2", technician="tech-a")
	assert clashes(new, [other]) == [("technician", other)]


def test_same_bay_and_technician_gives_two_entries():
	other = Booking("B-1", at(9), at(10), bay="Bay 1", technician="tech-a")
	new = Booking("B-2", at(9, 30), at(10, 30), bay="Bay 1", technician="tech-a")
	assert clashes(new, [other]) == [("bay", other), ("technician", other)]


def test_different_resources_do_not_clash():
	other = Booking("B-1", at(9), at(10), bay="Bay 1", technician="tech-a")
	new = Booking("B-2", at(9), at(10), bay="Bay 2", technician="tech-b")
	assert clashes(new, [other]) == []


def test_editing_itself_is_ignored():
	saved = Booking("B-1", at(9), at(10), bay="Bay 1", technician="tech-a")
	moved = Booking("B-1", at(9, 30), at(10, 30), bay="Bay 1", technician="tech-a")
	assert clashes(moved, [saved]) == []


def test_unassigned_resources_never_clash():
	other = Booking("B-1", at(9), at(10))
	new = Booking("B-2", at(9), at(10))
	assert clashes(new, [other]) == []
	other = Booking("B-1", at(9), at(10), bay=None, technician=None)
	new = Booking("B-2", at(9), at(10), bay="", technician="")
	assert clashes(new, [other]) == []


def test_clashes_with_several_bookings_in_order():
	b1 = Booking("B-1", at(8), at(9), bay="Bay 1")
	b2 = Booking("B-2", at(9), at(11), bay="Bay 1")
	b3 = Booking("B-3", at(10, 30), at(12), technician="tech-a")
	b4 = Booking("B-4", at(11), at(12), bay="Bay 1", technician="tech-a")
	new = Booking("NEW", at(10), at(11), bay="Bay 1", technician="tech-a")
	assert clashes(new, [b1, b2, b3, b4]) == [("bay", b2), ("technician", b3)]
