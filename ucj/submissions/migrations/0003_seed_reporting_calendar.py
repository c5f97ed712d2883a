"""Seed the default reporting calendar (issue 19). The rows are written here literally, not
imported from the app, so that this migration means the same thing forever; a row the
province admin already keeps is never overwritten (get-or-create by dataset)."""

from django.db import migrations

# dataset, months after the period starts, day of the month, first period, note (data,
# in Indonesian as the UI shows it)
DEFAULTS = [
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


def seed(apps, schema_editor):
    deadline = apps.get_model("submissions", "ReportingDeadline")
    for dataset, months_after, due_day, first_period, note in DEFAULTS:
        deadline.objects.get_or_create(dataset=dataset, defaults={
            "months_after": months_after, "due_day": due_day, "first_period": first_period,
            "note": note})


class Migration(migrations.Migration):
    dependencies = [("submissions", "0002_reporting_calendar")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
