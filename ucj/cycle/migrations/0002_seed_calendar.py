"""Seed the default budget calendar (get-or-create: an edited due date is never overwritten).

The dates are written here literally (as ucj/cycle/calendar.py held them when this migration was
made), so that this migration seeds the same rows forever, whatever that module says later."""

import datetime as dt

from django.db import migrations

PROVINCE_BASIS = "Ditetapkan provinsi"

# (month, day, year offset from the fiscal year) of each step, per budget stage.
DEFAULTS = {
    "murni": {
        "usulan": (8, 15, -1), "rapbd": (9, 30, -1), "persetujuan": (11, 30, -1),
        "evaluasi": (12, 15, -1), "perda": (12, 31, -1), "dpa": (1, 31, 0), "sp2d": (3, 31, 0),
    },
    "perubahan": {
        "usulan": (8, 15, 0), "rapbd": (9, 10, 0), "persetujuan": (9, 30, 0),
        "evaluasi": (10, 15, 0), "perda": (10, 31, 0), "dpa": (11, 15, 0), "sp2d": (12, 15, 0),
    },
}
SEED_YEARS = (2025, 2026, 2027)


def seed(apps, schema_editor):
    deadline = apps.get_model("cycle", "CalendarDeadline")
    for year in SEED_YEARS:
        for stage, steps in DEFAULTS.items():
            for kind, (month, day, offset) in steps.items():
                deadline.objects.get_or_create(
                    fiscal_year=year, stage=stage, kind=kind,
                    defaults={"due_date": dt.date(year + offset, month, day),
                              "legal_basis": PROVINCE_BASIS})


class Migration(migrations.Migration):
    dependencies = [("cycle", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
