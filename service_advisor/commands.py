import click
from frappe.commands import get_site, pass_context


@click.command("sa-generate")
@click.option("--size", default="small", type=click.Choice(["demo", "small", "medium", "full"]))
@click.option("--seed", default=42, type=int)
@pass_context
def sa_generate(context, size, seed):
	"""Fill the site with a dealer group's synthetic service data (service_advisor)."""
	import frappe

	from service_advisor.scale import inspections, technicians
	from service_advisor.scale.generator import generate

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		generate(size=size, seed=seed)
		print(inspections.generate(seed=seed))
		print(technicians.generate(seed=seed))
	finally:
		frappe.destroy()


@click.command("sa-role-matrix")
@click.option("--check", is_flag=True, help="Fail if docs/role-matrix.md differs from the site")
@pass_context
def sa_role_matrix(context, check):
	"""Write (or check) docs/role-matrix.md from the site's permissions (service_advisor)."""
	import frappe

	from service_advisor.setup import role_matrix

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		if check:
			diff = role_matrix.differs()
			if diff:
				click.echo("\n".join(diff))
				raise SystemExit(1)
			click.echo("docs/role-matrix.md matches the site")
		else:
			click.echo(f"written: {role_matrix.write()}")
	finally:
		frappe.destroy()


commands = [sa_generate, sa_role_matrix]
