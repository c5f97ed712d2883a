"""Seed the default budget calendar (get-or-create: an edited due date is never overwritten)."""

from django.db import migrations


def seed(apps, schema_editor):
    from ucj.cycle.calendar import seed as seed_calendar

    seed_calendar(apps.get_model("cycle", "CalendarDeadline"))


class Migration(migrations.Migration):
    dependencies = [("cycle", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
