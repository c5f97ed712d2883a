"""The indicator engine's inputs of many provinces in one pass (issue 21, national scale):
``inputs_for_all`` gives, for every province, the same ``Inputs`` as ``inputs_for`` of that
province alone, with a number of queries that does not grow with the provinces."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ucj.budget.models import Allocation, Commitment, Realization
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.indicators import selectors as ind
from ucj.indicators.gather import inputs_for_all
from ucj.regions.models import Level, Region
from ucj.submissions.models import State, Submission

JUNE = dt.date(2025, 6, 1)
OCTOBER = dt.date(2025, 10, 1)


def _months(until: dt.date) -> list[dt.date]:
    return [dt.date(2024, 12, 1)] + [dt.date(2025, m, 1) for m in range(1, until.month + 1)]


@pytest.fixture
def two_provinces(ntb, ntt, package):
    """NTB and NTT with different data in each: a regency that misses the month (carried),
    one with no data at all, targets of its own or the province's, own and province money,
    a province-level allocation, payments and submissions."""
    regencies = {**{c: r for c, r in ntb.items() if r.level == Level.REGENCY},
                 **{c: r for c, r in ntt.items() if r.level == Level.REGENCY}}
    snapshots = []
    for n, (code, region) in enumerate(sorted(regencies.items())):
        if code == "52.71":
            continue  # no participation at all
        for k, month in enumerate(_months(OCTOBER)):
            if code == "53.02" and month >= dt.date(2025, 6, 1):
                continue  # stopped reporting after May
            snapshots.append(ParticipationSnapshot(
                region=region, month=month, segment="BPU", active=1000 * (n + 1) + 37 * k,
                lapsed=n + k, funded_apbd_kabkota=100 + n, funded_apbd_prov=10 * n,
                funded_dbhcht_prov=n))
    ParticipationSnapshot.objects.bulk_create(snapshots)
    WorkforceDenominator.objects.bulk_create(
        [WorkforceDenominator(region=r, year=y, workforce_potential=9000 + 1000 * n + y % 7,
                              vulnerable_target=2000 + n)
         for n, r in enumerate(regencies.values()) if r.code != "52.02" for y in (2024, 2025)])
    Commitment.objects.bulk_create([
        Commitment(region=ntb["52"], year=2025, target_coverage=Decimal("50"),
                   target_funded_workers=9000),
        Commitment(region=ntt["53"], year=2025, target_coverage=Decimal("30")),
        Commitment(region=ntt["53"], year=2026, target_coverage=Decimal("33"),
                   target_funded_workers=5000),
        Commitment(region=ntb["52.01"], year=2025, target_coverage=Decimal("40"),
                   target_funded_workers=1200),
        Commitment(region=ntt["53.01"], year=2026, target_coverage=Decimal("45"))])
    allocations = Allocation.objects.bulk_create([
        Allocation(region=ntb["52.01"], fiscal_year=2025, stage="murni",
                   funding_source="apbd_kabkota", payer="regency", amount=1_209_600,
                   workers_planned=6, months_covered=12, package=package),
        Allocation(region=ntb["52.01"], fiscal_year=2024, stage="murni",
                   funding_source="apbd_kabkota", payer="regency", amount=1_008_000,
                   workers_planned=8, months_covered=12, package=package),
        Allocation(region=ntb["52.03"], fiscal_year=2025, stage="murni",
                   funding_source="apbd_prov", payer="province", amount=2_016_000,
                   workers_planned=10, months_covered=12, package=package),
        Allocation(region=ntb["52"], fiscal_year=2025, stage="murni",
                   funding_source="apbd_prov", payer="province", amount=403_200,
                   workers_planned=2, months_covered=12, package=package),
        Allocation(region=ntt["53.01"], fiscal_year=2025, stage="murni",
                   funding_source="apbd_kabkota", payer="regency", amount=806_400,
                   workers_planned=4, months_covered=12, package=package),
        Allocation(region=ntt["53.01"], fiscal_year=2025, stage="perubahan",
                   funding_source="dbhcht", payer="province", amount=252_000,
                   workers_planned=5, start_month=10, months_covered=3, package=package),
        Allocation(region=ntt["53.02"], fiscal_year=2026, stage="murni",
                   funding_source="apbd_kabkota", payer="regency", amount=604_800,
                   workers_planned=3, months_covered=12, package=package,
                   enacted_on=dt.date(2025, 12, 20))])
    Realization.objects.bulk_create(
        [Realization(allocation=a, month=dt.date(2025, m, 1), amount_paid=a.amount // 12 - m,
                     workers_paid=a.workers_planned)
         for a in allocations if a.fiscal_year == 2025 and a.stage == "murni"
         for m in range(1, 11) if (a.pk + m) % 4])
    Submission.objects.bulk_create([
        Submission(region=ntb["52.01"], dataset="participation", period="2025-06",
                   state=State.APPROVED, submitted_at=dt.datetime(2025, 7, 10, tzinfo=dt.UTC)),
        Submission(region=ntt["53.01"], dataset="participation", period="2025-06",
                   state=State.SUBMITTED, submitted_at=dt.datetime(2025, 7, 20, tzinfo=dt.UTC)),
        Submission(region=ntt["53.01"], dataset="realizations", period="2025-06",
                   state=State.APPROVED)])
    return ntb["52"], ntt["53"]


@pytest.mark.parametrize(("month", "planning"), [(JUNE, False), (OCTOBER, False),
                                                 (JUNE, True)])
def test_the_inputs_of_all_provinces_are_those_of_each_province_alone(
        two_provinces, month, planning):
    together = inputs_for_all(month, planning=planning)
    assert set(together) == {p.pk for p in two_provinces}
    for province in two_provinces:
        cache.clear()
        alone = ind.inputs_for(province, month, planning=planning)
        assert together[province.pk] == alone
        assert list(together[province.pk][1]) == list(alone[1])  # regencies in code order
    ntb_total, ntt_total = together[two_provinces[0].pk][0], together[two_provinces[1].pk][0]
    assert ntb_total.active != ntt_total.active  # not one province's figures twice


def test_the_inputs_of_chosen_provinces_are_only_theirs(two_provinces):
    ntb, ntt = two_provinces
    chosen = inputs_for_all(JUNE, provinces=[ntt])
    assert set(chosen) == {ntt.pk}
    assert {r.region.code for r in chosen[ntt.pk][1].values()} == {"53.01", "53.02"}
    assert chosen[ntt.pk] == ind.inputs_for(ntt, JUNE)


def test_a_province_without_regencies_or_data_has_empty_inputs(two_provinces):
    empty = Region.objects.create(code="54", name="Provinsi Kosong", level=Level.PROVINCE)
    total, rows = inputs_for_all(JUNE)[empty.pk]
    assert rows == {}
    assert total.active is None and total.allocated == 0
    assert (total, rows) == ind.inputs_for(empty, JUNE)


def test_the_query_count_does_not_grow_with_the_provinces(two_provinces):
    ntb, _ntt = two_provinces
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        inputs_for_all(JUNE, provinces=[ntb])
    for n in range(3):  # three more provinces, with regencies and data
        province = Region.objects.create(code=f"6{n}", name=f"Provinsi {n}",
                                          level=Level.PROVINCE)
        regency = Region.objects.create(code=f"6{n}.01", name=f"Kabupaten {n}",
                                        level=Level.REGENCY, parent=province)
        ParticipationSnapshot.objects.create(region=regency, month=JUNE, segment="BPU",
                                             active=500)
    every_province = list(Region.objects.filter(level=Level.PROVINCE))
    cache.clear()
    with CaptureQueriesContext(connection) as every:
        result = inputs_for_all(JUNE, provinces=every_province)
    assert len(result) == 5
    assert len(every.captured_queries) == len(one.captured_queries)


def test_the_inputs_of_all_provinces_are_read_afresh_their_readers_keep_theirs(
        two_provinces):
    """Not kept by themselves (decision 185): a second call asks the database again and sees
    a write at once, even one that sends no signal."""
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        before = inputs_for_all(JUNE)
    ParticipationSnapshot.objects.filter(region__code="52.01", month=JUNE).update(active=1)
    with CaptureQueriesContext(connection) as again:
        after = inputs_for_all(JUNE)
    assert len(again.captured_queries) == len(first.captured_queries)
    ntb, lobar = two_provinces[0], Region.objects.get(code="52.01")
    assert before[ntb.pk][1][lobar.pk].active != 1
    assert after[ntb.pk][1][lobar.pk].active == 1


# --- the participation summary the database keeps (ParticipationMonth, decision 186) ---------

def _summed() -> dict:
    """The snapshots summed by region and month, as the engine summed them before."""
    from django.db.models import Count, Q, Sum

    from ucj.coverage.models import funded_sum

    return {(r["region_id"], r["month"]): (r["n"], r["synthetic"], r["active"], r["lapsed"],
                                           r["funded"], r["own"], r["prov"])
            for r in ParticipationSnapshot.objects.values("region_id", "month").annotate(
                n=Count("id"), synthetic=Count("id", filter=Q(is_synthetic=True)),
                active=Sum("active"), lapsed=Sum("lapsed"), funded=funded_sum(),
                own=funded_sum("regency"), prov=funded_sum("province"))}


def _summary() -> dict:
    from ucj.coverage.models import ParticipationMonth

    return {(r[0], r[1]): tuple(r[2:]) for r in ParticipationMonth.objects.values_list(
        "region_id", "month", "segments", "synthetic", "active", "lapsed", "funded",
        "funded_regency", "funded_province")}


def test_the_participation_summary_follows_every_kind_of_write(two_provinces, admin_user):
    from ucj.coverage import services as coverage

    assert _summary() == _summed() and len(_summary()) > 20  # bulk inserts
    lotim = Region.objects.get(code="52.03")
    created = coverage.participation_create(  # a service, one row
        actor=admin_user, region=lotim, month=JUNE, segment="PU", active=700, lapsed=3,
        funded_apbd_kabkota=50, funded_dbhcht_prov=7)
    assert _summary() == _summed()
    ParticipationSnapshot.objects.filter(month=JUNE, segment="BPU").update(  # many rows
        active=999, funded_dana_desa=2, is_synthetic=True)
    assert _summary() == _summed()
    moved = ParticipationSnapshot.objects.get(region=lotim, month=JUNE, segment="BPU")
    moved.month = dt.date(2026, 1, 1)  # a row moving to a month of its own
    moved.save()
    assert _summary() == _summed()
    created.delete()
    ParticipationSnapshot.objects.filter(region__code__startswith="53.").delete()
    assert _summary() == _summed()
    assert not any(key[0] in {r.pk for r in Region.objects.filter(code__startswith="53.")}
                   for key in _summary())  # no row left for what has no snapshot
    from ucj.coverage.models import ParticipationMonth

    ParticipationMonth.objects.all().delete()  # as a flush may, table by table
    ParticipationSnapshot.objects.all().delete()
    assert _summary() == {}  # nothing taken away from rows already gone


def test_triggers_lost_in_a_table_rebuild_come_back_and_the_summary_is_refilled(
        two_provinces):
    """SQLite rebuilds a table to alter it and drops its triggers with the old one: after a
    migrate, the summary's triggers are back and what was written meanwhile is counted."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from ucj.coverage import summary

    with connection.cursor() as cursor:
        for op in summary.TRIGGERS:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER participation_month_{op} ON {summary.SOURCE}")
            elif op != "truncate":
                cursor.execute(f"DROP TRIGGER participation_month_{op}")
    ParticipationSnapshot.objects.filter(month=JUNE).update(active=5)  # not counted
    assert _summary() != _summed()
    coverage_app = apps.get_app_config("coverage")  # what migrate sends for the app
    post_migrate.send(sender=coverage_app, app_config=coverage_app, verbosity=0,
                      interactive=False, using="default", apps=apps, plan=None)
    assert _summary() == _summed()
    ParticipationSnapshot.objects.filter(month=JUNE).update(active=6)  # triggers back
    assert _summary() == _summed()
    assert not summary.install(connection)  # nothing missing: nothing done
