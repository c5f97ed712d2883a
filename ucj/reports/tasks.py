"""The background work of reports: ``report_task`` (django-tasks, queued by
``services.report_request`` and ``services.brief_request``) runs ``report_generate``, which
makes a queued report's file with the builder of its kind (the monev PDF, the data workbook,
a meeting brief's PDF) outside any transaction and archives it with its checksum and the data
versions it used. ``manage.py monev_report`` calls ``report_generate`` directly."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.core import pdf
from ucj.forums import brief as forum_brief
from ucj.forums.models import Meeting
from ucj.regions.models import Region
from ucj.reports.models import EXTENSIONS, Kind, Report, Status
from ucj.reports.monev import render_monev_pdf
from ucj.reports.periods import Period, parse_period, province_of, reference_month
from ucj.reports.selectors import brief_versions, data_versions, digest
from ucj.reports.workbook import build_workbook


def brief_filename(meeting: Meeting) -> str:
    return f"bahan-rapat-{meeting.date:%Y-%m-%d}.pdf"


def build_brief_pdf(report: Report, base_url: str | None = None) -> bytes:
    """The PDF of a meeting's brief as its orderer reads it (in the site's language), its
    links to ``base_url``."""
    if report.requested_by is None or not report.requested_by.is_active:
        raise PermissionDenied("the user who ordered the brief is gone")
    meeting = report.meeting
    with translation.override(settings.LANGUAGE_CODE):
        brief = forum_brief.meeting_brief(meeting, report.requested_by)
        html = render_to_string("forums/brief_pdf.html", {"meeting": meeting, "brief": brief,
                                                           "pdf": True})
    return pdf.html_to_pdf(html, base_url=base_url or pdf.FALLBACK_BASE_URL)


def build(kind: str, *, period: Period, region: Region | None) -> bytes:
    """The file of a report, made by the builder of its kind."""
    if kind == Kind.MONEV_PDF:
        return render_monev_pdf(period=period, region=region)
    return build_workbook(period=period, region=region)


def _file_name(report: Report, period: Period) -> str:
    if report.kind == Kind.BRIEF_PDF:
        return brief_filename(report.meeting)
    return f"{'monev' if report.kind == Kind.MONEV_PDF else 'data'}-ucj-{report.region.code}-" \
           f"{period.code}.{EXTENSIONS[report.kind]}"


def _elapsed_ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def report_generate(report_id, base_url: str | None = None) -> Report:
    """Make the file of a queued report and archive it with the data versions it used. A
    failure is recorded on the report (and nothing half-made is kept)."""
    report = Report.objects.select_related("region", "meeting__region",
                                           "requested_by").get(pk=report_id)
    if report.finished:
        return report
    started = time.perf_counter()
    report.status, report.started_at = Status.RUNNING, timezone.now()
    report.save(update_fields=["status", "started_at"])
    period = parse_period(report.period)
    region = report.region
    province = province_of(region)
    try:
        if report.kind == Kind.BRIEF_PDF:
            versions, content = _build_brief_consistent(report, base_url)
        else:
            versions, content = _build_consistent(report.kind, period=period, region=region,
                                                  province=province)
    except Exception as exc:  # recorded on the report: the user sees that it failed
        Report.objects.filter(pk=report.pk).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(), duration_ms=_elapsed_ms(started))
        report.refresh_from_db()
        return report
    name = _file_name(report, period)
    with transaction.atomic():
        report.file.save(name, ContentFile(content), save=False)
        report.file_name = name
        report.size = len(content)
        report.sha256 = hashlib.sha256(content).hexdigest()
        report.data_versions = versions
        report.data_digest = digest(versions)
        if report.kind != Kind.BRIEF_PDF:  # a brief names its own data month
            report.reference_month = reference_month(province, period)
        report.status = Status.DONE
        report.finished_at = timezone.now()
        report.duration_ms = _elapsed_ms(started)
        report.save()
        if report.kind == Kind.BRIEF_PDF:  # the export of the meeting, as when made in a request
            audit_log(actor=report.requested_by, action=Action.EXPORT, obj=report.meeting,
                      region=report.meeting.region,
                      note=f"{name} ({len(content)} bytes, {report.duration_ms / 1000:.1f} s)")
    return report


def _build_consistent(kind: str, *, period, region: Region, province: Region,
                      tries: int = 3) -> tuple[dict, bytes]:
    """The report's content and the data versions it used, read outside any transaction (on
    SQLite a transaction would hold the one write lock while the PDF is drawn, seconds during
    which nobody could sign in or save). The versions are read before and after the content:
    unchanged, the content is of exactly those versions; changed, it is made again. After
    ``tries`` the versions read *before* are kept, so the report says honestly that the data
    has changed since."""
    for _attempt in range(tries):
        before = data_versions(period=period, region=region)
        content = build(kind, period=period, region=region)  # a province: its own (issue 21)
        if data_versions(period=period, region=region) == before:
            break
    return before, content


def _build_brief_consistent(report: Report, base_url: str | None,
                            tries: int = 3) -> tuple[dict, bytes]:
    """As ``_build_consistent``, for a meeting brief."""
    for _attempt in range(tries):
        before = brief_versions(report)
        content = build_brief_pdf(report, base_url)
        if brief_versions(report) == before:
            break
    return before, content


@task()
def report_task(report_id: str, base_url: str | None = None) -> None:
    report_generate(report_id, base_url)
