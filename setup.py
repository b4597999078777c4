from setuptools import find_packages, setup

from service_advisor import __version__ as version

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
