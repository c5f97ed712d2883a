"""manage.py budget_plan --region CODE --year YYYY --stage murni|perubahan [--start-month M]
   (--target-coverage PCT | --target-workers N | --budget RUPIAH) [--share SOURCE=WEIGHT …]
   [--package CODE [--wage RUPIAH]] [--sector transport|nontransport] [--as-of YYYY-MM]
   [--format json]

What reaching a target costs, or what a budget buys, for a region, year and budget stage."""

from __future__ import annotations

import json
from decimal import InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from ucj.budget.models import ContributionPackage
from ucj.core import formatting
from ucj.core.models import FundingSource
from ucj.core.parsing import NumberFormatError, parse_decimal, parse_integer, parse_month
from ucj.planner.selectors import plan_for_budget, plan_for_target
from ucj.regions.models import Region


class Command(BaseCommand):
    help = "Budget calculator: the cost of a coverage target, or what a budget buys."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--stage", choices=["murni", "perubahan"], required=True)
        parser.add_argument("--start-month", type=int, help="first month paid (1–12)")
        goal = parser.add_mutually_exclusive_group(required=True)
        goal.add_argument("--target-coverage", help="percent, e.g. 40 or 62,22")
        goal.add_argument("--target-workers", help="number of workers to fund")
        goal.add_argument("--budget", help="Rupiah, e.g. 201.600.000")
        parser.add_argument("--share", action="append", default=[],
                            help=f"SOURCE=WEIGHT, SOURCE one of {', '.join(FundingSource.values)}")
        parser.add_argument("--package", help="contribution package code (default: the "
                                                  "standard BPU JKK + JKM)")
        parser.add_argument("--wage", help="monthly wage in Rupiah, for a PU package")
        parser.add_argument("--sector", choices=["transport", "nontransport"], default="",
                            help="sector of the workers, for a relief of one sector's months")
        parser.add_argument("--as-of", help="participation as of this month (YYYY-MM; default: "
                                            "the latest month with data)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **o):
        region = Region.objects.filter(code=o["region"]).defer("geometry").first()
        if region is None:
            raise CommandError(f"No region with code {o['region']}.")
        shares = {}
        for item in o["share"]:
            source, _, weight = item.partition("=")
            if source not in FundingSource.values:
                raise CommandError(f"Unknown funding source {source!r}.")
            try:
                shares[source] = parse_decimal(weight)
            except (NumberFormatError, InvalidOperation) as exc:
                raise CommandError(f"Not a weight: {item!r}.") from exc
        package = None
        if o["package"]:
            package = ContributionPackage.objects.filter(code=o["package"]).first()
            if package is None:
                raise CommandError(f"No contribution package {o['package']!r}.")
        try:
            as_of = parse_month(o["as_of"]) if o["as_of"] else None
        except ValueError as exc:
            raise CommandError(f"Not a month: {o['as_of']!r} (YYYY-MM).") from exc
        common = {"region": region, "year": o["year"], "stage": o["stage"],
                  "start_month": o["start_month"], "shares": shares or None,
                  "package": package,
                  "wage": parse_integer(o["wage"]) if o["wage"] else None,
                  "sector": o["sector"], "as_of": as_of}
        try:
            if o["budget"] is not None:
                plan = plan_for_budget(budget=parse_integer(o["budget"]), **common)
            elif o["target_workers"] is not None:
                plan = plan_for_target(target_workers=parse_integer(o["target_workers"]), **common)
            else:
                plan = plan_for_target(target_coverage=parse_decimal(o["target_coverage"]) / 100,
                                       **common)
        except (ValueError, NumberFormatError) as exc:
            raise CommandError(str(exc)) from exc
        data = plan.as_dict()
        if o["format"] == "json":
            self.stdout.write(json.dumps({k: formatting.ratio_number(v) for k, v in data.items()}, indent=2,
                                         cls=DjangoJSONEncoder))
            return
        self.stdout.write(f"{region.code} {region.name} · {plan.stage} {plan.year}, "
                          f"{plan.months} months from month {plan.first_month}")
        self.stdout.write(f"  package          {plan.package.name}: "
                          f"{formatting.format_rupiah(plan.monthly_tariff)} per worker per month "
                          f"({plan.rate.legal_basis})")
        self.stdout.write(f"  workers          {formatting.format_int(plan.workers)}")
        if plan.continuing_due:
            self.stdout.write(f"    continuing     {formatting.format_int(plan.continuing_workers)}"
                              f" ({formatting.format_rupiah(plan.continuing_cost)}; "
                              f"{formatting.format_int(plan.continuing_due)} funded now lapse on "
                              f"1 January unless budgeted again)")
            self.stdout.write(f"    new            {formatting.format_int(plan.new_workers)}"
                              f" ({formatting.format_rupiah(plan.new_cost)})")
        self.stdout.write(f"  monthly cost     {formatting.format_rupiah(plan.monthly_cost)}")
        self.stdout.write(f"  total cost       {formatting.format_rupiah(plan.total_cost)}")
        for source, amount in plan.by_source.items():
            self.stdout.write(f"    {source:<14} {formatting.format_rupiah(amount)}")
        self.stdout.write(f"  coverage now     {formatting.format_ratio_pct(plan.coverage_now, 2)}")
        self.stdout.write(f"  coverage reached {formatting.format_ratio_pct(plan.coverage_reached, 2)}")
        for flag in plan.flags:
            self.stdout.write(f"  ! {flag}")
