"""One validation layer for the arguments of the app's whitelisted methods.

Why Frappe's own check is not enough (frappe/utils/typing_validations.py, Frappe 15): the
`@frappe.whitelist()` wrapper validates the *type* of each argument that is *present* against its
annotation with pydantic. An absent argument is skipped (`if current_arg not in prepared_args: continue`,
and a call without any argument returns before checking anything), so `frappe.call` then raises
Python's own `TypeError: missing 1 required positional argument` (HTTP 500). A type says nothing about
format or range: any `str` is a month, any `int` (Python ints are unbounded) a duration, any string a
document name. And its error is `FrappeTypeError`, a `TypeError` with an untranslated message, not a
`frappe.ValidationError`. (`export_python_type_annotations` only controls the typed DocType classes
Frappe generates; the whitelist check runs whatever it says.)

So every whitelisted method of the app declares each argument with a spec here::

        @frappe.whitelist(methods=["POST"])
        @validate_args(month=Month())
        def generate_scorecards(month: str) -> dict: ...

Before the method runs, each argument given is checked and converted (malformed: `frappe.ValidationError`
naming the argument, HTTP 417; a name that is no document of its DocType: `frappe.DoesNotExistError`,
404), then a missing required argument is reported the same way. The wrapper hides the annotations from
Frappe's pydantic pass so that all argument errors come from one place with one error class; the
method's typed signature stays visible to `inspect.signature` (and so to `frappe.call`) through
`__wrapped__`.
"""

import datetime
import functools
import inspect
import json
import re
from collections.abc import Callable, Iterable

import frappe
from frappe import _
from frappe.utils import escape_html

NAME_LENGTH = 140
SPECS_ATTR = "__sa_arg_specs__"


class ArgumentError(frappe.ValidationError):
	"""A whitelisted method's argument is missing or malformed (HTTP 417)."""


def _shown(value: str) -> str:
	"""A caller's value quoted in a message (rendered as HTML by the desk): escaped."""
	return frappe.bold(escape_html(value))


def _blank(value) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


class Spec:
	"""Checks and converts one argument; `clean` gets a non-blank value and returns the value to pass."""

	error: type[Exception] = ArgumentError

	def clean(self, arg: str, value, values: dict):
		return value

	def fail(self, arg: str, message: str):
		frappe.throw(_("Argument {0}: {1}").format(frappe.bold(arg), message), self.error)

	def missing(self, arg: str):
		self.fail(arg, _("is required"))


class Text(Spec):
	def __init__(self, max_length: int = NAME_LENGTH, error: type[Exception] | None = None):
		self.max_length = max_length
		self.error = error or self.error

	def clean(self, arg, value, values):
		if not isinstance(value, str):
			self.fail(arg, _("must be text"))
		if len(value) > self.max_length:
			self.fail(arg, _("must be at most {0} characters").format(self.max_length))
		return value


class Choice(Text):
	"""One of fixed options, or of a Select field's options (read from the DocType's meta)."""

	def __init__(
		self,
		options: Iterable[str] = (),
		doctype: str | None = None,
		fieldname: str | None = None,
		exclude: Iterable[str] = (),
		error: type[Exception] | None = None,
	):
		super().__init__(error=error)
		self.fixed = tuple(options)
		self.doctype, self.fieldname, self.exclude = doctype, fieldname, tuple(exclude)

	def options(self) -> list[str]:
		options = list(self.fixed)
		if self.doctype:
			field = frappe.get_meta(self.doctype).get_field(self.fieldname)
			options = [o for o in (field.options or "").split("\n") if o]
		return [o for o in options if o not in self.exclude]

	def clean(self, arg, value, values):
		value = super().clean(arg, value, values)
		options = self.options()
		if value not in options:
			self.fail(arg, _("must be one of: {0}").format(", ".join(options)))
		return value


class DocName(Text):
	"""The name of an existing document of `doctype` (or of the DocType given in argument `doctype_arg`)."""

	def __init__(self, doctype: str | None = None, doctype_arg: str | None = None):
		super().__init__(NAME_LENGTH)
		self.doctype, self.doctype_arg = doctype, doctype_arg

	def clean(self, arg, value, values):
		value = super().clean(arg, value, values)
		doctype = self.doctype or values.get(self.doctype_arg)
		if doctype and not frappe.db.exists(doctype, value):
			frappe.throw(
				_("Argument {0}: {1} {2} not found").format(frappe.bold(arg), _(doctype), _shown(value)),
				frappe.DoesNotExistError,
			)
		return value


class NameList(Spec):
	"""A list of names of existing documents of `doctype` (a JSON list when form-encoded)."""

	def __init__(self, doctype: str, max_items: int = 500):
		self.doctype, self.max_items = doctype, max_items

	def clean(self, arg, value, values):
		if isinstance(value, str):
			try:
				value = json.loads(value) if len(value) <= self.max_items * (NAME_LENGTH + 4) + 2 else None
			except ValueError:
				value = None
		if (
			not isinstance(value, list)
			or not value
			or len(value) > self.max_items
			or not all(isinstance(name, str) and 0 < len(name) <= NAME_LENGTH for name in value)
		):
			self.fail(arg, _("must be a list of 1 to {0} names").format(self.max_items))
		found = set(frappe.get_all(self.doctype, filters={"name": ("in", value)}, pluck="name"))
		for name in value:
			if name not in found:
				frappe.throw(
					_("Argument {0}: {1} {2} not found").format(
						frappe.bold(arg), _(self.doctype), _shown(name)
					),
					frappe.DoesNotExistError,
				)
		return value


class FileURL(Text):
	"""The URL of an uploaded File (`/files/…` or `/private/files/…`)."""

	def __init__(self):
		super().__init__(500)

	def clean(self, arg, value, values):
		value = super().clean(arg, value, values)
		if not value.startswith(("/files/", "/private/files/")) or ".." in value or "\\" in value:
			self.fail(arg, _("must be the URL of an uploaded file"))
		if not frappe.db.exists("File", {"file_url": value}):
			frappe.throw(
				_("Argument {0}: {1} {2} not found").format(frappe.bold(arg), _("File"), _shown(value)),
				frappe.DoesNotExistError,
			)
		return value


class Secret(Text):
	"""A token: whatever is wrong with it (missing, not text, too long) gets the same message, so an
	answer tells nothing about what was tried."""

	def __init__(self, message: Callable[[], str], error: type[Exception], max_length: int = 200):
		super().__init__(max_length, error)
		self.message = message

	def fail(self, arg, message):
		frappe.throw(self.message(), self.error)

	def missing(self, arg):
		self.fail(arg, "")


class Int(Spec):
	def __init__(self, minimum: int, maximum: int):
		self.minimum, self.maximum = minimum, maximum

	def clean(self, arg, value, values):
		number = None
		if isinstance(value, bool):
			number = int(value)
		elif isinstance(value, int):
			number = value
		elif isinstance(value, str) and re.fullmatch(r"[+-]?\d{1,12}", value.strip()):
			number = int(value.strip())
		if number is None or not self.minimum <= number <= self.maximum:
			self.fail(arg, _("must be a whole number from {0} to {1}").format(self.minimum, self.maximum))
		return number


class Flag(Int):
	"""0 or 1 (also true/false)."""

	def __init__(self):
		super().__init__(0, 1)

	def clean(self, arg, value, values):
		if isinstance(value, str) and value.strip().lower() in ("true", "false"):
			return int(value.strip().lower() == "true")
		return super().clean(arg, value, values)


MIN_YEAR, MAX_YEAR = 2000, 2099


def _year_ok(year: int) -> bool:
	return MIN_YEAR <= year <= MAX_YEAR


class Month(Text):
	"""YYYY-MM with a year from 2000 to 2099."""

	def __init__(self):
		super().__init__(7)

	def clean(self, arg, value, values):
		if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}", value):
			self.fail(arg, _("must be a month as YYYY-MM"))
		year, month = int(value[:4]), int(value[5:])
		if not (_year_ok(year) and 1 <= month <= 12):
			self.fail(arg, _("must be a month as YYYY-MM from {0} to {1}").format(MIN_YEAR, MAX_YEAR))
		return value


class Date(Spec):
	"""YYYY-MM-DD."""

	def clean(self, arg, value, values):
		if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
			value = value.isoformat()  # a Python caller's date
		try:
			day = datetime.datetime.strptime(value, "%Y-%m-%d") if isinstance(value, str) else None
		except ValueError:
			day = None
		if day is None or not _year_ok(day.year):
			self.fail(arg, _("must be a date as YYYY-MM-DD from {0} to {1}").format(MIN_YEAR, MAX_YEAR))
		return value


class Datetime(Spec):
	"""YYYY-MM-DD HH:MM[:SS[.ffffff]] (a "T" between date and time is accepted)."""

	FORMATS = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")

	def clean(self, arg, value, values):
		if isinstance(value, datetime.datetime):
			value = value.strftime("%Y-%m-%d %H:%M:%S.%f")  # a Python caller's datetime
		moment = None
		if isinstance(value, str) and len(value) <= 26:
			for fmt in self.FORMATS:
				try:
					moment = datetime.datetime.strptime(value.replace("T", " "), fmt)
					break
				except ValueError:
					continue
		if moment is None or not _year_ok(moment.year):
			self.fail(arg, _("must be a date and time as YYYY-MM-DD HH:MM:SS"))
		return value


def validate_args(**specs: Spec) -> Callable:
	"""Declare and enforce the arguments of a whitelisted method (put it under `@frappe.whitelist`)."""

	def decorator(fn):
		signature = inspect.signature(fn)
		params = signature.parameters
		undeclared = set(params) ^ set(specs)
		if undeclared:
			raise AttributeError(
				f"{fn.__qualname__}: arguments without a spec or unknown: {sorted(undeclared)}"
			)

		@functools.wraps(fn)
		def wrapper(*args, **kwargs):
			try:
				given = signature.bind_partial(*args, **kwargs).arguments
			except TypeError:
				frappe.throw(_("Unexpected arguments."), ArgumentError)
			values = {}
			for arg in params:  # given arguments first, in order: a malformed one is reported even if
				if arg in given and not _blank(given[arg]):  # an earlier one is missing
					values[arg] = specs[arg].clean(arg, given[arg], values)
			for arg, param in params.items():
				if arg in values:
					continue
				if param.default is inspect.Parameter.empty:
					specs[arg].missing(arg)
				values[arg] = param.default
			# the app's own action: what it saves is the server's (permissions.own_action)
			from service_advisor.permissions import own_action

			with own_action():
				return fn(**values)

		# Frappe's pydantic pass reads __annotations__: this layer does that work (see the module doc)
		wrapper.__annotations__ = {}
		setattr(wrapper, SPECS_ATTR, specs)
		return wrapper

	return decorator
