"""Import figures: time and peak memory to import 100,000-row files, as a user would run it
(`manage.py import_data` in its own process, so that its peak resident memory is measured).

Size: a national deployment — all 514 regencies/cities of Indonesia (Kemendagri list in
data/reference/id_kabkota.csv) × 4 segments × 49 months = 100,744 participation rows; and
552 regions × 2 budget stages × 5 funding sources × 2 fiscal years = 11,040 allocations with
104,880 monthly realizations. Targets: under 10 s and 500 MB each. Also measured: the same
participation file again (nothing changes) and with every row changed (100,744 updates, each
with its audit event).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEGMENTS = ["PU", "BPU", "JAKON", "PMI"]
STAGES = ["murni", "perubahan"]
SOURCES = ["apbd_prov", "apbd_kabkota", "dbhcht", "dana_desa", "other"]


def _months(start: dt.date, count: int) -> list[dt.date]:
    months, y, m = [], start.year, start.month
    for _ in range(count):
        months.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _setup():
    from ucj.accounts.models import Role, User
    from ucj.budget.models import Allocation, ContributionPackage, TariffRate
    from ucj.core.models import payer_default
    from ucj.coverage.models import WorkforceDenominator
    from ucj.regions.models import Level, Region
    from ucj.regions.services import regions_load

    regions_load(text=(ROOT / "data/reference/id_kabkota.csv").read_text(encoding="utf-8"))
    provinces = list(Region.objects.filter(level=Level.PROVINCE))
    regencies = list(Region.objects.filter(level=Level.REGENCY).order_by("code"))
    user = User.objects.create_user(username="bench.national", password="x" * 20,
                                    role=Role.PROVINSI_ADMIN, full_name="Bench")
    user.regions.set(provinces)
    WorkforceDenominator.objects.bulk_create([
        WorkforceDenominator(region=r, year=y, workforce_potential=10_000_000)
        for r in regencies for y in range(2022, 2027)])
    package, _ = ContributionPackage.objects.get_or_create(code="bpu-jkk-jkm",
                                                           defaults={"name": "BPU JKK + JKM"})
    TariffRate.objects.get_or_create(package=package, valid_from=dt.date(2020, 1, 1),
                                     defaults={"monthly_amount": 16_800})
    everyone = provinces + regencies
    Allocation.objects.bulk_create([
        Allocation(region=r, fiscal_year=y, stage=s, funding_source=f, amount=10**12,
                   payer=payer_default(funding_source=f, region_level=r.level),
                   workers_planned=1000, start_month=1, months_covered=12, package=package)
        for r in everyone for y in (2025, 2026) for s in STAGES for f in SOURCES])
    return user, regencies, everyone


def _participation_rows(regencies) -> list[list]:
    rows = []
    for month in _months(dt.date(2022, 1, 1), 49):
        for i, region in enumerate(regencies):
            for j, segment in enumerate(SEGMENTS):
                active = 1000 + (i * 37 + j * 11 + month.month) % 5000
                rows.append([region.code, region.short_name, f"{month:%Y-%m}", segment, active,
                             active // 20, active // 30, 0, active // 10, 0, 0, 0, "bench"])
    return rows


PARTICIPATION_HEADER = ["Kode wilayah", "Nama wilayah", "Bulan", "Segmen", "Peserta aktif",
                        "Peserta baru", "Peserta tidak aktif (berhenti)",
                        "Dibiayai APBD provinsi", "Dibiayai APBD kabupaten/kota",
                        "Dibiayai DBHCHT", "Dibiayai Dana Desa/APBDes", "Dibiayai CSR/lainnya",
                        "Sumber"]
REALIZATION_HEADER = ["Kode wilayah", "Nama wilayah", "Tahun anggaran", "Tahap APBD",
                      "Sumber dana", "Bulan", "Jumlah dibayar (Rp)", "Pekerja dibayar", "Catatan"]


def _realization_rows(everyone) -> list[list]:
    rows = []
    for year, months in ((2025, 10), (2026, 9)):
        for region in everyone:
            for stage in STAGES:
                for source in SOURCES:
                    for m in range(1, months + 1):
                        rows.append([region.code, "", year, stage, source, f"{year}-{m:02d}",
                                     f"Rp {16_800_000:,}".replace(",", "."), 1000, ""])
    return rows


def _write_xlsx(path: Path, header: list, rows: list[list]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)


def _write_csv(path: Path, header: list, rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


def _production_env() -> dict:
    """Run the import as in production: DEBUG off (no query log)."""
    env = os.environ.copy()
    env.update(DEBUG="0", SECRET_KEY="bench-only-" + "x" * 40, ALLOWED_HOSTS="localhost")
    return env


def _import(dataset: str, path: Path, user: str) -> tuple[float, float, str]:
    """Run import_data in a child process: wall time (s), peak RSS (MB), its summary line."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "import_data", dataset, str(path),
             "--user", user, "--confirm-warnings"],
            stdout=out, stderr=err, env=_production_env(), cwd=ROOT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"import_data failed: {err.read().decode()[-2000:]}")
        summary = out.read().decode().splitlines()[0]
    return seconds, usage.ru_maxrss / 1024, summary


def run():
    from django.db import connection

    user, regencies, everyone = _setup()
    connection.close()  # the child processes use the same database
    figures = []
    with tempfile.TemporaryDirectory(prefix="ucj-bench-files-") as tmp:
        tmp = Path(tmp)
        rows = _participation_rows(regencies)
        _write_xlsx(tmp / "participation.xlsx", PARTICIPATION_HEADER, rows)
        _write_csv(tmp / "participation.csv", PARTICIPATION_HEADER, rows)
        figures.append(("participation_rows", len(rows), "rows"))
        changed = [row[:4] + [row[4] + 1] + row[5:] for row in rows]  # every "active" +1
        _write_csv(tmp / "participation-changed.csv", PARTICIPATION_HEADER, changed)
        for name, path in (("participation_xlsx_create", tmp / "participation.xlsx"),
                           ("participation_csv_reimport_unchanged", tmp / "participation.csv"),
                           ("participation_csv_all_changed", tmp / "participation-changed.csv")):
            seconds, peak, summary = _import("participation", path, user.username)
            print(f"  {name}: {summary}", file=sys.stderr)
            figures += [(f"{name}_seconds", round(seconds, 2), "s"),
                        (f"{name}_peak_rss", round(peak), "MB")]
        rows = _realization_rows(everyone)
        _write_xlsx(tmp / "realizations.xlsx", REALIZATION_HEADER, rows)
        figures.append(("realization_rows", len(rows), "rows"))
        seconds, peak, summary = _import("realizations", tmp / "realizations.xlsx", user.username)
        print(f"  realizations_xlsx_create: {summary}", file=sys.stderr)
        figures += [("realizations_xlsx_create_seconds", round(seconds, 2), "s"),
                    ("realizations_xlsx_create_peak_rss", round(peak), "MB")]
    return figures
