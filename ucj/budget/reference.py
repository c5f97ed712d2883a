"""The contribution packages, tariffs and discounts a fresh installation starts with
(DESIGN §3). Loaded by a data migration and again by ``load_demo`` (tests flush the database),
with get-or-create, so an edited rate is never overwritten. The province admin keeps them up
to date on the tariffs page; the texts of the regulations should be checked before a value is
treated as legally binding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

BPU_BASIS = "PP 44/2015 jo. PP 82/2019 (JKK, JKM)"
BPU_SOURCE = ("BPJS Ketenagakerjaan, iuran peserta Bukan Penerima Upah (BPU): JKK 1% dari "
              "penghasilan yang dilaporkan (paling rendah Rp 1.000.000) = Rp 10.000; JKM "
              "Rp 6.800.")
JHT_BASIS = "PP 44/2015 jo. PP 82/2019 (JKK, JKM); PP 46/2015 jo. PP 60/2015 (JHT)"
PU_BASIS = ("PP 44/2015 jo. PP 82/2019 (JKK, JKM); PP 46/2015 (JHT); PP 45/2015 (JP); "
            "PP 37/2021 jo. PP 6/2025 (JKP)")
PU_SOURCE = ("Peserta Penerima Upah (PU), persen dari upah sebulan: JKK menurut kelompok "
             "risiko (0,24 / 0,54 / 0,89 / 1,27 / 1,74%), JKM 0,30%, JHT 5,7%, JP 3% (upah "
             "dibatasi), JKP 0,36%.")
SINCE = dt.date(2015, 7, 1)

# (code, name, description, monthly amount in Rp or None, percent of wage or None, basis, source)
PACKAGES = [
    ("bpu-jkk-jkm", "BPU JKK + JKM",
     "Pekerja bukan penerima upah: JKK 1% dari penghasilan Rp 1.000.000 (Rp 10.000) + JKM "
     "Rp 6.800 per bulan. Paket standar yang dibayar APBD.",
     16_800, None, BPU_BASIS, BPU_SOURCE),
    ("bpu-jkk-jkm-jht", "BPU JKK + JKM + JHT",
     "Seperti BPU JKK + JKM, ditambah JHT sukarela 2% dari Rp 1.000.000 (Rp 20.000) per bulan.",
     36_800, None, JHT_BASIS, BPU_SOURCE + " JHT (sukarela) 2% = Rp 20.000."),
]
JKK_CLASSES = [("I", "0.24"), ("II", "0.54"), ("III", "0.89"), ("IV", "1.27"), ("V", "1.74")]
for number, (roman, jkk) in enumerate(JKK_CLASSES, start=1):
    total = Decimal(jkk) + Decimal("0.30") + Decimal("5.7") + Decimal("3") + Decimal("0.36")
    PACKAGES.append((
        f"pu-risiko-{number}", f"PU kelompok risiko {roman}",
        f"Pekerja penerima upah (mis. pegawai non-ASN), kelompok risiko {roman}: JKK {jkk}% + "
        f"JKM 0,30% + JHT 5,7% + JP 3% + JKP 0,36% = {total}% dari upah sebulan (bagian pemberi "
        "kerja dan pekerja; batas upah JP tidak dihitung).",
        None, total, PU_BASIS, PU_SOURCE))

# PP 50/2025: a 50% discount of BPU contributions, which does not apply to contributions
# paid from APBN/APBD (DESIGN §3).
DISCOUNTS = [
    (code, Decimal(50), dt.date(2026, 1, 1), dt.date(2026, 12, 31), False, "PP 50/2025",
     "Diskon 50% iuran BPU menurut PP 50/2025; tidak berlaku untuk iuran yang dibayar dari "
     "APBN/APBD. Periksa tanggal berlaku pada naskah PP sebelum dipakai sebagai dasar hukum.")
    for code in ("bpu-jkk-jkm", "bpu-jkk-jkm-jht")
]


def seed(package_model, rate_model, discount_model) -> tuple[int, int]:
    """Create what is missing; returns (packages created, rates created)."""
    packages = rates = 0
    for code, name, description, amount, percent, basis, source in PACKAGES:
        package, created = package_model.objects.get_or_create(
            code=code, defaults={"name": name, "description": description})
        packages += created
        if not rate_model.objects.filter(package=package).exists():
            rate_model.objects.create(package=package, valid_from=SINCE, monthly_amount=amount,
                                      percent_of_wage=percent, legal_basis=basis, source=source)
            rates += 1
    for code, percent, start, end, public, basis, source in DISCOUNTS:
        package = package_model.objects.get(code=code)
        discount_model.objects.get_or_create(
            package=package, valid_from=start,
            defaults={"percent": percent, "valid_to": end, "applies_to_public_funds": public,
                      "legal_basis": basis, "source": source})
    return packages, rates
