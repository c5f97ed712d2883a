"""Completeness and timeliness (issue 19, as DHIS2's reporting rates): per dataset × region ×
period, received / on time / approved against the reporting calendar, as a matrix with URL
filters and CSV; the province sees every regency, others their own (the scoping helper)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from ucj.indicators import selectors as ind
from ucj.submissions import services
from ucj.submissions.models import ReportingDeadline, Submission
from ucj.submissions.selectors import completeness

D = dt.date


def _matrix(user, dataset, year, today):
    from ucj.core.datasets import get_dataset

    (m,) = completeness(user, year=year, today=today, datasets=[get_dataset(dataset)])
    return m, {(r.code, c.period): c for r, row in m.rows for c in row if c is not None}


def _submitted_on(dataset, region, period, day):
    when = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 9, 0))
    Submission.objects.filter(dataset=dataset, region=region, period=period).update(
        submitted_at=when)


def test_received_on_time_late_and_approved_against_the_calendar(records, admin_user, op_a):
    ReportingDeadline.objects.filter(dataset="commitments").update(months_after=2, due_day=31)
    a = records["commitments"].region
    m, cells = _matrix(admin_user, "commitments", 2025, D(2025, 3, 31))
    assert cells[("52.03", "2025")].status == "entered"  # due today: not late, not received
    assert cells[("52.02", "2025")].status == "missing"
    assert (m.total.expected, m.total.received) == (4, 0)  # the four test regencies

    services.submission_submit(actor=op_a, region=a, dataset="commitments", period="2025")
    _submitted_on("commitments", a, "2025", D(2025, 3, 31))  # on the due day: on time
    m, cells = _matrix(admin_user, "commitments", 2025, D(2025, 4, 2))
    assert cells[("52.03", "2025")].status == "on_time"
    assert (m.total.received, m.total.on_time, m.total.approved) == (1, 1, 0)
    _submitted_on("commitments", a, "2025", D(2025, 4, 1))  # the day after: late
    m, cells = _matrix(admin_user, "commitments", 2025, D(2025, 4, 2))
    assert cells[("52.03", "2025")].status == "late" and m.total.on_time == 0
    services.submission_approve(actor=admin_user, region=a, dataset="commitments", period="2025")
    m, cells = _matrix(admin_user, "commitments", 2025, D(2025, 4, 2))
    assert cells[("52.03", "2025")].status == "approved"
    assert (m.total.received, m.total.approved) == (1, 1)


def test_months_not_yet_due_are_shown_and_not_counted(records, admin_user):
    m, cells = _matrix(admin_user, "participation", 2025, D(2025, 7, 15))
    assert m.periods[0] == "2025-01" and m.periods[-1] == "2025-12"
    assert cells[("52.03", "2025-06")].status == "entered"  # due 15 July: due today
    assert cells[("52.03", "2025-07")].status == "not_due"
    june = m.columns[5]
    assert june.expected == 4 and m.columns[6].expected == 0


def test_each_user_sees_its_own_regencies(records, admin_user, viewer, op_a, op_b, bpjs):
    today = D(2026, 1, 1)
    for user, codes in ((admin_user, {"52.01", "52.02", "52.03", "52.71"}),
                        (viewer, {"52.01", "52.02", "52.03", "52.71"}),
                        (op_a, {"52.03"}), (op_b, {"52.02"}), (bpjs, {"52.01", "52.71"})):
        m, _cells = _matrix(user, "denominators", 2025, today)
        assert {r.code for r, _row in m.rows} == codes, user


def test_the_page_filters_by_url_and_refuses_a_region_outside_the_scope(client, records,
                                                                        op_a, op_b):
    url = reverse("completeness")
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(op_a)
    page = client.get(url, {"dataset": "commitments", "year": "2025"}).content.decode()
    assert 'data-dataset="commitments"' in page and 'data-dataset="allocations"' not in page
    assert 'href="/pengiriman/commitments/52.03/2025/"' in page
    client.force_login(op_b)
    page = client.get(url, {"region": "52.03", "year": "2025"}).content.decode()
    assert "Penyaring tidak sah" in page and "/pengiriman/commitments/52.03/" not in page


def test_the_csv_has_one_row_per_cell_in_scope(client, records, admin_user, op_a):
    client.force_login(op_a)
    response = client.get(reverse("completeness_export"), {"year": "2025"})
    rows = list(csv.DictReader(io.StringIO(
        b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {r["region_code"] for r in rows} == {"52.03"}
    row = next(r for r in rows if r["dataset"] == "commitments")
    assert (row["period"], row["due_date"], row["records"], row["state"]) == (
        "2025", "2025-03-31", "1", "draft")
    client.force_login(admin_user)
    response = client.get(reverse("completeness_export"), {"year": "2025"})
    assert b"52.02" in b"".join(response.streaming_content)


def test_every_signed_in_role_reads_the_page(client, records, admin_user, viewer, op_a, op_b,
                                            bpjs):
    for user in (admin_user, viewer, op_a, op_b, bpjs):
        client.force_login(user)
        assert client.get(reverse("completeness")).status_code == 200
        assert client.get(reverse("completeness_export")).status_code == 200


def test_the_indicators_timeliness_follows_the_calendar_the_province_keeps(records, admin_user):
    """One calendar for the completeness page and the indicators (no second rule in settings):
    moving participation's due day moves the dashboard's 'on time'."""
    a = records["participation"].region
    services.submission_submit(actor=admin_user, region=a, dataset="participation",
                               period="2025-06")
    _submitted_on("participation", a, "2025-06", D(2025, 7, 20))
    before = ind.indicators(a, D(2025, 6, 1))["completeness"]
    assert (before["deadline"], before["on_time"]) == ("2025-07-15", 0)  # the seeded 15th
    services.reporting_deadline_set(actor=admin_user, dataset="participation", months_after=1,
                                    due_day=25, first_period="2025-01")
    after = ind.indicators(a, D(2025, 6, 1))["completeness"]
    assert (after["deadline"], after["on_time"]) == ("2025-07-25", 1)
    assert ind.indicators(a.parent, D(2025, 6, 1))["completeness"]["deadline"] == "2025-07-25"
