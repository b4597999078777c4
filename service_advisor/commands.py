import click
from frappe.commands import get_site, pass_context


@click.command("sa-generate")
@click.option("--size", default="small", type=click.Choice(["demo", "small", "medium", "full"]))
@click.option("--seed", default=42, type=int)
@pass_context
def sa_generate(context, size, seed):
	"""Fill the site with a dealer group's synthetic service data (service_advisor)."""
	import frappe

	from service_advisor.scale.generator import generate

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		generate(size=size, seed=seed)
	finally:
		frappe.destroy()


commands = [sa_generate]
