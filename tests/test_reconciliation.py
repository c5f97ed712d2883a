"""Reconciliation with BPJS (ucj/reconciliation): the three sources per region × month, the
differences explained, missing sources shown as missing, the lapse list, every role on every
URL, the CSVs and the page's number of queries.

The hand-built world, month M = March 2026 (next month April):

* Lombok Timur (A, 52.03), its own money: paid 20, BPJS 20, registry 20 → agree.
  The province's DBHCHT on A's workers: paid 50, BPJS 30, no registry → BPJS 20 fewer.
* Lombok Tengah (B, 52.02), its own money: paid 200, BPJS 150, no registry → differ.
* Lombok Barat (52.01): budgeted, nothing recorded paid for March, no BPJS data, no registry.
* Kota Mataram (52.71): nothing budgeted; BPJS reports 0 funded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.conftest import make_user
from ucj.accounts.models import Role
from ucj.audit.models import AuditEvent
from ucj.budget.models import Allocation, Realization
from ucj.coverage.models import ParticipationSnapshot
from ucj.reconciliation import selectors
from ucj.registry.models import Enrollment, MatchRun, SourceFile

M = dt.date(2026, 3, 1)
A, B = "52.03", "52.02"


def month(text: str) -> dt.date:
    return dt.date(int(text[:4]), int(text[5:7]), 1)


def allocation(region, *, year=2026, fund="apbd_kabkota", payer="regency", package,
               start=1, months=12, stage="murni"):
    return Allocation.objects.create(
        region=region, fiscal_year=year, stage=stage, funding_source=fund, payer=payer,
        amount=16_800 * 12 * 1_000, workers_planned=1_000, start_month=start,
        months_covered=months, package=package)


def paid(alloc, when: dt.date, workers: int):
    return Realization.objects.create(allocation=alloc, month=when, workers_paid=workers,
                                      amount_paid=workers * 16_800)


def snapshot(region, when: dt.date, **funded):
    return ParticipationSnapshot.objects.create(region=region, month=when, segment="BPU",
                                                active=50_000, **funded)


class People:
    """Funded workers with synthetic NIKs (their masks) and names, row by row."""

    def __init__(self, region, year: int):
        source = SourceFile.objects.create(kind="beneficiaries", region=region, year=year,
                                           original_name="daftar.csv", sha256="0" * 64, size=1)
        self.run = MatchRun.objects.create(region=region, year=year, list_file=source,
                                           status="done")
        self.row = 0

    def add(self, alloc, *, status, last=None, start=None, key=None, name=None):
        self.row += 1
        n = self.row
        return Enrollment.objects.create(
            region=alloc.region, year=alloc.fiscal_year, allocation=alloc, run=self.run,
            row_no=n, nik_hash=key or f"{alloc.pk:020d}{n:020d}",
            nik_masked=f"5203********{n:04d}", nik_enc=str(n), name=name or f"Pekerja {n}",
            sex="L", start_month=start or dt.date(alloc.fiscal_year, 1, 1), status=status,
            last_paid_month=last)


@pytest.fixture
def world(ntb, package):
    a, b = ntb[A], ntb[B]
    own_a = allocation(a, package=package)
    prov_a = allocation(a, fund="dbhcht", payer="province", package=package)
    own_b = allocation(b, package=package)
    allocation(ntb["52.01"], package=package)  # budgeted, nothing recorded paid
    old_a = allocation(a, year=2025, package=package)
    paid(own_a, M, 20)
    paid(own_a, month("2026-02"), 18)
    paid(prov_a, M, 50)
    paid(own_b, M, 200)
    paid(own_a, month("2026-12"), 20)
    snapshot(a, M, funded_apbd_kabkota=20, funded_dbhcht_prov=30)
    snapshot(b, M, funded_apbd_kabkota=150)
    snapshot(ntb["52.71"], M)
    snapshot(a, month("2026-12"), funded_apbd_kabkota=20)
    people = People(a, 2026)
    march, april, may, feb = M, month("2026-04"), month("2026-05"), month("2026-02")
    lapsing = [people.add(own_a, status="active", last=march) for _ in range(16)]
    lapsing.append(people.add(own_a, status="active", last=april))  # = next month: in
    refunded = people.add(own_a, status="active", last=may)  # the month after: out
    people.add(own_a, status="lapsed", last=march)  # paid in March, lapsed since: counted
    people.add(own_a, status="registered", last=march)
    people.add(own_a, status="lapsed", last=feb)  # not paid in March
    people.add(own_a, status="submitted")  # never seen by BPJS
    lapsing.append(people.add(own_a, status="active", last=april, start=april))  # starts later
    old = People(a, 2025)
    # funded in 2025, paid to December and not funded again: overdue, on the list
    lapsing.append(old.add(old_a, status="active", last=month("2025-12")))
    # funded in 2025 and again in 2026 (the same person): not about to lapse
    old.add(old_a, status="active", last=month("2025-12"), key=refunded.nik_hash)
    return {"regions": ntb, "lapsing": lapsing}


def rows_of(user, *, region=None, when=M, only=False):
    regions = selectors.regions_for(user)
    result = selectors.reconcile(user, month=when, regions=regions, region=region,
                                 only_differences=only)
    return result, {(r.region.code, r.payer): r for r in result.rows}


# --- the three sources --------------------------------------------------------------------------

def test_the_three_sources_agree_on_a_regencys_own_money(world, admin_user):
    _result, rows = rows_of(admin_user, region=world["regions"][A])
    row = rows[(A, "regency")]
    assert (row.paid, row.bpjs, row.registry) == (20, 20, 20)
    assert row.status == selectors.AGREE
    assert row.explanations == ["Ketiga sumber sesuai."]
    # the submitted worker is named as such, not counted
    assert any("1 pekerja" in note and "belum terdaftar" in note for note in row.notes)


def test_bpjs_reporting_fewer_than_paid_is_flagged_and_explained(world, admin_user):
    _result, rows = rows_of(admin_user)
    row = rows[(B, "regency")]
    assert (row.paid, row.bpjs, row.registry) == (200, 150, None)
    assert row.status == selectors.DIFFER and row.diff_bpjs == -50
    assert row.flags == {"bpjs": True, "registry": False}
    assert row.explanations[0].startswith("BPJS melaporkan 50 lebih sedikit dari yang dibayar")
    assert "Registri belum diunggah." in row.notes


def test_the_province_on_a_regencys_workers_is_compared_apart(world, admin_user):
    _result, rows = rows_of(admin_user, region=world["regions"][A])
    row = rows[(A, "province")]
    assert (row.paid, row.bpjs, row.registry) == (50, 30, None)
    assert row.status == selectors.DIFFER
    assert "APBD provinsi" in row.basis


def test_missing_sources_are_missing_not_zero(world, admin_user):
    _result, rows = rows_of(admin_user)
    lobar = rows[("52.01", "regency")]
    assert (lobar.paid, lobar.bpjs, lobar.registry) == (None, None, None)
    assert lobar.status == selectors.EMPTY
    assert "Realisasi bulan ini belum dicatat." in lobar.notes
    assert "Data BPJS bulan ini belum ada." in lobar.notes
    mataram = rows[("52.71", "regency")]
    assert (mataram.paid, mataram.bpjs) == (None, 0)  # BPJS reported: zero is a figure
    assert "Tidak ada anggaran untuk bulan ini." in mataram.notes


def test_the_province_sees_one_row_per_regency_and_its_own(world, admin_user):
    result, rows = rows_of(admin_user)
    assert [(r.region.code, r.payer) for r in result.rows] == [
        ("52.01", "regency"), ("52.02", "regency"), ("52.03", "regency"), ("52.71", "regency"),
        ("52", "province")]
    province = rows[("52", "province")]
    assert (province.paid, province.bpjs, province.registry) == (50, 30, None)
    # Lombok Barat has not reported, but the province pays nothing there: not partial
    assert not province.partial and province.status == selectors.DIFFER
    # Kota Mataram: BPJS's zero alone is incomplete; Lombok Barat has nothing at all
    assert result.counts == {"agree": 1, "differ": 2, "incomplete": 1, "empty": 1}


def test_a_source_of_only_some_regencies_is_shown_partial_not_flagged(world, admin_user):
    package = Allocation.objects.first().package
    lobar = world["regions"]["52.01"]
    paid(allocation(lobar, fund="dbhcht", payer="province", package=package), M, 400)
    People(lobar, 2026)  # no registry there either: A's province-paid workers have none
    _result, rows = rows_of(admin_user)
    province = rows[("52", "province")]
    assert (province.paid, province.bpjs) == (450, 30)
    assert province.partial == {"bpjs"}
    assert "1 dari 2" in " ".join(province.notes)  # of the regencies the province pays in
    assert province.flags == {"bpjs": False, "registry": False}
    assert province.status == selectors.INCOMPLETE


def test_only_differences_keeps_the_flagged_rows(world, admin_user):
    result, rows = rows_of(admin_user, only=True)
    assert set(rows) == {(B, "regency"), ("52", "province")}
    assert result.total_rows == 5


def test_a_small_difference_is_within_the_tolerance(world, admin_user, settings):
    ParticipationSnapshot.objects.filter(region__code=B, month=M).update(funded_apbd_kabkota=190)
    _result, rows = rows_of(admin_user)
    assert rows[(B, "regency")].diff_bpjs == -10
    assert rows[(B, "regency")].status == selectors.INCOMPLETE  # not flagged: registry missing
    settings.UCJ_RECONCILIATION_MIN_WORKERS = 5
    _result, rows = rows_of(admin_user)
    assert rows[(B, "regency")].status == selectors.DIFFER  # 10 > 5 and 5% > 2%


def test_a_past_month_uses_only_its_own_data(world, admin_user):
    _result, rows = rows_of(admin_user, region=world["regions"][A], when=month("2026-02"))
    row = rows[(A, "regency")]
    assert row.paid == 18 and row.bpjs is None
    # paid for February: every worker known to BPJS whose months paid reach February (not
    # the one who starts in April, nor the submitted one)
    assert row.registry == 21
    assert row.status == selectors.INCOMPLETE  # 3 more than paid: within the tolerance


def test_january_after_december_starts_from_nothing(world, admin_user):
    _result, december = rows_of(admin_user, region=world["regions"][A],
                                 when=month("2026-12"))
    assert (december[(A, "regency")].paid, december[(A, "regency")].bpjs) == (20, 20)
    result, january = rows_of(admin_user, region=world["regions"][A], when=month("2027-01"))
    row = january[(A, "regency")]
    assert (row.paid, row.bpjs, row.registry) == (None, None, None)
    assert not result.bpjs_reported


# --- the page, by role ------------------------------------------------------------------------

def page(client, user, name="reconciliation", **query):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name), {"bulan": "2026-03", **query})


@pytest.fixture
def bpjs_a(ntb):
    return make_user("bpjs.selong", Role.BPJS_OPERATOR, [ntb[A]])


def shown(response) -> set[tuple[str, str]]:
    return {(r.region.code, r.payer) for r in response.context["result"].rows}


@pytest.mark.parametrize("name", ["reconciliation", "reconciliation_export",
                                  "reconciliation_lapsing", "reconciliation_lapsing_export"])
def test_anonymous_users_are_sent_to_sign_in(client, world, name):
    response = page(client, None, name)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_province_users_see_every_region(client, world, admin_user, viewer):
    for user in (admin_user, viewer):
        response = page(client, user)
        assert response.status_code == 200
        assert ("52", "province") in shown(response) and len(shown(response)) == 5
        assert page(client, user, wilayah=A).status_code == 200


def test_an_operator_sees_its_own_region_only(client, world, op_a, op_b):
    response = page(client, op_a)
    assert shown(response) == {(A, "regency"), (A, "province")}
    assert page(client, op_a, wilayah=B).status_code == 404
    assert page(client, op_a, wilayah="52").status_code == 404
    assert shown(page(client, op_b)) == {(B, "regency")}
    assert page(client, op_b, wilayah=A).status_code == 404


def test_a_bpjs_branch_sees_its_scope(client, world, bpjs, bpjs_a):
    assert shown(page(client, bpjs)) == {("52.01", "regency"), ("52.71", "regency")}
    assert page(client, bpjs, wilayah=A).status_code == 404
    assert shown(page(client, bpjs_a, wilayah=A)) == {(A, "regency"), (A, "province")}


def test_an_unknown_region_answers_404(client, world, admin_user):
    assert page(client, admin_user, wilayah="99.99").status_code == 404
    assert page(client, admin_user, wilayah="52.03.01").status_code == 404


def test_the_page_shows_missing_and_differences(client, world, admin_user):
    body = page(client, admin_user).content.decode()
    assert "belum ada" in body
    assert "BPJS melaporkan 50 lebih sedikit" in body
    assert 'class="num flag"' in body


def test_a_month_without_bpjs_data_says_so(client, world, admin_user):
    body = page(client, admin_user, bulan="2026-07").content.decode()
    assert "Data BPJS untuk Juli 2026 belum tersedia" in body


def test_the_default_month_is_the_latest_with_data(client, world, op_b):
    client.force_login(op_b)
    response = client.get(reverse("reconciliation"))
    assert response.context["month"] == M  # B has nothing after March


def test_the_page_takes_a_fixed_number_of_queries(client, world, admin_user,
                                                  django_assert_num_queries):
    client.force_login(admin_user)
    url = reverse("reconciliation")
    client.get(url, {"bulan": "2026-03"})  # the session warmed
    # session, user, the user's regions, the regions listed, realizations, allocations,
    # snapshots, registry counts; the navigation's forum reminders and user's regions
    with django_assert_num_queries(11) as few:  # + the menu's approval inbox count (issue 19)
        client.get(url, {"bulan": "2026-03"})
    # more regions and records: the same number
    package = Allocation.objects.first().package
    mataram = world["regions"]["52.71"]
    paid(allocation(mataram, package=package), M, 15)
    People(mataram, 2026).add(Allocation.objects.get(region=mataram), status="active", last=M)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url, {"bulan": "2026-03"})


# --- the CSV ------------------------------------------------------------------------------------

def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_the_rows_of_the_page_with_missing_cells_empty(client, world, admin_user):
    rows = read_csv(page(client, admin_user, "reconciliation_export"))
    assert [(r["region_code"], r["payer"]) for r in rows] == [
        ("52.01", "regency"), ("52.02", "regency"), ("52.03", "regency"), ("52.71", "regency"),
        ("52", "province")]
    b = rows[1]
    assert (b["paid_workers"], b["bpjs_funded"], b["registry_paid"], b["bpjs_minus_paid"]) == (
        "200", "150", "", "-50")
    assert b["status"] == "differ" and "lebih sedikit" in b["explanation"]
    assert rows[0]["paid_workers"] == "" and rows[0]["bpjs_funded"] == ""


def test_the_csv_follows_scope_and_filters(client, world, op_a, admin_user):
    rows = read_csv(page(client, op_a, "reconciliation_export"))
    assert {r["region_code"] for r in rows} == {A}
    rows = read_csv(page(client, admin_user, "reconciliation_export", selisih="1"))
    assert {(r["region_code"], r["payer"]) for r in rows} == {(B, "regency"), ("52", "province")}
    assert page(client, op_a, "reconciliation_export", wilayah=B).status_code == 404


# --- the lapse list -----------------------------------------------------------------------------

def lapse_rows(response) -> list[dict]:
    return response.context["rows"]


def test_the_lapse_list_matches_the_hand_built_fixture(world, admin_user):
    found = list(selectors.lapsing(admin_user, month=M))
    assert {e.pk for e in found} == {e.pk for e in world["lapsing"]}
    assert len(found) == 19


def test_the_lapse_list_says_when(world, admin_user):
    when = {e.last_paid_month: selectors.lapse_when(e.last_paid_month, M)
            for e in selectors.lapsing(admin_user, month=M)}
    assert when[M] == "berhenti bulan depan"
    assert when[month("2026-04")] == "berhenti dua bulan lagi"
    assert when[month("2025-12")].startswith("terlambat")
    counts = selectors.lapse_counts(selectors.lapsing(admin_user, month=M), M)
    assert [(key, n) for key, _label, n in counts] == [("overdue", 1), ("next", 16),
                                                       ("later", 2)]


def test_names_only_for_who_reads_persons(client, world, admin_user, viewer, op_a, bpjs_a):
    for user, names in ((admin_user, True), (op_a, True), (viewer, False), (bpjs_a, False)):
        response = page(client, user, "reconciliation_lapsing")
        assert response.status_code == 200
        rows = lapse_rows(response)
        assert len(rows) == 19
        assert all((row["name"] is not None) == names for row in rows), user
        body = response.content.decode()
        assert ("Pekerja 1<" in body) == names
        assert "5203********0001" in body
        assert response["Cache-Control"].startswith("max-age=0")


def test_the_lapse_list_follows_scope(client, world, op_b, bpjs):
    assert page(client, op_b, "reconciliation_lapsing").context["page"].paginator.count == 0
    assert page(client, op_b, "reconciliation_lapsing", wilayah=A).status_code == 404
    assert page(client, bpjs, "reconciliation_lapsing").context["page"].paginator.count == 0
    assert page(client, bpjs, "reconciliation_lapsing", wilayah=A).status_code == 404


def test_viewing_and_exporting_the_lapse_list_is_audited_without_personal_data(
        client, world, op_a):
    page(client, op_a, "reconciliation_lapsing", wilayah=A)
    response = page(client, op_a, "reconciliation_lapsing_export", wilayah=A)
    rows = read_csv(response)
    assert len(rows) == 19
    assert set(rows[0]) == {"nik_masked", "region_code", "year", "allocation", "start_month",
                            "last_paid_month", "months_paid", "when"}
    assert all("*" in r["nik_masked"] for r in rows)
    events = list(AuditEvent.objects.filter(object_type="registry.enrollment")
                  .order_by("pk"))
    assert [e.action for e in events] == ["view", "export"]
    assert all(e.region.code == A and e.actor == op_a for e in events)
    for event in events:
        text = f"{event.object_repr} {event.note}"
        assert "Pekerja" not in text and "5203" not in text.replace("52.03", "")
