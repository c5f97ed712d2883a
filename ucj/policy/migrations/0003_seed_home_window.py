"""Seed the home page's due-soon window with the value the code held before it became data
(31 days, ``ucj.submissions.selectors.DUE_SOON_DAYS``). Literal; an existing row is kept."""

from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("policy", "PolicyValue").objects.get_or_create(
        key="home-due-soon-days", defaults={"value": 31})


class Migration(migrations.Migration):
    dependencies = [("policy", "0002_seed_defaults")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
