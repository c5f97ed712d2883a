"""Reports: periods, the archive (a report keeps its file and the versions of the data it used),
ordering and downloading for every role, and manage.py monev_report. (The PDF's and the
workbook's contents: test_monev_report.py and test_report_workbook.py.)"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from ucj.audit.models import AuditEvent
from ucj.budget import services as budget
from ucj.reports import selectors, services, tasks
from ucj.reports.models import Report, Status
from ucj.reports.periods import parse_period, reference_month


@pytest.fixture
def order(django_capture_on_commit_callbacks):
    """Order a report and run its task (queued on commit) at once."""
    def order(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(**kwargs)
        report.refresh_from_db()
        return report
    return order


@pytest.fixture
def fake_build(monkeypatch):
    """A builder that writes the figures it was asked for, so that a change is visible."""
    calls = []

    def build(kind, *, period, region):
        calls.append((kind, period.code, region.code if region else None))
        return f"%PDF-1.4 {kind} {period.code} {len(calls)}".encode()

    monkeypatch.setattr(tasks, "build", build)
    return calls


class TestPeriods:
    @pytest.mark.parametrize("text,kind,start,end,code", [
        ("2025-06", "month", dt.date(2025, 6, 1), dt.date(2025, 6, 1), "2025-06"),
        ("2025-Q2", "quarter", dt.date(2025, 4, 1), dt.date(2025, 6, 1), "2025-Q2"),
        ("2025-q4", "quarter", dt.date(2025, 10, 1), dt.date(2025, 12, 1), "2025-Q4"),
        ("2025", "year", dt.date(2025, 1, 1), dt.date(2025, 12, 1), "2025"),
    ])
    def test_it_parses_months_quarters_and_years(self, text, kind, start, end, code):
        period = parse_period(text)
        assert (period.kind, period.start, period.end, period.code) == (kind, start, end, code)

    @pytest.mark.parametrize("text", ["2025-13", "2025-Q5", "25", "Juni 2025", "", "1999"])
    def test_it_refuses_anything_else_with_a_message(self, text):
        with pytest.raises(ValueError) as exc:
            parse_period(text)
        assert "YYYY" in str(exc.value) or "01" in str(exc.value)

    def test_labels_are_indonesian(self):
        assert parse_period("2025-06").label == "Juni 2025"
        assert parse_period("2025-Q2").label == "Triwulan II 2025"
        assert parse_period("2025").label == "Tahun 2025"

    def test_the_reference_month_is_the_latest_with_data_in_the_period(self, records, ntb):
        assert reference_month(ntb["52"], parse_period("2025-Q2")) == dt.date(2025, 6, 1)
        assert reference_month(ntb["52"], parse_period("2025")) == dt.date(2025, 6, 1)
        assert reference_month(ntb["52"], parse_period("2025-Q3")) is None


class TestArchive:
    def test_a_report_keeps_its_file_checksum_and_data_versions(self, order, records, ntb,
                                                                admin_user, fake_build):
        report = order(actor=admin_user, kind="monev_pdf", period="2025-Q2",
                       region=ntb["52"])
        # the builder is given the province itself (issue 21: one of many provinces)
        assert report.status == Status.DONE and fake_build == [("monev_pdf", "2025-Q2", "52")]
        content = report.file.read()
        assert hashlib.sha256(content).hexdigest() == report.sha256
        assert report.data_versions["participation"]["count"] == 1
        assert report.reference_month == dt.date(2025, 6, 1)
        assert selectors.report_is_current(report)

    def test_a_data_change_makes_it_outdated_but_leaves_the_file_unchanged(
            self, order, client, records, ntb, admin_user, fake_build):
        report = order(actor=admin_user, kind="monev_pdf", period="2025",
                       region=ntb["52.03"])
        before = report.file.read()
        budget.allocation_update(actor=admin_user, allocation=records["allocations"],
                                 amount=201_600_000, confirm_warnings=True)
        assert not selectors.report_is_current(report)
        client.force_login(admin_user)
        response = client.get(reverse("report_download", args=[report.pk]))
        assert b"".join(response.streaming_content) == before
        page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
        assert "Data telah berubah" in page

    def test_it_builds_outside_any_transaction(self, order, records, ntb, admin_user,
                                               monkeypatch):
        """On SQLite a transaction is BEGIN IMMEDIATE: drawing a PDF inside one would hold the
        write lock for seconds, so that nobody could sign in or save meanwhile."""
        from django.db import connection

        depths = []

        def build(kind, *, period, region):
            depths.append(len(connection.atomic_blocks))
            return b"%PDF-1.4 x"

        monkeypatch.setattr(tasks, "build", build)
        outer = len(connection.atomic_blocks)  # the test's own transaction
        report = order(actor=admin_user, kind="monev_pdf", period="2025", region=ntb["52"])
        assert report.status == Status.DONE and depths == [outer]

    def test_a_change_while_building_makes_it_again_and_keeps_honest_versions(
            self, order, records, ntb, admin_user, monkeypatch):
        calls = []

        def build(kind, *, period, region):
            calls.append(1)
            if len(calls) == 1:  # someone saves while the first attempt is being drawn
                budget.allocation_update(actor=admin_user, allocation=records["allocations"],
                                         amount=201_600_000 + len(calls), confirm_warnings=True)
            return f"%PDF-1.4 {len(calls)}".encode()

        monkeypatch.setattr(tasks, "build", build)
        report = order(actor=admin_user, kind="monev_pdf", period="2025", region=ntb["52"])
        assert len(calls) == 2 and report.file.read() == b"%PDF-1.4 2"
        assert selectors.report_is_current(report)

        def always_changing(kind, *, period, region):
            calls.append(1)
            budget.allocation_update(actor=admin_user, allocation=records["allocations"],
                                     amount=201_600_000 + len(calls), confirm_warnings=True)
            return b"%PDF-1.4 busy"

        monkeypatch.setattr(tasks, "build", always_changing)
        report = order(actor=admin_user, kind="monev_pdf", period="2025", region=ntb["52"])
        assert report.status == Status.DONE
        assert not selectors.report_is_current(report)  # says the data changed since

    def test_a_regency_report_builds_for_the_regency(self, order, records, ntb, op_a, fake_build):
        order(actor=op_a, kind="workbook", period="2025-06", region=ntb["52.03"])
        assert fake_build == [("workbook", "2025-06", "52.03")]

    def test_a_failure_is_recorded_not_raised(self, order, records, ntb, admin_user, monkeypatch):
        def broken(kind, *, period, region):
            raise RuntimeError("boom")

        monkeypatch.setattr(tasks, "build", broken)
        report = order(actor=admin_user, kind="monev_pdf", period="2025",
                       region=ntb["52"])
        assert report.status == Status.FAILED and "boom" in report.error and not report.file


class TestWho:
    def test_operators_order_for_their_region_and_the_province_only(self, order, ntb, op_a, op_b,
                                                                    fake_build):
        order(actor=op_a, kind="monev_pdf", period="2025", region=ntb["52"])
        order(actor=op_a, kind="monev_pdf", period="2025", region=ntb["52.03"])
        with pytest.raises(PermissionDenied):
            order(actor=op_b, kind="monev_pdf", period="2025",
                  region=ntb["52.03"])

    def test_it_refuses_bad_periods_and_levels(self, order, ntb, admin_user, fake_build):
        with pytest.raises(ValidationError):
            order(actor=admin_user, kind="monev_pdf", period="2025-13",
                  region=ntb["52"])
        with pytest.raises(ValidationError):
            order(actor=admin_user, kind="monev_pdf", period="2025",
                  region=ntb["52.03.01"])

    def test_pages_for_every_role(self, order, client, records, ntb, admin_user, viewer, op_a,
                                  op_b, bpjs, fake_build):
        province = order(actor=admin_user, kind="monev_pdf", period="2025",
                         region=ntb["52"])
        lotim = order(actor=op_a, kind="workbook", period="2025",
                      region=ntb["52.03"])
        for user in (admin_user, viewer, op_a, op_b, bpjs):
            client.force_login(user)
            listing = client.get(reverse("report_list"))
            assert listing.status_code == 200
            own = user in (admin_user, viewer, op_a)
            assert listing.context["count"] == (2 if own else 1)
            assert client.get(reverse("report_detail", args=[province.pk])).status_code == 200
            assert client.get(reverse("report_download", args=[province.pk])).status_code == 200
            for name in ("report_detail", "report_download"):
                status = client.get(reverse(name, args=[lotim.pk])).status_code
                assert status == (200 if own else 404)
        client.logout()
        for url in (reverse("report_list"), reverse("report_detail", args=[province.pk]),
                    reverse("report_download", args=[province.pk])):
            assert client.get(url).status_code == 302
        assert client.post(reverse("report_create"), {"kind": "monev_pdf", "period": "2025",
                                                      "region": "52"}).status_code == 302

    def test_ordering_through_the_form(self, client, records, op_a, op_b, fake_build):
        client.force_login(op_a)
        response = client.post(reverse("report_create"), {"kind": "monev_pdf",
                                                          "period": "2025-Q2", "region": "52.03"})
        report = Report.objects.get()
        assert response.status_code == 302 and report.requested_by == op_a
        response = client.post(reverse("report_create"), {"kind": "monev_pdf",
                                                          "period": "2025-Q9", "region": "52.03"})
        assert response.status_code == 400 and "YYYY-Qn" in response.content.decode()
        client.force_login(op_b)  # another region is not among the choices
        response = client.post(reverse("report_create"), {"kind": "monev_pdf", "period": "2025",
                                                          "region": "52.03"})
        assert response.status_code == 400 and Report.objects.count() == 1

    def test_downloads_are_audited(self, order, client, records, ntb, admin_user, fake_build):
        report = order(actor=admin_user, kind="monev_pdf", period="2025",
                       region=ntb["52"])
        client.force_login(admin_user)
        client.get(reverse("report_download", args=[report.pk]))
        assert AuditEvent.objects.filter(action="download", object_id=str(report.pk)).exists()


class TestCommand:
    def test_it_writes_the_report_and_archives_it(self, records, tmp_path, fake_build, capsys):
        out = tmp_path / "monev.pdf"
        call_command("monev_report", "--period", "2025-Q2", "--out", str(out))
        assert out.read_bytes().startswith(b"%PDF-")
        report = Report.objects.get()
        assert report.region.code == "52" and report.status == Status.DONE
        assert out.read_bytes() == report.file.read()
        call_command("monev_report", "--period", "2025", "--region", "52.03", "--workbook",
                     "--out", str(tmp_path / "data.xlsx"))
        assert fake_build[-1] == ("workbook", "2025", "52.03")

    def test_it_refuses_a_bad_period_or_region(self, records, tmp_path, fake_build):
        with pytest.raises(CommandError):
            call_command("monev_report", "--period", "2025-Q7", "--out", str(tmp_path / "x.pdf"))
        with pytest.raises(CommandError):
            call_command("monev_report", "--period", "2025", "--region", "99.99",
                         "--out", str(tmp_path / "x.pdf"))
