"""The thresholds of the three status lights (issue 16): coverage from the projected year-end
coverage, budgeting, realization. Values are fractions, except the two due months."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    ("red-projection", "Merah (cakupan): proyeksi akhir tahun di bawah bagian target ini",
     "Cakupan akhir tahun diproyeksikan dari laju bulanan tiga bulan terakhir (melewati "
     "pergantian tahun). Merah jika proyeksi itu kurang dari bagian ini dari target tahun "
     "itu.", Decimal("0.8")),
    ("amber-projection", "Kuning (cakupan): proyeksi akhir tahun di bawah bagian target ini",
     "Kuning jika proyeksi cakupan akhir tahun kurang dari bagian ini dari target.",
     Decimal("0.95")),
    ("red-schedule", "Merah (realisasi): realisasi di bawah bagian jadwal ini",
     "Merah jika realisasi kurang dari bagian ini dari jadwal linear alokasi.", Decimal("0.5")),
    ("amber-adequacy", "Kuning (penganggaran): dana bebas di bawah bagian kebutuhan APBD ini",
     "Kuning jika dana yang belum terikat untuk pekerja yang sudah dibiayai kurang dari bagian "
     "ini dari kebutuhan APBD (pekerja rentan yang dijanjikan tetapi belum dibiayai).",
     Decimal("1")),
    ("perubahan-due-month", "Bulan APBD-P tahun berjalan diharapkan sudah ada",
     "Bulan (1–12) sejak kapan dana sendiri di APBD perubahan tahun itu diharapkan; sebelum "
     "itu, ketiadaannya tidak memengaruhi lampu penganggaran. Ditetapkan provinsi.",
     Decimal("10")),
    ("murni-next-due-month", "Bulan APBD murni tahun depan diharapkan sudah ada",
     "Bulan (1–12) sejak kapan dana sendiri di APBD murni tahun berikutnya diharapkan. "
     "Ditetapkan provinsi.", Decimal("12")),
]


def create(apps, schema_editor):
    StatusThreshold = apps.get_model("indicators", "StatusThreshold")
    for key, label, description, value in DEFAULTS:
        StatusThreshold.objects.get_or_create(
            key=key, defaults={"label": label, "description": description, "value": value})
    StatusThreshold.objects.filter(key="red-trajectory").update(
        label="Merah (cakupan, tanpa proyeksi): cakupan di bawah bagian lintasan target ini",
        description="Dipakai hanya bila proyeksi tidak bisa dihitung (belum ada data bulan "
                    "sebelumnya): merah jika cakupan bulan ini kurang dari bagian ini dari "
                    "lintasan target (garis lurus dari cakupan Desember tahun lalu ke target).")
    StatusThreshold.objects.filter(key="amber-trajectory").update(
        label="Kuning (cakupan, tanpa proyeksi): cakupan di bawah bagian lintasan target ini")
    StatusThreshold.objects.filter(key="amber-schedule").update(
        label="Kuning (realisasi): realisasi di bawah bagian jadwal ini")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_default_thresholds")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
