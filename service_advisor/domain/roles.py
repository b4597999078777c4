"""Roles of the service desk (created on install, removed on uninstall)."""

SERVICE_ADVISOR = "Service Advisor"
SERVICE_MANAGER = "Service Manager"
WARRANTY_CLERK = "Warranty Clerk"
WORKSHOP_TECHNICIAN = "Workshop Technician"
TECHNICAL_DIRECTOR = "Technical Director"
QUALITY_INSPECTOR = "Quality Inspector"
CUSTOMER_SERVICE_AGENT = "Customer Service Agent"
STATION_MANAGER = "Station Manager"
GENERAL_MANAGER = "General Manager"

# ERPNext's own role used by accountants who settle repair orders
ACCOUNTS_USER = "Accounts User"

ROLES: tuple[str, ...] = (
	SERVICE_ADVISOR,
	SERVICE_MANAGER,
	WARRANTY_CLERK,
	WORKSHOP_TECHNICIAN,
	TECHNICAL_DIRECTOR,
	QUALITY_INSPECTOR,
	CUSTOMER_SERVICE_AGENT,
	STATION_MANAGER,
	GENERAL_MANAGER,
)

MANAGER_ROLES: tuple[str, ...] = (SERVICE_MANAGER, STATION_MANAGER, GENERAL_MANAGER)
