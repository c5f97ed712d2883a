"""Evaluation that tells the truth (issue 16), against hand-computed fixtures.

Province 52 with four regencies (52.71 has no figures at all), tariff Rp 16.800, province target 40%:

| region | W    | P Oct 24 | P Nov 24 | P Dec 24 | P Jan 25 | own money 2025           |
|--------|------|----------|----------|----------|----------|--------------------------|
| 52.01  | 1000 | 200      | 200      | 200      | 203      | APBD kab 1000 workers    |
| 52.02  | 1000 | 300      | 300      | 300      | 300      | none: province DBHCHT    |
| 52.03  | 2000 | 500      | 500      | 500      | —        | APBD kab 100 workers     |

52.03 does not report January 2025: the province carries its December value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ucj.budget import services as budget
from ucj.budget.models import Commitment, Realization
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.indicators import selectors as ind
from ucj.indicators.dashboard import dashboard
from ucj.indicators.models import DEFAULT_VALUES, StatusThreshold

JAN = dt.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def _threshold_rows(db):
    for key, value in DEFAULT_VALUES.items():
        StatusThreshold.objects.get_or_create(key=key, defaults={"label": key, "value": value})


def month(m: int, year: int = 2024) -> dt.date:
    return dt.date(year, m, 1)


@pytest.fixture
def world(ntb, package, admin_user):
    a, b, c = ntb["52.01"], ntb["52.02"], ntb["52.03"]
    for region, w, values in ((a, 1000, {10: 200, 11: 200, 12: 200}),
                              (b, 1000, {10: 300, 11: 300, 12: 300}),
                              (c, 2000, {10: 500, 11: 500, 12: 500})):
        WorkforceDenominator.objects.create(region=region, year=2024, workforce_potential=w)
        for m, active in values.items():
            ParticipationSnapshot.objects.create(region=region, month=month(m), segment="BPU",
                                                 active=active)
    ParticipationSnapshot.objects.create(region=a, month=JAN, segment="BPU", active=203)
    ParticipationSnapshot.objects.create(region=b, month=JAN, segment="BPU", active=300)
    Commitment.objects.create(region=ntb["52"], year=2025, target_coverage=Decimal("40"))
    for region, workers in ((a, 1000), (c, 100)):
        budget.allocation_create(actor=admin_user, region=region, fiscal_year=2025,
                                 stage="murni", funding_source="apbd_kabkota",
                                 amount=workers * 16_800 * 12, workers_planned=workers,
                                 months_covered=12, package=package, confirm_warnings=True)
    budget.allocation_create(actor=admin_user, region=b, fiscal_year=2025, stage="murni",
                             funding_source="dbhcht", payer="province",
                             amount=500 * 16_800 * 12, workers_planned=500, months_covered=12,
                             package=package, confirm_warnings=True)
    return ntb


def test_a_regency_funded_only_by_province_money_has_not_budgeted_and_is_never_green(world):
    tengah = ind.indicators(world["52.02"], JAN)
    assert tengah["allocated"] == 500 * 16_800 * 12  # the money on its workers
    assert tengah["own_allocated"] == 0  # none of it its own
    assert tengah["own_budgeted_stages"][0] == {
        "fiscal_year": 2025, "stage": "murni", "budgeted": False, "amount": 0, "workers": 0,
        "months": 0, "due": True, "workers_year_before": None, "dropped": False}
    assert tengah["budget_status"] == "red" and tengah["status"] == "red"
    # every other threshold as lenient as can be: still not green
    StatusThreshold.objects.update(value=Decimal("0"))
    assert ind.indicators(world["52.02"], JAN)["status"] == "red"
    # the province's own budgeting counts the DBHCHT it pays on the regency's workers
    province = ind.indicators(world["52"], JAN)
    assert province["own_allocated"] == 500 * 16_800 * 12
    board = dashboard(province=world["52"], month=JAN)
    # 52.71 (no data, no money at all) is listed too
    assert [r.region.code for r in board.without_own_money] == ["52.02", "52.71"]


def test_a_january_after_a_bad_december_is_not_green(world):
    barat = ind.indicators(world["52.01"], JAN)
    # The old trajectory restarts at December: 0.2 + (0.4 − 0.2) / 12 = 0.2167; 0.203 is
    # above 90% of it, which used to be green.
    assert barat["target_trajectory"] == Decimal("0.2") + Decimal("0.2") / 12
    # The projection: 203 + (203 − 200) / 3 × 11 = 214 of 1000 by December: 21,4% of a 40%
    # target, 53,5% of it, below the red 80%.
    assert barat["projected_coverage"] == Decimal("0.214")
    assert barat["coverage_status"] == "red" and barat["status"] == "red"
    assert any("21,4%" in r and "40,0%" in r for r in barat["status_reasons"])


def test_a_missing_regency_never_raises_the_province(world):
    province = ind.indicators(world["52"], JAN)
    # 52.03 (25%) did not report January: its December 500 is carried, so the province is
    # (203 + 300 + 500) / 4000, not (203 + 300) / 2000 = 25,15%.
    assert province["active_participants"] == 1003
    assert province["coverage"] == Decimal("0.25075")
    completeness = province["completeness"]
    assert completeness["expected"] == 4 and completeness["received"] == 2
    assert [m["region"] for m in completeness["missing"]] == ["52.71"]  # never reported
    assert completeness["carried"] == [{"region": "52.03", "name": "Lombok Timur",
                                        "from": "2024-12"}]
    assert completeness["complete"] is False
    december = ind.indicators(world["52"], month(12))
    assert province["coverage"] < ind.ratio(1003, 4000) + Decimal("0.0001")
    assert december["coverage"] == Decimal("0.25")


def test_targets_that_cannot_add_up_are_warned(world, client, admin_user):
    Commitment.objects.create(region=world["52.01"], year=2025, target_coverage=Decimal("30"))
    Commitment.objects.create(region=world["52.02"], year=2025, target_coverage=Decimal("30"))
    Commitment.objects.create(region=world["52.03"], year=2025, target_coverage=Decimal("35"))
    province = ind.indicators(world["52"], JAN)
    # ⌈0.40 × 4000⌉ = 1600 against 300 + 300 + 700 = 1300: 300 workers of no regency
    assert province["target_unassigned_workers"] == 300
    client.force_login(admin_user)
    alerts = [a["text"] for a in client.get(reverse("dashboard"), {"bulan": "2025-01"})
              .context["board"].alerts]
    assert any("1.300" in a and "1.600" in a and "300" in a for a in alerts)


def test_a_past_month_shows_no_later_payment_anywhere(world, client, admin_user):
    barat = world["52.01"]
    allocation = barat.allocations.get()
    for m in (1, 2):
        Realization.objects.create(allocation=allocation, month=month(m, 2025),
                                   amount_paid=1_111_111 * m, workers_paid=10)
    client.force_login(admin_user)
    for url, params in ((reverse("dashboard"), {"bulan": "2025-01"}),
                        (reverse("region_detail", args=["52.01"]), {"bulan": "2025-01"}),
                        (reverse("dashboard_export"), {"bulan": "2025-01"})):
        response = client.get(url, params)
        text = (b"".join(response.streaming_content) if response.streaming
                else response.content).decode("utf-8-sig")
        assert "2.222.222" not in text and "2222222" not in text, url  # February's payment
        assert "3.333.333" not in text and "3333333" not in text, url  # their sum
    assert ind.indicators(barat, JAN)["realized"] == 1_111_111


def test_an_apbd_p_is_absent_from_the_months_before_its_enactment(world, admin_user, package):
    budget.allocation_create(actor=admin_user, region=world["52.01"], fiscal_year=2025,
                             stage="perubahan", funding_source="apbd_kabkota",
                             enacted_on=dt.date(2025, 9, 30), start_month=10, months_covered=3,
                             amount=100 * 16_800 * 3, workers_planned=100, package=package,
                             confirm_warnings=True)
    for m, present in ((6, False), (9, True), (10, True)):
        stages = ind.indicators(world["52.01"], month(m, 2025))["own_budgeted_stages"]
        assert stages[1]["budgeted"] is present, m
    assert ind.indicators(world["52.01"], month(6, 2025))["allocated"] == 1000 * 16_800 * 12


def test_the_json_command_has_the_keys_of_the_payer_split_and_the_pair(world):
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("indicators", region="52.02", period="2025-01", format="json", stdout=out)
    values = json.loads(out.getvalue())["indicators"]
    for key in ("own_allocated", "own_budgeted_stages", "coverage_status", "budget_status",
                "realization_status", "projected_coverage", "apbd_need", "completeness"):
        assert key in values
    assert values["own_allocated"] == 0 and values["budget_status"] == "red"
    assert values["completeness"]["received"] == 1


def test_the_province_budget_view_takes_the_target_of_the_year_asked_for(world, client,
                                                                        admin_user):
    Commitment.objects.create(region=world["52"], year=2026, target_coverage=Decimal("65"))
    client.force_login(admin_user)
    for year, target in (("2025", Decimal("0.40")), ("2026", Decimal("0.65"))):
        need = client.get(reverse("budget_province"), {"year": year}).context["need"]
        assert (need.year, need.target) == (int(year), target)
    # a year without a commitment: no target is invented, the form asks for one
    page = client.get(reverse("budget_province"), {"year": "2027"})
    assert page.context["need"] is None and page.context["form"].errors["target"]
    # a target typed in wins
    need = client.get(reverse("budget_province"), {"year": "2026", "target": "50"}).context["need"]
    assert need.target == Decimal("0.5")


def test_completeness_counts_the_payments_expected_for_the_month(world):
    barat = world["52.01"]
    Realization.objects.create(allocation=barat.allocations.get(), month=JAN,
                               amount_paid=1_000 * 16_800, workers_paid=1_000)
    payments = ind.indicators(world["52"], JAN)["completeness"]["realizations"]
    # 52.01, 52.02 (the province's DBHCHT) and 52.03 have allocations paying for January;
    # only 52.01 recorded its payment
    assert (payments["expected"], payments["received"]) == (3, 1)
    assert [m["region"] for m in payments["missing"]] == ["52.02", "52.03"]
    assert ind.indicators(barat, JAN)["completeness"]["realizations"]["received"] == 1
    # a month no allocation pays for expects nothing
    december = ind.indicators(world["52"], month(12))["completeness"]["realizations"]
    assert december["expected"] == 0


def test_a_december_view_draws_the_trajectory_from_last_december(world):
    from ucj.indicators.dashboard import trends

    board = dashboard(province=world["52"], month=dt.date(2025, 12, 1))
    trend = trends(board, [])
    trajectory = dict(zip(trend["months"], trend["trajectory"], strict=True))
    # December 2024 lies outside the twelve months shown, yet the line starts there:
    # (200 + 300 + 500) / 4000 = 25% → 40% in December 2025
    base, target = Decimal("0.25"), Decimal("0.40")
    assert trajectory[dt.date(2025, 1, 1)] == base + (target - base) / 12
    assert trajectory[dt.date(2025, 12, 1)] == target


def test_funded_workers_say_whose_money_pays(world):
    ParticipationSnapshot.objects.filter(region=world["52.01"], month=JAN).update(
        funded_apbd_kabkota=10, funded_dbhcht=2, funded_dbhcht_prov=5, funded_other=1)
    barat = ind.indicators(world["52.01"], JAN)
    assert barat["funded_workers"] == 18
    assert barat["own_funded_workers"] == 12  # APBD kabupaten + its own DBHCHT
    province = ind.indicators(world["52"], JAN)
    assert province["own_funded_workers"] == 5  # the province's DBHCHT on its workers


def test_the_province_has_no_adequacy_of_its_own(world):
    """Money left in one regency's budget does not pay another's workers."""
    Commitment.objects.filter(region=world["52"], year=2025).update(target_funded_workers=900)
    province = ind.indicators(world["52"], JAN)
    assert province["apbd_need"] > 0 and province["free_money"] > 0
    assert province["adequacy"] is None


def test_a_due_month_threshold_is_edited_as_a_month(client, admin_user, db):
    from ucj.audit.models import AuditEvent

    due = StatusThreshold.objects.get(key="perubahan-due-month")
    client.force_login(admin_user)
    page = client.get(reverse("threshold_list")).content.decode()
    assert 'value="10"' in page and "1000" not in page  # a month, not 1.000%
    client.post(reverse("threshold_edit", args=[due.pk]), {"value": "9"})
    # issue 21: the province's own value, overriding the national default there alone
    due = StatusThreshold.objects.get(key="perubahan-due-month", province__code="52")
    assert due.value == 9
    assert AuditEvent.objects.filter(object_type="indicators.statusthreshold").exists()
    for wrong in ("13", "0", "9,5", "sembilan"):
        client.post(reverse("threshold_edit", args=[due.pk]), {"value": wrong})
        due.refresh_from_db()
        assert due.value == 9, wrong


def test_alerts_are_a_few_grouped_lines_above_the_thresholds(world, client, admin_user):
    ParticipationSnapshot.objects.filter(month=month(12)).update(lapsed=100)
    ParticipationSnapshot.objects.filter(region=world["52.01"], month=JAN).update(lapsed=105)
    ParticipationSnapshot.objects.filter(region=world["52.02"], month=JAN).update(lapsed=150)
    board = dashboard(province=world["52"], month=JAN)
    lapses = [a["text"] for a in board.alerts if "berhenti" in a["text"]]
    # +5% in Lombok Barat is below the 10% threshold; +50% in Lombok Tengah is not
    assert len(lapses) == 1 and "Lombok Tengah" in lapses[0] and "Lombok Barat" not in lapses[0]
    # one line per kind: the regencies without own money are named together, once
    own = [a for a in board.alerts if "Tanpa dana sendiri" in a["text"]]
    assert len(own) == 1 and "Lombok Tengah" in own[0]["text"]
