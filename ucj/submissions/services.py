"""Transitions of the submission workflow, each in one transaction and audited:

draft ──submit──▶ submitted ──approve──▶ approved ──reopen (reason)──▶ draft
  ▲                   │
  └──── returned ◀────┘ return (reason)

The province may also approve drafts directly (back-data, in bulk). Figures are editable in
draft and returned; submitted and approved figures are locked.

An administrator does not approve figures it changed last while another active administrator
may approve them; the only one may, and the approval is recorded as a self-approval with its
reason (docs/decisions.md).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.accounts.scope import Cap, require, require_write
from ucj.audit.models import Action
from ucj.audit.services import audit_log, diff, snapshot
from ucj.core.datasets import get_dataset
from ucj.policy.tenancy import write_province  # settings per province (issue 21)
from ucj.regions.models import Region
from ucj.submissions.models import EDITABLE_STATES, ReportingDeadline, State, Submission
from ucj.submissions.selectors import records_of, self_approval, values_of


def ensure_editable(*, region, dataset: str, period: str) -> None:
    """Refuse a change to figures that are submitted or approved."""
    submission = Submission.objects.filter(region=region, dataset=dataset, period=period).first()
    if submission and submission.state not in EDITABLE_STATES:
        if submission.state == State.APPROVED:
            message = _("The %(dataset)s of %(region)s for %(period)s are approved and locked. "
                        "Ask the province to reopen them.")
        else:
            message = _("The %(dataset)s of %(region)s for %(period)s have been submitted for "
                        "verification and are locked until the province returns them.")
        raise ValidationError(message % {"dataset": get_dataset(dataset).label,
                                         "region": region.short_name, "period": period})


def _get_or_new(region, dataset: str, period: str) -> Submission:
    get_dataset(dataset)  # 404 for an unknown dataset
    submission = (Submission.objects.select_for_update()
                  .filter(region=region, dataset=dataset, period=period).first())
    return submission or Submission(region=region, dataset=dataset, period=period)


def _log(actor, submission: Submission, before: str, note: str = "") -> None:
    audit_log(actor=actor, action=Action.UPDATE, obj=submission, region=submission.region,
              changes={"state": [before, submission.state]}, note=note)


def _refuse(submission: Submission, message: str) -> None:
    raise ValidationError(message % {"state": submission.get_state_display()})


@transaction.atomic
def submission_submit(*, actor, region, dataset: str, period: str) -> Submission:
    require_write(actor, region, dataset=dataset)  # DATASET_CAPS[dataset] in the region
    submission = _get_or_new(region, dataset, period)
    if submission.state not in EDITABLE_STATES:
        _refuse(submission, _("These figures cannot be submitted: they are %(state)s."))
    if not records_of(get_dataset(dataset), region=region, period=period).exists():
        raise ValidationError(_("There are no figures to submit for this period."))
    before = submission.state
    submission.state = State.SUBMITTED
    submission.submitted_at, submission.submitted_by = timezone.now(), actor
    submission.save()
    _log(actor, submission, before)
    return submission


def _transition_with_reason(actor, submission: Submission, *, reason: str, source: str,
                            target: str, refusal: str, missing: str) -> Submission:
    """Return or reopen: from one state to another, by the province, with a reason."""
    submission = Submission.objects.select_for_update().select_related("region").get(
        pk=submission.pk)
    require(actor, Cap.APPROVE_SUBMISSIONS, submission.region)
    if submission.state != source:
        _refuse(submission, refusal)
    if not reason.strip():
        raise ValidationError({"reason": missing})
    before = submission.state
    submission.state, submission.reason = target, reason.strip()
    submission.save()
    _log(actor, submission, before, note=submission.reason)
    return submission


@transaction.atomic
def submission_return(*, actor, submission: Submission, reason: str) -> Submission:
    return _transition_with_reason(
        actor, submission, reason=reason, source=State.SUBMITTED, target=State.RETURNED,
        refusal=_("Only submitted figures can be returned; these are %(state)s."),
        missing=_("Say why the figures are returned."))


def _approve(actor, submission: Submission) -> Submission:
    if submission.state not in (State.SUBMITTED, State.DRAFT):
        _refuse(submission, _("These figures cannot be approved: they are %(state)s."))
    ds = get_dataset(submission.dataset)
    values = values_of(ds, region=submission.region, period=submission.period)
    if not values:
        raise ValidationError(_("There are no figures to approve for this period."))
    own = self_approval(actor, dataset=ds.slug, region=submission.region,
                        period=submission.period)
    if own and own["others"]:
        # Four eyes: another administrator approves what this one changed last.
        raise ValidationError(_(
            "%(what)s: you changed some of these figures last, so another province "
            "administrator approves them (%(others)s).") % {
                "what": submission, "others": own["names"]})
    before = submission.state
    submission.state = State.APPROVED
    submission.approved_at, submission.approved_by = timezone.now(), actor
    submission.approved_values = values
    submission.reason = ""
    submission.save()
    notes = [] if before == State.SUBMITTED else [_("approved without submission (back-data)")]
    changes: dict[str, list[object]] = {"state": [before, submission.state]}
    if own:
        # The only one who could approve: allowed, and recorded as such with the reason.
        notes.append(self_approval_note())
        changes["self_approval"] = [False, True]
    audit_log(actor=actor, action=Action.UPDATE, obj=submission, region=submission.region,
              changes=changes, note="\n".join(notes))
    return submission


def self_approval_note() -> str:
    return _("Self-approval: the approver changed some of these figures last and is the only "
             "active province administrator who may approve them.")


@transaction.atomic
def submission_approve(*, actor, region, dataset: str, period: str) -> Submission:
    require(actor, Cap.APPROVE_SUBMISSIONS, region)
    return _approve(actor, _get_or_new(region, dataset, period))


@transaction.atomic
def submission_bulk_approve(*, actor, items: list[tuple]) -> int:
    """Approve many (region, dataset, period) at once, e.g. back-data: all or nothing. Each
    item's region is checked, so one outside the actor's scope refuses them all."""
    require(actor, Cap.APPROVE_SUBMISSIONS)
    for region, _dataset, _period in items:
        require(actor, Cap.APPROVE_SUBMISSIONS, region)
    for region, dataset, period in items:
        _approve(actor, _get_or_new(region, dataset, period))
    return len(items)


@transaction.atomic
def submission_reopen(*, actor, submission: Submission, reason: str) -> Submission:
    return _transition_with_reason(
        actor, submission, reason=reason, source=State.APPROVED, target=State.DRAFT,
        refusal=_("Only approved figures can be reopened; these are %(state)s."),
        missing=_("Say why the figures are reopened."))


# --- the reporting calendar (issue 19) ---------------------------------------------------------

REPORTING_FIELDS = ("months_after", "due_day", "first_period", "note")


@transaction.atomic
def reporting_deadline_set(*, actor, dataset: str, months_after: int, due_day: int,
                           first_period: str, note: str = "",
                           province: Region | None = None) -> ReportingDeadline:
    """Set when a dataset's figures of a period are due. The province admin keeps their
    province's calendar (who approves submissions; issue 21: the province's own row, which
    overrides the national default there alone); the system (``actor`` None) keeps
    ``province``'s, or with None the national default. Validated and audited; values unchanged
    from those in force write nothing."""
    province = write_province(actor, Cap.APPROVE_SUBMISSIONS, province)
    get_dataset(dataset)  # 404 for an unknown dataset
    deadline = ReportingDeadline.objects.select_for_update().filter(
        dataset=dataset, province=province).first()
    current = deadline if deadline is not None or province is None else (
        ReportingDeadline.objects.filter(dataset=dataset, province=None).first())
    before = snapshot(deadline) if deadline else None
    if deadline is None:
        deadline = ReportingDeadline(dataset=dataset, province=province)
    deadline.months_after, deadline.due_day = months_after, due_day
    deadline.first_period, deadline.note = first_period.strip(), note.strip()
    deadline.updated_by = actor
    deadline.full_clean()
    if current is not None and all(getattr(current, f) == getattr(deadline, f)
                                   for f in REPORTING_FIELDS):
        return current
    # a province's new row: its changes from the national row it overrides
    changes = diff(before or (snapshot(current) if current else None), snapshot(deadline))
    deadline.save()
    audit_log(actor=actor, action=Action.CREATE if before is None else Action.UPDATE,
              obj=deadline, region=province, changes=changes)
    return deadline
