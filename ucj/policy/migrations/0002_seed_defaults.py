"""Seed the province's policy values with what the code and the environment said before they
became data (issue 20), so that nothing behaves differently. Written literally: editing
ucj/policy/keys.py later never changes what this migration seeds. A row that exists is never
overwritten."""

from django.db import migrations

DEFAULTS = {
    "working-age-min": 15,  # was UCJ_REGISTRY_MIN_AGE
    "working-age-max": 64,  # was UCJ_REGISTRY_MAX_AGE
    "category-order": ["miskin ekstrem", "miskin", "rentan"],  # was UCJ_REGISTRY_CATEGORY_ORDER
    "need-package": "bpu-jkk-jkm",  # was UCJ_NEED_PACKAGE
    "forum-due-soon-days": 14,  # was UCJ_REMINDER_DAYS
    "province-invitees": ["disnakertrans", "bpjs-tk"],  # were constants of the forums' views
    "regency-invitees": ["disnaker", "bappeda", "bpkad"],
}


def seed(apps, schema_editor):
    policy = apps.get_model("policy", "PolicyValue")
    for key, value in DEFAULTS.items():
        policy.objects.get_or_create(key=key, defaults={"value": value})


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
