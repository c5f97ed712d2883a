from django.db import migrations


def seed(apps, schema_editor):
    from ucj.budget.reference import seed as seed_tariffs

    seed_tariffs(apps.get_model("budget", "ContributionPackage"),
                 apps.get_model("budget", "TariffRate"),
                 apps.get_model("budget", "TariffDiscount"))


class Migration(migrations.Migration):

    dependencies = [("budget", "0003_tariff_percent_and_discount")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
