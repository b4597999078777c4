"""Car photos: a real JPEG/PNG/WebP image within Pillow's pixel limit (read from the header before any
decoding), stored as a private file. Over HTTP: test_guest_surface_http."""

import io
import os
from unittest.mock import patch

import frappe
from PIL import Image, ImageFile

from service_advisor.services.photos import PhotoError, check_image, max_source_pixels
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import make_repair_order
from service_advisor.tests.test_guest_surface_http import png_header


def png(width: int = 80, height: int = 60) -> bytes:
	buffer = io.BytesIO()
	Image.new("RGB", (width, height), (30, 160, 90)).save(buffer, format="PNG")
	return buffer.getvalue()


class TestPhotoChecks(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		self.order = make_repair_order()

	def attach(self, content: bytes, file_name: str, is_private: int = 0):
		return frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"attached_to_doctype": "Repair Order",
				"attached_to_name": self.order.name,
				"content": content,
				"is_private": is_private,
			}
		).insert()

	def files_of_order(self) -> int:
		return frappe.db.count(
			"File", {"attached_to_doctype": "Repair Order", "attached_to_name": self.order.name}
		)

	def test_content_that_is_not_an_image_is_refused(self):
		for content in (b"<html>not a photo</html>", b"", b"GIF89a" + b"\0" * 20, png()[:60]):
			with self.subTest(content=content[:12]):
				with self.assertRaises(PhotoError) as caught:
					self.attach(content or b"x", f"walkaround-{frappe.generate_hash(length=6)}.png", 1)
				self.assertIn("not a JPEG, PNG or WebP image", str(caught.exception))
		self.assertEqual(self.files_of_order(), 0)

	def test_too_many_pixels_refused_from_the_header_without_decoding(self):
		side = int(max_source_pixels() ** 0.5) + 10
		with patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")):
			with self.assertRaises(PhotoError) as caught:
				check_image(png_header(side, side))
			self.assertIn("megapixels", str(caught.exception))
			with self.assertRaises(PhotoError):  # far above: Pillow's own bomb check at open
				check_image(png_header(side * 2, side * 2))
		with self.assertRaises(PhotoError):
			self.attach(png_header(side, side), "huge.png", 1)
		self.assertEqual(self.files_of_order(), 0)

	def test_photo_is_stored_as_a_private_file(self):
		file = self.attach(png(), f"diagnosis-{self.order.name}.png", is_private=0)
		self.assertEqual(file.is_private, 1)
		self.assertTrue(file.file_url.startswith("/private/files/"), file.file_url)
		self.assertTrue(os.path.isfile(file.get_full_path()))
		public = frappe.get_site_path("public", "files", os.path.basename(file.file_url))
		self.assertFalse(os.path.exists(public))
		self.assertEqual(self.files_of_order(), 1)

	def test_other_documents_files_are_left_alone(self):
		file = frappe.get_doc(
			{"doctype": "File", "file_name": "notes.txt", "content": b"plain text", "is_private": 0}
		).insert()
		self.assertEqual(file.is_private, 0)
