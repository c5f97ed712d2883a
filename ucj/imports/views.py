"""Pages of the spreadsheet import: templates to download, the upload, the preview (what will
be created, changed, left unchanged; errors; warnings), apply or discard, and the uploaded file
handed back with its problems marked. A big file is checked in the background, and every apply
runs there: the job's page polls a progress fragment (htmx) until the worker is done, then
shows the preview or the result."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.scope import Cap, allows, can_write, may_write_dataset
from ucj.core.datasets import all_datasets, get_dataset
from ucj.core.services import ConfirmationRequired
from ucj.imports import services
from ucj.imports.models import ImportJob, ImportStatus
from ucj.imports.selectors import visible_jobs
from ucj.imports.specs import SPECS, get_spec
from ucj.imports.workbook import template_workbook
from ucj.regions.models import Region
from ucj.submissions.models import EDITABLE_STATES, State, Submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _writable_datasets(user):
    return [ds for ds in all_datasets() if ds.slug in SPECS and may_write_dataset(user, ds.slug)]


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))
    # Optional: a template says which dataset it is, a CSV's header shows it (ucj.imports.detect)
    dataset = forms.ChoiceField(
        label=gettext_lazy("Dataset"), required=False,
        help_text=gettext_lazy("Only if the file is not recognised: the template and a file with "
                               "its column headers are recognised by themselves."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = [("", _("Detect from the file"))] + [
            (ds.slug, ds.label) for ds in _writable_datasets(user)]
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv,text/csv," + XLSX


def _get_job(request, pk) -> ImportJob:
    job = visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


@login_required
def import_start(request):
    datasets = _writable_datasets(request.user)
    if not datasets:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.UCJ_MAX_IMPORT_BYTES
        data = upload.read(limit + 1)
        try:
            job = services.import_upload(actor=request.user,
                                         dataset=form.cleaned_data["dataset"] or "",
                                         data=data, file_name=upload.name, size=upload.size)
        except ValidationError as exc:  # which dataset: not told, or another than chosen
            form.add_error("dataset", exc)
        else:
            return redirect("import_detail", pk=job.pk)
    today = timezone.localdate()
    this_month = f"{today:%Y-%m}"
    templates = [{"ds": ds, "period": this_month if ds.is_monthly else str(today.year)}
                 for ds in datasets]
    return render(request, "imports/start.html", {
        "form": form, "templates": templates,
        "jobs": visible_jobs(request.user)[:20],
    })


@login_required
@require_safe
def import_template(request):
    slug = request.GET.get("dataset", "")
    if slug not in SPECS:
        raise Http404
    if not may_write_dataset(request.user, slug):
        raise PermissionDenied
    ds = get_dataset(slug)
    period = request.GET.get("period", "").strip()
    pattern = r"^\d{4}-(0[1-9]|1[0-2])$" if ds.is_monthly else r"^\d{4}$"
    if not re.match(pattern, period) or not 2000 <= int(period[:4]) <= 2100:
        messages.error(request, _("Choose a period: a month such as 2025-06 or a year such as "
                                  "2025."))
        return redirect("import_start")
    data = template_workbook(actor=request.user, dataset=slug, period=period)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ucj-templat-{slug}-{period}.xlsx"'
    return response


@login_required
@require_safe
def import_detail(request, pk):
    job = _get_job(request, pk)
    spec = get_spec(job.dataset)
    report = job.report or {}
    return render(request, "imports/detail.html", {
        "job": job, "ds": get_dataset(job.dataset), "report": report,
        "counts": report.get("counts", {}), "spec": spec,
        "can_apply": job.status == ImportStatus.STAGED and job.actor_id == request.user.pk,
        "can_discard": job.status in (ImportStatus.STAGED, ImportStatus.INVALID,
                                      ImportStatus.CHECKING)
        and job.actor_id == request.user.pk,
        "has_error_file": _has_error_file(job, report),
        "stage": services.STAGES.get(job.stage, ""),
        "in_progress": job.status in services.IN_PROGRESS,
        "summary": services.summary(job) if job.status == ImportStatus.APPLIED else "",
        "submittable": _submittable(request.user, job, report),
    })


def _submittable(user, job: ImportJob, report: dict) -> set[str]:
    """"region|period" of the applied job's units its uploader may submit right here (one
    click fewer on the way from the file to the province): drafts or returned, the region's
    own step (the province approves instead)."""
    units = report.get("submissions") or []
    if job.status != ImportStatus.APPLIED or job.actor_id != user.pk or not units:
        return set()
    regions = {r.code: r for r in Region.objects.filter(code__in={u["region"] for u in units})}
    states = {(code, period): state for code, period, state in Submission.objects.filter(
        dataset=job.dataset, region__code__in=regions,
        period__in={u["period"] for u in units}).values_list("region__code", "period", "state")}
    found = set()
    for unit in units:
        region = regions.get(unit["region"])
        if (region is not None and can_write(user, region, dataset=job.dataset)
                and not allows(user, Cap.APPROVE_SUBMISSIONS, region)
                and states.get((unit["region"], unit["period"]), State.DRAFT) in EDITABLE_STATES):
            found.add(f"{unit['region']}|{unit['period']}")
    return found


def _has_error_file(job: ImportJob, report: dict) -> bool:
    return (job.status == ImportStatus.INVALID and bool(job.errors_path or job.stored_path)
            and any(e.get("row") for e in report.get("errors", [])))


@login_required
@require_safe
def import_progress(request, pk):
    """The progress fragment the page of a job being checked or applied polls (htmx); once the
    worker is done the whole page is reloaded to show the preview or the result."""
    job = _get_job(request, pk)
    response = render(request, "imports/_progress.html", {
        "job": job, "stage": services.STAGES.get(job.stage, "")})
    if job.status not in services.IN_PROGRESS:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_apply(request, pk):
    """Queue the apply (the background worker writes it); the job's page then follows its
    progress and shows the result."""
    job = _get_job(request, pk)
    try:
        job = services.import_apply_submit(
            actor=request.user, job=job,
            confirm_warnings=request.POST.get("confirm_warnings") == "1")
    except ConfirmationRequired:
        messages.error(request, _("Some values look implausible. Check the warnings below and "
                                  "tick the confirmation to apply."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("import_detail", pk=job.pk)


@login_required
@require_POST
def import_discard(request, pk):
    job = _get_job(request, pk)
    try:
        services.import_discard(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("import_detail", pk=job.pk)
    messages.success(request, _("The upload was discarded; nothing was written."))
    return redirect("import_start")


@login_required
@require_safe
def import_errors(request, pk):
    """The uploaded file with its problems marked: made once, then the kept copy is served."""
    job = _get_job(request, pk)
    try:
        path = services.error_file(job)
        handle = path.open("rb")
    except (ValidationError, FileNotFoundError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [])) or
                       _("The uploaded file is no longer kept; upload it again."))
        return redirect("import_detail", pk=job.pk)
    stem = job.file_name.rsplit(".", 1)[0]
    response = FileResponse(handle, content_type=XLSX, as_attachment=True,
                            filename=f"{stem}-kesalahan-{timezone.localdate():%Y%m%d}.xlsx")
    response["X-Content-Type-Options"] = "nosniff"
    return response
