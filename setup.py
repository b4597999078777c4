import re
from pathlib import Path

from setuptools import find_packages, setup

version = re.search(
	r'^__version__ = "([^"]+)"', (Path(__file__).parent / "service_advisor" / "__init__.py").read_text(), re.M
).group(1)

with open("requirements.txt") as f:
	install_requires = [line.strip() for line in f if line.strip() and not line.startswith("#")]

setup(
	name="service_advisor",
	version=version,
	description="After-sales service desk for car dealerships running ERPNext",
	author="service_advisor developers",
	author_email="dev@service-advisor.local",
	packages=find_packages(exclude=["tests", "tests.*"]),
	zip_safe=False,
	include_package_data=True,
	install_requires=install_requires,
)
