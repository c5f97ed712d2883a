"""National scale (issue 21 item 3): the indicator engine for every province at once, on the
national region master (38 provinces, 514 regencies/cities: data/reference/id_kabkota.csv)
with 36 months of generated data for every regency (participation by segment, denominators,
commitments, allocations of two years, monthly realizations, every month's submissions).

Printed, on the bench's own SQLite database (this process) and on PostgreSQL (a throw-away
server from scripts/with-postgres, in a child process: ``bench/bench_national.py
--postgres``; left out with a note when the machine has no PostgreSQL):

* ``national_inputs``: the inputs of all 38 provinces for the latest month in one pass
  (``ucj.indicators.gather.inputs_for_all``, computed: a new data version before each run, as
  a write makes; median of 11) and its query count,
  beside the query count for one province (it must not grow with provinces);
* ``national_engine``: those inputs and every indicator of the 38 provinces and 514 regencies
  (``figures``), what the national dashboard computes;
* ``national_dashboard``: the national dashboard page (signed in as a national viewer; computed
  after a write, not the page kept until the next one) once it exists, else its selector;
* ``national_raw_sql``: the raw SQL of the same inputs (the aggregates alone, no Python
  objects) for comparison.

Target (issue 21): the national dashboard under 300 ms on PostgreSQL. The benchmark reports;
it does not assert, except that the query count is the same for one province and for all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MONTHS = 36
FIRST = dt.date(2024, 1, 1)
SEGMENTS = ["PU", "BPU", "JAKON", "PMI"]
REPEAT = 11


def _months() -> list[dt.date]:
    return [dt.date(FIRST.year + m // 12, m % 12 + 1, 1) for m in range(MONTHS)]


def load_master() -> None:
    """The national region master: the one-command loader when it is there, else the CSV."""
    from ucj.regions import services

    loader = getattr(services, "national_master_load", None)
    if loader is not None:
        loader()
        return
    text = (ROOT / "data" / "reference" / "id_kabkota.csv").read_text(encoding="utf-8")
    services.regions_load(text=text, source="id_kabkota.csv")


def generate() -> int:
    """36 months of data for every regency of the master; returns the rows written."""
    from ucj.budget import reference
    from ucj.budget.models import (
        Allocation,
        Commitment,
        ContributionPackage,
        Realization,
        TariffDiscount,
        TariffRate,
    )
    from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
    from ucj.regions.models import Level, Region
    from ucj.submissions.models import State, Submission

    if not ContributionPackage.objects.exists():  # the bench flushes what migrations seeded
        reference.seed(ContributionPackage, TariffRate, TariffDiscount)
    package = ContributionPackage.objects.get(code="bpu-jkk-jkm")
    provinces = list(Region.objects.filter(level=Level.PROVINCE))
    regencies = list(Region.objects.filter(level=Level.REGENCY).defer("geometry"))
    months = _months()
    written = 0
    snapshots = [
        ParticipationSnapshot(region=r, month=m, segment=s, active=1000 + (i * 7 + k) % 900
                              + 10 * j, lapsed=10 + (i + k) % 5, funded_apbd_kabkota=50,
                              funded_apbd_prov=20 + i % 7, funded_dbhcht=i % 3,
                              is_synthetic=True)
        for i, r in enumerate(regencies) for k, m in enumerate(months)
        for j, s in enumerate(SEGMENTS)
        if not (i % 97 == 5 and k == MONTHS - 1)]  # a few regencies miss the last month
    ParticipationSnapshot.objects.bulk_create(snapshots, batch_size=5000)
    written += len(snapshots)
    denominators = [WorkforceDenominator(region=r, year=y, workforce_potential=20_000 + i * 13,
                                         vulnerable_target=3_000, is_synthetic=True)
                    for i, r in enumerate(regencies) for y in (2024, 2025, 2026)]
    WorkforceDenominator.objects.bulk_create(denominators, batch_size=5000)
    commitments = (
        [Commitment(region=p, year=y, target_coverage=Decimal("40"),
                    target_funded_workers=60_000) for p in provinces for y in (2025, 2026, 2027)]
        + [Commitment(region=r, year=2026, target_coverage=Decimal("35") + i % 5,
                      target_funded_workers=1200) for i, r in enumerate(regencies) if i % 4])
    Commitment.objects.bulk_create(commitments, batch_size=5000)
    allocations = Allocation.objects.bulk_create(
        [Allocation(region=r, fiscal_year=y, stage=stage, funding_source="apbd_kabkota",
                    payer="regency", amount=201_600_000 + i * 1000, workers_planned=1000 - y % 2,
                    months_covered=12 if stage == "murni" else 3,
                    start_month=1 if stage == "murni" else 10, package=package,
                    is_synthetic=True)
         for i, r in enumerate(regencies) for y in (2025, 2026)
         for stage in ("murni", "perubahan") if not (i % 11 == 3 and stage == "perubahan")]
        + [Allocation(region=p, fiscal_year=y, stage="murni", funding_source="apbd_prov",
                      payer="province", amount=2_016_000_000, workers_planned=10_000,
                      months_covered=12, package=package, is_synthetic=True)
           for p in provinces for y in (2025, 2026)], batch_size=5000)
    written += len(denominators) + len(commitments) + len(allocations)
    realizations = [Realization(allocation=a, month=dt.date(a.fiscal_year, m, 1),
                                amount_paid=a.amount // a.months_covered - (m % 3) * 1000,
                                workers_paid=a.workers_planned, is_synthetic=True)
                    for a in allocations
                    for m in range(a.start_month, a.start_month + a.months_covered)
                    if a.pk % 13 or m < 12]
    Realization.objects.bulk_create(realizations, batch_size=5000)
    # every month's submissions, as three years of reporting leave them
    submissions = [Submission(region=r, dataset=dataset, period=f"{m:%Y-%m}",
                              state=State.APPROVED if (i + k) % 3 else State.SUBMITTED,
                              submitted_at=dt.datetime(m.year + (m.month == 12),
                                                       m.month % 12 + 1, 5 + i % 20,
                                                       tzinfo=dt.UTC))
                   for k, m in enumerate(months) for i, r in enumerate(regencies)
                   for dataset in ("participation", "realizations")]
    Submission.objects.bulk_create(submissions, batch_size=5000)
    return written + len(realizations) + len(submissions)


def _median_ms(fn, repeat: int = REPEAT) -> float:
    fn()  # warm up
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def _raw_sql(month) -> tuple[float, int]:
    """The SQL the engine sends for the national inputs, sent again alone through a cursor
    (every row fetched, no Python object built): its median time and statement count."""
    from django.db import connection

    from ucj.indicators import gather

    sent: list[tuple[str, object]] = []

    def keep(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        gather._gather(None, month)

    def again():
        with connection.cursor() as cursor:
            for sql, params in sent:
                cursor.execute(sql, params)
                cursor.fetchall()
    return _median_ms(again), len(sent)


def _national_user():
    from ucj.accounts.models import Role, User

    role = getattr(Role, "NASIONAL_VIEWER", None) or Role.PROVINSI_VIEWER
    return User.objects.create_user(username="bench.national", password="x" * 20, role=role,
                                    full_name="Bench Nasional")


def _regency_map(client, month) -> float | None:
    """The regency map, a fragment the dashboard loads when it scrolls into view (when the
    view has one): after a write, the page first, then the map (what its reader waits for)."""
    from django.urls import NoReverseMatch, reverse

    from ucj.core import dataversion

    try:
        url = reverse("national_regency_map")
    except NoReverseMatch:
        return None
    timings = []
    for _ in range(REPEAT):
        dataversion.bump()
        assert client.get(f"{reverse('national_dashboard')}?bulan={month:%Y-%m}"
                          ).status_code == 200
        start = time.perf_counter()
        response = client.get(f"{url}?bulan={month:%Y-%m}")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings)


def _page(month) -> tuple[str, float, int, float, float | None] | None:
    """The national dashboard computed (a new data version before each request, as a write
    makes: what the first reader after a write waits for), else its selector; None when
    neither exists yet."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from ucj.core import dataversion

    try:
        url = reverse("national_dashboard")
    except NoReverseMatch:
        url = None
    if url is not None:
        client = Client(HTTP_HOST="localhost")
        client.force_login(_national_user())

        def read():
            response = client.get(f"{url}?bulan={month:%Y-%m}")
            assert response.status_code == 200, response.status_code

        def get():
            dataversion.bump()
            read()
        return "page", _median_ms(get), _queries(get), _median_ms(read), _regency_map(
            client, month)
    try:
        from ucj.indicators.national import national_board
    except ImportError:
        return None

    def board():
        dataversion.bump()
        national_board(month)
    return "selector", _median_ms(board), _queries(board), _median_ms(
        lambda: national_board(month)), None


def measure(database: str) -> list[tuple[str, float, str]]:
    """Load the master and the data into this process's (empty) database and time it all."""
    from ucj.core import dataversion
    from ucj.indicators import gather
    from ucj.indicators import selectors as ind
    from ucj.regions.models import Level, Region

    start = time.perf_counter()
    load_master()
    rows = generate()
    figures: list[tuple[str, float, str]] = [
        (f"national_data_rows_{database}", rows, "rows"),
        (f"national_data_seconds_{database}", round(time.perf_counter() - start, 1), "s")]
    month = _months()[-1]
    provinces = list(Region.objects.filter(level=Level.PROVINCE).order_by("code"))
    regencies = Region.objects.filter(level=Level.REGENCY).count()

    def inputs():
        dataversion.bump()
        return gather.inputs_for_all(month)

    def chosen(n: int):
        def inputs_of():
            dataversion.bump()
            return gather.inputs_for_all(month, provinces=provinces[:n])
        return inputs_of

    def engine():
        limits = ind.thresholds()
        for total, rows in inputs().values():
            ind.figures(total, total, limits)
            for row in rows.values():
                ind.figures(row, total, limits)

    def loop():  # the engine before issue 21: one province at a time
        dataversion.bump()
        for province in provinces:
            gather.inputs_for(province, month)

    assert len(inputs()) == len(provinces) == 38 and regencies == 514, (len(provinces), regencies)
    # the same count for one province as for 38 (every province: one more, to list them)
    queries_one, queries_38 = _queries(chosen(1)), _queries(chosen(38))
    assert queries_one == queries_38, (queries_one, queries_38)
    queries_all = _queries(inputs)
    raw_ms, statements = _raw_sql(month)
    figures += [
        (f"national_inputs_38_provinces_median_ms_{database}", round(_median_ms(inputs), 1), "ms"),
        (f"national_inputs_queries_all_provinces_{database}", queries_all, "queries"),
        (f"national_inputs_queries_38_provinces_named_{database}", queries_38, "queries"),
        (f"national_inputs_queries_1_province_named_{database}", queries_one, "queries"),
        (f"national_raw_sql_median_ms_{database}", round(raw_ms, 1), "ms"),
        (f"national_raw_sql_statements_{database}", statements, "statements"),
        (f"national_engine_552_regions_median_ms_{database}", round(_median_ms(engine), 1),
         "ms"),
        (f"national_inputs_province_by_province_median_ms_{database}",
         round(_median_ms(loop, repeat=3), 1), "ms"),
        (f"national_inputs_province_by_province_queries_{database}", _queries(loop), "queries")]
    page = _page(month)
    if page is not None:
        kind, ms, queries, kept, regency_map = page
        figures += [(f"national_dashboard_{kind}_median_ms_{database}", round(ms, 1), "ms"),
                    (f"national_dashboard_{kind}_queries_{database}", queries, "queries"),
                    (f"national_dashboard_{kind}_kept_median_ms_{database}", round(kept, 1),
                     "ms")]
        if regency_map is not None:
            figures.append((f"national_regency_map_after_the_page_median_ms_{database}",
                            round(regency_map, 1), "ms"))
    return figures


def _postgres() -> list[tuple[str, float, str]]:
    """The same on a throw-away PostgreSQL (scripts/with-postgres), in a child process."""
    with_postgres = ROOT / "scripts" / "with-postgres"
    if subprocess.run([str(with_postgres), "--check"], capture_output=True).returncode != 0:
        print("bench_national: no PostgreSQL on this machine: SQLite figures only",
              file=sys.stderr)
        return []
    done = subprocess.run([str(with_postgres), sys.executable, str(Path(__file__).resolve()),
                           "--postgres"], cwd=ROOT, env=dict(os.environ), capture_output=True,
                          text=True, timeout=1800)
    if done.returncode:
        raise RuntimeError(f"bench_national on PostgreSQL failed ({done.returncode}):\n"
                           f"{done.stderr[-4000:]}")
    return [tuple(f) for f in json.loads(done.stdout.strip().splitlines()[-1])]


def run():
    return measure("sqlite") + _postgres()


def _child() -> None:
    """``--postgres``: migrate the database of DATABASE_URL (created when missing: the
    throw-away server of scripts/with-postgres), measure, print the figures as one JSON line."""
    sys.path.insert(0, str(ROOT))
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench_national --postgres: DATABASE_URL is not PostgreSQL")
    if "127.0.0.1" not in url:
        raise SystemExit("bench_national --postgres: only a local throw-away server")
    from bench.load_run import ensure_database

    ensure_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucj.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    print(json.dumps(measure("postgresql")))


if __name__ == "__main__":
    if "--postgres" in sys.argv:
        _child()
