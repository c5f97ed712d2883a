"""Writes of the budget cycle: a step recorded (or corrected) for a region, a due date of the
calendar changed. Each runs in one transaction, is validated, checks permission through
``ucj.accounts.scope`` and writes its audit event."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.accounts.scope import Cap, allows
from ucj.audit.models import Action
from ucj.audit.services import audit_log, diff, snapshot
from ucj.core.validators import pdf_document_fields
from ucj.cycle.models import CalendarDeadline, Kind, Milestone
from ucj.policy.tenancy import write_province  # settings per province (issue 21)
from ucj.records.services import record_save
from ucj.regions.models import Region


def may_record(user, region, kind: str) -> bool:
    """Whether the user records this step of this region: the Governor's evaluation only by who
    evaluates budgets (the province) in the region's scope; every other step by who writes the
    region's budget allocations (its own operator, the province admin)."""
    cap = Cap.EVALUATE_BUDGETS if kind == Kind.EVALUATION else Cap.WRITE_ALLOCATIONS
    return allows(user, cap, region)


def _no_warnings(_instance) -> list[str]:
    return []


def milestone_record(*, actor, region, fiscal_year: int, stage: str, kind: str, date: dt.date,
                     note: str = "", document=None, outcome: str = "", province_note: str = "",
                     today: dt.date | None = None, is_synthetic: bool = False) -> Milestone:
    """Record a step of a region's cycle, or correct it when it is recorded already (one per
    region × year × stage × step). A new document replaces the old one."""
    if not may_record(actor, region, kind):
        raise PermissionDenied
    today = today or timezone.localdate()
    if date and date > today:
        raise ValidationError({"date": _(
            "The date %(date)s is in the future: record a step once it has happened.") % {
                "date": date.isoformat()}})
    fields = {"date": date, "note": note, "outcome": outcome, "province_note": province_note,
              **pdf_document_fields(document)}
    milestone = None
    try:
        with transaction.atomic():
            milestone = Milestone.objects.select_for_update().filter(
                region=region, fiscal_year=fiscal_year, stage=stage, kind=kind).first()
            old_document = ""
            if milestone is None:
                milestone = Milestone(region=region, fiscal_year=fiscal_year, stage=stage,
                                      kind=kind, is_synthetic=is_synthetic, **fields)
                before = None
            else:
                before = snapshot(milestone)
                old_document = (milestone.document.name or "") if "document" in fields else ""
                for name, value in fields.items():
                    setattr(milestone, name, value)
            record_save(actor=actor, instance=milestone, before=before, warnings=_no_warnings,
                        confirm=False)
            if old_document:
                storage = milestone.document.storage
                transaction.on_commit(lambda: storage.delete(old_document))
    except Exception:
        # Nothing half-written: a new file already stored by a save that then failed goes too.
        written = milestone.document if milestone is not None and "document" in fields else None
        if written and written.name and getattr(written, "_committed", False):
            written.storage.delete(written.name)
        raise
    return milestone


@transaction.atomic
def deadline_set(*, actor, fiscal_year: int, stage: str, kind: str, due_date: dt.date,
                 legal_basis: str, province: Region | None = None) -> CalendarDeadline:
    """Set the due date (and its legal basis) of a step of the year's calendar: a province
    admin their province's (issue 21: its own row, overriding the national date there alone);
    the system (``actor`` None) ``province``'s, or with None the national one. A date and
    basis unchanged from those in force write nothing."""
    province = write_province(actor, Cap.MANAGE_BUDGET_CALENDAR, province)
    deadline = CalendarDeadline.objects.select_for_update().filter(
        fiscal_year=fiscal_year, stage=stage, kind=kind, province=province).first()
    current = deadline if deadline is not None or province is None else (
        CalendarDeadline.objects.filter(fiscal_year=fiscal_year, stage=stage, kind=kind,
                                        province=None).first())
    before = snapshot(deadline) if deadline else None
    if deadline is None:
        deadline = CalendarDeadline(fiscal_year=fiscal_year, stage=stage, kind=kind,
                                    province=province)
    deadline.due_date, deadline.legal_basis = due_date, legal_basis.strip()
    deadline.updated_by = actor
    deadline.full_clean()
    if current is not None and (current.due_date, current.legal_basis) == (
            deadline.due_date, deadline.legal_basis):
        return current
    # a province's new row: its changes from the national row it overrides
    changes = diff(before or (snapshot(current) if current else None), snapshot(deadline))
    deadline.save()
    audit_log(actor=actor, action=Action.CREATE if before is None else Action.UPDATE,
              obj=deadline, region=province, changes=changes)
    return deadline
