"""Reports: requested by a user, made by a background task, archived with the versions of the
data they used. ``report_request`` records the request and queues ``report_task``;
``report_generate`` (the task's body, also called by ``manage.py monev_report``) builds the
file with the monev PDF or workbook builder and stores it with its checksum."""

from __future__ import annotations

import hashlib
import json
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from ucj.accounts.scope import Cap, allows, can_read_meeting, require, within_q
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget.models import Allocation, Commitment, Realization, TariffRate
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.forums.models import ActionItem, ActionUpdate, Challenge, Meeting
from ucj.regions.models import Level, Region
from ucj.reports.models import EXTENSIONS, Kind, Report, Status
from ucj.reports.periods import Period, parse_period, province_of, reference_month
from ucj.submissions.models import Submission


def _subtree_q(region: Region, path: str) -> Q:
    return within_q(region.code, path=path)


def data_versions(*, period: Period, region: Region) -> dict:
    """What the report's figures depend on, as counts and last-change times per dataset, and
    the approval states of the period's submissions: equal versions, equal figures."""
    years = [period.year - 1, period.year]
    sets = {
        "participation": ParticipationSnapshot.objects.filter(
            _subtree_q(region, "region"), month__year__in=years, month__lte=period.end),
        "denominators": WorkforceDenominator.objects.filter(_subtree_q(region, "region"),
                                                            year__in=years),
        "commitments": Commitment.objects.filter(_subtree_q(region, "region"), year__in=years),
        "allocations": Allocation.objects.filter(_subtree_q(region, "region"),
                                                 fiscal_year__in=years),
        "realizations": Realization.objects.filter(_subtree_q(region, "allocation__region"),
                                                   allocation__fiscal_year__in=years,
                                                   month__lte=period.end),
        "action_items": ActionItem.objects.filter(_subtree_q(region, "meeting__region")
                                                  | _subtree_q(region, "owner_region")),
        "tariffs": TariffRate.objects.all(),
    }
    versions = {}
    for name, queryset in sets.items():
        field = "updated_at" if name != "tariffs" else "valid_from"
        row = queryset.aggregate(count=Count("pk"), last=Max(field))
        versions[name] = {"count": row["count"],
                          "last_changed": row["last"].isoformat() if row["last"] else None}
    periods = [str(y) for y in years] + [f"{m:%Y-%m}" for m in period.months]
    states = (Submission.objects.filter(_subtree_q(region, "region"), period__in=periods)
              .values("dataset", "state").annotate(n=Count("pk"), last=Max("updated_at"))
              .order_by("dataset", "state"))
    versions["approval"] = {f"{s['dataset']}:{s['state']}": {
        "count": s["n"], "last_changed": s["last"].isoformat()} for s in states}
    return versions


def digest(versions: dict) -> str:
    return hashlib.sha256(json.dumps(versions, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def report_request(*, actor, kind: str, period: str | Period, region: Region,
                   enqueue: bool = True) -> Report:
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown report kind.")})
    try:
        period = period if isinstance(period, Period) else parse_period(period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    if region.level not in (Level.PROVINCE, Level.REGENCY):
        raise ValidationError({"region": _("Reports are made for the province or a "
                                           "regency/city.")})
    if actor is not None:
        # Reports hold aggregates, forum follow-up and budget totals: the province's for every
        # holder of the capability, a region's when it is in scope (shared like a meeting).
        require(actor, Cap.ORDER_REPORTS, region, shared=True)
    report = Report.objects.create(kind=kind, period=period.code, region=region,
                                   requested_by=actor)
    audit_log(actor=actor, action=Action.CREATE, obj=report, region=region,
              note=f"{kind} {period.code}")
    if enqueue:
        report_id = str(report.pk)
        transaction.on_commit(lambda: report_task.enqueue(report_id))
    return report


@transaction.atomic
def brief_request(*, actor, meeting: Meeting, enqueue: bool = True,
                  base_url: str | None = None) -> Report:
    """Order the PDF of a meeting's brief, made in the background for ``actor``: the brief
    follows its reader's scope (``ucj.forums.brief``), so it is made with the orderer's.
    ``base_url`` (the site the order came from) is where the PDF's links point."""
    if not can_read_meeting(actor, meeting):
        raise PermissionDenied
    report = Report.objects.create(kind=Kind.BRIEF_PDF, period=f"{meeting.date:%Y-%m}",
                                   region=meeting.region, meeting=meeting, requested_by=actor)
    audit_log(actor=actor, action=Action.CREATE, obj=report, region=meeting.region,
              note=f"{Kind.BRIEF_PDF} {meeting.pk}")
    if enqueue:
        report_id = str(report.pk)
        transaction.on_commit(lambda: report_task.enqueue(report_id, base_url))
    return report


def brief_readable(user, report: Report) -> bool:
    """Whether ``user`` may see and fetch a meeting brief's PDF: who may read the meeting, and
    of them only who ordered it (it holds what their scope shows) or who runs the meeting."""
    if not can_read_meeting(user, report.meeting):
        return False
    return report.requested_by_id == user.pk or allows(user, Cap.MANAGE_FORUMS,
                                                         report.meeting.region)


def brief_filename(meeting: Meeting) -> str:
    return f"bahan-rapat-{meeting.date:%Y-%m-%d}.pdf"


def build_brief_pdf(report: Report, base_url: str | None = None) -> bytes:
    """The PDF of a meeting's brief as its orderer reads it (in the site's language), its
    links to ``base_url``."""
    from django.template.loader import render_to_string

    from ucj.core.pdf import FALLBACK_BASE_URL, html_to_pdf
    from ucj.forums.brief import meeting_brief

    if report.requested_by is None or not report.requested_by.is_active:
        raise PermissionDenied("the user who ordered the brief is gone")
    meeting = report.meeting
    with translation.override(settings.LANGUAGE_CODE):
        brief = meeting_brief(meeting, report.requested_by)
        html = render_to_string("forums/brief_pdf.html", {"meeting": meeting, "brief": brief,
                                                           "pdf": True})
    return html_to_pdf(html, base_url=base_url or FALLBACK_BASE_URL)


def build(kind: str, *, period: Period, region: Region | None) -> bytes:
    """The file of a report, made by the builder of its kind."""
    if kind == Kind.MONEV_PDF:
        from ucj.reports.monev import render_monev_pdf

        return render_monev_pdf(period=period, region=region)
    from ucj.reports.workbook import build_workbook

    return build_workbook(period=period, region=region)


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
            finished_at=timezone.now(),
            duration_ms=int((time.perf_counter() - started) * 1000))
        report.refresh_from_db()
        return report
    if report.kind == Kind.BRIEF_PDF:
        name = brief_filename(report.meeting)
    else:
        name = f"{'monev' if report.kind == Kind.MONEV_PDF else 'data'}-ucj-{region.code}-" \
               f"{period.code}.{EXTENSIONS[report.kind]}"
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
        report.duration_ms = int((time.perf_counter() - started) * 1000)
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
        content = build(kind, period=period, region=None if region.pk == province.pk else region)
        if data_versions(period=period, region=region) == before:
            break
    return before, content


def _brief_versions(report: Report) -> dict:
    """The monev report's data versions for the meeting's month and region, and what only the
    brief shows: the challenges, the progress recorded on action items, the meeting itself."""
    region = report.region
    versions = data_versions(period=parse_period(report.period), region=region)
    for name, queryset, field in (
            ("challenges", Challenge.objects.filter(_subtree_q(region, "region")), "updated_at"),
            ("action_updates", ActionUpdate.objects.filter(
                _subtree_q(region, "action__meeting__region")
                | _subtree_q(region, "action__owner_region")), "at")):
        row = queryset.aggregate(count=Count("pk"), last=Max(field))
        versions[name] = {"count": row["count"],
                          "last_changed": row["last"].isoformat() if row["last"] else None}
    meeting = Meeting.objects.filter(pk=report.meeting_id).values("updated_at").first()
    versions["meeting"] = {"count": 1, "last_changed":
                           meeting["updated_at"].isoformat() if meeting else None}
    return versions


def _build_brief_consistent(report: Report, base_url: str | None,
                            tries: int = 3) -> tuple[dict, bytes]:
    """As ``_build_consistent``, for a meeting brief."""
    for _attempt in range(tries):
        before = _brief_versions(report)
        content = build_brief_pdf(report, base_url)
        if _brief_versions(report) == before:
            break
    return before, content


@task()
def report_task(report_id: str, base_url: str | None = None) -> None:
    report_generate(report_id, base_url)


def report_is_current(report: Report) -> bool:
    """Whether the data the report used is unchanged since it was made."""
    if report.kind == Kind.BRIEF_PDF:
        return report.data_digest == digest(_brief_versions(report))
    return report.data_digest == digest(data_versions(period=parse_period(report.period),
                                                      region=report.region))


def report_downloaded(*, actor, report: Report) -> None:
    audit_log(actor=actor, action=Action.DOWNLOAD, obj=report, region=report.region,
              note=report.file_name)


def region_for_code(code: str | None) -> Region:
    """The region of a report by code; without a code, the one province in the database."""
    if code:
        return Region.objects.get(code=code)
    provinces = list(Region.objects.filter(level=Level.PROVINCE)[:2])
    if len(provinces) != 1:
        raise Region.DoesNotExist("more than one province: give the region code")
    return provinces[0]
