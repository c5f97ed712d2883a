"""manage.py match_list LIST --region CODE --year YYYY [--participants FILE] [--deceased FILE]
   [--out DIR] [--user USERNAME]

Validate and match a beneficiary list (CSV with the standard header) on the command line, as
the web page does: the run is recorded with its inputs' checksums, counts, duration and actor.
Progress goes to stderr; at the end a JSON object of counts goes to stdout."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from ucj.accounts.models import User
from ucj.regions.models import Region
from ucj.registry import engine, services
from ucj.registry.failures import ProcessingFailed
from ucj.registry.files import stored_path
from ucj.registry.models import Kind

KEYS = ["total", "invalid", "duplicate", "already_active", "conflict", "deceased", "eligible"]


class Command(BaseCommand):
    help = "Validate and match a beneficiary list; print the counts as JSON."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("list", help="CSV: nik,name,birth_date,sex,village_code,occupation,"
                                         "category,desil,phone,source")
        parser.add_argument("--region", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--participants", help="BPJS participant file: nik,status,segment,"
                                                   "region_code,last_paid_month (rows count "
                                                   "in the --user's regions)")
        parser.add_argument("--deceased", help="CSV with a nik column")
        parser.add_argument("--out", help="folder for result.parquet and hasil.csv")
        parser.add_argument("--user", help="the username the run is recorded for")

    def handle(self, *args, **o):
        region = Region.objects.filter(code=o["region"]).defer("geometry").first()
        if region is None:
            raise CommandError(f"No region with code {o['region']}.")
        actor = None
        if o["user"]:
            actor = User.objects.filter(username=o["user"]).first()
            if actor is None:
                raise CommandError(f"No user {o['user']}.")
        paths = {k: Path(o[k]) for k in ("list", "participants", "deceased") if o.get(k)}
        for name, path in paths.items():
            if not path.is_file():
                raise CommandError(f"{name}: no such file {path}")
        try:
            if "participants" in paths:
                source = services.file_register(actor=actor, kind=Kind.PARTICIPANTS,
                                                path=paths["participants"])
                self._progress(0, "participants")
                services.participants_process(actor=actor, source=source)
            deceased = services.file_register(
                actor=actor, kind=Kind.DECEASED, path=paths["deceased"], region=region,
                year=o["year"]) if "deceased" in paths else None
            listed = services.file_register(actor=actor, kind=Kind.BENEFICIARIES,
                                            path=paths["list"], region=region, year=o["year"])
            run = services.run_start(actor=actor, source=listed, deceased=deceased,
                                     enqueue=False)
            run = services.run_execute(str(run.id), on_progress=self._progress)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{o['user']} may not do this (a participant file needs the "
                               "BPJS operator or the province admin; a list needs the region's "
                               "operator or the province admin).") from exc
        except engine.Cancelled as exc:
            raise CommandError("cancelled") from exc
        except ProcessingFailed as exc:
            raise CommandError(str(exc)) from None
        sys.stderr.write("\n")
        if run.status != "done":
            raise CommandError(f"The run ended {run.status}: {run.error}")
        if o["out"]:
            out = Path(o["out"])
            out.mkdir(parents=True, exist_ok=True)
            result = stored_path(run.result_path)
            shutil.copyfile(result, out / "result.parquet")
            (pl.scan_parquet(result)
             .select("row_no", "nik_masked", "outcome", "reason_mask", "flag_mask",
                     "duplicate_of", "conflict_region")
             .sink_csv(out / "hasil.csv"))
        counts = {key: run.counts.get(key, 0) for key in KEYS}
        self.stdout.write(json.dumps({**counts, "run": str(run.id), "seconds": run.seconds}))

    def _progress(self, percent: int, stage: str) -> None:
        done = percent * 30 // 100
        sys.stderr.write(f"\r[{'#' * done}{'.' * (30 - done)}] {percent:3d}% {stage:<14}")
        sys.stderr.flush()
