"""The app's whitelisted methods, found by importing every module of `service_advisor.api`."""

import importlib
import inspect
import pkgutil

import frappe

import service_advisor.api


def whitelisted_methods() -> dict[str, object]:
	"""{"service_advisor.api.module.fn": fn} for every function Frappe has whitelisted."""
	found = {}
	for info in pkgutil.iter_modules(service_advisor.api.__path__):
		module = importlib.import_module(f"service_advisor.api.{info.name}")
		for name, fn in vars(module).items():
			if callable(fn) and fn in frappe.whitelisted and fn.__module__ == module.__name__:
				found[f"{module.__name__}.{name}"] = fn
	return dict(sorted(found.items()))


def parameters(fn) -> dict[str, inspect.Parameter]:
	return dict(inspect.signature(fn).parameters)


def is_guest_method(fn) -> bool:
	return fn in frappe.guest_methods
