"""The contribution packages, tariffs and discounts a fresh installation starts with
(DESIGN §3). Loaded by a data migration and again by ``load_demo`` (tests flush the database),
with get-or-create, so an edited rate is never overwritten. The province admin keeps them up
to date on the tariffs page; the texts of the regulations should be checked before a value is
treated as legally binding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

BPU_BASIS = "PP 44/2015 sebagaimana telah diubah terakhir dengan PP 49/2023 (JKK, JKM)"
BPU_SOURCE = ("BPJS Ketenagakerjaan, iuran peserta Bukan Penerima Upah (BPU): JKK 1% dari "
              "penghasilan yang dilaporkan (paling rendah Rp 1.000.000) = Rp 10.000; JKM "
              "Rp 6.800.")
JHT_BASIS = BPU_BASIS + "; PP 46/2015 sebagaimana telah diubah dengan PP 60/2015 (JHT)"
PU_BASIS = ("PP 44/2015 sebagaimana telah diubah terakhir dengan PP 49/2023 (JKK, JKM); "
            "PP 46/2015 jo. PP 60/2015 (JHT); PP 45/2015 Pasal 28–29 (JP); PP 37/2021 "
            "sebagaimana telah diubah dengan PP 6/2025 (JKP)")
# The JP wage cap in force since March 2024 (PP 45/2015 Pasal 29 ayat (3)–(4): BPJS
# Ketenagakerjaan adjusts it every year by last year's GDP growth and announces it).
JP_WAGE_CAP = 10_042_300
PU_SOURCE = ("Peserta Penerima Upah (PU): hanya bagian pemberi kerja, persen dari upah sebulan. "
             "JKK menurut kelompok risiko (0,24 / 0,54 / 0,89 / 1,27 / 1,74%) dan JKM 0,30% "
             "dibayar penuh pemberi kerja; JHT 5,7% = 3,7% pemberi kerja + 2% dipotong dari upah "
             "pekerja; JP 3% = 2% pemberi kerja + 1% pekerja (PP 45/2015 Pasal 28), atas upah "
             "paling tinggi Rp 10.042.300 (batas upah JP sejak Maret 2024, diumumkan BPJS "
             "Ketenagakerjaan menurut PP 45/2015 Pasal 29; tambahkan tarif baru bila batas "
             "berubah); JKP 0,36% tidak dibayar pemberi kerja: dari Pemerintah Pusat dan "
             "rekomposisi iuran JKK (PP 37/2021 jo. PP 6/2025).")
SINCE = dt.date(2015, 7, 1)

# (code, name, description, monthly amount in Rp or None, percent of wage or None,
#  capped percent or None, wage cap or None, basis, source)
PACKAGES = [
    ("bpu-jkk-jkm", "BPU JKK + JKM",
     "Pekerja bukan penerima upah: JKK 1% dari penghasilan Rp 1.000.000 (Rp 10.000) + JKM "
     "Rp 6.800 per bulan. Paket standar yang dibayar APBD.",
     16_800, None, None, None, BPU_BASIS, BPU_SOURCE),
    ("bpu-jkk-jkm-jht", "BPU JKK + JKM + JHT",
     "Seperti BPU JKK + JKM, ditambah JHT sukarela 2% dari Rp 1.000.000 (Rp 20.000) per bulan.",
     36_800, None, None, None, JHT_BASIS, BPU_SOURCE + " JHT (sukarela) 2% = Rp 20.000."),
]
JKK_CLASSES = [("I", "0.24"), ("II", "0.54"), ("III", "0.89"), ("IV", "1.27"), ("V", "1.74")]
EMPLOYER_JKM, EMPLOYER_JHT, EMPLOYER_JP = Decimal("0.30"), Decimal("3.7"), Decimal("2")


def pu_description(roman: str, jkk: str) -> str:
    total = Decimal(jkk) + EMPLOYER_JKM + EMPLOYER_JHT
    return (f"Pekerja penerima upah (mis. pegawai non-ASN), kelompok risiko {roman}, bagian "
            f"pemberi kerja: JKK {jkk}% + JKM 0,30% + JHT 3,7% = {total}% dari upah sebulan, "
            "ditambah JP 2% dari upah paling tinggi sebesar batas upah JP. Bagian pekerja (JHT "
            "2%, JP 1%) dipotong dari upahnya; JKP tidak dibayar pemberi kerja.")


for number, (roman, jkk) in enumerate(JKK_CLASSES, start=1):
    PACKAGES.append((
        f"pu-risiko-{number}", f"PU kelompok risiko {roman}", pu_description(roman, jkk),
        None, Decimal(jkk) + EMPLOYER_JKM + EMPLOYER_JHT, EMPLOYER_JP, JP_WAGE_CAP,
        PU_BASIS, PU_SOURCE))

# PP 50/2025: JKK and JKM of BPU participants at 50% (never JHT), not for contributions paid
# from APBN/APBD, for contribution months that differ by sector.
RELIEF_BASIS = "PP 50/2025 Pasal 4 ayat (1)"
RELIEF_SOURCE = (
    "PP 50/2025 tentang Penyesuaian Iuran JKK dan JKM bagi Peserta Bukan Penerima Upah "
    "(ditetapkan 22 Desember 2025): iuran JKK dan JKM peserta BPU 50% dari iuran normal "
    "(Pasal 4 ayat (1)); JHT tidak termasuk; tidak berlaku untuk iuran yang dibayar melalui "
    "APBN/APBD. Bulan iuran: sektor transportasi Januari 2026–Maret 2027, di luar transportasi "
    "April–Desember 2026. Sumber: keterangan BPJS Ketenagakerjaan yang dikutip Antara (Jateng) "
    "dan Kilasriau.com; naskah PP belum diperiksa langsung, periksa sebelum dipakai sebagai "
    "dasar hukum.")
RELIEF_BASE = 16_800  # JKK Rp 10.000 + JKM Rp 6.800 of a BPU package
# (sector, valid from, valid until)
RELIEF_PERIODS = [
    ("transport", dt.date(2026, 1, 1), dt.date(2027, 3, 31)),
    ("nontransport", dt.date(2026, 4, 1), dt.date(2026, 12, 31)),
]
DISCOUNTS = [
    (code, Decimal(50), sector, start, end, False, RELIEF_BASE, RELIEF_BASIS, RELIEF_SOURCE)
    for code in ("bpu-jkk-jkm", "bpu-jkk-jkm-jht") for sector, start, end in RELIEF_PERIODS
]


def seed(package_model, rate_model, discount_model) -> tuple[int, int]:
    """Create what is missing; returns (packages created, rates created)."""
    packages = rates = 0
    # the national rows only (issue 21: a province's own rows are its own; a historical model
    # of a migration before the province field has none)
    national = ({"province": None} if any(f.name == "province" for f in
                                          rate_model._meta.get_fields()) else {})
    for code, name, description, amount, percent, capped, cap, basis, source in PACKAGES:
        package, created = package_model.objects.get_or_create(
            code=code, defaults={"name": name, "description": description})
        packages += created
        if not rate_model.objects.filter(package=package, **national).exists():
            rate_model.objects.create(package=package, valid_from=SINCE, monthly_amount=amount,
                                      percent_of_wage=percent, capped_percent_of_wage=capped,
                                      wage_cap=cap, legal_basis=basis, source=source)
            rates += 1
    for code, percent, sector, start, end, public, base, basis, source in DISCOUNTS:
        package = package_model.objects.get(code=code)
        discount_model.objects.get_or_create(
            package=package, sector=sector, valid_from=start, **national,
            defaults={"percent": percent, "valid_to": end, "applies_to_public_funds": public,
                      "base_amount": base, "legal_basis": basis, "source": source})
    return packages, rates
