"""An alert threshold (issue 16: a month's alerts are a handful of meaningful lines): lapses
are flagged when they rise by more than this fraction over the month before."""

from decimal import Decimal

from django.db import migrations


def create(apps, schema_editor):
    StatusThreshold = apps.get_model("indicators", "StatusThreshold")
    StatusThreshold.objects.get_or_create(key="alert-lapse-rise", defaults={
        "label": "Peringatan: peserta berhenti naik lebih dari bagian ini",
        "description": "Peringatan dini bila peserta yang berhenti pada bulan itu naik lebih "
                       "dari bagian ini dibanding bulan sebelumnya (0,1 = 10%).",
        "value": Decimal("0.1")})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_status_lights")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
