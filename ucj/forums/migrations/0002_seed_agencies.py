"""Seed the agencies that attend forums and own action items (create the missing ones by code,
never change an existing one). Written here literally (as ucj/forums/reference.py held them
when this migration was made), so that this migration seeds the same rows forever."""

from django.db import migrations

AGENCIES = [
    # code, short name, full name
    ("disnakertrans", "Disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi"),
    ("disnaker", "Disnaker", "Dinas Tenaga Kerja"),
    ("bappeda", "Bappeda", "Badan Perencanaan Pembangunan Daerah"),
    ("bpkad", "BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("bpjs-tk", "BPJS TK", "BPJS Ketenagakerjaan"),
    ("dinsos", "Dinsos", "Dinas Sosial"),
    ("dpmd", "DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("setda", "Setda", "Sekretariat Daerah"),
    ("hukum", "Bagian Hukum", "Biro/Bagian Hukum Sekretariat Daerah"),
    ("inspektorat", "Inspektorat", "Inspektorat Daerah"),
    ("dprd", "DPRD", "Dewan Perwakilan Rakyat Daerah"),
    ("lainnya", "Lainnya", "Instansi lain"),
]


def seed(apps, schema_editor):
    agency = apps.get_model("forums", "Agency")
    existing = set(agency.objects.values_list("code", flat=True))
    agency.objects.bulk_create(
        agency(code=code, name=name, full_name=full, order=order)
        for order, (code, name, full) in enumerate(AGENCIES, start=1) if code not in existing)


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
