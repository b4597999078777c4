"""Photos of a customer's car (walk-around, diagnosis, add-ons, the vehicle).

On upload (`File` `before_insert`, after Frappe has written the file): the content must be a real
JPEG, PNG or WebP image no larger than Pillow's pixel limit, read from the header before anything is
decoded; and the file is made private, so only users who may read the document it is attached to can
fetch it. After insert, large images are resized to the settings' size."""

import io
import os

import frappe
from frappe import _
from frappe.utils import cint

from service_advisor.services.settings import setting

PHOTO_DOCTYPES = (
	"Repair Order",
	"Walk-around Finding",
	"Add-on Item",
	"Customer Vehicle",
	"Vehicle Inspection",
)
# every file of these (photos and short videos alike) is private: a guest reaches it only through its link
PRIVATE_DOCTYPES = ("Vehicle Inspection",)
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")


class PhotoError(frappe.ValidationError):
	pass


def is_photo(file) -> bool:
	name = (file.file_name or file.file_url or "").lower()
	return (
		file.attached_to_doctype in PHOTO_DOCTYPES
		and not file.is_folder
		and not (file.file_url or "").startswith("http")
		and name.endswith(IMAGE_EXTENSIONS)
	)


# a phone's photo is 12-50 megapixels; anything larger is refused before it is decoded (Pillow's own
# limit, ~89 MP, is far more than the app ever needs to decode in a request)
MAX_SOURCE_PIXELS = 50_000_000


def max_source_pixels() -> int:
	from PIL import Image

	return min(MAX_SOURCE_PIXELS, int(Image.MAX_IMAGE_PIXELS or MAX_SOURCE_PIXELS))


def check_image(content: bytes) -> None:
	"""Refuse content that is not a JPEG/PNG/WebP image or has more pixels than Pillow allows. The size
	comes from the header (Image.open is lazy) and is checked before the image is decoded."""
	from PIL import Image, UnidentifiedImageError

	not_image = _("The photo is not a JPEG, PNG or WebP image.")
	limit = max_source_pixels()
	too_large = _("The photo has more than {0} megapixels.").format(limit // 1_000_000)
	try:
		with Image.open(io.BytesIO(content)) as image:
			width, height = image.size
			if image.format not in IMAGE_FORMATS:
				frappe.throw(not_image, PhotoError)
			if width * height > limit:
				frappe.throw(too_large, PhotoError)
			image.verify()  # reads the file's structure without decoding: truncated or corrupt fails
	except Image.DecompressionBombError:
		frappe.throw(too_large, PhotoError)
	except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
		frappe.throw(not_image, PhotoError)


def check_upload():
	"""`before_request` hook: every request that carries a file for a car's document (any path: upload_file
	under /api/method/, /api/v2/method/, frappe.handler.upload_file, a trailing path, or any other method)
	is checked before Frappe reads it as an image (Frappe decodes JPEGs in File.before_insert to strip
	EXIF, and resizes with `optimize`); such a file is uploaded as a private file."""
	request = frappe.local.request
	if not request or request.method not in ("POST", "PUT") or not request.files:
		return
	if frappe.form_dict.get("doctype") not in PHOTO_DOCTYPES:
		return
	frappe.form_dict.is_private = 1
	for upload in request.files.values():
		if (upload.filename or "").lower().endswith(IMAGE_EXTENSIONS) or _looks_like_image(upload):
			content = upload.stream.read()
			upload.stream.seek(0)
			check_image(content)


def _looks_like_image(upload) -> bool:
	"""A file whose name is not an image's but whose type or content says image (Frappe's optimize and
	EXIF stripping go by content type)."""
	if (upload.mimetype or "").startswith("image/"):
		return True
	head = upload.stream.read(16)
	upload.stream.seek(0)
	return head.startswith((b"\xff\xd8", b"\x89PNG")) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def check_file_documents_in_request():
	"""`before_request` hook: File documents sent in any request body (REST v1/v2, frappe.client under any
	path, the form's save) are checked like uploads (see `check_upload`), whatever the URL."""
	request = frappe.local.request
	if not request or request.method not in ("POST", "PUT"):
		return
	documents = [_request_body(), *_documents_of(frappe.form_dict)]
	if "/File" in (request.path or ""):
		documents.append({**_request_body(), "doctype": "File"})
	for document in documents:
		if isinstance(document, dict) and document.get("doctype") == "File":
			_check_file_document(document)


def _request_body() -> dict:
	import json

	data = frappe.form_dict.get("data")
	if isinstance(data, str):
		try:
			data = json.loads(data)
		except ValueError:
			return {}
	return data if isinstance(data, dict) else dict(frappe.form_dict)


def _documents_of(form: dict) -> list:
	import json

	found = []
	for key in ("doc", "docs"):
		value = form.get(key)
		if isinstance(value, str):
			try:
				value = json.loads(value)
			except ValueError:
				continue
		if isinstance(value, dict):
			found.append(value)
		elif isinstance(value, list):
			found.extend(value)
	return found


def _check_file_document(document: dict) -> None:
	import binascii

	from frappe.core.doctype.file.utils import decode_file_content

	name = str(document.get("file_name") or document.get("file_url") or "").lower()
	content = document.get("content")
	if document.get("attached_to_doctype") not in PHOTO_DOCTYPES or not name.endswith(IMAGE_EXTENSIONS):
		return
	if not content:
		return
	if cint(document.get("decode")):
		try:
			content = decode_file_content(content)
		except (binascii.Error, ValueError, TypeError):
			frappe.throw(_("The photo is not a JPEG, PNG or WebP image."), PhotoError)
	elif isinstance(content, str):
		content = content.encode()
	check_image(content)


def check_photo(file, method=None):
	"""`File` `before_insert`: a photo of a customer's car is a real image and a private file."""
	if not is_photo(file):
		return
	content = file.get_content()
	check_image(content if isinstance(content, bytes) else (content or "").encode())
	if not cint(file.is_private):
		_make_private(file, content)


def _make_private(file, content):
	"""Write the photo as a private file instead of the public one Frappe just wrote (which is removed
	unless another File uses it)."""
	public_url = file.file_url
	file.is_private = 1
	file.file_url = None
	file.save_file(content=content)
	shared = public_url and frappe.db.exists("File", {"file_url": public_url})
	if public_url and public_url.startswith("/files/") and not shared:
		path = frappe.get_site_path("public", "files", os.path.basename(public_url))
		if os.path.isfile(path):
			os.remove(path)


def resize_large_photo(file, method=None):
	if file.attached_to_doctype not in PHOTO_DOCTYPES or file.is_folder or not file.file_url:
		return
	if not file.file_url.lower().endswith(IMAGE_EXTENSIONS) or file.file_url.startswith("http"):
		return
	from PIL import Image, ImageOps

	path = file.get_full_path()
	limit = int(setting("max_photo_pixels"))
	with Image.open(path) as image:
		if max(image.size) <= limit:
			return
		resized = ImageOps.exif_transpose(image)
		resized.thumbnail((limit, limit))
		kind = image.format or "JPEG"
		resized.save(path, format=kind, **({"quality": 85} if kind == "JPEG" else {}))
	file.db_set("file_size", os.path.getsize(path), update_modified=False)
