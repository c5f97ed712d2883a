"""manage.py indicators --region CODE --period YYYY-MM [--format json]

Every indicator of DESIGN §6 for a regency, or for the province (its code, e.g. ``52``). In
JSON, ratios are plain decimal numbers (0.3071), money integer Rupiah, "no data" null."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.core.management.base import BaseCommand, CommandError

from ucj.core import formatting
from ucj.indicators.selectors import KEYS, MONEY_KEYS, RATIO_KEYS, indicators, latest_month
from ucj.regions.hierarchy import province_of
from ucj.regions.models import Level, Region


def _text_value(key: str, value) -> str:
    if value is None:
        return "no data"
    if key in RATIO_KEYS:
        return f"{formatting.format_decimal(value * 100, 2)}%"
    if key in MONEY_KEYS:
        return formatting.format_rupiah(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return formatting.format_int(value)
    if key == "own_budgeted_stages":
        return "; ".join(
            f"{s['stage']} {s['fiscal_year']}: "
            + (f"{formatting.format_rupiah(s['amount'])}, {s['workers']} workers, "
               f"{s['months']} months" if s["budgeted"] else "none")
            + (" (dropped)" if s["dropped"] else "") for s in value)
    if key == "completeness":
        return (f"{value['received']} of {value['expected']} reported, {value['on_time']} on "
                f"time, {value['approved']} approved"
                + "".join(f"; {c['region']} carried from {c['from']}" for c in value["carried"])
                + "".join(f"; {c['region']} missing" for c in value["missing"])
                + (f"; payments for the month recorded by {value['realizations']['received']} "
                   f"of {value['realizations']['expected']}"
                   if value["realizations"]["expected"] else ""))
    if isinstance(value, list):
        return " ".join(str(v) for v in value) or "–"
    return str(value)


def _json_value(value):
    """Ratios as plain numbers; the lists and records of the pair and the completeness as
    they are."""
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return formatting.ratio_number(value)


class Command(BaseCommand):
    help = "Print every indicator of a region (or the province) for a month."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 52.03 or 52")
        parser.add_argument("--period", required=True,
                            help="a month (YYYY-MM) or a year (YYYY: its latest month)")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--planning", action="store_true",
                            help="budget need for the coming year (12 months)")

    def handle(self, *args, region: str, period: str, format: str, planning: bool, **options):
        found = Region.objects.filter(code=region.strip()).defer("geometry").first()
        if found is None:
            raise CommandError(f"No region with code {region}.")
        if found.level not in (Level.PROVINCE, Level.REGENCY):
            raise CommandError("Indicators are computed for a province or a regency/city.")
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", period)
        if not match or (match[2] and not 1 <= int(match[2]) <= 12):
            raise CommandError("--period must be a month (YYYY-MM, e.g. 2025-06) or a year "
                               "(YYYY: its latest month with participation figures)")
        if match[2]:
            month = dt.date(int(match[1]), int(match[2]), 1)
        else:
            province = province_of(found)
            month = latest_month(province, int(match[1]))
            if month is None:
                raise CommandError(f"No participation figures in {match[1]}.")
            period = f"{month:%Y-%m}"
        values = indicators(found, month, planning=planning)
        if format == "json":
            self.stdout.write(json.dumps(
                {"region": found.code, "name": found.name, "period": period,
                 "indicators": {key: _json_value(values[key]) for key in KEYS}},
                indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{found.code} {found.name} · {period}")
        for key in KEYS:
            self.stdout.write(f"  {key:<26} {_text_value(key, values[key])}")
