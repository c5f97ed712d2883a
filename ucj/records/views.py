"""Generic pages of the monitoring datasets: list (filter, sort, count, totals, CSV),
detail, create, edit and delete with confirmation. Every query goes through the scoping
helper; every write through the dataset's named service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ucj.accounts.scope import may_write_dataset, visible
from ucj.audit.labels import label_events
from ucj.audit.models import AuditEvent
from ucj.core.csvexport import csv_response
from ucj.core.datasets import Dataset, get_dataset
from ucj.core.forms import CONFIRM_LABEL, attach_errors
from ucj.core.pagecache import cached_part
from ucj.core.services import ConfirmationRequired
from ucj.submissions.models import EDITABLE_STATES, State
from ucj.submissions.selectors import (
    approval_labels,
    region_id_of,
    states_of_dataset,
    submission_for,
)

PAGE_SIZE = 50


def _records(request, ds: Dataset):
    # Region boundaries are large JSON: never load them with records.
    qs = ds.model.objects.select_related(*ds.select_related).defer(f"{ds.region_path}__geometry")
    return visible(request.user, qs, path=ds.region_path)


def _get_record(request, ds: Dataset, pk: int):
    """The record if the user may see it; 404 otherwise (never reveal other regions' data)."""
    record = _records(request, ds).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def _filtered(request, ds: Dataset):
    filterset = ds.filterset_class(request.GET or None, queryset=_records(request, ds),
                                   user=request.user, dataset=ds)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, ds.model.objects.none()
    rows = filterset.qs
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") in ds.sortable:
        rows = rows.order_by(sort, "pk")
    else:
        rows = rows.order_by(*ds.default_sort, "pk")
    return filterset, rows


@login_required
@require_safe
def record_list(request, dataset: str):
    """A dataset's rows the user may see, filtered, sorted and paged by the URL; the body is kept
    as HTML until the next write (ucj/core/pagecache.py)."""
    ds = get_dataset(dataset)
    return render(request, "records/list.html", {"ds": ds, "body": cached_part(
        request, "records", "records/_list_body.html", lambda: _list_context(request, ds))})


def _list_context(request, ds: Dataset) -> dict:
    filterset, rows = _filtered(request, ds)
    totals_spec = {c.key: Sum(c.key.replace(".", "__")) for c in ds.list_columns if c.total}
    totals = rows.order_by().aggregate(**totals_spec) if totals_spec else {}
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    columns = ds.list_columns
    states = approval_labels(ds, page.object_list)  # unapproved figures are labelled (1 query)
    table = [(obj, [(c.display(obj), c.is_numeric, c.label) for c in columns], states[obj.pk])
             for obj in page.object_list]
    total_row = [
        (c.display_total(totals[c.key]), True, c.label)
        if c.total and totals.get(c.key) is not None else ("", False, c.label)
        for c in columns
    ]
    return {
        "ds": ds, "filter": filterset, "page": page, "count": paginator.count,
        "columns": columns, "table": table, "total_row": total_row if totals else None,
        "sort": request.GET.get("sort", ""),
        "can_write": may_write_dataset(request.user, ds.slug),
        "has_filters": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
    }


@login_required
@require_safe
def record_export(request, dataset: str):
    ds = get_dataset(dataset)
    filterset, rows = _filtered(request, ds)
    columns = ds.csv_columns
    filename = f"ucj-{ds.slug}-{timezone.localdate():%Y%m%d}.csv"
    header = [c.csv for c in columns] + ["synthetic", "approval_state"]
    states = states_of_dataset(ds.slug)  # one query, then a lookup per streamed row

    def state(obj) -> str:
        return states.get((region_id_of(ds, obj), ds.period_key(obj)), State.DRAFT)

    return csv_response(
        filename, header,
        ([c.csv_value(obj) for c in columns] + ["1" if obj.is_synthetic else "0", state(obj)]
         for obj in rows.iterator(chunk_size=2000)),
    )


@login_required
@require_safe
def record_detail(request, dataset: str, pk: int):
    ds = get_dataset(dataset)
    record = _get_record(request, ds, pk)
    history = label_events(AuditEvent.objects.filter(
        object_type=record._meta.label_lower, object_id=str(record.pk)
    ).order_by("-at", "-id")[:50])
    region, period = record.region, ds.period_key(record)
    submission = submission_for(region=region, dataset=ds.slug, period=period)
    state = submission.state if submission else State.DRAFT
    return render(request, "records/detail.html", {
        "ds": ds, "record": record,
        "fields": [(c.label, c.display(record)) for c in ds.columns],
        "history": history,
        "can_write": may_write_dataset(request.user, ds.slug),
        "approval": {"state": state, "submission": submission, "locked": state not in
                     EDITABLE_STATES,
                     "url": reverse("submission_detail", args=[ds.slug, region.code, period])},
    })


def _form_page(request, ds: Dataset, record=None):
    if not may_write_dataset(request.user, ds.slug):
        raise PermissionDenied
    form = ds.form_class(
        request.POST or None, request.FILES or None, instance=record, user=request.user,
        dataset=ds, initial=None if record else request.GET.dict(),
    )
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        confirm = request.POST.get("confirm_warnings") == "1"
        try:
            if record is None:
                saved = ds.create(actor=request.user, confirm_warnings=confirm,
                                  **form.service_kwargs())
                messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            else:
                saved = ds.update(actor=request.user, confirm_warnings=confirm,
                                  **{ds.instance_kwarg: record}, **form.service_kwargs())
                messages.success(request, _("Changes saved: %(record)s.") % {"record": saved})
            return redirect("record_detail", dataset=ds.slug, pk=saved.pk)
        except ConfirmationRequired as exc:
            warnings = exc.warnings
        except ValidationError as exc:
            attach_errors(form, exc)
    return render(request, "records/form.html", {
        "ds": ds, "form": form, "record": record, "warnings": warnings,
        "confirm_label": CONFIRM_LABEL,
        "cancel_url": reverse("record_detail", args=[ds.slug, record.pk]) if record
        else reverse("record_list", args=[ds.slug]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request, dataset: str):
    return _form_page(request, get_dataset(dataset))


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, dataset: str, pk: int):
    ds = get_dataset(dataset)
    return _form_page(request, ds, _get_record(request, ds, pk))


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request, dataset: str, pk: int):
    ds = get_dataset(dataset)
    record = _get_record(request, ds, pk)
    if not may_write_dataset(request.user, ds.slug):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        label = str(record)
        try:
            ds.delete(actor=request.user, **{ds.instance_kwarg: record})
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Deleted: %(record)s.") % {"record": label})
            return redirect("record_list", dataset=ds.slug)
    return render(request, "records/confirm_delete.html", {
        "ds": ds, "record": record, "error": error,
        "fields": [(c.label, c.display(record)) for c in ds.columns],
    })
