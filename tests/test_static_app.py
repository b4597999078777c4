"""Static checks of the app's files (no frappe needed): DocType JSON, the shipped Repair Order
workflow, and the Simplified Chinese translations of every user-facing string."""

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from service_advisor.domain import repair_order as RO
from service_advisor.domain import roles as R

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
	sys.path.insert(0, str(HERE))

from translation_sources import doctype_json_files, jinja_strings, js_strings, user_strings

APP_ROOT = HERE.parent
PACKAGE = APP_ROOT / "service_advisor"
MODULE = "Service Advisor"
WORKFLOW_JSON = PACKAGE / "workflow" / "repair_order_workflow.json"
ZH_CSV = PACKAGE / "translations" / "zh.csv"

DOCTYPE_FILES = doctype_json_files(APP_ROOT)
PERMISSION_FLAGS = (
	"read", "write", "create", "delete", "submit", "cancel", "amend",
	"report", "export", "import", "print", "email", "share", "select",
)  # fmt: skip
APP_ROLES = {*R.ROLES, R.ACCOUNTS_USER}
ADMIN_ROLES = {"System Manager", R.SERVICE_MANAGER}
LINK_TYPES = ("Link", "Table", "Table MultiSelect")


def load(path: Path):
	with open(path, encoding="utf-8") as f:
		return json.load(f)


# child tables (istable) carry no permissions of their own
TOP_LEVEL_DOCTYPE_FILES = [p for p in DOCTYPE_FILES if load(p).get("istable") != 1]


def scrub(name: str) -> str:
	"""frappe.scrub: the folder and file name of a DocType."""
	return name.replace(" ", "_").replace("-", "_").lower()


def doctype_param(path: Path, *xfail: tuple[str, str]):
	"""One pytest param per DocType file; xfail=(folder, reason) marks a known failure of one check."""
	marks = [
		pytest.mark.xfail(reason=reason, strict=True)
		for folder, reason in xfail
		if folder == path.parent.name
	]
	return pytest.param(path, id=path.parent.name, marks=marks)


# known structural failures: ("folder", "reason naming the DocType") — none at the moment
KNOWN_PERMISSION_GAPS: tuple[tuple[str, str], ...] = ()
KNOWN_FIELD_ORDER_GAPS: tuple[tuple[str, str], ...] = ()
KNOWN_LINK_GAPS: tuple[tuple[str, str], ...] = ()


def test_the_app_has_doctypes():
	assert len(DOCTYPE_FILES) >= 1


# ---------------------------------------------------------------- DocType JSON
@pytest.mark.parametrize("path", [doctype_param(p) for p in DOCTYPE_FILES])
def test_doctype_json_names_its_folder_and_module(path):
	doc = load(path)
	assert doc.get("doctype") == "DocType", path
	assert doc.get("name"), f"{path}: no name"
	assert scrub(doc["name"]) == path.parent.name == path.stem, (
		f"DocType {doc['name']!r} lives in {path.parent.name}/{path.name}, expected {scrub(doc['name'])}/"
	)
	assert doc.get("module") == MODULE, f"DocType {doc['name']!r}: module is {doc.get('module')!r}"


@pytest.mark.parametrize("path", [doctype_param(p, *KNOWN_PERMISSION_GAPS) for p in TOP_LEVEL_DOCTYPE_FILES])
def test_doctype_grants_permissions_to_the_service_desk(path):
	doc = load(path)
	granted = {
		row.get("role")
		for row in doc.get("permissions") or []
		if any(row.get(flag) for flag in PERMISSION_FLAGS)
	}
	assert granted & APP_ROLES, (
		f"DocType {doc['name']!r} grants nothing to the app's roles ({sorted(APP_ROLES)}): {sorted(granted)}"
	)
	assert granted & ADMIN_ROLES, (
		f"DocType {doc['name']!r} grants nothing to System Manager or Service Manager"
	)


@pytest.mark.parametrize("path", [doctype_param(p, *KNOWN_FIELD_ORDER_GAPS) for p in DOCTYPE_FILES])
def test_doctype_field_order_lists_exactly_its_fields(path):
	doc = load(path)
	fieldnames = [field.get("fieldname") for field in doc.get("fields") or []]
	field_order = doc.get("field_order") or []
	assert all(fieldnames), f"{doc['name']!r}: a field without fieldname"
	duplicates = sorted(name for name, n in Counter(fieldnames).items() if n > 1)
	assert not duplicates, f"{doc['name']!r}: duplicate fields {duplicates}"
	duplicates = sorted(name for name, n in Counter(field_order).items() if n > 1)
	assert not duplicates, f"{doc['name']!r}: listed twice in field_order {duplicates}"
	assert not set(field_order) - set(fieldnames), (
		f"{doc['name']!r}: in field_order but not in fields {sorted(set(field_order) - set(fieldnames))}"
	)
	assert not set(fieldnames) - set(field_order), (
		f"{doc['name']!r}: in fields but not in field_order {sorted(set(fieldnames) - set(field_order))}"
	)


@pytest.mark.parametrize("path", [doctype_param(p, *KNOWN_LINK_GAPS) for p in DOCTYPE_FILES])
def test_doctype_links_name_their_target(path):
	doc = load(path)
	fields = doc.get("fields") or []
	fieldnames = {field.get("fieldname") for field in fields}
	no_target = [
		f["fieldname"]
		for f in fields
		if f.get("fieldtype") in LINK_TYPES and not (f.get("options") or "").strip()
	]
	assert not no_target, f"{doc['name']!r}: Link/Table fields without options {no_target}"
	dangling = [
		f["fieldname"]
		for f in fields
		if f.get("fieldtype") == "Dynamic Link" and f.get("options") not in fieldnames
	]
	assert not dangling, f"{doc['name']!r}: Dynamic Link fields whose options name no field {dangling}"


# ---------------------------------------------------------------- Repair Order workflow
@pytest.fixture(scope="module")
def workflow():
	return load(WORKFLOW_JSON)


def test_workflow_is_for_the_repair_order(workflow):
	assert workflow["document_type"] == "Repair Order"
	repair_order = load(PACKAGE / "service_advisor" / "doctype" / "repair_order" / "repair_order.json")
	fieldnames = {field["fieldname"] for field in repair_order["fields"]}
	assert workflow["workflow_state_field"] in fieldnames


def test_workflow_states_are_exactly_STATES(workflow):
	states = [row["state"] for row in workflow["states"]]
	duplicates = sorted(state for state, n in Counter(states).items() if n > 1)
	assert not duplicates, f"states listed twice: {duplicates}"
	assert set(states) == set(RO.STATES), (
		f"only in the JSON: {sorted(set(states) - set(RO.STATES))}; "
		f"only in STATES: {sorted(set(RO.STATES) - set(states))}"
	)


def test_workflow_transitions_equal_TRANSITIONS(workflow):
	in_json = [(t["state"], t["action"], t["next_state"], t["allowed"]) for t in workflow["transitions"]]
	duplicates = sorted(row for row, n in Counter(in_json).items() if n > 1)
	assert not duplicates, f"transitions listed twice: {duplicates}"
	expected = {(t.source, t.action, t.target, role) for t in RO.TRANSITIONS for role in t.roles}
	assert set(in_json) == expected, (
		f"only in the JSON: {sorted(set(in_json) - expected)}; only in TRANSITIONS: {sorted(expected - set(in_json))}"
	)


def test_workflow_editors_and_docstatus_follow_the_rules(workflow):
	for row in workflow["states"]:
		assert row["allow_edit"] == RO.EDITOR[row["state"]], row["state"]
		expected = "1" if row["state"] in RO.SUBMITTED_STATES else "0"
		assert str(row["doc_status"]) == expected, row["state"]


# ---------------------------------------------------------------- the extraction itself
def write(path: Path, text: str):
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(text, encoding="utf-8")


def test_user_strings_reads_every_kind_of_source(tmp_path):
	pkg = tmp_path / "service_advisor"
	write(
		pkg / "service_advisor" / "doctype" / "thing" / "thing.json",
		json.dumps(
			{
				"doctype": "DocType",
				"name": "Thing",
				"fields": [
					{"fieldname": "a", "fieldtype": "Data", "label": "Label A", "description": "Help A"},
					{
						"fieldname": "b",
						"fieldtype": "Select",
						"label": "Label B",
						"options": "\nOne\n\nTwo\n-\n",
					},
					{"fieldname": "c", "fieldtype": "Link", "label": "Label C", "options": "Not An Option"},
				],
			}
		),
	)
	write(
		pkg / "api.py",
		"from frappe import _\nimport frappe\n"
		"x = _('Py {0}').format(1)\ny = frappe._(\"Py frappe\")\nz = _(variable)\nw = _(f'no {x}')\nv = other('no')\n",
	)
	write(
		pkg / "public" / "js" / "a.js",
		"__(\"Js double\"); __('Js single', [1]); __(doc.status); foo__('no');",
	)
	write(
		pkg / "service_advisor" / "print_format" / "p" / "p.json",
		json.dumps({"html": "{{ _(\"Print\") }} {{ _('Print single')|e }} {{ _(row.x) }} {{ __('no') }}"}),
	)
	write(
		pkg / "service_advisor" / "notification" / "n" / "n.json",
		json.dumps(
			{"subject": '{{ _("Subject {0}").format(doc.name) }}', "message": '<p>{{ _("Message") }}</p>'}
		),
	)
	write(
		pkg / "workflow" / "w.json",
		json.dumps(
			{"states": [{"state": "State A"}], "transitions": [{"state": "State A", "action": "Do It"}]}
		),
	)
	write(
		pkg / "domain" / "roles.py",
		'ROLE_A = "Role A"\nROLES: tuple[str, ...] = (ROLE_A, "Role B")\nOTHER = "Not a role"\n',
	)

	assert user_strings(tmp_path) == {
		"Thing", "Label A", "Help A", "Label B", "One", "Two", "Label C",
		"Py {0}", "Py frappe", "Js double", "Js single", "Print", "Print single",
		"Subject {0}", "Message", "State A", "Do It", "Role A", "Role B",
	}  # fmt: skip


def test_js_and_jinja_literals_unescape_quotes():
	assert js_strings("""__("It's \\"ok\\""); __('a\\'b'); __(\n\t"multi line call"\n)""") == {
		'It\'s "ok"',
		"a'b",
		"multi line call",
	}
	assert jinja_strings("""{{ _("A") }}{{ frappe._('B') }}{{ obj._("no") }}""") == {"A", "B"}


# ---------------------------------------------------------------- translations
PLACEHOLDER = re.compile(r"\{\d*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
CJK = re.compile(r"[\u3400-\u9fff]")


def read_translation_rows(path: Path) -> list[list[str]]:
	"""The rows as frappe.translate.read_csv_file / get_translation_dict_from_file see them."""
	with open(path, encoding="utf-8", newline="") as f:
		return [row for row in csv.reader(f) if row]


@pytest.fixture(scope="module")
def zh_rows():
	assert ZH_CSV.exists(), f"{ZH_CSV} is missing"
	return read_translation_rows(ZH_CSV)


@pytest.fixture(scope="module")
def zh(zh_rows):
	"""source -> translation, for rows without context."""
	return {
		row[0].replace("\\n", "\n"): row[1].replace("\\n", "\n").strip()
		for row in zh_rows
		if len(row) == 2 or (len(row) == 3 and not row[2])
	}


def test_translation_file_is_frappe_csv(zh_rows):
	bad = [row for row in zh_rows if len(row) not in (2, 3) or not row[0] or not row[1].strip()]
	assert not bad, f"rows must be source, translation[, context] with both filled: {bad[:10]}"
	keys = [(row[0], row[2] if len(row) == 3 else "") for row in zh_rows]
	duplicates = sorted(key for key, n in Counter(keys).items() if n > 1)
	assert not duplicates, f"translated twice: {duplicates}"
	assert zh_rows[0][0].lower() not in ("source", "source text", "message"), "no header row"


def test_translations_keep_placeholders_and_html(zh_rows):
	broken = []
	for row in zh_rows:
		source, translation = row[0], row[1]
		if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
			broken.append((source, translation, "placeholders"))
		if sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(translation)):
			broken.append((source, translation, "HTML tags"))
	assert not broken, broken


def test_translations_are_chinese(zh_rows):
	"""A translation without Chinese characters is only allowed as an unchanged code (e.g. a naming series)."""
	untranslated = [row[:2] for row in zh_rows if not CJK.search(row[1]) and row[1] != row[0]]
	assert not untranslated, untranslated


def test_every_user_string_has_a_chinese_translation(zh):
	strings = user_strings(APP_ROOT)
	assert len(strings) > 100, "the extraction found suspiciously few strings"
	missing = sorted(text for text in strings if not zh.get(text))
	assert not missing, (
		f"{len(missing)} user-facing strings have no translation in {ZH_CSV.relative_to(APP_ROOT)}:\n"
		+ "\n".join(json.dumps(text, ensure_ascii=False) for text in missing)
	)
