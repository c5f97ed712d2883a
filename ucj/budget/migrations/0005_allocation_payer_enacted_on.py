"""Who pays apart from which fund (issue 16), and the date a budget stage was enacted.

Existing allocations get the payer their fund implies (APBD provinsi → the province, APBD
kabupaten/kota → the regency/city, Dana Desa → the village, CSR/other → other). DBHCHT is
transferred to provinces and regencies alike: on the province's row it is the province's; on a
regency's row it is the regency's, except for the demonstration data (``is_synthetic``), whose
DBHCHT rows are the province's 13,000 workers recorded on the regencies they live in.
"""

from django.db import migrations, models

IMPLIED = {"apbd_prov": "province", "apbd_kabkota": "regency", "dana_desa": "village",
           "other": "other"}


def set_payers(apps, schema_editor):
    Allocation = apps.get_model("budget", "Allocation")
    for fund, payer in IMPLIED.items():
        Allocation.objects.filter(funding_source=fund).update(payer=payer)
    dbhcht = Allocation.objects.filter(funding_source="dbhcht")
    dbhcht.filter(region__level="province").update(payer="province")
    dbhcht.filter(region__level="regency", is_synthetic=True).update(payer="province")
    dbhcht.filter(payer__isnull=True).update(payer="regency")


class Migration(migrations.Migration):

    dependencies = [
        ("budget", "0004_seed_tariffs"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="allocation",
            name="payer",
            field=models.CharField(
                choices=[("province", "province"), ("regency", "regency/city"),
                         ("village", "village"), ("other", "other")],
                max_length=10, null=True, verbose_name="payer"),
        ),
        migrations.AddField(
            model_name="allocation",
            name="enacted_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="enacted on",
                help_text="Date the budget stage was enacted (Perda APBD/APBD-P or DPA). Before "
                          "it, views and reports of earlier months do not count this "
                          "allocation."),
        ),
        migrations.RunPython(set_payers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="allocation",
            name="payer",
            field=models.CharField(
                choices=[("province", "province"), ("regency", "regency/city"),
                         ("village", "village"), ("other", "other")],
                help_text="Whose budget pays: the province, the regency/city, a village or "
                          "another party. Only a region's own money counts as its budgeting.",
                max_length=10, verbose_name="payer"),
        ),
        migrations.RemoveConstraint(model_name="allocation", name="allocation_natural_key"),
        migrations.AddConstraint(
            model_name="allocation",
            constraint=models.UniqueConstraint(
                fields=("region", "fiscal_year", "stage", "funding_source", "payer"),
                name="allocation_natural_key",
                violation_error_message="There is already an allocation for this region, fiscal "
                                        "year, budget stage, funding source and payer."),
        ),
        migrations.AddConstraint(
            model_name="allocation",
            constraint=models.CheckConstraint(
                condition=models.Q(payer__in=["province", "regency", "village", "other"]),
                name="allocation_payer_known", violation_error_message="Choose who pays."),
        ),
        migrations.AlterModelOptions(
            name="allocation",
            options={"ordering": ["-fiscal_year", "region__code", "stage", "funding_source",
                                  "payer"],
                     "verbose_name": "budget allocation",
                     "verbose_name_plural": "budget allocations"},
        ),
    ]
