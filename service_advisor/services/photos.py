"""Photos on repair orders and add-ons: large images are resized on upload to the settings' size."""

import os

import frappe

from service_advisor.services.settings import setting

PHOTO_DOCTYPES = ("Repair Order", "Add-on Item", "Customer Vehicle")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")


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
