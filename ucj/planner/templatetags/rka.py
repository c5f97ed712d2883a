"""Links to the SIPD-ready outputs (issue 17, item 5) from the pages users look at: the
scenario page (its budget codes, or that they are missing) and the allocation record (its DPA
rincian)."""

from django import template

from ucj.accounts.scope import Cap, allows
from ucj.planner.rka import allocation_coding_region, coding_for

register = template.Library()


@register.inclusion_tag("planner/_rka_scenario.html", takes_context=True)
def rka_scenario(context, scenario):
    request = context["request"]
    return {"scenario": scenario, "coding": coding_for(scenario.region, scenario.year),
            "can_write": allows(request.user, Cap.PLAN_BUDGET, scenario.region),
            "next": request.get_full_path()}


@register.inclusion_tag("planner/_rka_allocation.html", takes_context=True)
def rka_allocation(context, allocation):
    region = allocation_coding_region(allocation)
    return {"allocation": allocation, "coding_region": region,
            "coding": coding_for(region, allocation.fiscal_year)}
