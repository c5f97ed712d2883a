"""The indicator engine against figures computed by hand (DESIGN §6).

Province 52 with four regencies, June 2025, tariff Rp 16.800:

| region | P (Jun) | W    | T           | P Dec 2024 | allocation            | realized Jan–Jun |
|--------|---------|------|-------------|------------|-----------------------|------------------|
| 52.01  | 300     | 1000 | 40% (own)   | 200 (W 1000) | Rp 1.209.600, months 1–12 | Rp 302.400   |
| 52.02  | 600     | 3000 | 50% (prov.) | –          | none                  | –                |
| 52.03  | 500     | –    | 50% (prov.) | –          | –                     | –                |
| 52.71  | –       | 0    | 50% (prov.) | –          | –                     | –                |

Province target 50%. Only 52.01 and 52.02 have both P and W: the province is 900 / 4000.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from ucj.budget.models import Allocation, Commitment, Realization
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.indicators import selectors as ind
from ucj.indicators.models import StatusThreshold
from ucj.regions.models import Level, Region

JUNE = dt.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def _threshold_rows(db):
    """The rows migration 0002 creates; a transactional (browser) test run before may have
    flushed them."""
    from ucj.indicators.models import DEFAULT_VALUES

    for key, value in DEFAULT_VALUES.items():
        StatusThreshold.objects.get_or_create(key=key, defaults={"label": key, "value": value})


def snapshot(region, month, segment, active, **funded):
    ParticipationSnapshot.objects.create(region=region, month=month, segment=segment,
                                         active=active, **funded)


@pytest.fixture
def province(ntb, package):
    a, b, c, d = ntb["52.01"], ntb["52.02"], ntb["52.03"], ntb["52.71"]
    snapshot(a, JUNE, "BPU", 200, funded_apbd_kabkota=30, funded_dbhcht=20)
    snapshot(a, JUNE, "PU", 100)
    snapshot(a, dt.date(2024, 12, 1), "BPU", 200)
    snapshot(b, JUNE, "BPU", 600)
    snapshot(c, JUNE, "BPU", 500)
    snapshot(a, dt.date(2025, 5, 1), "BPU", 999)  # another month: not counted in June
    WorkforceDenominator.objects.create(region=a, year=2024, workforce_potential=1000,
                                        vulnerable_target=200)
    WorkforceDenominator.objects.create(region=b, year=2025, workforce_potential=3000)
    WorkforceDenominator.objects.create(region=d, year=2025, workforce_potential=0)
    Commitment.objects.create(region=ntb["52"], year=2025, target_coverage=Decimal("50"))
    Commitment.objects.create(region=a, year=2025, target_coverage=Decimal("40"))
    allocation = Allocation.objects.create(
        region=a, fiscal_year=2025, stage="murni", funding_source="apbd_kabkota", payer="regency",
        amount=1_209_600, workers_planned=6, start_month=1, months_covered=12, package=package)
    for month in (1, 2, 3):
        Realization.objects.create(allocation=allocation, month=dt.date(2025, month, 1),
                                   amount_paid=100_800, workers_paid=6)
    Realization.objects.create(allocation=allocation, month=dt.date(2025, 7, 1),
                               amount_paid=100_800, workers_paid=6)  # after June: not counted
    return ntb


def figures(region):
    return ind.indicators(region, JUNE)


def test_province_coverage_is_a_sum_over_sums_not_an_average(province):
    total = figures(province["52"])
    assert (total["active_participants"], total["workforce_potential"]) == (900, 4000)
    assert total["coverage"] == Decimal("0.225")  # the average of 30% and 20% would be 25%
    assert figures(province["52.01"])["coverage"] == Decimal("0.3")
    assert figures(province["52.02"])["coverage"] == Decimal("0.2")


def test_zero_and_missing_denominators_are_no_data(province):
    assert figures(province["52.03"])["coverage"] is None  # P but no W
    assert figures(province["52.03"])["target_gap_workers"] is None
    assert figures(province["52.71"])["coverage"] is None  # W = 0
    assert figures(province["52.02"])["vulnerable_coverage"] is None  # no target population
    assert figures(province["52.02"])["realization_rate"] is None  # nothing allocated


def test_the_denominator_of_an_earlier_year_is_used_when_the_year_has_none(province):
    assert figures(province["52.01"])["workforce_potential"] == 1000  # published for 2024


def test_targets_come_from_the_commitment_else_the_province(province):
    assert figures(province["52.01"])["target_coverage"] == Decimal("0.4")
    assert figures(province["52.02"])["target_coverage"] == Decimal("0.5")


def test_target_gaps_shares_and_the_collective_effect(province):
    a, b, total = figures(province["52.01"]), figures(province["52.02"]), figures(province["52"])
    assert a["target_gap_workers"] == 100  # ⌈0.4 × 1000⌉ − 300
    assert b["target_gap_workers"] == 900  # ⌈0.5 × 3000⌉ − 600
    assert total["target_gap_workers"] == 1100  # the province's own target on its totals
    assert a["gap_share"] == Decimal("0.1") and b["gap_share"] == Decimal("0.9")
    assert a["collective_effect_alone"] == Decimal("0.25")  # (900 + 100) / 4000
    assert b["collective_effect_alone"] == Decimal("0.45")  # (900 + 900) / 4000
    assert total["collective_effect_all"] == Decimal("0.475")  # (900 + 1000) / 4000


def test_funded_workers_and_vulnerable_coverage(province):
    a = figures(province["52.01"])
    assert a["funded_workers"] == 50
    assert a["vulnerable_coverage"] == Decimal("0.25")  # 50 / 200
    assert figures(province["52"])["funded_workers"] == 50


def test_the_apbd_need_prices_only_committed_workers_not_yet_funded(province):
    Commitment.objects.filter(region=province["52.01"], year=2025).update(
        target_funded_workers=150)
    Commitment.objects.create(region=province["52.01"], year=2026,
                              target_coverage=Decimal("45"), target_funded_workers=200)
    a = figures(province["52.01"])
    # (150 committed − 50 funded) × tariff × July–December
    assert a["apbd_need"] == a["budget_need"] == 100 * 16_800 * 6
    assert a["compliance_gap_workers"] == 0  # the gap of 100 is all committed APBD workers
    assert a["allocated"] == a["own_allocated"] == 1_209_600
    # money not committed: 1.209.600 − 302.400 realized − 50 funded × 16.800 × 6 < 0: none
    assert a["adequacy"] == 0
    assert a["realized"] == 302_400  # January–March; July is after the period
    assert a["realization_rate"] == Decimal("0.25")
    assert a["realization_schedule"] == Decimal("0.5")  # 6 of 12 months expected: 604.800
    assert a["apbd_need_next"] == 200 * 16_800 * 12  # next year's murni: all 200, 12 months
    planning = ind.indicators(province["52.01"], JUNE, planning=True)
    assert planning["apbd_need"] == 200 * 16_800 * 12
    assert planning["target_coverage"] == Decimal("0.45")  # the planned year's target
    assert planning["target_gap_workers"] == 150  # ⌈0.45 × 1000⌉ − 300
    assert planning["allocated"] == 0  # nothing budgeted for 2026


def test_without_a_committed_number_the_apbd_need_is_no_data(province):
    a = figures(province["52.01"])
    assert a["apbd_need"] is None and a["adequacy"] is None
    assert a["compliance_gap_workers"] == 100  # the whole gap is reported, not priced


def test_the_trajectory_runs_from_last_december_to_the_target(province):
    a = figures(province["52.01"])
    assert a["target_trajectory"] == Decimal("0.3")  # 0.2 + (0.4 − 0.2) × 6/12
    assert figures(province["52.02"])["target_trajectory"] == Decimal("0.5")  # no base: T


def test_status_follows_the_thresholds_stored_as_data(province, admin_user):
    tengah = figures(province["52.02"])
    assert tengah["budget_status"] == "red" and tengah["status"] == "red"  # no own money
    barat = figures(province["52.01"])
    # payments at half their schedule: not below red-schedule (0.5), below amber (0.75)
    assert barat["realization_status"] == "amber"
    StatusThreshold.objects.filter(key="amber-schedule").update(value=Decimal("0.4"))
    assert figures(province["52.01"])["realization_status"] == "green"
    StatusThreshold.objects.filter(key="red-schedule").update(value=Decimal("0.6"))
    assert figures(province["52.01"])["realization_status"] == "red"


def test_a_region_without_any_data_is_no_data_not_zero(ntb, package):
    empty = figures(ntb["52.02"])
    assert empty["coverage"] is None and empty["active_participants"] is None
    assert empty["allocated"] == 0 and empty["adequacy"] is None
    assert figures(ntb["52"])["coverage"] is None


def test_the_number_of_queries_does_not_grow_with_regions(province,
                                                          django_assert_num_queries):
    from django.core.cache import cache

    with django_assert_num_queries(13) as few:  # 11, the data version, the calendar's due day
        figures(province["52"])
    for n in range(10, 30):
        Region.objects.create(code=f"52.{n}", name=f"Kabupaten {n}", level=Level.REGENCY,
                              parent=province["52"])
    cache.clear()  # (the write made the cached inputs stale anyway)
    with django_assert_num_queries(len(few.captured_queries)):
        figures(province["52"])


def test_coverage_series_by_month(province):
    series = ind.coverage_series(province["52"], dt.date(2025, 5, 1), JUNE)
    assert series["52.01"] == [(dt.date(2025, 5, 1), 999, 1000, Decimal("0.999")),
                               (JUNE, 300, 1000, Decimal("0.3"))]
    assert series["52"][1] == (JUNE, 900, 4000, Decimal("0.225"))


def test_the_command_prints_every_indicator_as_json(province):
    out = io.StringIO()
    call_command("indicators", region="52", period="2025-06", format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data["indicators"]) == set(ind.KEYS)
    values = data["indicators"]
    assert values["coverage"] == 0.225 and values["apbd_need"] is None  # nothing committed
    assert values["completeness"]["expected"] == 4 and values["completeness"]["received"] == 3
    assert values["budget_status"] == "red"  # the province put no money of its own in 2025
    assert isinstance(values["allocated"], int)
    out = io.StringIO()
    call_command("indicators", region="52.03", period="2025-06", format="json", stdout=out)
    assert json.loads(out.getvalue())["indicators"]["coverage"] is None


def test_the_command_prints_text_and_refuses_bad_input(province):
    out = io.StringIO()
    call_command("indicators", region="52.01", period="2025-06", stdout=out)
    assert "coverage" in out.getvalue() and "30,00%" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("indicators", region="52.01", period="2025-13", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("indicators", region="99.99", period="2025-06", stdout=io.StringIO())


# --- the thresholds page ------------------------------------------------------------------------

def test_the_province_admin_edits_a_threshold_and_it_is_audited(client, admin_user):
    from django.urls import reverse

    from ucj.audit.models import AuditEvent

    threshold = StatusThreshold.objects.get(key="red-trajectory")
    client.force_login(admin_user)
    page = client.get(reverse("threshold_list"))
    assert page.status_code == 200 and "50,0" in page.content.decode()
    response = client.post(reverse("threshold_edit", args=[threshold.pk]), {"value": "60"})
    assert response.status_code == 302
    # issue 21: the province's own value, overriding the national default there alone
    threshold = StatusThreshold.objects.get(key="red-trajectory", province__code="52")
    assert threshold.value == Decimal("0.6") and threshold.updated_by == admin_user
    event = AuditEvent.objects.get(object_type="indicators.statusthreshold")
    assert event.changes == {"value": ["0.5000", "0.6"]}


def test_it_refuses_a_threshold_that_is_not_a_percentage(client, admin_user):
    from django.urls import reverse

    threshold = StatusThreshold.objects.get(key="red-trajectory")
    client.force_login(admin_user)
    client.post(reverse("threshold_edit", args=[threshold.pk]), {"value": "banyak"})
    threshold.refresh_from_db()
    assert threshold.value == Decimal("0.5")


@pytest.mark.parametrize("who", ["op_a", "op_b", "viewer", "bpjs"])
def test_others_read_the_thresholds_but_cannot_change_them(client, request, who):
    from django.urls import reverse

    user = request.getfixturevalue(who)
    threshold = StatusThreshold.objects.get(key="red-trajectory")
    client.force_login(user)
    page = client.get(reverse("threshold_list"))
    assert page.status_code == 200 and "<form" not in page.content.decode().split("<main")[1]
    assert client.post(reverse("threshold_edit", args=[threshold.pk]),
                       {"value": "10"}).status_code == 403
    threshold.refresh_from_db()
    assert threshold.value == Decimal("0.5")


def test_anonymous_users_are_sent_to_sign_in(client, db):
    from django.urls import reverse

    assert client.get(reverse("threshold_list")).status_code == 302


# --- the dashboard ------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["admin_user", "op_a", "op_b", "viewer", "bpjs"])
def test_every_signed_in_user_sees_the_province_aggregates(client, request, province, who):
    from django.urls import reverse

    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("dashboard"), {"bulan": "2025-06"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "22,5%" in text  # the province: 900 / 4000, a sum over sums
    assert "47,5%" in text  # all regencies on target: (900 + 1000) / 4000
    assert "Lombok Barat" in text and "Lombok Tengah" in text
    rows = page.context["board"].rows
    assert [r.region.code for r in rows][:2] == ["52.02", "52.01"]  # lowest coverage first


def test_the_dashboard_sorts_by_url_and_exports_csv(client, province, admin_user):
    import csv

    from django.urls import reverse

    client.force_login(admin_user)
    board = client.get(reverse("dashboard"), {"bulan": "2025-06", "urut": "-coverage"})
    assert [r.region.code for r in board.context["board"].rows][:2] == ["52.01", "52.02"]
    board = client.get(reverse("dashboard"), {"bulan": "2025-06", "urut": "status"})
    assert board.context["board"].rows[0].values["status"] == "red"
    response = client.get(reverse("dashboard_export"), {"bulan": "2025-06"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {r["region_code"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["52"]["coverage"] == "0.225000" and rows["52.01"]["target_gap_workers"] == "100"
    assert rows["52.03"]["coverage"] == ""  # no data is empty, not 0


def test_the_dashboard_alerts(client, province, admin_user):
    from django.urls import reverse

    client.force_login(admin_user)
    alerts = [a["text"] for a in client.get(reverse("dashboard"), {"bulan": "2025-06"})
              .context["board"].alerts]
    assert any("Lombok Tengah" in a and "2025" in a for a in alerts)  # no allocation
    assert any("Lombok Barat" in a and "50%" in a for a in alerts)  # half its schedule
    assert any("Lombok Barat" in a and "699" in a for a in alerts)  # fell from 999 in May


def test_the_dashboard_query_count_does_not_grow_with_regions(client, province, admin_user,
                                                             django_assert_num_queries):
    from django.urls import reverse

    client.force_login(admin_user)
    url = reverse("dashboard")
    client.get(url, {"bulan": "2025-06"})
    from django.core.cache import cache

    # counted as computed, not as cached (issue 18: +1, the data version of the cached inputs,
    # the map's boundaries and the page's body, asked once per request)
    cache.clear()
    with django_assert_num_queries(28) as few:  # + the inbox count, the calendar's due day
        client.get(url, {"bulan": "2025-06"})
    for n in range(10, 30):
        Region.objects.create(code=f"52.{n}", name=f"Kabupaten {n}", level=Level.REGENCY,
                              parent=province["52"])
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url, {"bulan": "2025-06"})


def test_map_rings_are_wound_for_d3():
    from ucj.indicators.views import _ring_area, for_d3

    counter_clockwise = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # RFC 7946 outer ring
    hole = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]  # clockwise hole
    fixed = for_d3({"type": "Polygon", "coordinates": [counter_clockwise, hole]})["coordinates"]
    assert _ring_area(fixed[0]) < 0 and _ring_area(fixed[1]) > 0
    multi = for_d3({"type": "MultiPolygon", "coordinates": [[counter_clockwise]]})
    assert _ring_area(multi["coordinates"][0][0]) < 0


def test_the_dashboard_draws_its_charts_on_the_server(client, province, admin_user):
    from django.urls import reverse

    client.force_login(admin_user)
    page = client.get(reverse("dashboard"), {"bulan": "2025-06"}).content.decode()
    assert "plotly" not in page and "<script src=\"http" not in page  # tests/test_webcharts.py
    assert 'id="chart-trend"><figure class="chart-figure" data-chart><svg' in page


# --- the region page ----------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["admin_user", "op_a", "op_b"])
def test_every_user_sees_a_regions_monev_and_the_province_beside_it(client, request,
                                                                   province, who):
    from django.urls import reverse

    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("region_detail", args=["52.01"]))
    assert page.status_code == 200
    monev = page.context["monev"]
    assert monev.values["coverage"] == Decimal("0.3")
    assert monev.province_values["coverage"] == Decimal("0.225")
    text = page.content.decode()
    assert "30,0%" in text and "22,5%" in text and "Rp 1.209.600" in text
    assert 'id="chart-coverage"><figure' in text and "plotly" not in text
    history = {m: c for m, _p, _w, c, _t in monev.history}
    assert history[JUNE] == Decimal("0.3") and history[dt.date(2025, 5, 1)] == Decimal("0.999")
    # as of June: the July payment is not on the page
    assert [r["cumulative"] for r in monev.realizations] == [100_800, 201_600, 302_400]
    later = client.get(reverse("region_detail", args=["52.01"]), {"bulan": "2025-07"})
    assert [r["cumulative"] for r in later.context["monev"].realizations][-1] == 403_200


def test_the_region_history_exports_as_csv(client, province, op_b):
    from django.urls import reverse

    client.force_login(op_b)
    response = client.get(reverse("region_history_export", args=["52.01"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "2025-06,300,1000,0.300000" in text


def test_districts_have_no_monev_and_no_history(client, province, admin_user):
    from django.urls import reverse

    client.force_login(admin_user)
    page = client.get(reverse("region_detail", args=["52.03.01"]))
    assert page.status_code == 200 and page.context["monev"] is None
    assert client.get(reverse("region_history_export", args=["52.03.01"])).status_code == 404


def test_the_dashboard_trend_and_its_csv(client, province, op_b):
    from django.urls import reverse

    client.force_login(op_b)
    page = client.get(reverse("dashboard"), {"bulan": "2025-06", "daerah": ["52.01"]})
    trend = page.context["trend"]
    assert [c for c, _n, _s in trend["regions"]] == ["52.01"]
    assert trend["province"][-1] == (JUNE, 900, 4000, Decimal("0.225"))
    # From December 2024 (only 52.01 then: 200 / 1000) to the province's 50%: 0.2 + 0.3 × 6/12
    assert trend["trajectory"][-1] == Decimal("0.35")
    assert trend["trajectory"][-1] == figures(province["52"])["target_trajectory"]
    assert ["Juni 2025", "22,5%", "35,0%", "30,0%"] in page.context["trend_rows"]
    response = client.get(reverse("dashboard_trend_export"),
                          {"bulan": "2025-06", "daerah": ["52.01"]})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "52,2025-06,900,4000,0.225000,0.350000" in text
    assert "52.01,2025-05,999,1000,0.999000," in text
    default = client.get(reverse("dashboard"), {"bulan": "2025-06"}).context["chosen"]
    assert default[0] == "52.02"  # the largest share of the gap first


def test_a_past_month_s_stage_cards_count_no_later_payment(client, province, admin_user):
    """June 2025 viewed later: the July payment exists, but the June view does not count it."""
    from django.urls import reverse

    client.force_login(admin_user)
    board = client.get(reverse("dashboard"), {"bulan": "2025-06"}).context["board"]
    murni = next(s for s in board.stages if (s["year"], s["stage"]) == (2025, "murni"))
    assert murni["realized"] == 3 * 100_800 == figures(province["52"])["realized"]
    page = client.get(reverse("dashboard"), {"bulan": "2025-06"}).content.decode()
    assert "realisasi s.d. Juni 2025 Rp 302.400" in " ".join(page.split())
    july = client.get(reverse("dashboard"), {"bulan": "2025-07"}).context["board"]
    assert next(s for s in july.stages if s["stage"] == "murni")["realized"] == 4 * 100_800


def test_stage_alerts_year_periods_and_the_realization_csv(client, province, admin_user):
    from django.urls import reverse

    client.force_login(admin_user)
    alerts = [a["text"] for a in client.get(reverse("dashboard"), {"bulan": "2025-06"})
              .context["board"].alerts]
    # Lombok Tengah put no money of its own into APBD 2025; the alert names it
    assert any("Lombok Tengah" in a and "APBD 2025" in a for a in alerts)
    # APBD-P 2025 is not asked for yet in June: no alert about it
    assert not any("APBD-P" in a for a in alerts)
    october = [a["text"] for a in client.get(reverse("dashboard"), {"bulan": "2025-10"})
               .context["board"].alerts]
    assert any("Lombok Barat" in a and "APBD-P 2025" in a for a in october)
    response = client.get(reverse("region_realization_export", args=["52.01"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "52.01,2025-03,100800,6,302400" in text
    page = client.get(reverse("region_detail", args=["52.01"])).content.decode()
    assert "belum disetujui" in page  # the month's participation is a draft
    out = io.StringIO()
    call_command("indicators", region="52", period="2025", format="json", stdout=out)
    assert json.loads(out.getvalue())["period"] == "2025-06"  # the latest month with figures
