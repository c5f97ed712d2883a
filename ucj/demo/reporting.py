"""The submission workflow's part of the demo (called once from ``ucj.demo.loader``): the
reporting calendar's default rows where the province keeps none, and a few submissions so that
the province's approval inbox and the operators' homes show the workflow: figures waiting for
approval, and Lombok Tengah's 2026 allocations returned with the province's reason.

Users' data is never written over: a calendar row that exists is left as it is (the admin may
have changed it), and a submission is made only where the figures exist and no submission row
exists yet for that region × dataset × period (whoever made it). Every step goes through the
services, audited, by the demo's own users."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ucj.accounts.models import Role, User
from ucj.regions.models import Region
from ucj.submissions import services
from ucj.submissions.models import ReportingDeadline, Submission

# The default calendar, as the migration seeds it (0003_seed_reporting_calendar): dataset,
# months after the period starts, day of the month, first period, note.
DEFAULT_CALENDAR = [
    ("denominators", 2, 31, "2025",
     "Bawaan: potensi tenaga kerja suatu tahun paling lambat 31 Maret tahun itu."),
    ("participation", 1, 15, "2025-01",
     "Bawaan: BPJS Ketenagakerjaan melaporkan suatu bulan paling lambat tanggal 15 "
     "bulan berikutnya."),
    ("commitments", 2, 31, "2025",
     "Bawaan: komitmen suatu tahun paling lambat 31 Maret tahun itu."),
    ("allocations", 0, 31, "2025",
     "Bawaan: alokasi APBD suatu tahun paling lambat 31 Januari tahun itu (setelah DPA)."),
    ("realizations", 1, 10, "2025-01",
     "Bawaan: pembayaran suatu bulan paling lambat tanggal 10 bulan berikutnya."),
]

# (region, dataset, period) submitted by the region's operator; those with a reason are then
# returned by the province with it.
SUBMITTED = [
    ("52.03", "commitments", "2026", ""),
    ("52.01", "allocations", "2026", ""),
    ("52.04", "denominators", "2026", ""),
    ("52.02", "allocations", "2026",
     "Dana DBHCHT tercatat dibayar oleh kabupaten: perbaiki kolom pembayar menjadi provinsi, "
     "lalu kirim kembali."),
]


def _operator(region: Region) -> User | None:
    return (User.objects.filter(role=Role.DAERAH_OPERATOR, is_active=True, regions=region)
            .order_by("username").first())


def load_reporting(admin, result) -> None:
    """Add the calendar's missing default rows and the demo's submissions (module docstring)."""
    rows = 0
    for dataset, months_after, due_day, first_period, note in DEFAULT_CALENDAR:
        _row, created = ReportingDeadline.objects.get_or_create(
            dataset=dataset, province=None, defaults={  # the national row (issue 21)
                "months_after": months_after, "due_day": due_day,
                "first_period": first_period, "note": note})
        rows += created
    made = 0
    regions = Region.objects.defer("geometry").in_bulk([c for c, *_ in SUBMITTED],
                                                      field_name="code")
    for code, dataset, period, reason in SUBMITTED:
        region = regions.get(code)
        operator = _operator(region) if region else None
        if operator is None or Submission.objects.filter(
                region=region, dataset=dataset, period=period).exists():
            continue
        try:
            submission = services.submission_submit(actor=operator, region=region,
                                                    dataset=dataset, period=period)
            if reason:
                services.submission_return(actor=admin, submission=submission, reason=reason)
        except ValidationError:
            continue  # no figures for the period in this demo: nothing to submit
        made += 1
    result.add("reporting calendar", rows)
    result.add("submissions", made)
