import shutil
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ucj.regions.models import Region
from ucj.reports import selectors, services, tasks
from ucj.reports.models import Kind, Status


class Command(BaseCommand):
    help = ("Make the monev report (PDF, or with --workbook the data workbook) of a period for "
            "the province or one region, archive it like a report ordered in the web UI, and "
            "write it to --out. PERIOD is YYYY-MM, YYYY-Qn or YYYY.")

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM, YYYY-Qn or YYYY")
        parser.add_argument("--region", help="a regency/city code, e.g. 52.03 (default: the "
                                             "province)")
        parser.add_argument("--out", required=True, help="the file to write (.pdf or .xlsx)")
        parser.add_argument("--workbook", action="store_true",
                            help="the data workbook (.xlsx) instead of the PDF")
        parser.add_argument("--user", help="record the report as ordered by this user")

    def handle(self, *args, period, region, out, workbook, user, **options):
        try:
            place = selectors.region_for_code(region)
        except Region.DoesNotExist as exc:
            raise CommandError(f"Unknown region {region or '(province)'}: {exc}") from exc
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Unknown user {user}.")
        try:
            report = services.report_request(
                actor=actor, kind=Kind.WORKBOOK if workbook else Kind.MONEV_PDF,
                period=period, region=place, enqueue=False)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        report = tasks.report_generate(report.pk)
        if report.status != Status.DONE:
            raise CommandError(f"The report failed: {report.error}")
        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        with report.file.open("rb") as source, open(target, "wb") as handle:
            shutil.copyfileobj(source, handle)
        month = f"{report.reference_month:%Y-%m}" if report.reference_month else "none"
        self.stdout.write(f"{target}: {report.size} bytes, {report.duration_ms} ms, period "
                          f"{report.period}, data month {month}, report {report.pk}")
