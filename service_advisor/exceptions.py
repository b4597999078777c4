"""Error classes of the service desk: each refusal has its own class so tests and callers can tell them apart."""

import frappe


class InvalidVINError(frappe.ValidationError):
	pass


class VehicleCustomerMismatchError(frappe.ValidationError):
	pass


class DoubleBookingError(frappe.ValidationError):
	pass


class AppointmentStateError(frappe.ValidationError):
	pass


class OdometerError(frappe.ValidationError):
	pass


class InvalidTransitionError(frappe.ValidationError):
	"""The order may not move between these two states at all, or a step's requirements are not met."""


class TransitionNotAllowedError(frappe.PermissionError):
	"""The user's roles do not allow this move."""


class ChecklistIncompleteError(InvalidTransitionError):
	pass


class LockedDocumentError(frappe.ValidationError):
	pass


class AddOnDecisionError(frappe.ValidationError):
	pass


class WarrantyDecisionError(frappe.ValidationError):
	pass


class QualityCheckError(frappe.ValidationError):
	pass


class NegativeAmountError(frappe.ValidationError):
	pass


class ReceptionTimeError(frappe.ValidationError):
	pass


class NotDeliveredError(frappe.ValidationError):
	pass


class AlreadyInvoicedError(frappe.ValidationError):
	pass


class NothingToInvoiceError(frappe.ValidationError):
	pass


class CallbackError(frappe.ValidationError):
	pass


class ResolutionRequiredError(frappe.ValidationError):
	pass


class SelfInspectionError(frappe.ValidationError):
	pass


class CsiImportError(frappe.ValidationError):
	pass


class DuplicateScorecardError(frappe.ValidationError):
	pass


class ScorecardApprovalError(frappe.ValidationError):
	pass


class DamagePhotoError(frappe.ValidationError):
	pass


class OwnPayError(frappe.PermissionError):
	"""The assessed advisor tried to record, change, cancel or reassign an input of their own pay."""


class ComplaintVerdictError(frappe.ValidationError):
	"""A complaint's cause, attribution or verdict is incomplete or inconsistent."""


class ComplaintVerdictRightsError(frappe.PermissionError):
	"""Someone other than a Service Manager set a complaint's cause, attribution or verdict."""
