"""Pages of the submission workflow: the overview of every region × dataset × period in the
user's scope (filter, counts per state, CSV, bulk approval by the province), and one
submission's page (its records, its state, what changed since approval, the transitions).

Regions outside the user's scope answer 404; transitions the role may not make answer 403.
Every write goes through ``ucj.submissions.services``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ucj.accounts.scope import (
    Cap,
    allows,
    can_read,
    can_write,
    is_national,
    is_province_wide,
    province_codes,
    require,
)
from ucj.audit.models import AuditEvent
from ucj.core.csvexport import csv_response
from ucj.core.datasets import Dataset, all_datasets, display_value, get_dataset
from ucj.core.formatting import format_int
from ucj.core.forms import attach_errors
from ucj.core.pagecache import cached_part
from ucj.forums.selectors import reminders as forum_reminders
from ucj.indicators.views import dashboard_page
from ucj.monitoring.selectors import home_summary
from ucj.policy.selectors import home_due_soon_days  # policy as data (issue 20)
from ucj.policy.tenancy import user_province_code  # the user's province's (issue 21)
from ucj.regions.models import Level, Region
from ucj.submissions import selectors, services
from ucj.submissions.display import is_valid_period, period_display, state_label
from ucj.submissions.forms import (
    CompletenessFilterForm,
    ReportingDeadlineForm,
    SubmissionFilterForm,
)
from ucj.submissions.models import EDITABLE_STATES, State, Submission
from ucj.submissions.selectors import (
    approved_regions,
    changes_since_approval,
    records_of,
    self_approval,
    submission_for,
    submission_overview,
)

PAGE_SIZE = 100
APPROVABLE = (State.DRAFT, State.SUBMITTED)


# --- the overview ------------------------------------------------------------------------------

def _overview(request):
    """(filter form, rows matching dataset/region/period, rows also matching the state)."""
    form = SubmissionFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return form, [], []
    data = form.cleaned_data if form.is_bound else {}
    datasets = all_datasets()
    if data.get("dataset"):
        datasets = [get_dataset(data["dataset"])]
    rows = submission_overview(request.user, datasets=datasets, region=data.get("region"),
                               period=data.get("period") or None)
    state = data.get("state")
    return form, rows, [r for r in rows if r.state == state] if state else rows


@login_required
@require_safe
def submission_list(request):
    form, all_rows, rows = _overview(request)
    counts = Counter(r.state for r in all_rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    approver = allows(request.user, Cap.APPROVE_SUBMISSIONS)
    return render(request, "submissions/list.html", {
        "filter": form, "page": page, "count": len(rows), "total": len(all_rows),
        "state_counts": [(value, label, counts.get(value, 0)) for value, label in State.choices],
        "current_state": request.GET.get("state", ""),
        "may_approve": approver,
        "approvable": [s.value for s in APPROVABLE],
        "has_filters": any(v for k, v in request.GET.items() if k != "page"),
    })


def _person(user) -> str:
    return str(user) if user else ""


def _when(value) -> str:
    return value.isoformat(timespec="seconds") if value else ""


@login_required
@require_safe
def submission_export(request):
    _form, _all, rows = _overview(request)
    header = ["dataset", "region_code", "region_name", "period", "records", "state",
              "submitted_at", "submitted_by", "approved_at", "approved_by", "reason"]
    return csv_response(
        f"ucj-pengiriman-{timezone.localdate():%Y%m%d}.csv", header,
        ([r.ds.slug, r.region.code, r.region.name, r.period, r.count, r.state,
          _when(r.submission and r.submission.submitted_at),
          _person(r.submission and r.submission.submitted_by),
          _when(r.submission and r.submission.approved_at),
          _person(r.submission and r.submission.approved_by),
          r.submission.reason if r.submission else ""]
         for r in rows),
    )


def _back_to_list(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("submission_list")


@login_required
@require_POST
def submission_bulk_approve(request):
    require(request.user, Cap.APPROVE_SUBMISSIONS)
    try:
        keys = [value.split("|") for value in dict.fromkeys(request.POST.getlist("items"))]
        keys = [(slug, code, period) for slug, code, period in keys]
    except ValueError:
        raise Http404 from None
    regions = Region.objects.defer("geometry").in_bulk({code for _, code, _ in keys},
                                                       field_name="code")
    items = []
    for slug, code, period in keys:
        ds = _checked(request, slug, regions.get(code), period)
        items.append((regions[code], ds.slug, period))
    if not items:
        messages.warning(request, _("Choose the rows to approve first."))
        return _back_to_list(request)
    try:
        n = services.submission_bulk_approve(actor=request.user, items=items)
    except ValidationError as exc:
        messages.error(request, _("Nothing was approved: %(reason)s")
                       % {"reason": " ".join(exc.messages)})
    else:
        messages.success(request, _("Approved: %(n)s submissions.") % {"n": format_int(n)})
    return _back_to_list(request)


# --- one submission ----------------------------------------------------------------------------

def _target(request, dataset: str, region_code: str, period: str) -> tuple[Dataset, Region]:
    """The dataset and region of a submission URL; 404 for an unknown dataset, a period of the
    wrong form, or a region outside the user's scope (or at a level the dataset is not kept)."""
    region = Region.objects.defer("geometry").filter(code=region_code).first()
    return _checked(request, dataset, region, period), region


def _checked(request, dataset: str, region: Region | None, period: str) -> Dataset:
    ds = get_dataset(dataset)
    if not is_valid_period(ds, period):
        raise Http404
    if not can_read(request.user, region) or region.level not in ds.region_levels:
        raise Http404
    return ds


def _title(ds: Dataset, region: Region, period: str) -> str:
    return f"{ds.label} · {region.short_name} · {period_display(period)}"


def _is_region_column(ds: Dataset, column) -> bool:
    return column.key.split(".")[:-1] == ds.region_path.split("__")


def _describe_field(ds: Dataset, name: str) -> tuple[str, Callable[[object], str]]:
    """A changed field's name as the dataset's columns call it, and how to show its values
    (Rupiah, counts with separators, choices by their names, years as they are)."""
    try:
        field = ds.model._meta.get_field(name)
    except FieldDoesNotExist:  # a field that no longer exists
        field = None
    column = next((c for c in ds.columns if c.key == name), None)
    label = str(column.label) if column else (
        str(field.verbose_name).capitalize() if field else name)
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if column and column.kind in ("money", "int"):
        kind = column.kind
    elif isinstance(field, models.IntegerField) and not isinstance(field,
                                                                   models.SmallIntegerField):
        kind = "int"
    else:
        kind = "text"

    def show(value) -> str:
        if value in choices:
            return str(choices[value])
        if kind != "text" and isinstance(value, int) and not isinstance(value, bool):
            return display_value(value, kind)
        return display_value(value, "text")

    return label, show


def _row_display(ds: Dataset, record) -> str:
    """A record's row label with its choices spelled out: "APBD murni · DBHCHT"."""
    parts = []
    for path in ds.row_key:
        *owners, last = path.split(".")
        owner = record
        for attr in owners:
            owner = getattr(owner, attr)
        getter = getattr(owner, f"get_{last}_display", None)
        parts.append(str(getter() if getter else getattr(owner, last)))
    return " · ".join(parts) or "–"


def _changes(ds: Dataset, submission: Submission | None, records: list) -> list[tuple]:
    """(row, field, approved value, current value) of what changed since approval."""
    if submission is None:
        return []
    names = {ds.row_label(r): _row_display(ds, r) for r in records}
    rows = []
    for label, fields in changes_since_approval(submission).items():
        for field, (old, new) in fields.items():
            field_label, show = _describe_field(ds, field)
            rows.append((names.get(label, label), field_label, show(old), show(new)))
    return rows


def _self_approved(submission: Submission | None, history) -> AuditEvent | None:
    """The audit event of the current approval if it was a self-approval."""
    if submission is None or submission.state != State.APPROVED:
        return None
    approval = next((e for e in history
                     if (e.changes.get("state") or [None, None])[1] == State.APPROVED), None)
    return approval if approval and approval.changes.get("self_approval") else None


@login_required
@require_safe
def submission_detail(request, dataset: str, region_code: str, period: str):
    ds, region = _target(request, dataset, region_code, period)
    submission = (Submission.objects.filter(region=region, dataset=ds.slug, period=period)
                  .select_related("submitted_by", "approved_by").first())
    state = submission.state if submission else State.DRAFT
    records = list(records_of(ds, region=region, period=period).order_by(*ds.default_sort, "pk"))
    columns = [c for c in ds.list_columns if not _is_region_column(ds, c)]
    table = [(obj, [(c.display(obj), c.is_numeric, c.label) for c in columns]) for obj in records]
    changes = _changes(ds, submission, records)
    history = AuditEvent.objects.filter(
        object_type=Submission._meta.label_lower, object_id=str(submission.pk)
    ).order_by("-at", "-id")[:50] if submission else []
    approver = allows(request.user, Cap.APPROVE_SUBMISSIONS, region)
    can_approve = approver and state in APPROVABLE and bool(records)
    own = (self_approval(request.user, dataset=ds.slug, region=region, period=period)
           if can_approve else None)
    return render(request, "submissions/detail.html", {
        "ds": ds, "region": region, "period": period, "title": _title(ds, region, period),
        "submission": submission, "state": state, "columns": columns, "table": table,
        "count": len(records), "changes": changes, "history": history,
        "self_approved": _self_approved(submission, history),
        # The province approves directly; submitting is the region's step.
        "can_submit": (can_write(request.user, region, dataset=ds.slug) and not approver
                       and state in EDITABLE_STATES and bool(records)),
        # Figures this admin changed last are approved by another one, if there is one.
        "can_approve": can_approve and not (own and own["others"]),
        "own_figures": own,
        "can_return": approver and state == State.SUBMITTED,
        "can_reopen": approver and state == State.APPROVED,
    })


def _transition(request, dataset, region_code, period, *, allowed, act, done: str):
    """Run one transition; a refusal (ValidationError) is shown and changes nothing."""
    ds, region = _target(request, dataset, region_code, period)
    if not allowed(ds, region):
        raise PermissionDenied
    try:
        act(ds, region)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"what": _title(ds, region, period)})
    if request.POST.get("next"):  # from the approval inbox (issue 19): back to it
        return _back_to_list(request)
    return redirect("submission_detail", dataset=ds.slug, region_code=region.code,
                    period=period)


def _approver(request) -> Callable[[Dataset, Region], bool]:
    """Whether the user approves, returns and reopens the figures of a region."""
    return lambda ds, region: allows(request.user, Cap.APPROVE_SUBMISSIONS, region)


def _existing(region, ds: Dataset, period: str, message: str) -> Submission:
    """The submission row a return or reopening acts on; figures without one are drafts."""
    submission = submission_for(region=region, dataset=ds.slug, period=period)
    if submission is None:
        raise ValidationError(message % {"state": state_label(State.DRAFT)})
    return submission


@login_required
@require_POST
def submission_submit(request, dataset: str, region_code: str, period: str):
    return _transition(
        request, dataset, region_code, period,
        allowed=lambda ds, region: can_write(request.user, region, dataset=ds.slug),
        act=lambda ds, region: services.submission_submit(
            actor=request.user, region=region, dataset=ds.slug, period=period),
        done=_("Submitted for verification: %(what)s."),
    )


@login_required
@require_POST
def submission_approve(request, dataset: str, region_code: str, period: str):
    return _transition(
        request, dataset, region_code, period,
        allowed=_approver(request),
        act=lambda ds, region: services.submission_approve(
            actor=request.user, region=region, dataset=ds.slug, period=period),
        done=_("Approved: %(what)s."),
    )


@login_required
@require_POST
def submission_return(request, dataset: str, region_code: str, period: str):
    def act(ds, region):
        submission = _existing(region, ds, period, _(
            "Only submitted figures can be returned; these are %(state)s."))
        services.submission_return(actor=request.user, submission=submission,
                                   reason=request.POST.get("reason", ""))

    return _transition(request, dataset, region_code, period,
                       allowed=_approver(request), act=act,
                       done=_("Returned to the region: %(what)s."))


@login_required
@require_POST
def submission_reopen(request, dataset: str, region_code: str, period: str):
    def act(ds, region):
        submission = _existing(region, ds, period, _(
            "Only approved figures can be reopened; these are %(state)s."))
        services.submission_reopen(actor=request.user, submission=submission,
                                   reason=request.POST.get("reason", ""))

    return _transition(request, dataset, region_code, period,
                       allowed=_approver(request), act=act,
                       done=_("Reopened: %(what)s."))


# --- the home pages (issue 19): what to do next; the province's approval inbox -------------------

INBOX_ON_HOME = 10
INBOX_PAGE = 20
PREVIEW_ROWS = 8  # records of a first submission shown in the inbox


@login_required
@require_safe
def home(request):
    """Who approves submissions for a whole province lands on the approval inbox (then the
    regencies' aggregates); other province users on the monev dashboard; everyone else on what
    its regions must do next, then their regions' lights, realization and the regencies'
    aggregates. A national viewer lands on the national dashboard (issue 21)."""
    user = request.user
    if is_national(user):
        return redirect("national_dashboard")
    if is_province_wide(user):
        if allows(user, Cap.APPROVE_SUBMISSIONS):
            return _admin_home(request)
        return dashboard_page(request)
    return _operator_home(request)


def _region_summaries(user) -> list[dict]:
    """The regencies' aggregates of the user's provinces, as the home page always showed them
    (ucj.monitoring.selectors.home_summary), with which figures are approved."""
    provinces = Region.objects.filter(code__in=province_codes(user), level=Level.PROVINCE)
    summaries = []
    for province in provinces:
        summary = home_summary(province=province)
        # "your regions" for a regency's users; the province's own see every row below anyway
        own = [] if is_province_wide(user) else [
            row for row in summary.rows if can_read(user, row.region)]
        approved = approved_regions({
            "participation": f"{summary.month:%Y-%m}" if summary.month else "",
            "allocations": str(summary.year)})
        for row in summary.rows:
            row.participation_approved = row.region.pk in approved["participation"]
            row.allocations_approved = row.region.pk in approved["allocations"]
        summaries.append({"province": province, "summary": summary, "own": own,
                          "own_codes": {row.region.code for row in own},
                          "approved_participation": len(approved["participation"]),
                          "approved_allocations": len(approved["allocations"])})
    return summaries


def _operator_home(request):
    """What the user's regions must do next; the body is kept as HTML until the next write
    (ucj/core/pagecache.py: per user and day)."""
    user = request.user

    def context() -> dict:
        today = timezone.localdate()
        return {
            "todo": selectors.todo(user, today=today),
            "steps": selectors.cycle_steps_due(user, today=today),
            "reminders": forum_reminders(user, today=today),
            "lapsing": selectors.lapsing_workers(user, today=today),
            "lights": selectors.region_lights(user),
            "summaries": _region_summaries(user), "datasets": all_datasets(),
            "due_soon_days": home_due_soon_days(user_province_code(user)),  # issue 20, 21
        }

    return render(request, "home/operator.html", {
        "body": cached_part(request, "home-operator", "home/_operator_body.html", context)})


@dataclass
class InboxItem:
    submission: Submission
    ds: Dataset
    count: int
    changes: list[tuple]  # (row, field, approved value, current value) since the last approval
    columns: list  # a first submission: its records, as the submission page shows them
    table: list
    own: dict | None  # self-approval: None, or who else approves

    @property
    def may_approve(self) -> bool:
        return bool(self.count) and not (self.own and self.own["others"])


def _inbox_items(user, submissions) -> list[InboxItem]:
    """Each waiting submission with what the province checks before approving: the changes
    since its last approval (the submission page's table), or its first records."""
    items = []
    for submission in submissions:
        ds = get_dataset(submission.dataset)
        records = list(records_of(ds, region=submission.region, period=submission.period)
                       .order_by(*ds.default_sort, "pk"))
        columns, table = [], []
        if not submission.approved_at:
            columns = [c for c in ds.list_columns if not _is_region_column(ds, c)]
            table = [(obj, [(c.display(obj), c.is_numeric, c.label) for c in columns])
                     for obj in records[:PREVIEW_ROWS]]
        own = self_approval(user, dataset=ds.slug, region=submission.region,
                            period=submission.period)
        items.append(InboxItem(submission=submission, ds=ds, count=len(records),
                               changes=_changes(ds, submission, records), columns=columns,
                               table=table, own=own))
    return items


def _admin_home(request):
    """The approval inbox, then the regencies' aggregates; the body is kept as HTML until the
    next write (ucj/core/pagecache.py; the forms' CSRF token is the request's own)."""
    def context() -> dict:
        waiting = selectors.inbox(request.user)
        total = waiting.count()
        return {
            "items": _inbox_items(request.user, waiting[:INBOX_ON_HOME]), "total": total,
            "more": max(0, total - INBOX_ON_HOME),
            "summaries": _region_summaries(request.user), "datasets": all_datasets(),
        }

    return render(request, "home/admin.html", {
        "body": cached_part(request, "home-admin", "home/_admin_body.html", context)})


@login_required
@require_safe
def submission_inbox(request):
    """Every submission waiting for approval, oldest first, to approve or return here."""
    require(request.user, Cap.APPROVE_SUBMISSIONS)
    page = Paginator(selectors.inbox(request.user), INBOX_PAGE).get_page(request.GET.get("page"))
    return render(request, "submissions/inbox.html", {
        "page": page, "items": _inbox_items(request.user, page.object_list),
        "total": page.paginator.count,
    })


# --- the reporting calendar ------------------------------------------------------------------------

@login_required
@require_safe
def reporting_calendar(request):
    """Which dataset is due by which day: read by everyone, kept by the province admin (their
    province's: its own rows and the national defaults it inherits; issue 21)."""
    province = user_province_code(request.user)
    calendar = selectors.reporting_calendar(province)
    today = timezone.localdate()
    rows = []
    for ds in all_datasets():
        deadline = calendar.get(ds.slug)
        example = None
        if deadline is not None:
            key = f"{today:%Y-%m}" if ds.is_monthly else str(today.year)
            example = (key, deadline.due_date(key))
        rows.append((ds, deadline, example))
    return render(request, "submissions/calendar.html", {
        "rows": rows, "province": province,
        "can_edit": province is not None and allows(request.user, Cap.APPROVE_SUBMISSIONS)})


@login_required
@require_http_methods(["GET", "POST"])
def reporting_deadline_edit(request, dataset: str):
    ds = get_dataset(dataset)
    require(request.user, Cap.APPROVE_SUBMISSIONS)
    deadline = selectors.reporting_calendar(user_province_code(request.user)).get(ds.slug)
    initial = ({"months_after": deadline.months_after, "due_day": deadline.due_day,
                "first_period": deadline.first_period, "note": deadline.note}
               if deadline else {"months_after": 1, "due_day": 10,
                                 "first_period": "2025-01" if ds.is_monthly else "2025"})
    form = ReportingDeadlineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_deadline_set(actor=request.user, dataset=ds.slug,
                                            **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Reporting calendar saved: %(dataset)s.")
                             % {"dataset": ds.label})
            return redirect("reporting_calendar")
    return render(request, "submissions/calendar_form.html", {
        "form": form, "ds": ds, "deadline": deadline,
    }, status=400 if request.method == "POST" else 200)


# --- completeness and timeliness -------------------------------------------------------------------

def _completeness(request):
    form = CompletenessFilterForm(request.GET or None, user=request.user)
    today = timezone.localdate()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if form.is_bound and form.errors:
        return form, today.year, []
    year = data.get("year") or today.year
    datasets = [get_dataset(data["dataset"])] if data.get("dataset") else None
    matrices = selectors.completeness(request.user, year=year, today=today, datasets=datasets,
                                      region=data.get("region"))
    return form, year, matrices


@login_required
@require_safe
def completeness(request):
    """Per dataset × region × period: received, on time, approved (the user's regencies)."""
    form, year, matrices = _completeness(request)
    return render(request, "submissions/completeness.html", {
        "filter": form, "year": year, "matrices": matrices,
        "labels": selectors.CELL_LABELS, "today": timezone.localdate(),
        "query": request.GET.urlencode(),
    })


@login_required
@require_safe
def completeness_export(request):
    _form, year, matrices = _completeness(request)
    header = ["dataset", "region_code", "region_name", "period", "due_date", "records", "state",
              "received", "received_on", "on_time", "approved", "status"]
    return csv_response(
        f"ucj-kelengkapan-{year}.csv", header,
        ([m.ds.slug, region.code, region.name, cell.period, cell.due.isoformat(), cell.records,
          cell.state, int(cell.received),
          cell.received_on.isoformat() if cell.received_on else "", int(cell.on_time),
          int(cell.approved), cell.status]
         for m in matrices for region, row in m.rows for cell in row if cell is not None))
