"""Writes of the reports app: ordering a report (``report_request``) or a meeting brief's PDF
(``brief_request``) records the order, audited, and queues ``tasks.report_task``, which makes
and archives the file; a download is audited (``report_downloaded``). Reads are in
``selectors.py``; who may order and read is decided in ``ucj.accounts.scope``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ucj.accounts.models import User
from ucj.accounts.scope import Cap, can_read_meeting, require
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.forums.models import Meeting
from ucj.regions.models import Level, Region
from ucj.reports.models import Kind, Report
from ucj.reports.periods import Period, parse_period
from ucj.reports.tasks import report_task


@transaction.atomic
def report_request(*, actor: User | None, kind: str, period: str | Period, region: Region,
                   enqueue: bool = True) -> Report:
    """Order a monev report or a data workbook of ``period`` for the province or a regency
    (``actor`` None: a command's order, no permission asked)."""
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
def brief_request(*, actor: User, meeting: Meeting, enqueue: bool = True,
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


def report_downloaded(*, actor: User, report: Report) -> None:
    """Audit the download of a report's file."""
    audit_log(actor=actor, action=Action.DOWNLOAD, obj=report, region=report.region,
              note=report.file_name)
