"""The NTB demo data: real published totals kept exactly, synthetic parts flagged,
loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from ucj.accounts.models import User
from ucj.audit.models import AuditEvent
from ucj.budget.models import Allocation, Commitment, Realization
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.demo.loader import split_exact
from ucj.forums.models import ActionItem, ActionUpdate, Meeting
from ucj.monitoring.selectors import home_summary
from ucj.regions.models import Region

MODELS = [User, WorkforceDenominator, ParticipationSnapshot, Commitment, Allocation,
          Realization, Region, AuditEvent, Meeting, ActionItem, ActionUpdate]


def state():
    return {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in MODELS} | {
        "updated": sorted(str(v) for v in Allocation.objects.values_list("updated_at", flat=True)),
        "amounts": list(Allocation.objects.order_by("pk").values_list("amount", flat=True)),
    }


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_the_published_june_2025_totals_are_exact(demo):
    june = ParticipationSnapshot.objects.filter(month=dt.date(2025, 6, 1))
    assert june.aggregate(t=Sum("active"))["t"] == 555_276
    assert WorkforceDenominator.objects.filter(year=2025).aggregate(
        t=Sum("workforce_potential"))["t"] == 1_808_432
    summary = home_summary(province=Region.objects.get(code="52"), month=dt.date(2025, 6, 1))
    assert f"{summary.total.coverage * 100:.1f}" == "30.7"
    assert summary.total.target_pct == Decimal("62.22")


def test_monthly_participation_runs_from_2024_01_to_2026_06(demo):
    months = ParticipationSnapshot.objects.values_list("month", flat=True).distinct()
    assert min(months) == dt.date(2024, 1, 1) and max(months) == dt.date(2026, 6, 1)
    assert ParticipationSnapshot.objects.count() == 30 * 10 * 4


def test_allocations_exist_for_apbd_p_2025_and_apbd_2026(demo):
    assert Allocation.objects.filter(fiscal_year=2025, stage="perubahan").exists()
    assert Allocation.objects.filter(fiscal_year=2026, stage="murni").exists()
    # some regions budget nothing in APBD-P 2025: the monev has something to find
    without = Region.objects.filter(level="regency", parent__code="52").exclude(
        allocations__fiscal_year=2025, allocations__stage="perubahan")
    assert without.count() == 4
    assert Realization.objects.exists()


def test_synthetic_data_is_flagged_and_real_targets_are_not(demo):
    assert not ParticipationSnapshot.objects.filter(is_synthetic=False).exists()
    target = Commitment.objects.get(region__code="52", year=2025)
    assert not target.is_synthetic and str(target.target_coverage) == "62.22"


def test_funded_workers_match_the_published_2025_split(demo):
    kabkota = dict(Allocation.objects.filter(
        fiscal_year=2025, stage="murni", funding_source="apbd_kabkota"
    ).values_list("region__code", "workers_planned"))
    assert kabkota["52.03"] == 17_000 and kabkota["52.02"] == 12_000
    assert kabkota["52.04"] == 5_700 and kabkota["52.05"] == 3_200
    dbhcht = Allocation.objects.filter(fiscal_year=2025, stage="murni", funding_source="dbhcht")
    assert dbhcht.aggregate(t=Sum("workers_planned"))["t"] == 13_000
    total = Allocation.objects.filter(fiscal_year=2025, stage="murni").aggregate(
        t=Sum("workers_planned"))["t"]
    assert total == 57_196


def test_the_demos_dbhcht_workers_are_counted_as_the_provinces(demo):
    june = ParticipationSnapshot.objects.filter(month=dt.date(2025, 6, 1), segment="BPU")
    paid = Realization.objects.filter(month=dt.date(2025, 6, 1),
                                      allocation__funding_source="dbhcht")
    assert set(paid.values_list("allocation__payer", flat=True)) == {"province"}
    paid_june = paid.aggregate(t=Sum("workers_paid"))["t"]
    assert paid_june > 12_000  # most of the 13,000 paid for
    assert june.aggregate(t=Sum("funded_dbhcht_prov"))["t"] == paid_june
    assert not ParticipationSnapshot.objects.filter(funded_dbhcht__gt=0).exists()


def test_loading_twice_changes_nothing(demo, capsys):
    before = state()
    call_command("load_demo")
    assert state() == before
    assert "nothing changed" in capsys.readouterr().out


def test_demo_users_cover_every_role_and_two_regencies(demo):
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"provinsi_admin", "provinsi_viewer", "daerah_operator", "bpjs_operator",
                     "nasional_viewer"}  # issue 21: bound to no region
    assert User.objects.filter(role="daerah_operator").count() >= 2
    assert User.objects.get(username="admin.prov").check_password("ucj-demo-2025")


def test_load_demo_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(Exception, match="DEBUG"):
        call_command("load_demo")


def test_split_exact_sums_exactly():
    parts = split_exact(555_276, {"a": 0.3, "b": 0.3, "c": 0.4})
    assert sum(parts.values()) == 555_276
    assert parts == {"a": 166_583, "b": 166_583, "c": 222_110}


def test_demo_forums_show_overdue_due_soon_and_evidence(demo):
    from ucj.forums import selectors

    today = timezone.localdate()
    assert Meeting.objects.filter(is_synthetic=True, date__gt=today).count() == 1  # the next rakor
    items = ActionItem.objects.all()
    assert items.filter(selectors.overdue_q(today)).count() >= 2
    assert items.filter(selectors.due_soon_q(today)).count() >= 2
    assert items.filter(status="done").count() >= 2
    assert ActionUpdate.objects.exclude(evidence_file="").exists()
    assert not items.filter(is_synthetic=False).exists()


def test_the_demo_lights_take_every_colour_and_2026_names_who_put_in_no_money(demo):
    """Issue 16: over 2025-01…2026-06 the lights are red, amber and green somewhere; the
    dashboard, the 2026-Q2 report and a 2026 forum brief name Lombok Utara and Kota Bima, whose
    only 2026 money is the province's DBHCHT."""
    import datetime as dt

    from ucj.accounts.models import User
    from ucj.forums.brief import meeting_brief
    from ucj.forums.models import Meeting
    from ucj.indicators import selectors as ind
    from ucj.indicators.dashboard import dashboard
    from ucj.regions.models import Region
    from ucj.reports.monev import monev_report

    province = Region.objects.get(code="52")
    seen = set()
    for year, last in ((2025, 12), (2026, 6)):
        for m in range(1, last + 1):
            total, rows = ind.inputs_for(province, dt.date(year, m, 1))
            limits = ind.thresholds()
            seen |= {ind.figures(i, total, limits)["status"] for i in rows.values()}
    assert {"red", "amber", "green"} <= seen
    board = dashboard(province=province, month=dt.date(2026, 6, 1))
    assert [r.region.short_name for r in board.without_own_money] == ["Lombok Utara",
                                                                      "Kota Bima"]
    report = monev_report(period="2026-Q2")
    money = " ".join(report.summary)
    assert "Lombok Utara" in money and "Kota Bima" in money
    assert "Seluruh kabupaten/kota telah mengalokasikan" not in money
    meeting = Meeting.objects.filter(date__year=2026).order_by("date").first()
    brief = meeting_brief(meeting, User.objects.get(username="admin.prov"),
                          today=meeting.date)
    unbudgeted = {(c.region.short_name, c.year) for c in brief.unbudgeted}
    assert ("Lombok Utara", 2026) in unbudgeted and ("Kota Bima", 2026) in unbudgeted


def test_the_demo_holds_every_province_and_a_national_viewer_who_reads_them(demo, client):
    """Issue 21: the national region master beside NTB's own (NTB's regions and detailed
    boundaries unchanged), and a national viewer's login that opens the national dashboard."""
    assert Region.objects.filter(level="province").count() == 38
    assert Region.objects.filter(level="regency").count() == 514
    assert Region.objects.filter(parent__parent__parent__code="52").exists()  # NTB's villages
    lotim = Region.objects.get(code="52.03")
    assert lotim.name == "Kabupaten Lombok Timur" and lotim.geometry
    national = User.objects.get(username="nasional.demo")
    assert national.role == "nasional_viewer" and not national.regions.exists()
    assert national.check_password("ucj-demo-2025")
    client.force_login(national)
    page = client.get("/nasional/").content.decode()
    assert "Nusa Tenggara Barat" in page and "Papua Pegunungan" in page
    assert client.get("/publik/").content.decode().count("Nusa Tenggara Barat") >= 1
