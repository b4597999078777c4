"""The user-facing strings of the app, read statically from its source (no frappe needed).

user_strings(app_root) collects what Frappe shows to users and translates:

- DocType JSON (service_advisor/service_advisor/doctype/*/*.json): the DocType name, every field's
  label and description, every option of Select fields;
- Python: plain string literals passed as the first argument of `_(...)` (or `frappe._(...)`);
- JavaScript under service_advisor/: `__("...")` / `__('...')` (or `frappe._(...)`) literals;
- Jinja in print formats ("html") and notifications ("subject", "message"): `_("...")` literals;
- the shipped workflow JSON (service_advisor/workflow/*.json): state and action names;
- the role names in service_advisor/domain/roles.py ROLES.

Strings without any letter (e.g. "-", "{0}") are skipped. Strings built at run time
(`_(variable)`, `__(doc.status)`) cannot be found this way.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

PACKAGE = "service_advisor"

# a quoted JS/Jinja string: group "q" is the quote, group "s" the body (escapes allowed)
_QUOTED = r"""(?P<q>["'])(?P<s>(?:\\.|(?!(?P=q))[^\\\n])*)(?P=q)"""
JS_CALL = re.compile(r"(?:(?<![\w.$])__|(?<![\w.$])frappe\._)\(\s*" + _QUOTED)
JINJA_CALL = re.compile(r"(?:(?<![\w.])|(?<![\w.])frappe\.)_\(\s*" + _QUOTED)
_ESCAPE = re.compile(r"\\(.)", re.S)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _unescape(body: str) -> str:
	return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def _has_letter(text: str) -> bool:
	return any(ch.isalpha() for ch in text)


def _load_json(path: Path):
	with open(path, encoding="utf-8") as f:
		return json.load(f)


def package_dir(app_root: Path) -> Path:
	return Path(app_root) / PACKAGE


def doctype_json_files(app_root: Path) -> list[Path]:
	return sorted((package_dir(app_root) / PACKAGE / "doctype").glob("*/*.json"))


# ---------------------------------------------------------------- per source
def doctype_strings(path: Path) -> set[str]:
	doc = _load_json(path)
	found = set()
	if doc.get("name"):
		found.add(doc["name"])
	for field in doc.get("fields") or []:
		for key in ("label", "description"):
			if field.get(key):
				found.add(field[key])
		if field.get("fieldtype") == "Select" and field.get("options"):
			found.update(option.strip() for option in field["options"].split("\n") if option.strip())
	return found


class _GettextCalls(ast.NodeVisitor):
	def __init__(self):
		self.found: set[str] = set()

	def visit_Call(self, node: ast.Call):
		func = node.func
		is_gettext = (isinstance(func, ast.Name) and func.id == "_") or (
			isinstance(func, ast.Attribute)
			and func.attr == "_"
			and isinstance(func.value, ast.Name)
			and func.value.id == "frappe"
		)
		if is_gettext and node.args:
			first = node.args[0]
			if isinstance(first, ast.Constant) and isinstance(first.value, str):
				self.found.add(first.value)
		self.generic_visit(node)


def python_strings(path: Path) -> set[str]:
	tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
	visitor = _GettextCalls()
	visitor.visit(tree)
	return visitor.found


def js_strings(text: str) -> set[str]:
	return {_unescape(m.group("s")) for m in JS_CALL.finditer(text)}


def jinja_strings(text: str) -> set[str]:
	return {_unescape(m.group("s")) for m in JINJA_CALL.finditer(text)}


def workflow_strings(path: Path) -> set[str]:
	workflow = _load_json(path)
	found = {state["state"] for state in workflow.get("states") or [] if state.get("state")}
	found.update(t["action"] for t in workflow.get("transitions") or [] if t.get("action"))
	return found


def role_names(app_root: Path) -> tuple[str, ...]:
	"""ROLES from service_advisor/domain/roles.py, read without importing the app."""
	path = package_dir(app_root) / "domain" / "roles.py"
	tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
	constants: dict[str, str] = {}
	roles: tuple[str, ...] = ()
	for node in tree.body:
		if isinstance(node, ast.Assign):
			targets, value = node.targets, node.value
		elif isinstance(node, ast.AnnAssign) and node.value is not None:
			targets, value = [node.target], node.value
		else:
			continue
		for target in targets:
			if not isinstance(target, ast.Name):
				continue
			if isinstance(value, ast.Constant) and isinstance(value.value, str):
				constants[target.id] = value.value
			elif target.id == "ROLES" and isinstance(value, ast.Tuple | ast.List):
				roles = tuple(
					elt.value if isinstance(elt, ast.Constant) else constants[elt.id] for elt in value.elts
				)
	return roles


# ---------------------------------------------------------------- all together
def user_strings(app_root: Path) -> set[str]:
	pkg = package_dir(app_root)
	module = pkg / PACKAGE
	found: set[str] = set()

	for path in doctype_json_files(app_root):
		found |= doctype_strings(path)

	for path in sorted(pkg.rglob("*.py")):
		found |= python_strings(path)

	for path in sorted(pkg.rglob("*.js")):
		if "node_modules" in path.parts or path.name.endswith(".min.js"):
			continue
		found |= js_strings(path.read_text(encoding="utf-8"))

	for path in sorted((module / "print_format").glob("*/*.json")):
		found |= jinja_strings(_load_json(path).get("html") or "")

	for path in sorted((module / "notification").glob("*/*.json")):
		notification = _load_json(path)
		for key in ("subject", "message"):
			found |= jinja_strings(notification.get(key) or "")

	for path in sorted((pkg / "workflow").glob("*.json")):
		found |= workflow_strings(path)

	found.update(role_names(app_root))

	return {text for text in found if _has_letter(text)}


if __name__ == "__main__":  # pragma: no cover - a helper for translators
	import sys

	root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
	for text in sorted(user_strings(root)):
		print(json.dumps(text, ensure_ascii=False))
