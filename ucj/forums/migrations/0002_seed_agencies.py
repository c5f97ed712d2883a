from django.db import migrations


def seed(apps, schema_editor):
    from ucj.forums.reference import seed as seed_agencies

    seed_agencies(apps.get_model("forums", "Agency"))


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
