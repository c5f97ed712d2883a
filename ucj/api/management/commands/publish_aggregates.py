"""manage.py publish_aggregates --to https://national.example --province 53

A province that runs its own instance sends its aggregates (the five datasets of the province
and its regencies; never a person) to the national instance's API, where they are checked and
applied as any import is (ucj/api/publish.py). The token, of the province's admin on the
national instance, is read from the environment variable named by --token-env (default
UCJ_PUBLISH_TOKEN), never from the command line. Exit status 1 when a dataset was refused."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from ucj.api.publish import DATASETS, NationalClient, PublishError, publish
from ucj.regions.models import Level, Region


class Command(BaseCommand):
    help = "Publish the province's aggregates to a national UCJ Monitor through its API."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, metavar="URL",
                            help="the national instance, e.g. https://ucj.kemnaker.go.id")
        parser.add_argument("--province", help="the province's code (default: the only one)")
        parser.add_argument("--dataset", action="append", choices=DATASETS,
                            help="only this dataset (repeatable); default all five")
        parser.add_argument("--token-env", default="UCJ_PUBLISH_TOKEN", metavar="NAME")
        parser.add_argument("--wait", type=float, default=300.0,
                            help="seconds to wait for the national side to check and apply")

    def handle(self, *args, **o):
        token = os.environ.get(o["token_env"], "")
        if not token:
            raise CommandError(f"Set {o['token_env']} to an API token of the province's admin "
                               "on the national instance.")
        provinces = Region.objects.filter(level=Level.PROVINCE).defer("geometry")
        if o["province"]:
            provinces = provinces.filter(code=o["province"])
        found = list(provinces[:2])
        if len(found) != 1:
            raise CommandError("Name the province: --province CODE.")
        try:
            results = publish(province=found[0], client=NationalClient(o["to"], token),
                              datasets=o["dataset"] or DATASETS, wait_seconds=o["wait"])
        except PublishError as exc:
            raise CommandError(str(exc)) from exc
        refused = False
        for r in results:
            counts = ", ".join(f"{k} {v}" for k, v in r.counts.items()
                               if k in ("new", "changed", "unchanged") and v)
            self.stdout.write(f"{r.dataset}: {r.rows} rows, {r.state}"
                              + (f" ({counts})" if counts else ""))
            for problem in r.problems:
                self.stdout.write(f"  {problem}")
            refused |= r.state not in ("applied", "empty")
        if refused:
            raise CommandError("Not every dataset was applied on the national instance.")
