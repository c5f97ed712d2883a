"""The province's approval inbox (issue 19): submissions waiting, oldest first, approved or
returned from the inbox through the submission services, with the changes since the last
approval visible; its count in the menu; the reporting calendar the province keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ucj.audit.models import AuditEvent
from ucj.submissions import services
from ucj.submissions.models import ReportingDeadline, State, Submission


@pytest.fixture
def waiting(records, op_a):
    """Two submissions waiting: region A's commitments (older), then its denominators."""
    a = records["commitments"].region
    first = services.submission_submit(actor=op_a, region=a, dataset="commitments", period="2025")
    Submission.objects.filter(pk=first.pk).update(
        submitted_at=first.submitted_at - dt.timedelta(days=3))
    second = services.submission_submit(actor=op_a, region=a, dataset="denominators",
                                        period="2025")
    return first, second


def test_the_admins_home_lists_waiting_submissions_oldest_first(client, waiting, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("home")).content.decode()
    first = page.index('data-submission="commitments|52.03|2025"')
    second = page.index('data-submission="denominators|52.03|2025"')
    assert first < second
    # a first submission shows its figures; the regencies' aggregates follow the inbox
    assert "Pengajuan pertama" in page and "453.748" in page
    assert page.index("Kotak persetujuan") < page.index("Semua kabupaten dan kota")


def test_approving_from_the_inbox_goes_through_the_service_and_comes_back(client, waiting,
                                                                          admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("submission_approve", args=["commitments", "52.03", "2025"]),
                           {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    submission = Submission.objects.get(dataset="commitments", period="2025")
    assert submission.state == State.APPROVED
    assert AuditEvent.objects.filter(object_id=str(submission.pk),
                                     changes__state=["submitted", "approved"]).exists()
    page = client.get("/").content.decode()
    assert 'data-submission="commitments|52.03|2025"' not in page
    assert "Disetujui: " in page  # the message


def test_returning_from_the_inbox_needs_a_reason(client, waiting, admin_user):
    client.force_login(admin_user)
    url = reverse("submission_return", args=["denominators", "52.03", "2025"])
    client.post(url, {"next": "/", "reason": "  "})
    assert Submission.objects.get(dataset="denominators").state == State.SUBMITTED
    client.post(url, {"next": "/", "reason": "Sumber BPS belum disebut."})
    returned = Submission.objects.get(dataset="denominators")
    assert (returned.state, returned.reason) == (State.RETURNED, "Sumber BPS belum disebut.")


def test_an_outside_next_address_is_not_followed(client, waiting, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("submission_approve", args=["commitments", "52.03", "2025"]),
                           {"next": "https://evil.example/"})
    assert response["Location"] == reverse("submission_list")


def test_the_inbox_shows_what_changed_since_the_last_approval(client, records, admin_user, op_a):
    from ucj.coverage import services as coverage

    a = records["denominators"].region
    services.submission_approve(actor=admin_user, region=a, dataset="denominators", period="2025")
    submission = Submission.objects.get(dataset="denominators")
    services.submission_reopen(actor=admin_user, submission=submission, reason="Data BPS baru.")
    coverage.denominator_update(actor=op_a, denominator=records["denominators"],
                                workforce_potential=460_000, confirm_warnings=True)
    services.submission_submit(actor=op_a, region=a, dataset="denominators", period="2025")
    client.force_login(admin_user)
    page = client.get(reverse("submission_inbox")).content.decode()
    assert 'class="change-old">453.748<' in page and 'class="change-new">460.000<' in page


def test_the_inbox_page_is_the_approvers_alone(client, waiting, admin_user, viewer, op_a, op_b,
                                              bpjs):
    url = reverse("submission_inbox")
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200 and b"commitments|52.03|2025" in page.content
    for user in (viewer, op_a, op_b, bpjs):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_the_menu_counts_the_waiting_submissions_for_approvers_only(client, waiting, admin_user,
                                                                    op_a):
    from django.template import Context, Template
    from django.test import RequestFactory

    def count(user):
        request = RequestFactory().get("/")
        request.user = user
        return Template("{% load submissions %}{% inbox_count as n %}{{ n }}").render(
            Context({"request": request}))

    assert count(admin_user) == "2"
    assert count(op_a) == "None"


def test_the_province_keeps_the_reporting_calendar_audited(client, ntb, admin_user, viewer, op_a,
                                                           op_b, bpjs):
    url = reverse("reporting_deadline_edit", args=["participation"])
    data = {"months_after": "1", "due_day": "20", "first_period": "2025-01",
            "note": "Surat Edaran Kadis"}
    assert client.get(reverse("reporting_calendar"))["Location"].startswith(reverse("login"))
    for user in (viewer, op_a, op_b, bpjs):
        client.force_login(user)
        assert client.get(reverse("reporting_calendar")).status_code == 200
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert ReportingDeadline.objects.get(dataset="participation").due_day == 15
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    row = ReportingDeadline.objects.get(dataset="participation", province__code="52")  # #21
    assert (row.due_day, row.note, row.updated_by) == (20, "Surat Edaran Kadis", admin_user)
    event = AuditEvent.objects.get(object_type="submissions.reportingdeadline")
    assert event.changes["due_day"] == [15, 20]
    page = client.get(reverse("reporting_calendar")).content.decode()
    assert "tanggal 20, 1 bulan setelah awal periode" in page


def test_a_wrong_first_period_is_refused_with_a_message_and_nothing_changes(client, ntb,
                                                                          admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("reporting_deadline_edit", args=["participation"]), {
        "months_after": "1", "due_day": "20", "first_period": "2025"})  # a year, monthly data
    assert response.status_code == 400
    assert "Isi bulan, misalnya 2025-01." in response.content.decode()
    assert ReportingDeadline.objects.get(dataset="participation").first_period == "2025-01"
    assert not AuditEvent.objects.filter(object_type="submissions.reportingdeadline").exists()


def test_the_demo_adds_missing_calendar_rows_and_leaves_users_rows_and_submissions(
        records, admin_user, op_a):
    from decimal import Decimal

    from ucj.budget import services as budget
    from ucj.demo.loader import DemoResult
    from ucj.demo.reporting import load_reporting

    services.reporting_deadline_set(actor=admin_user, dataset="participation", months_after=1,
                                    due_day=20, first_period="2025-01", note="Surat Kadis")
    ReportingDeadline.objects.filter(dataset="realizations").delete()
    a = records["commitments"].region
    budget.commitment_create(actor=op_a, region=a, year=2026, target_coverage=Decimal("45.00"),
                             target_funded_workers=26_250)
    services.submission_submit(actor=op_a, region=a, dataset="commitments", period="2026")
    services.submission_approve(actor=admin_user, region=a, dataset="commitments",
                                period="2026")
    result = DemoResult()
    load_reporting(admin_user, result)
    assert result.created == {"reporting calendar": 1, "submissions": 0}
    kept = ReportingDeadline.objects.get(dataset="participation", province__code="52")  # #21
    assert (kept.due_day, kept.note) == (20, "Surat Kadis")
    assert ReportingDeadline.objects.get(dataset="realizations").due_day == 10
    assert Submission.objects.get(dataset="commitments", period="2026").state == State.APPROVED


def test_the_inbox_costs_a_fixed_number_of_queries_per_submission_shown(client, records,
                                                                        admin_user, op_a):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = records["commitments"].region
    client.force_login(admin_user)
    client.get(reverse("submission_inbox"))

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("submission_inbox")).status_code == 200
        return len(captured)

    counts = [queries()]
    for dataset, period in (("commitments", "2025"), ("denominators", "2025"),
                            ("participation", "2025-06")):
        writer = op_a if dataset != "participation" else admin_user
        if writer is op_a:
            services.submission_submit(actor=op_a, region=a, dataset=dataset, period=period)
        else:
            Submission.objects.create(region=a, dataset=dataset, period=period,
                                      state=State.SUBMITTED, submitted_by=admin_user)
        counts.append(queries())
    steps = {later - earlier for earlier, later in zip(counts[1:], counts[2:], strict=False)}
    assert len(steps) == 1 and steps.pop() <= 4, counts  # the same small cost per submission
