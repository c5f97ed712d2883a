from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    ("red-trajectory", "Merah: cakupan di bawah bagian lintasan target ini",
     "Merah jika cakupan bulan ini kurang dari bagian ini dari lintasan target (garis lurus "
     "dari cakupan Desember tahun lalu ke target akhir tahun). Merah juga bila daerah belum "
     "punya alokasi anggaran pada tahun itu.", Decimal("0.5")),
    ("amber-trajectory", "Kuning: cakupan di bawah bagian lintasan target ini",
     "Kuning jika cakupan kurang dari bagian ini dari lintasan target.", Decimal("0.9")),
    ("amber-schedule", "Kuning: realisasi di bawah bagian jadwal ini",
     "Kuning jika realisasi kurang dari bagian ini dari jadwal linear alokasi (bulan yang "
     "sudah lewat dari bulan-bulan yang dibiayai).", Decimal("0.75")),
]


def create(apps, schema_editor):
    StatusThreshold = apps.get_model("indicators", "StatusThreshold")
    for key, label, description, value in DEFAULTS:
        StatusThreshold.objects.get_or_create(
            key=key, defaults={"label": label, "description": description, "value": value})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
