"""The home page: every region's latest aggregate figures, province = sums over sums, a
fixed number of queries whatever the number of regions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from ucj.coverage import services as coverage
from ucj.monitoring.selectors import home_summary
from ucj.regions.models import Level, Region


def add_region_data(admin, region, potential, active, month=dt.date(2025, 6, 1)):
    coverage.denominator_create(actor=admin, region=region, year=month.year,
                                workforce_potential=potential)
    coverage.participation_create(actor=admin, region=region, month=month, segment="PU",
                                  active=active)


def test_province_coverage_is_a_sum_over_sums_not_an_average(ntb, admin_user):
    add_region_data(admin_user, ntb["52.01"], potential=1_000, active=500)  # 50%
    add_region_data(admin_user, ntb["52.02"], potential=9_000, active=900)  # 10%
    summary = home_summary(province=ntb["52"])
    assert summary.total.coverage == Decimal(1_400) / Decimal(10_000)  # 14%, not 30%
    by_code = {row.region.code: row for row in summary.rows}
    assert by_code["52.01"].coverage == Decimal("0.5")
    assert by_code["52.03"].coverage is None  # no data, not 0%


def test_a_zero_denominator_is_no_data(ntb, admin_user):
    add_region_data(admin_user, ntb["52.01"], potential=0, active=0)
    summary = home_summary(province=ntb["52"])
    assert summary.rows[0].coverage is None


def test_home_page_shows_figures_formatted_in_indonesian(client, records, op_b):
    client.force_login(op_b)
    page = client.get(reverse("home")).content.decode()
    assert "453.748" in page and "54.298" in page
    assert "12,0%" in page  # 54.298 / 453.748
    assert "Juni 2025" in page


def _add_regencies(n, province, admin):
    base = Region.objects.filter(level=Level.REGENCY).count()
    for i in range(n):
        region = Region.objects.create(code=f"52.{80 + base + i}", name=f"Kabupaten X{i}",
                                       level=Level.REGENCY, parent=province)
        add_region_data(admin, region, potential=10_000, active=1_000)


# A province user's home page is the monev dashboard; a regency operator's its summary.
# (25: the seeded tariff is looked up for the budget need; every page counts the user's
# forum reminders for the menu badge.)
# (+2 for the province user: the data version of the cached inputs and boundaries, issue 18)
@pytest.mark.parametrize("user,queries", [("admin_user", 28), ("op_a", 17)])
def test_home_query_count_does_not_grow_with_regions(request, client, ntb, admin_user, user,
                                                     queries, django_assert_num_queries):
    client.force_login(request.getfixturevalue(user))
    _add_regencies(2, ntb["52"], admin_user)
    client.get(reverse("home"))  # warm up (session, content types)
    cache.clear()  # counted as computed, not as cached (issue 18)
    with django_assert_num_queries(queries) as small:
        client.get(reverse("home"))
    _add_regencies(6, ntb["52"], admin_user)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("home"))


def test_list_query_count_does_not_grow_with_rows(client, records, admin_user,
                                                  django_assert_num_queries):
    client.force_login(admin_user)
    url = reverse("record_list", args=["realizations"])
    client.get(url)
    # 10 = … + the approval states of the page's rows (one query, not one per row) + the
    # forum reminder count of the menu
    with django_assert_num_queries(10) as few:
        client.get(url)
    from ucj.budget import services
    for month in (11, 12):
        services.realization_create(actor=admin_user, allocation=records["allocations"],
                                    month=dt.date(2025, month, 1), amount_paid=50_400_000,
                                    workers_paid=3_000)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_home_labels_figures_not_yet_approved_and_counts_the_approved(client, records,
                                                                     admin_user, op_b):
    from ucj.submissions.services import submission_approve

    client.force_login(op_b)
    page = client.get(reverse("home")).content.decode()
    assert "kepesertaan disetujui untuk 0 dari 4 daerah" in page
    assert page.count(">belum disetujui</span>") == 4  # one label per regency, none hidden

    submission_approve(actor=admin_user, region=records["participation"].region,
                       dataset="participation", period="2025-06")
    page = client.get(reverse("home")).content.decode()
    assert "kepesertaan disetujui untuk 1 dari 4 daerah" in page
    assert "54.298" in page  # approved or not, the figure is shown
    # Lombok Timur's allocations for 2025 are still a draft: still labelled
    assert page.count(">belum disetujui</span>") == 4
    submission_approve(actor=admin_user, region=records["allocations"].region,
                       dataset="allocations", period="2025")
    page = client.get(reverse("home")).content.decode()
    assert page.count(">belum disetujui</span>") == 3


def test_province_users_land_on_the_dashboard_and_operators_on_their_summary(
        client, records, admin_user, op_a):
    client.force_login(admin_user)
    assert "indicators/dashboard.html" in [t.name for t in client.get(reverse("home")).templates]
    client.force_login(op_a)
    assert "monitoring/home.html" in [t.name for t in client.get(reverse("home")).templates]
