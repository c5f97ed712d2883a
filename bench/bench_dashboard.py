"""Dashboard figures: server time of the province dashboard (the province users' home page)
with the NTB demo data (target under 150 ms), and at national scale: one generated province
holding as many regencies as Indonesia has (514), with 36 months of participation, three
years of denominators, commitments, allocations and monthly realizations (target under
500 ms), and of the budget planner's province view and calculator, which read the same
inputs. The query count is printed too: it must not grow with the number of regions."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

REGENCIES = 514
MONTHS = 36
SEGMENTS = ["PU", "BPU", "JAKON", "PMI"]


def _median_ms(client: Client, url: str, repeat: int = 11,
               kept: bool = False) -> tuple[float, int]:
    """The median server time of ``url`` and its query count: computed (each request with a
    query parameter of its own, so a page body kept until the next write is not read back:
    ucj/core/pagecache.py), or ``kept``: the same URL again, as a user reading it twice."""
    def address(i: int) -> str:
        return url if kept else f"{url}{'&' if '?' in url else '?'}bench={i}"

    assert client.get(address(-1)).status_code == 200  # warm up
    timings = []
    for i in range(repeat):
        start = time.perf_counter()
        response = client.get(address(i))
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(address(repeat))
    return statistics.median(timings), len(queries.captured_queries)


def _national(package):
    from ucj.accounts.models import Role, User
    from ucj.budget.models import Allocation, Commitment, Realization
    from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
    from ucj.regions.models import Level, Region

    province = Region.objects.create(code="99", name="Provinsi Sintetis Nasional",
                                     level=Level.PROVINCE)
    Region.objects.bulk_create([
        Region(code=f"99.{n:03d}", name=f"Kabupaten Sintetis {n}", level=Level.REGENCY,
               parent=province) for n in range(1, REGENCIES + 1)])
    regencies = list(Region.objects.filter(parent=province))
    months = [dt.date(2024 + (m // 12), m % 12 + 1, 1) for m in range(MONTHS)]  # 2024–2026
    ParticipationSnapshot.objects.bulk_create([
        ParticipationSnapshot(region=r, month=m, segment=s, active=1000 + (i * 7 + k) % 900,
                              lapsed=10 + k % 5, funded_apbd_kabkota=50, is_synthetic=True)
        for i, r in enumerate(regencies) for k, m in enumerate(months) for s in SEGMENTS],
        batch_size=5000)
    WorkforceDenominator.objects.bulk_create([
        WorkforceDenominator(region=r, year=y, workforce_potential=20_000,
                             vulnerable_target=3_000, is_synthetic=True)
        for r in regencies for y in (2024, 2025, 2026)])
    Commitment.objects.bulk_create(
        [Commitment(region=province, year=y, target_coverage=Decimal("40")) for y in
         (2024, 2025, 2026)]
        + [Commitment(region=r, year=2026, target_coverage=Decimal("35")) for r in regencies])
    allocations = Allocation.objects.bulk_create([
        Allocation(region=r, fiscal_year=2026, stage=stage, funding_source="apbd_kabkota",
                   payer="regency",
                   amount=201_600_000, workers_planned=1000, months_covered=12,
                   package=package, is_synthetic=True)
        for r in regencies for stage in ("murni", "perubahan")])
    Realization.objects.bulk_create([
        Realization(allocation=a, month=dt.date(2026, m, 1), amount_paid=16_800_000,
                    workers_paid=1000, is_synthetic=True)
        for a in allocations for m in range(1, 13)], batch_size=5000)
    user = User.objects.create_user(username="bench.province", password="x" * 20,
                                    role=Role.PROVINSI_ADMIN, full_name="Bench")
    user.regions.set([province])
    return user


def run():
    from ucj.accounts.models import User
    from ucj.budget.models import ContributionPackage
    from ucj.demo.loader import load_demo

    load_demo()
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="admin.prov"))
    figures = []
    ms, queries = _median_ms(client, "/")
    figures += [("dashboard_demo_median_ms", round(ms, 1), "ms"),
                ("dashboard_demo_queries", queries, "queries"),
                ("dashboard_demo_kept_median_ms", round(_median_ms(client, "/", kept=True)[0], 1),
                 "ms")]

    start = time.perf_counter()
    user = _national(ContributionPackage.objects.get(code="bpu-jkk-jkm"))
    figures.append(("national_data_seconds", round(time.perf_counter() - start, 1), "s"))
    client.force_login(user)
    ms, queries = _median_ms(client, "/dasbor/", repeat=7)
    figures += [("dashboard_514_regencies_36_months_median_ms", round(ms, 1), "ms"),
                ("dashboard_514_regencies_queries", queries, "queries"),
                ("dashboard_514_regencies_kept_median_ms",
                 round(_median_ms(client, "/dasbor/", repeat=7, kept=True)[0], 1), "ms")]
    ms, queries = _median_ms(client, "/wilayah/99.001/", repeat=7)
    figures += [("region_page_514_regencies_median_ms", round(ms, 1), "ms"),
                ("region_page_queries", queries, "queries"),
                ("region_page_514_regencies_kept_median_ms",
                 round(_median_ms(client, "/wilayah/99.001/", repeat=7, kept=True)[0], 1), "ms")]
    # the budget planner reads the same inputs: the province view and one regency's plan
    ms, queries = _median_ms(client, "/anggaran/provinsi/?year=2026&target=62,22", repeat=7)
    figures += [("province_budget_view_514_regencies_median_ms", round(ms, 1), "ms"),
                ("province_budget_view_queries", queries, "queries")]
    ms, queries = _median_ms(client, "/anggaran/kalkulator/?region=99.001&year=2026&stage="
                             "perubahan&start_month=10&mode=coverage&target_coverage=40",
                             repeat=7)
    figures += [("calculator_514_regencies_median_ms", round(ms, 1), "ms"),
                ("calculator_queries", queries, "queries")]
    # issue 17: the budget cycle grid, the commitments followed through, the reconciliation
    for name, url in (("budget_cycle", "/anggaran/siklus/?tahun=2026&tahap=murni"),
                      ("commitment_followthrough", "/anggaran/siklus/komitmen/?tahun=2026"),
                      ("reconciliation", "/rekonsiliasi/?bulan=2026-06")):
        ms, queries = _median_ms(client, url, repeat=5)
        figures += [(f"{name}_514_regencies_median_ms", round(ms, 1), "ms"),
                    (f"{name}_queries", queries, "queries")]
    return figures
