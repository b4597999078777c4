"""A real multi-worker web server for tests that must go through HTTP as a browser or integration does.

`LiveServer` starts the bench's gunicorn (`frappe.app:application`, N sync workers) on a free loopback
port for the site under test, and `LiveServer.session(user, password)` logs a user in over
`/api/method/login`. Requests carry the site's name as the Host header, so the server resolves the same
site the test process is connected to.

Data a test wants the server to see must be committed first (the server's workers use their own
database connections); such tests make their own uniquely named rows and commit them.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import frappe
import requests

TEST_PASSWORD = "Sa-Http-Test-9!"


def _free_port() -> int:
	with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def _sites_path() -> str:
	return os.path.abspath(frappe.local.sites_path)


class LiveServer:
	def __init__(self, workers: int = 4, timeout: int = 120):
		self.workers = workers
		self.timeout = timeout
		self.port = _free_port()
		self.site = frappe.local.site
		self.process: subprocess.Popen | None = None
		self.log_path = os.path.join("/tmp", f"sa-live-{self.site}-{self.port}.log")

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.port}"

	def start(self) -> "LiveServer":
		gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
		cmd = [
			gunicorn,
			"-b",
			f"127.0.0.1:{self.port}",
			"-w",
			str(self.workers),
			"-t",
			str(self.timeout),
			"--preload",
			"frappe.app:application",
		]
		self._log = open(self.log_path, "w")
		self.process = subprocess.Popen(
			cmd, cwd=_sites_path(), stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
		)
		deadline = time.monotonic() + 90
		while time.monotonic() < deadline:
			if self.process.poll() is not None:
				raise RuntimeError(f"gunicorn exited: {self.tail()}")
			try:
				r = requests.get(self.url + "/api/method/ping", headers={"Host": self.site}, timeout=5)
				if r.status_code == 200:
					return self
			except requests.RequestException:
				pass
			time.sleep(0.5)
		self.stop()
		raise RuntimeError(f"gunicorn did not answer: {self.tail()}")

	def stop(self):
		if self.process and self.process.poll() is None:
			os.killpg(self.process.pid, 15)
			try:
				self.process.wait(20)
			except subprocess.TimeoutExpired:
				os.killpg(self.process.pid, 9)
		if getattr(self, "_log", None):
			self._log.close()

	def tail(self, lines: int = 40) -> str:
		try:
			with open(self.log_path) as f:
				return "".join(f.readlines()[-lines:])
		except OSError:
			return ""

	def __enter__(self):
		return self.start()

	def __exit__(self, *exc):
		self.stop()

	def session(self, user: str | None = None, password: str = TEST_PASSWORD) -> requests.Session:
		"""A requests session for the site; logged in as `user` when given (Guest otherwise)."""
		s = requests.Session()
		s.headers.update({"Host": self.site, "Accept": "application/json"})
		if user:
			r = s.post(self.url + "/api/method/login", data={"usr": user, "pwd": password}, timeout=60)
			if r.status_code != 200:
				raise AssertionError(f"login of {user} failed: {r.status_code} {r.text[:300]}")
		return s

	def post_at_once(self, method: str, payloads: list[dict], cookies=None) -> list[requests.Response]:
		"""POST each payload to `/api/method/<method>` at the same moment, each on its own connection, and
		return the answers in the payloads' order. `cookies`: one signed-in session's (one login: Frappe
		limits a user's simultaneous sessions) for every request, a list of them (one per payload), or
		None for Guest."""
		jars = cookies if isinstance(cookies, list) else [cookies] * len(payloads)
		barrier = threading.Barrier(len(payloads))

		def post(call):
			data, jar = call
			s = requests.Session()
			s.headers.update({"Host": self.site, "Accept": "application/json"})
			if jar is not None:
				s.cookies.update(jar)
			barrier.wait(timeout=60)
			return s.post(f"{self.url}/api/method/{method}", data=data, timeout=120)

		with ThreadPoolExecutor(max_workers=len(payloads)) as pool:
			return list(pool.map(post, zip(payloads, jars, strict=True)))


def set_test_password(user: str, password: str = TEST_PASSWORD):
	"""Give a test user a password the live server accepts (committed by the caller)."""
	from frappe.utils.password import update_password

	update_password(user, password)
