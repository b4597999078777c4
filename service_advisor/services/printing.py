"""Self-contained print views for the app's print formats (Inquiry Sheet, Work Authorisation,
Settlement Statement): the paper the customer signs must print with nothing loaded over the network.

Why: Frappe's `/printview` page links the print stylesheet (`include_style('print.bundle.css')`, a
`<link href="/assets/...">`), and Frappe's PDF (`frappe.utils.pdf.get_pdf`, wkhtmltopdf) rewrites every
relative URL to the site's URL (`host_name` in site_config, else the request's host plus
`webserver_port`, else `http://<site name>:<webserver_port>`) and lets wkhtmltopdf fetch it. With no web
server answering there, wkhtmltopdf exits 1 (`HostNotFoundError`, `ConnectionRefusedError`); when the
only worker that could answer is the one generating the PDF, the fetch hangs until it is cancelled
(`OperationCanceledError`, `TimeoutError`). Public images (a letter head's logo) are fetched the same way.

What: an `update_website_context` hook for `printview` of the app's print formats. It replaces
`include_style` with a version that embeds the stylesheet from `sites/assets` as a `data:` URL, and inlines the
site's own public images (`/files/...`) as data URIs. Private files are inlined by Frappe itself
(`frappe.utils.pdf.inline_private_images`, with a permission check). The browser print and the PDF then
get the same complete page without any request back to the server.
"""

import base64
import mimetypes
import os
from urllib.parse import unquote

import frappe
from markupsafe import Markup

APP_MODULE = "Service Advisor"
MAX_INLINE_IMAGE_BYTES = 5 * 1024 * 1024


def is_app_print_format(print_format: str | None) -> bool:
	if not print_format:
		return False
	return frappe.get_cached_value("Print Format", print_format, "module") == APP_MODULE


def self_contained_printview(context):
	"""`update_website_context` hook: for `printview` of the app's print formats, inline the print
	stylesheet and the site's public images."""
	if context.get("path") != "printview":
		return None
	if not is_app_print_format(context.get("print_format")):
		return None
	values = {"include_style": inline_style}
	if context.get("body"):
		values["body"] = inline_public_images(context.body)
	return values


def inline_style(path: str, rtl=None, preload: bool = True) -> Markup:
	"""`include_style` that embeds the bundled stylesheet in the page (a `data:` URL) instead of linking
	it. Not a `<style>` block: Frappe's PDF code parses every `<style>` block with cssutils, which takes
	seconds for the print bundle; `data:` URLs are left alone by `scrub_urls`."""
	from frappe.utils.jinja_globals import bundled_asset

	url = bundled_asset(path, rtl)
	css = read_asset(url)
	if css is not None:
		url = "data:text/css;base64," + base64.b64encode(css).decode()
	return Markup(f'<link type="text/css" rel="stylesheet" href="{url}">')


def read_asset(url: str) -> bytes | None:
	"""The content of `/assets/...` from `sites/assets`, or None when it is not a file under it."""
	if not url.startswith("/assets/"):
		return None
	# normpath, not realpath: sites/assets/<app> are symlinks into the apps
	assets = os.path.normpath(os.path.abspath(os.path.join(frappe.local.sites_path, "assets")))
	file_path = os.path.normpath(os.path.join(assets, unquote(url[len("/assets/") :].split("?", 1)[0])))
	if not file_path.startswith(assets + os.sep) or not os.path.isfile(file_path):
		return None
	with open(file_path, "rb") as f:
		return f.read()


def inline_public_images(html: str) -> str:
	"""`<img src="/files/...">` of the site's public files as data URIs (other sources unchanged)."""
	if "/files/" not in html:
		return html
	from bs4 import BeautifulSoup

	soup = BeautifulSoup(html, "html.parser")
	changed = False
	for img in soup.find_all("img"):
		data_uri = public_image_data_uri(img.get("src") or "")
		if data_uri:
			img["src"] = data_uri
			changed = True
	return str(soup) if changed else html


def public_image_data_uri(src: str) -> str | None:
	if not src.startswith("/files/"):
		return None
	path = src.split("?", 1)[0]
	mime_type = mimetypes.guess_type(path)[0]
	if not mime_type or not mime_type.startswith("image/"):
		return None
	public = os.path.normpath(os.path.abspath(frappe.get_site_path("public", "files")))
	file_path = os.path.normpath(os.path.join(public, unquote(path[len("/files/") :])))
	if not file_path.startswith(public + os.sep) or not os.path.isfile(file_path):
		return None
	if os.path.getsize(file_path) > MAX_INLINE_IMAGE_BYTES:
		return None
	with open(file_path, "rb") as f:
		content = base64.b64encode(f.read()).decode()
	return f"data:{mime_type};base64,{content}"
