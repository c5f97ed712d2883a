"""The meeting brief's PDF, made by the background worker as the monev report (issue 19, item
7): ordered from the brief page, followed on the report's progress page, downloaded by who
ordered it (the brief follows its reader's scope) and by who runs the meeting; the old
``bahan.pdf`` address leads to the newest ready PDF or to the brief page
(docs/decisions.md 129)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ucj.audit.models import AuditEvent
from ucj.core import pdf as pdfs
from ucj.forums import brief as briefs
from ucj.forums import services as forums
from ucj.reports import selectors, services, tasks
from ucj.reports.models import Kind, Report, Status


@pytest.fixture
def meetings(ntb, admin_user):
    day = timezone.localdate() + dt.timedelta(days=7)
    return {
        "local": forums.meeting_create(actor=admin_user, title="Rapat Tim UCJ Lombok Timur",
                                       level="region", region=ntb["52.03"], date=day,
                                       place="Selong"),
        "province": forums.meeting_create(actor=admin_user, title="Rakor UCJ NTB",
                                          level="province", region=ntb["52"], date=day,
                                          place="Mataram"),
    }


@pytest.fixture
def fake_pdf(monkeypatch):
    """WeasyPrint replaced by a marker (the real drawing: test_a_real_pdf_is_made)."""
    drawn, bases = [], []

    def draw(html, **kwargs):
        drawn.append(html)
        bases.append(kwargs.get("base_url"))
        return b"%PDF-1.7 brief " + str(len(drawn)).encode()

    monkeypatch.setattr(pdfs, "html_to_pdf", draw)
    return drawn, bases


@pytest.fixture
def order(client, django_capture_on_commit_callbacks):
    """Order a meeting's brief PDF from the brief page as ``user``; the task runs on commit."""
    def order(user, meeting):
        client.force_login(user)
        before = set(Report.objects.values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("meeting_brief_pdf_order", args=[meeting.pk]))
        assert response.status_code == 302, response.status_code
        report = Report.objects.exclude(pk__in=before).get(kind=Kind.BRIEF_PDF, meeting=meeting,
                                                           requested_by=user)
        assert response["Location"] == reverse("report_detail", args=[report.pk])
        return report
    return order


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


class TestOrdering:
    def test_the_brief_page_has_a_post_button_that_orders_the_pdf(self, client, meetings,
                                                                   op_a):
        client.force_login(op_a)
        page = client.get(reverse("meeting_brief", args=[meetings["local"].pk])).content.decode()
        assert f'action="{reverse("meeting_brief_pdf_order", args=[meetings["local"].pk])}"' \
            in page and 'method="post"' in page

    def test_ordering_queues_a_report_of_the_meeting_for_its_orderer(
            self, client, meetings, op_a, ntb):
        client.force_login(op_a)
        response = client.post(reverse("meeting_brief_pdf_order", args=[meetings["local"].pk]))
        report = Report.objects.get(meeting=meetings["local"])
        assert (report.kind, report.status, report.requested_by, report.region) == (
            Kind.BRIEF_PDF, Status.QUEUED, op_a, ntb["52.03"])
        assert response["Location"] == reverse("report_detail", args=[report.pk])
        page = client.get(response["Location"]).content.decode()
        assert "Sedang dibuat" in page or "antre" in page.lower() or "dalam antrean" in page
        assert 'http-equiv="refresh"' in page

    def test_a_get_does_not_order(self, client, meetings, op_a):
        client.force_login(op_a)
        response = client.get(reverse("meeting_brief_pdf_order", args=[meetings["local"].pk]))
        assert response.status_code == 405 and not Report.objects.exists()

    def test_who_may_not_read_the_meeting_may_not_order_it(self, client, meetings, op_b, bpjs):
        for user in (op_b, bpjs):
            client.force_login(user)
            response = client.post(reverse("meeting_brief_pdf_order",
                                           args=[meetings["local"].pk]))
            assert response.status_code == 404
        assert not Report.objects.exists()

    def test_the_task_makes_the_brief_as_its_orderer_reads_it(self, order, meetings, op_a,
                                                               fake_pdf, monkeypatch):
        readers = []
        original = briefs.meeting_brief

        def spy(meeting, user, *args, **kwargs):
            readers.append(user)
            return original(meeting, user, *args, **kwargs)

        monkeypatch.setattr(briefs, "meeting_brief", spy)
        report = order(op_a, meetings["local"])
        assert report.status == Status.DONE, report.error
        assert readers and set(readers) == {op_a}
        assert report.file.read().startswith(b"%PDF-")
        assert report.file_name == f"bahan-rapat-{meetings['local'].date:%Y-%m-%d}.pdf"
        html, bases = fake_pdf
        assert "Bahan Rapat Koordinasi" in html[0]  # Indonesian, as in a request
        assert bases == ["http://testserver/"]  # its links point to the site it was ordered on

    def test_making_it_is_the_meetings_audited_export(self, order, meetings, op_a, fake_pdf):
        report = order(op_a, meetings["local"])
        export = AuditEvent.objects.get(action="export", object_type="forums.meeting",
                                        object_id=str(meetings["local"].pk))
        assert export.actor == op_a and report.file_name in export.note

    def test_it_fails_visibly_when_its_orderer_is_gone(self, meetings, op_a, fake_pdf,
                                                       django_capture_on_commit_callbacks):
        report = services.brief_request(actor=op_a, meeting=meetings["local"], enqueue=False)
        op_a.is_active = False
        op_a.save()
        report = tasks.report_generate(report.pk)
        assert report.status == Status.FAILED and not report.file and not fake_pdf[0]


def test_a_real_pdf_is_made(order, meetings, admin_user):
    report = order(admin_user, meetings["province"])
    assert report.status == Status.DONE, report.error
    assert report.file.read().startswith(b"%PDF-") and report.size > 1000


class TestDownload:
    @pytest.mark.parametrize("who, status", [("op_a", 200), ("admin_user", 200),
                                             ("op_b", 404), ("viewer", 404), ("bpjs", 404)])
    def test_an_operators_brief_is_theirs_and_the_meeting_runners(
            self, client, request, order, meetings, op_a, fake_pdf, who, status):
        report = order(op_a, meetings["local"])
        client.force_login(request.getfixturevalue(who))
        for name in ("report_detail", "report_download"):
            response = client.get(reverse(name, args=[report.pk]))
            assert response.status_code == status, (name, who)
        if status == 200:
            assert _content(response).startswith(b"%PDF-")

    @pytest.mark.parametrize("who, status", [("viewer", 200), ("admin_user", 200),
                                             ("op_a", 404), ("op_b", 404)])
    def test_a_viewers_brief_of_a_province_meeting(self, client, request, order, meetings,
                                                   viewer, fake_pdf, who, status):
        report = order(viewer, meetings["province"])
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse("report_download", args=[report.pk])).status_code == status

    def test_the_reports_list_shows_a_brief_only_to_who_may_fetch_it(
            self, client, order, meetings, op_a, viewer, admin_user, fake_pdf):
        report = order(op_a, meetings["local"])
        url = reverse("report_detail", args=[report.pk])
        for user, shown in ((op_a, True), (admin_user, True), (viewer, False)):
            client.force_login(user)
            assert (url in client.get(reverse("report_list")).content.decode()) is shown, user

    def test_its_page_says_when_the_meeting_changed_since_and_offers_a_new_one(
            self, client, order, meetings, op_a, admin_user, fake_pdf):
        report = order(op_a, meetings["local"])
        assert selectors.report_is_current(report)
        forums.challenge_create(actor=admin_user, meeting=meetings["local"],
                                region=meetings["local"].region, category="data",
                                title="Data peserta belum padan")
        assert not selectors.report_is_current(report)
        page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
        assert "msg-warning" in page
        assert reverse("meeting_brief_pdf_order", args=[meetings["local"].pk]) in page

    def test_the_download_is_audited(self, client, order, meetings, op_a, fake_pdf):
        report = order(op_a, meetings["local"])
        client.get(reverse("report_download", args=[report.pk]))
        assert AuditEvent.objects.filter(action="download", object_id=str(report.pk),
                                         actor=op_a).count() == 1


class TestOldAddress:
    def test_without_a_ready_pdf_it_leads_to_the_brief_page_to_order_one(self, client,
                                                                          meetings, op_a):
        client.force_login(op_a)
        response = client.get(reverse("meeting_brief_pdf", args=[meetings["local"].pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("meeting_brief",
                                                       args=[meetings["local"].pk]))
        page = client.get(response["Location"]).content.decode()
        assert "Buat PDF" in page and "di latar belakang" in page
        assert not Report.objects.exists()  # a GET orders nothing

    def test_with_one_it_leads_to_the_newest_ready_pdf_of_this_reader(
            self, client, order, meetings, op_a, admin_user, fake_pdf):
        order(op_a, meetings["local"])
        newest = order(op_a, meetings["local"])
        others = order(admin_user, meetings["local"])
        client.force_login(op_a)
        response = client.get(reverse("meeting_brief_pdf", args=[meetings["local"].pk]))
        assert response["Location"] == reverse("report_download", args=[newest.pk])
        assert others.pk != newest.pk

    def test_it_is_not_found_for_who_may_not_read_the_meeting(self, client, meetings, op_b):
        client.force_login(op_b)
        response = client.get(reverse("meeting_brief_pdf", args=[meetings["local"].pk]))
        assert response.status_code == 404
