"""Every funded count says who pays (issue 16): DBHCHT gets a count for each payer.

DBHCHT is transferred to the province and to the regencies alike, so ``funded_dbhcht`` alone
did not say whose money pays. ``funded_dbhcht_prov`` is added for the workers paid from the
province's DBHCHT; ``funded_dbhcht`` becomes the regency's own DBHCHT (its label only).

Existing rows: those users entered or imported (``is_synthetic`` false) keep their DBHCHT count
as the regency's, as the payer migration of allocations (budget 0005) did for DBHCHT on a
regency's row. The demonstration data's rows (``is_synthetic``) move their DBHCHT count to
the province's, because the demo's DBHCHT workers are the province's 13,000 (its DBHCHT
allocations have the province as payer). Backwards, the province's count is added back into
``funded_dbhcht``.
"""

from django.db import migrations, models
from django.db.models import F


def synthetic_dbhcht_to_province(apps, schema_editor):
    Snapshot = apps.get_model("coverage", "ParticipationSnapshot")
    (Snapshot.objects.filter(is_synthetic=True, funded_dbhcht__gt=0)
     .update(funded_dbhcht_prov=F("funded_dbhcht_prov") + F("funded_dbhcht"), funded_dbhcht=0))


def province_dbhcht_back(apps, schema_editor):
    Snapshot = apps.get_model("coverage", "ParticipationSnapshot")
    (Snapshot.objects.filter(funded_dbhcht_prov__gt=0)
     .update(funded_dbhcht=F("funded_dbhcht") + F("funded_dbhcht_prov"), funded_dbhcht_prov=0))


class Migration(migrations.Migration):

    dependencies = [
        ("coverage", "0002_import_job_and_lean_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="participationsnapshot",
            name="funded_dbhcht_prov",
            field=models.PositiveBigIntegerField(
                default=0, verbose_name="funded by the province's DBHCHT"),
        ),
        migrations.AlterField(
            model_name="participationsnapshot",
            name="funded_dbhcht",
            field=models.PositiveBigIntegerField(
                default=0, verbose_name="funded by the regency's DBHCHT"),
        ),
        migrations.RunPython(synthetic_dbhcht_to_province, province_dbhcht_back),
    ]
