"""The demo loader never touches user data: loading again around a user's import and an
approval leaves the user's records, the realization totals and the audit log as they were; a
first load adds nothing to a region and period that holds users' records or is locked; the
dry run says what it would add and writes nothing (docs/decisions.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum

from ucj.accounts.models import User
from ucj.audit.models import AuditEvent
from ucj.audit.services import snapshot
from ucj.budget.models import Allocation, Realization
from ucj.core.datasets import get_dataset
from ucj.coverage import services as coverage
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.demo.loader import DATASETS, LOCKED, USERS, USERS_ALLOCATION, plan_demo
from ucj.imports import services as imports
from ucj.regions.models import Region
from ucj.submissions import services as submissions

ALLOCATION_KEYS = ["region_code", "fiscal_year", "stage", "funding_source", "amount",
                   "workers_planned", "start_month", "months_covered", "package"]
REALIZATION_KEYS = ["region_code", "fiscal_year", "stage", "funding_source", "month",
                    "amount_paid", "workers_paid"]


@pytest.fixture(autouse=True)
def debug(settings):
    settings.DEBUG = True


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def csv_bytes(*rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def region_rows(*codes: str) -> dict[str, list]:
    """Every record of every dataset of these regions: all its field values, its id, who last
    changed it and when — so that a record changed in any way, added or removed shows."""
    rows = {}
    for slug in DATASETS:
        ds = get_dataset(slug)
        records = ds.model.objects.filter(**{f"{ds.region_path}__code__in": codes})
        rows[slug] = sorted((r.pk, str(r.updated_at), r.updated_by_id, r.import_job_id,
                             sorted(snapshot(r).items())) for r in records)
    rows["realized"] = sorted(Realization.objects.filter(
        allocation__region__code__in=codes).values("allocation_id")
        .annotate(total=Sum("amount_paid"), workers=Sum("workers_paid"))
        .values_list("allocation_id", "total", "workers"))
    return rows


def table_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def audit_ids() -> list[int]:
    return sorted(AuditEvent.objects.values_list("pk", flat=True))


# --- loading again around users' work ------------------------------------------------------------

def test_loading_again_around_a_users_import_and_an_approval_leaves_their_records_identical(db):
    assert "Demo data loaded" in load()
    operator = User.objects.get(username="op.lomboktimur")
    admin = User.objects.get(username="admin.prov")
    lotim = Region.objects.get(code="52.03")
    # The operator imports a new APBD-P 2025 allocation (DBHCHT, October–December) and changes
    # the demo's APBD 2025 DBHCHT allocation, then the payment of October for the new one.
    imports.import_file_now(actor=operator, dataset="allocations", file_name="alokasi.csv",
                            confirm_warnings=True, data=csv_bytes(
        ALLOCATION_KEYS,
        ["52.03", 2025, "perubahan", "dbhcht", 100_800_000, 2_000, 10, 3, "bpu-jkk-jkm"],
        ["52.03", 2025, "murni", "dbhcht", 800_000_000, 4_000, 1, 12, "bpu-jkk-jkm"]))
    imports.import_file_now(actor=operator, dataset="realizations", file_name="realisasi.csv",
                            confirm_warnings=True, data=csv_bytes(
        REALIZATION_KEYS, ["52.03", 2025, "perubahan", "dbhcht", "2025-10", 33_600_000, 2_000]))
    # The province approves Lombok Timur's 2025 allocations and its October 2025 payments.
    submissions.submission_approve(actor=admin, region=lotim, dataset="allocations",
                                   period="2025")
    submissions.submission_approve(actor=admin, region=lotim, dataset="realizations",
                                   period="2025-10")
    # A gap in the demo's own payments of that year (as an older demo would have left it): the
    # region-year now holds users' allocations, so the demo does not fill it, locked or not.
    Realization.objects.filter(allocation__region=lotim, allocation__fiscal_year=2025,
                               allocation__stage="murni", allocation__funding_source="apbd_kabkota",
                               month=dt.date(2025, 3, 1)).delete()
    assert plan_demo().left_alone == {("realizations", "52.03", "2025-03"): USERS_ALLOCATION}
    before, events, counts = region_rows("52.03", "52.02"), audit_ids(), table_counts()

    out = load()
    assert "already loaded" in out and "nothing changed" in out
    assert region_rows("52.03", "52.02") == before
    assert audit_ids() == events and table_counts() == counts
    users = Allocation.objects.get(region=lotim, fiscal_year=2025, stage="perubahan",
                                   funding_source="dbhcht")
    # no synthetic payment for November and December under the user's allocation
    assert list(users.realizations.values_list("month", "is_synthetic")) == [
        (dt.date(2025, 10, 1), False)]
    assert "nothing would be added" in load("--dry-run")
    assert audit_ids() == events


def test_the_second_load_adds_nothing_and_the_first_says_what_it_added_per_region(db):
    load()
    first = AuditEvent.objects.filter(action="load", object_type="budget.realization")
    lotim = first.get(region__code="52.03")
    realized = Realization.objects.filter(allocation__region__code="52.03").count()
    assert realized > 0 and lotim.note.startswith(f"{realized} ")  # one event per region
    events, counts = audit_ids(), table_counts()
    assert plan_demo().is_empty
    assert "already loaded" in load()
    assert audit_ids() == events and table_counts() == counts


# --- a first load next to users' records ----------------------------------------------------------

def test_a_first_load_adds_nothing_where_users_entered_records(records, op_a, admin_user):
    # Users' records in Lombok Timur (one of each dataset, conftest), before any demo.
    before = region_rows("52.03")
    plan = plan_demo()
    # the other segments of the user's month, the other stages and sources of the user's year
    assert plan.left_alone[("participation", "52.03", "2025-06")] == USERS
    assert plan.left_alone[("allocations", "52.03", "2025")] == USERS
    # the demo's own APBD-P 2025 allocation is the user's here: no payment goes under it
    assert plan.left_alone[("realizations", "52.03", "2025-11")] == USERS_ALLOCATION
    load()
    after = region_rows("52.03")
    for slug in DATASETS:
        users = [row for row in before[slug]]
        assert [row for row in after[slug] if row[0] in {r[0] for r in users}] == users
    lotim = Region.objects.get(code="52.03")
    # nothing synthetic in a region-period holding users' records …
    assert not WorkforceDenominator.objects.filter(region=lotim, year=2025,
                                                   is_synthetic=True).exists()
    assert list(ParticipationSnapshot.objects.filter(region=lotim, month=dt.date(2025, 6, 1))
                .values_list("segment", flat=True)) == ["BPU"]
    assert not Allocation.objects.filter(region=lotim, fiscal_year=2025,
                                         is_synthetic=True).exists()
    assert records["allocations"].realizations.count() == 1
    assert (records["allocations"].pk, 50_400_000, 3_000) in after["realized"]
    # … while the region's other years and months get the demo, as every other region does
    assert WorkforceDenominator.objects.filter(region=lotim, is_synthetic=True).count() == 2
    assert ParticipationSnapshot.objects.filter(region=lotim, is_synthetic=True).count() == 29 * 4
    assert Allocation.objects.filter(region__code="52.02", fiscal_year=2025).count() == 3


def test_a_locked_period_gets_no_demo_record(db):
    load()
    admin = User.objects.get(username="admin.prov")
    lotim, loteng = Region.objects.get(code="52.03"), Region.objects.get(code="52.02")
    june = dt.date(2026, 6, 1)
    # A demo record missing from two of its periods (as an older demo would have left them),
    # and one of the two periods approved.
    for region in (lotim, loteng):
        ParticipationSnapshot.objects.filter(region=region, month=june, segment="PMI").delete()
    submissions.submission_approve(actor=admin, region=lotim, dataset="participation",
                                   period="2026-06")
    locked_before = region_rows("52.03")
    plan = plan_demo()
    assert plan.left_alone == {("participation", "52.03", "2026-06"): LOCKED}
    assert [(p.code, p.period) for p in plan.records["participation"]] == [("52.02", "2026-06")]
    out = load()
    assert "participation 1" in out and "submitted or approved" in out
    assert not ParticipationSnapshot.objects.filter(region=lotim, month=june,
                                                    segment="PMI").exists()
    assert ParticipationSnapshot.objects.filter(region=loteng, month=june, segment="PMI").exists()
    assert region_rows("52.03") == locked_before


def test_a_demo_record_users_deleted_is_not_added_again(db):
    load()
    admin = User.objects.get(username="admin.prov")
    snapshot_ = ParticipationSnapshot.objects.get(region__code="52.03", month=dt.date(2026, 5, 1),
                                                  segment="PMI")
    coverage.participation_delete(actor=admin, snapshot=snapshot_)
    plan = plan_demo()
    assert plan.is_empty and plan.left_alone == {("participation", "52.03", "2026-05"): USERS}
    events = audit_ids()
    assert "already loaded" in load()
    assert audit_ids() == events
    assert not ParticipationSnapshot.objects.filter(region__code="52.03",
                                                    month=dt.date(2026, 5, 1),
                                                    segment="PMI").exists()


# --- the dry run -----------------------------------------------------------------------------------

def test_the_dry_run_says_what_it_would_add_per_dataset_and_region_and_writes_nothing(
        db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    counts = table_counts()
    out = load("--dry-run")
    assert "nothing written" in out and "regions: 1294" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["allocations", "52.03", "Lombok", "Timur", "7", "2024", "…", "2026"] in lines
    assert table_counts() == counts
    assert not list(tmp_path.iterdir())  # no signed-document file either

    load()
    realized = Realization.objects.filter(allocation__region__code="52.03").count()
    assert ["realizations", "52.03", "Lombok", "Timur", str(realized), "2024-01", "…",
            "2026-06"] in lines
    counts, events = table_counts(), audit_ids()
    assert "nothing would be added" in load("--dry-run")
    assert table_counts() == counts and audit_ids() == events


def test_the_dry_run_names_what_it_leaves_alone(records, admin_user):
    submissions.submission_approve(actor=admin_user, region=records["participation"].region,
                                   dataset="participation", period="2025-06")
    lines = load("--dry-run").splitlines()
    left_alone = lines[lines.index("Left alone (no demo record added there):") + 1:]
    assert [line.split(None, 4) for line in left_alone] == [
        ["allocations", "52.03", "Lombok", "Timur",
         "2025: holds records users entered, imported, changed or deleted"],
        ["realizations", "52.03", "Lombok", "Timur",
         "2025-10: holds records users entered, imported, changed or deleted"],
        ["realizations", "52.03", "Lombok", "Timur", "2025-01 … 2025-12 (11 periods): its "
         "allocation is users', or in a region-year holding users' allocations"],
        ["participation", "52.03", "Lombok", "Timur", "2025-06: submitted or approved: locked"],
    ]


# --- the forum demo ---------------------------------------------------------------------------------

def test_loading_again_keeps_users_forum_work_on_demo_meetings(db):
    from ucj.demo.forums import MEETING_TITLES
    from ucj.forums import services as forums
    from ucj.forums.models import ActionItem, Meeting

    load()
    admin = User.objects.get(username="admin.prov")
    past = Meeting.objects.get(title=MEETING_TITLES[0])
    item = forums.action_create(actor=admin, meeting=past, title="Tindak lanjut pengguna",
                                due_date=dt.date(2026, 12, 31), owner_region=past.region)
    created_at = ActionItem.objects.get(pk=item.pk).created_at
    forums.meeting_update(actor=admin, meeting=Meeting.objects.get(title=MEETING_TITLES[3]),
                          title="Rakor UCJ NTB Desember 2026")
    meetings = sorted(Meeting.objects.values_list("pk", "title"))
    # something for the demo to add again (a record of its own, unlocked and untouched)
    ParticipationSnapshot.objects.filter(region__code="52.02", month=dt.date(2026, 6, 1),
                                         segment="PMI").delete()
    assert "participation 1" in load()
    assert sorted(Meeting.objects.values_list("pk", "title")) == meetings  # no second rakor
    assert ActionItem.objects.get(pk=item.pk).created_at == created_at  # not dated back
