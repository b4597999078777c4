"""The three papers the customer signs (Inquiry Sheet, Repair Order Work Authorisation, Settlement
Statement), printed in Chinese both ways a dealership prints them:

- Frappe's PDF (wkhtmltopdf): in process with `frappe.get_print(..., as_pdf=True)`, and over HTTP
  through `frappe.utils.print_format.download_pdf` on a live server. Neither may need a web server at
  the site's URL (`http://<site>:<webserver_port>`, which nothing answers here): the print views of the
  app's formats embed their stylesheet and images (services/printing.py).
- The browser's print: headless Chromium prints the live `/printview` page of a user whose language is
  Chinese (`--print-to-pdf`).

`pdftotext` must then find the Chinese labels, the customer's Chinese name and the order number.
System packages: wkhtmltopdf, fonts-noto-cjk, poppler-utils, chromium (`.ci/packages.txt`).
"""

import functools
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from urllib.parse import urlencode

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.translate import print_language
from frappe.utils import random_string, scrub_urls
from frappe.utils.pdf import inline_private_images

from service_advisor.api.settlement import make_sales_invoice
from service_advisor.services import printing
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	make_customer,
	make_delivered_repair_order,
	make_user,
)
from service_advisor.testing.live_server import LiveServer, set_test_password

test_ignore = ERPNEXT_TEST_IGNORE

FORMATS = {
	"Inquiry Sheet": [
		"Inquiry Sheet",
		"Customer",
		"Service Advisor",
		"License Plate",
		"Customer's Description",
		"Advisor's Diagnosis",
		"Walk-around Findings",
		"Reception Checklist",
		"Customer Signature",
	],
	"Repair Order Work Authorisation": [
		"Repair Order Work Authorisation",
		"Customer",
		"Vehicle",
		"Promised Delivery Time",
		"Repair Items and Estimate",
		"Estimate Total (Customer)",
		"Work Authorisation",
		"Authorised By (Customer)",
		"Customer Signature",
	],
	"Settlement Statement": [
		"Settlement Statement",
		"Customer",
		"Vehicle",
		"Repair Items",
		"Customer Total",
		"Settlement",
		"Customer Invoice No.",
		"Settled Amount",
		"Next Service",
		"Customer Signature",
		"Service Advisor Signature",
	],
}

# a resource the PDF generator would fetch: stylesheets, images, scripts, frames, CSS url()/@import
FETCHED = re.compile(
	r"<(?:link|img|script|iframe|source|embed|object)\b[^>]*?\b(?:href|src|data)\s*=\s*[\"']?(?!data:)([^\"'\s>]+)"
	r"|url\(\s*[\"']?(?!data:)([^\"')\s]+)|@import\s+[\"']([^\"']+)",
	re.I,
)


def need(test: FrappeTestCase, binary: str, package: str) -> str:
	path = shutil.which(binary)
	if not path:
		test.fail(
			f"`{binary}` is not installed: install the Debian package `{package}` "
			"(all packages the bench tests need are listed in .ci/packages.txt)"
		)
	return path


def zh(text: str) -> str:
	with print_language("zh"):
		return frappe._(text)


@functools.cache
def _radical_to_ideograph() -> dict[int, str]:
	"""Noto CJK draws some ideographs and their CJK radical code points (车 U+8F66 and ⻋ U+2ECB) with
	one glyph, and wkhtmltopdf's PDF maps that glyph back to the radical, so pdftotext reads radicals
	where the page shows ideographs. Map each radical to the ideograph of the same glyph."""
	font = subprocess.run(
		["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"], capture_output=True, text=True
	).stdout.strip()
	if not font.endswith((".ttc", ".otc", ".otf", ".ttf")):
		return {}
	from fontTools.ttLib import TTCollection, TTFont

	ttf = TTCollection(font).fonts[0] if font.endswith((".ttc", ".otc")) else TTFont(font)
	cmap = ttf.getBestCmap()
	ideograph_of_glyph = {}
	for code, glyph in sorted(cmap.items()):
		if 0x4E00 <= code <= 0x9FFF:
			ideograph_of_glyph.setdefault(glyph, chr(code))
	return {
		code: ideograph_of_glyph[glyph]
		for code, glyph in cmap.items()
		if 0x2E80 <= code <= 0x2FDF and glyph in ideograph_of_glyph
	}


def fold(text: str) -> str:
	"""Text as compared: same glyph, same character; no whitespace (table cells wrap labels)."""
	text = unicodedata.normalize("NFKC", text).translate(_radical_to_ideograph())
	return re.sub(r"\s+", "", text)


def pdf_text(test: FrappeTestCase, pdf: bytes) -> str:
	test.assertTrue(pdf.startswith(b"%PDF-"), f"not a PDF: {pdf[:80]!r}")
	pdftotext = need(test, "pdftotext", "poppler-utils")
	with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
		f.write(pdf)
		f.flush()
		result = subprocess.run([pdftotext, "-enc", "UTF-8", f.name, "-"], capture_output=True, timeout=60)
	test.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace"))
	return result.stdout.decode("utf-8")


def pdf_images(test: FrappeTestCase, pdf: bytes) -> int:
	pdfimages = need(test, "pdfimages", "poppler-utils")
	with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
		f.write(pdf)
		f.flush()
		result = subprocess.run([pdfimages, "-list", f.name], capture_output=True, timeout=60, text=True)
	# two header lines, then one line per image (a PNG with transparency adds an smask line)
	return len([line for line in result.stdout.splitlines()[2:] if " image " in line])


class TestChinesePrint(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		suffix = random_string(4).upper()
		cls.customer_name = f"王小明{suffix}"
		customer = make_customer(cls.customer_name)
		order = make_delivered_repair_order(customer=customer.name)
		invoice = frappe.get_doc("Sales Invoice", make_sales_invoice(order.name)[0])
		invoice.submit()
		# a private photo (photos are made private on upload): the Inquiry Sheet prints it
		photo = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"diagnosis-{suffix}.png",
				"attached_to_doctype": "Repair Order",
				"attached_to_name": order.name,
				"attached_to_field": "diagnosis_photo",
				"content": _png(64, 48),
			}
		).insert(ignore_permissions=True)
		frappe.db.set_value("Repair Order", order.name, "diagnosis_photo", photo.file_url)
		cls.order = frappe.get_doc("Repair Order", order.name)
		cls.user = make_user(roles=["Service Manager"]).name
		frappe.db.set_value("User", cls.user, "language", "zh")
		set_test_password(cls.user)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server must see the test data
		cls.server = None

	@classmethod
	def tearDownClass(cls):
		if cls.server:
			cls.server.stop()
		super().tearDownClass()

	@classmethod
	def live(cls) -> LiveServer:
		if not cls.server:
			cls.server = LiveServer(workers=2).start()
		return cls.server

	def assert_chinese_paper(self, print_format: str, text: str):
		folded = fold(text)
		self.assertIn(fold(self.customer_name), folded, f"{print_format}: customer's name missing:\n{text}")
		self.assertIn(self.order.name, folded, f"{print_format}: order number missing")
		for label in FORMATS[print_format]:
			chinese = zh(label)
			self.assertNotEqual(chinese, label, f"{label!r} has no Chinese translation")
			self.assertIn(fold(chinese), folded, f"{print_format}: {label!r} ({chinese}) missing:\n{text}")
		self.assertNotIn("Customer Signature", text)

	def test_the_settled_order_is_what_the_statement_shows(self):
		self.assertEqual(self.order.workflow_state, "Settled")
		self.assertTrue(self.order.sales_invoice)

	# ------------------------------------------------------------ wkhtmltopdf
	def test_print_views_load_nothing_over_the_network(self):
		for print_format in FORMATS:
			with print_language("zh"):
				html = frappe.get_print("Repair Order", self.order.name, print_format)
			# what frappe.utils.pdf.get_pdf hands wkhtmltopdf: relative URLs made absolute, private
			# images the user may read inlined
			pdf_html = inline_private_images(scrub_urls(html))
			fetched = [m.group(0)[:120] for m in FETCHED.finditer(pdf_html)]
			self.assertEqual(fetched, [], print_format)
			self.assertIn('href="data:text/css;base64,', html, print_format)

	def test_other_print_formats_are_left_as_frappe_renders_them(self):
		html = frappe.get_print("Repair Order", self.order.name, "Standard")
		self.assertRegex(html, r'<link[^>]+href="/assets/frappe/dist/css/print\.bundle\.[^"]+\.css"')

	def test_pdf_in_chinese_without_a_web_server_at_the_site_url(self):
		need(self, "wkhtmltopdf", "wkhtmltopdf")
		for print_format in FORMATS:
			with print_language("zh"):
				pdf = frappe.get_print("Repair Order", self.order.name, print_format, as_pdf=True)
			self.assert_chinese_paper(print_format, pdf_text(self, pdf))
			if print_format == "Inquiry Sheet":
				self.assertEqual(pdf_images(self, pdf), 1, "the diagnosis photo is printed")

	def test_pdf_download_over_http_in_the_users_language(self):
		need(self, "wkhtmltopdf", "wkhtmltopdf")
		server = self.live()
		session = server.session(self.user)
		for print_format in FORMATS:
			r = session.get(
				server.url + "/api/method/frappe.utils.print_format.download_pdf",
				params={"doctype": "Repair Order", "name": self.order.name, "format": print_format},
				timeout=120,
			)
			self.assertEqual(r.status_code, 200, f"{print_format}: {r.text[-1500:]}\n{server.tail()}")
			self.assertEqual(r.headers.get("Content-Type"), "application/pdf")
			self.assert_chinese_paper(print_format, pdf_text(self, r.content))

	# ------------------------------------------------------------ the browser's print
	def test_browser_print_of_the_chinese_print_view(self):
		chromium = need(self, "chromium", "chromium")
		server = self.live()
		sid = server.session(self.user).cookies.get("sid")
		self.assertTrue(sid)
		# the site is resolved from the Host header: name it in the URL and point it at the server
		site_url = server.url.replace("127.0.0.1", frappe.local.site)
		with tempfile.TemporaryDirectory() as tmp:
			for print_format in FORMATS:
				query = urlencode(
					{"doctype": "Repair Order", "name": self.order.name, "format": print_format, "sid": sid}
				)
				out = os.path.join(tmp, "print.pdf")
				result = subprocess.run(
					[
						chromium,
						"--headless",
						"--no-sandbox",
						"--disable-gpu",
						"--no-pdf-header-footer",
						f"--user-data-dir={os.path.join(tmp, 'profile')}",
						f"--host-resolver-rules=MAP {frappe.local.site} 127.0.0.1",
						f"--print-to-pdf={out}",
						f"{site_url}/printview?{query}",
					],
					capture_output=True,
					timeout=180,
					env={**os.environ, "HOME": tmp},
				)
				self.assertTrue(os.path.exists(out), result.stderr.decode(errors="replace")[-2000:])
				with open(out, "rb") as f:
					self.assert_chinese_paper(print_format, pdf_text(self, f.read()))
				os.remove(out)


class TestSelfContainedPrintGuards(FrappeTestCase):
	def test_assets_outside_sites_assets_are_not_read(self):
		# common_site_config.json exists one level above sites/assets
		self.assertIsNone(printing.read_asset("/assets/../common_site_config.json"))
		self.assertIsNone(printing.read_asset("/assets/frappe/../../common_site_config.json"))
		self.assertIsNone(printing.read_asset("/files/x.css"))
		self.assertIsNone(printing.read_asset("/assets/frappe/no-such-file.css"))

	def test_public_images_inlined_only_from_the_sites_public_files(self):
		name = f"sa-print-{random_string(6)}.png"
		file = frappe.get_doc(
			{"doctype": "File", "file_name": name, "is_private": 0, "content": _png()}
		).insert(ignore_permissions=True)
		self.assertEqual(file.file_url, f"/files/{name}")
		html = f'<p><img src="{file.file_url}"><img src="https://cdn.example.com/logo.png"></p>'
		inlined = printing.inline_public_images(html)
		self.assertIn('src="data:image/png;base64,', inlined)
		self.assertIn('src="https://cdn.example.com/logo.png"', inlined)
		# traversal out of public/files, non-images and missing files stay as they are
		self.assertIsNone(printing.public_image_data_uri("/files/../../site_config.json"))
		self.assertIsNone(printing.public_image_data_uri("/files/../private/files/x.png"))
		self.assertIsNone(printing.public_image_data_uri(f"/files/{name}.txt"))
		self.assertIsNone(printing.public_image_data_uri("/files/no-such-image.png"))

	def test_hook_only_for_the_apps_print_formats(self):
		context = frappe._dict(path="printview", print_format="Standard", body="<p>x</p>")
		self.assertIsNone(printing.self_contained_printview(context))
		context.print_format = "Settlement Statement"
		self.assertIs(printing.self_contained_printview(context)["include_style"], printing.inline_style)
		context.path = "addon-approval"
		self.assertIsNone(printing.self_contained_printview(context))


def _png(width: int = 8, height: int = 8) -> bytes:
	import io

	from PIL import Image

	buffer = io.BytesIO()
	Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
	return buffer.getvalue()
