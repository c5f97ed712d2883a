from django.db import migrations

# The packages, tariffs and discounts are seeded by 0007 (with the fields they need since);
# this step did so before and is kept so that the migration history stays the same.


class Migration(migrations.Migration):

    dependencies = [("budget", "0003_tariff_percent_and_discount")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
