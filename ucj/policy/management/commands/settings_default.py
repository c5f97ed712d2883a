"""manage.py settings_default threshold|policy KEY VALUE [--province CODE]

The system keeps the national defaults of the settings (issue 21, decision 203): a status
threshold (a fraction such as 0.5, or a due month 1–12) or a policy value (JSON: 18,
"bpu-jkk-jkm", ["miskin ekstrem", "miskin"]; a bare word is read as text). With ``--province``
the system sets that province's own value instead. Validated and audited as the pages are,
with the actor "system"."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ucj.indicators.models import StatusThreshold
from ucj.indicators.services import threshold_update
from ucj.policy.services import policy_set
from ucj.regions.models import Level, Region


class Command(BaseCommand):
    help = "Set a national default (or, with --province, a province's own value) of a setting."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["threshold", "policy"])
        parser.add_argument("key")
        parser.add_argument("value")
        parser.add_argument("--province", default="", help="a province's code, e.g. 53")

    def handle(self, *args, kind: str, key: str, value: str, province: str, **options):
        region = None
        if province:
            region = Region.objects.defer("geometry").filter(
                code=province, level=Level.PROVINCE).first()
            if region is None:
                raise CommandError(f"No province with the code {province}.")
        try:
            if kind == "threshold":
                self._threshold(key, value, region)
            else:
                policy_set(actor=None, key=key, value=_json(value), province=region)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        where = f"province {region.code}" if region else "the national default"
        self.stdout.write(f"{kind} {key} = {value} ({where})")

    @staticmethod
    def _threshold(key: str, value: str, region: Region | None) -> None:
        default = StatusThreshold.objects.filter(key=key, province=None).first()
        if default is None:
            raise CommandError(f"No status threshold {key}.")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise CommandError(f"Not a number: {value}.") from None
        threshold_update(actor=None, threshold=default, value=number, province=region)


def _json(value: str):
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value
