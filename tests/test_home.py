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
# (issue 19: the province admin lands on the approval inbox; an operator's home adds its
# to-do list, tests below)
# (issue 18: the body of a home page is kept until the next write; computing it asks for the
# data version once per request: +1 for the inbox, 0 for the operator's, which asked already)
@pytest.mark.parametrize("user,queries", [("admin_user", 21), ("op_a", 51)])
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
    # (issue 18: the list's body is kept until the next write: counted as computed, +1 the
    # data version)
    cache.clear()
    with django_assert_num_queries(12) as few:  # + the approval inbox count (issue 19)
        client.get(url)
    from ucj.budget import services
    for month in (11, 12):
        services.realization_create(actor=admin_user, allocation=records["allocations"],
                                    month=dt.date(2025, month, 1), amount_paid=50_400_000,
                                    workers_paid=3_000)
    cache.clear()
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


def test_province_admins_land_on_the_inbox_viewers_on_the_dashboard_operators_on_their_todo(
        client, records, admin_user, viewer, op_a, bpjs):
    client.force_login(admin_user)
    assert "home/admin.html" in [t.name for t in client.get(reverse("home")).templates]
    client.force_login(viewer)
    assert "indicators/dashboard.html" in [t.name for t in client.get(reverse("home")).templates]
    for user in (op_a, bpjs):
        client.force_login(user)
        names = [t.name for t in client.get(reverse("home")).templates]
        assert "home/operator.html" in names and "monitoring/home.html" in names


# --- what to do next (issue 19) ---------------------------------------------------------------

D = dt.date


def _calendar(dataset, months_after, due_day, first_period):
    from ucj.submissions.models import ReportingDeadline

    ReportingDeadline.objects.update_or_create(dataset=dataset, defaults={
        "months_after": months_after, "due_day": due_day, "first_period": first_period})


def _due(user, today):
    from ucj.submissions.selectors import todo

    return {(c.ds.slug, c.region.code, c.period): c for c in todo(user, today=today).due}


def test_the_migration_seeds_a_default_calendar_for_every_dataset(db):
    from ucj.core.datasets import all_datasets
    from ucj.submissions.selectors import reporting_calendar

    calendar = reporting_calendar()
    assert set(calendar) == {ds.slug for ds in all_datasets()}
    assert calendar["participation"].due_date("2025-06") == D(2025, 7, 15)
    assert calendar["allocations"].due_date("2026") == D(2026, 1, 31)


def test_a_due_date_past_the_month_end_is_the_last_day_and_december_is_due_in_january(db):
    from ucj.submissions.models import ReportingDeadline

    monthly = ReportingDeadline(dataset="realizations", months_after=1, due_day=31,
                                first_period="2025-01")
    assert monthly.due_date("2025-12") == D(2026, 1, 31)  # December's, in January of y+1
    assert monthly.due_date("2026-01") == D(2026, 2, 28)  # no 31 February
    assert monthly.due_date("2027-01") == D(2027, 2, 28)
    before = ReportingDeadline(dataset="allocations", months_after=-1, due_day=20,
                               first_period="2025")
    assert before.due_date("2026") == D(2025, 12, 20)


def test_figures_are_due_on_the_due_day_and_overdue_from_the_next(ntb, op_a):
    _calendar("allocations", 0, 31, "2026")
    on_the_day = _due(op_a, D(2026, 1, 31))[("allocations", "52.03", "2026")]
    assert on_the_day.status == "missing" and not on_the_day.overdue
    assert _due(op_a, D(2026, 2, 1))[("allocations", "52.03", "2026")].overdue
    # a month before its due day it is not listed yet (DUE_SOON_DAYS = 31)
    assert ("allocations", "52.03", "2026") not in _due(op_a, D(2025, 12, 30))
    assert ("allocations", "52.03", "2026") in _due(op_a, D(2025, 12, 31))


def test_december_is_due_in_january_and_a_past_month_stays_overdue(records, op_a):
    # realizations are asked for the months an allocation pays for: A's APBD-P 2025 pays
    # October to December 2025
    _calendar("realizations", 1, 10, "2025-01")
    due = _due(op_a, D(2026, 1, 5))
    december = due[("realizations", "52.03", "2025-12")]
    assert december.due == D(2026, 1, 10) and not december.overdue
    november = due[("realizations", "52.03", "2025-11")]  # a past month, due 10 December
    assert november.overdue and november.status == "missing"
    october = due[("realizations", "52.03", "2025-10")]  # entered, not yet submitted
    assert october.records == 1 and october.status == "entered" and october.overdue
    assert ("realizations", "52.03", "2025-09") not in due  # before the allocation's months
    assert _due(op_a, D(2026, 1, 11))[("realizations", "52.03", "2025-12")].overdue
    # no allocation in 2026 yet: no payment is asked for
    assert not [k for k in _due(op_a, D(2026, 12, 1)) if k[0] == "realizations"
                and k[2].startswith("2026")]


def test_submitted_figures_leave_the_list_and_returned_ones_come_with_the_reason(
        records, admin_user, op_a):
    from ucj.submissions import services

    _calendar("commitments", 2, 31, "2025")
    assert ("commitments", "52.03", "2025") in _due(op_a, D(2025, 4, 1))
    submission = services.submission_submit(actor=op_a, region=records["commitments"].region,
                                            dataset="commitments", period="2025")
    assert ("commitments", "52.03", "2025") not in _due(op_a, D(2025, 4, 1))
    services.submission_return(actor=admin_user, submission=submission,
                               reason="Nomor Perbup belum lengkap.")
    from ucj.submissions.selectors import todo

    listed = todo(op_a, today=D(2025, 4, 1))
    assert ("commitments", "52.03", "2025") not in {
        (c.ds.slug, c.region.code, c.period) for c in listed.due}
    assert [(s.dataset, s.reason) for s in listed.returned] == [
        ("commitments", "Nomor Perbup belum lengkap.")]


def test_each_role_is_asked_only_for_what_it_writes_in_its_regions(records, op_a, op_b, bpjs,
                                                                    viewer):
    today = D(2026, 2, 1)
    assert {k[1] for k in _due(op_a, today)} == {"52.03"}
    assert {k[1] for k in _due(op_b, today)} == {"52.02"}
    assert {k[0] for k in _due(op_a, today)} == {"denominators", "commitments", "allocations",
                                                 "realizations"}
    assert {(k[0], k[1]) for k in _due(bpjs, today)} == {("participation", "52.01"),
                                                         ("participation", "52.71")}
    assert _due(viewer, today) == {}


def test_the_operators_home_links_each_item_to_the_place_to_act(client, records, admin_user,
                                                                op_a):
    from ucj.submissions import services

    submission = services.submission_submit(actor=op_a, region=records["allocations"].region,
                                            dataset="allocations", period="2025")
    services.submission_return(actor=admin_user, submission=submission,
                               reason="Sumber dana belum sesuai DPA.")
    client.force_login(op_a)
    page = client.get(reverse("home")).content.decode()
    from django.utils import timezone

    from ucj.submissions.selectors import todo

    groups = {g.latest.ds.slug: g for g in todo(op_a, today=timezone.localdate()).groups}
    year = groups["allocations"].latest.period
    # not entered: the dataset's list of the region and year, and its import template
    assert f'href="/data/allocations/?region=52.03&amp;year={year}"' in page
    assert f"/impor/templat/?dataset=allocations&amp;period={year}" in page
    # the earlier open periods of a dataset: counted, one click from the completeness page
    assert groups["realizations"].earlier
    assert "/kelengkapan/?dataset=realizations&amp;region=52.03&amp;year=" in page
    # returned: the submission page, with the province's reason
    assert 'href="/pengiriman/allocations/52.03/2025/"' in page
    assert "Sumber dana belum sesuai DPA." in page
    assert "Dikembalikan oleh provinsi" in page
    # and still the region's figures
    assert "453.748" in page


# An operator's home: its to-do list (calendar, figures, submissions, cycle, forum tasks, the
# lapse list) and its regions' lights (the engine's figures, computed: the cache is cleared)
# before the regencies' aggregates; a fixed number whatever the number of items due.
OPERATOR_HOME_QUERIES = 51


def test_operator_home_query_count_does_not_grow_with_items_due(client, records, admin_user,
                                                                op_a, django_assert_num_queries):
    from ucj.budget import services as budget

    client.force_login(op_a)
    client.get(reverse("home"))
    cache.clear()
    with django_assert_num_queries(OPERATOR_HOME_QUERIES):
        client.get(reverse("home"))
    for year in (2026, 2027):
        budget.allocation_create(actor=admin_user, region=records["allocations"].region,
                                 fiscal_year=year, stage="murni", funding_source="apbd_kabkota",
                                 amount=604_800_000, workers_planned=3_000, start_month=1,
                                 months_covered=12, package=records["allocations"].package)
    cache.clear()
    with django_assert_num_queries(OPERATOR_HOME_QUERIES):
        client.get(reverse("home"))
