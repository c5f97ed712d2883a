"""The beneficiary registry pages: upload, column mapping, a run's progress and results (funnel,
filters, rows, CSV, one row's explanation), funding from an allocation, and the funded workers
with the registration file for BPJS Ketenagakerjaan.

Who sees what of a person is decided by ``Cap.READ_PERSONS`` in the region (the selectors give
the whole row or its coarse form); every page that shows person rows is audited (VIEW or
EXPORT, naming the run and page, never a NIK or a name) and sent ``Cache-Control: no-store``."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.scope import (
    Cap,
    allows,
    can_read,
    can_read_upload,
    may_map_upload,
    readable_regions,
    visible,
)
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget.models import Allocation
from ucj.core.csvexport import csv_response
from ucj.core.fields import YearField
from ucj.regions.hierarchy import parent_code
from ucj.regions.models import Level
from ucj.registry import engine, exports, selectors, services
from ucj.registry.mapping import COLUMNS, REQUIRED, guess_mapping, mapping_missing
from ucj.registry.models import (
    Enrollment,
    EnrollmentStatus,
    Kind,
    MatchRun,
    ParticipantData,
    RunStatus,
    SourceFile,
)

FIELD_LABELS = {
    "nik": gettext_lazy("NIK"), "name": gettext_lazy("Name"),
    "birth_date": gettext_lazy("Birth date (e.g. 15/05/1985)"),
    "sex": gettext_lazy("Sex (L/P, Laki-laki/Perempuan or 1/2)"),
    "village_code": gettext_lazy("Village or district code"),
    "occupation": gettext_lazy("Occupation"), "category": gettext_lazy("Category"),
    "desil": gettext_lazy("DTSEN desil"), "phone": gettext_lazy("Phone"),
    "source": gettext_lazy("Source"), "status": gettext_lazy("Status (aktif/nonaktif)"),
    "segment": gettext_lazy("Segment"),
    "region_code": gettext_lazy("Regency code of the participant (e.g. 52.03)"),
    "last_paid_month": gettext_lazy("Last month paid (YYYY-MM)"),
    "date_of_death": gettext_lazy("Date of death"),
}


class ListUploadForm(forms.Form):
    region = forms.ModelChoiceField(label=gettext_lazy("Region"), queryset=None,
                                    to_field_name="code")
    year = YearField(label=gettext_lazy("Year"))
    file = forms.FileField(label=gettext_lazy("Beneficiary list (CSV or .xlsx)"))
    deceased = forms.FileField(label=gettext_lazy("Deceased list (optional, CSV with a nik "
                                                  "column)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = readable_regions(user).filter(level__in=(Level.REGENCY, Level.PROVINCE))
        if not allows(user, Cap.UPLOAD_LISTS):
            regions = regions.none()
        self.fields["region"].queryset = regions.order_by("code")


class ParticipantUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("BPJS participant file (CSV or .xlsx)"))


def _participant_data(user) -> list:
    """Per regency the user reads: the participant data its lists are matched against (the
    latest file covering it), or None."""
    regencies = list(readable_regions(user).filter(level=Level.REGENCY).order_by("code"))
    latest: dict = {}
    for data in (ParticipantData.objects.filter(region__in=regencies,
                                                source__processed_at__isnull=False)
                 .select_related("source").order_by("region_id", "-source__processed_at",
                                                    "-pk")):
        latest.setdefault(data.region_id, data)
    return [(region, latest.get(region.pk)) for region in regencies]


@login_required
@require_safe
@never_cache
def registry_home(request):
    user = request.user
    list_form = ListUploadForm(user=user, initial={"year": timezone.localdate().year})
    regions = list(list_form.fields["region"].queryset[:2])
    if len(regions) == 1:  # an operator of one regency: preselected
        list_form.initial["region"] = regions[0].code
    may_send = allows(user, Cap.UPLOAD_PARTICIPANTS)
    return render(request, "registry/home.html", {
        "runs": selectors.visible_runs(user)[:30],
        "list_form": list_form if list_form.fields["region"].queryset.exists() else None,
        "participant_form": ParticipantUploadForm() if may_send else None,
        "participant_data": _participant_data(user),
        "participant_files": SourceFile.objects.filter(
            kind=Kind.PARTICIPANTS, uploaded_by=user)[:5] if may_send else [],
    })


@login_required
@require_POST
def list_upload(request):
    form = ListUploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("registry_home")
    data = form.cleaned_data
    source = deceased = None
    try:
        source = services.file_upload(actor=request.user, kind=Kind.BENEFICIARIES,
                                      upload=data["file"], region=data["region"],
                                      year=data["year"])
        deceased = services.file_upload(actor=request.user, kind=Kind.DECEASED,
                                        upload=data["deceased"], region=data["region"],
                                        year=data["year"]) if data["deceased"] else None
        if deceased and mapping_missing(deceased):
            raise ValidationError(_("The deceased list needs a column named nik."))
    except ValidationError as exc:
        for stored in (source, deceased):  # the form failed: nothing of it is kept
            if stored is not None:
                services.file_discard(source=stored)
        messages.error(request, " ".join(exc.messages))
        return redirect("registry_home")
    if mapping_missing(source):
        url = f"{_mapping_url(source)}?{urlencode({'deceased': deceased.pk})}" if deceased \
            else _mapping_url(source)
        return redirect(url)
    run = services.run_start(actor=request.user, source=source, deceased=deceased)
    return redirect("registry_run", pk=run.pk)


def _mapping_url(source: SourceFile) -> str:
    return reverse("registry_mapping", args=[source.pk])


@login_required
@require_POST
def participants_upload(request):
    if not allows(request.user, Cap.UPLOAD_PARTICIPANTS):
        raise PermissionDenied
    form = ParticipantUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("registry_home")
    try:
        source = services.file_upload(actor=request.user, kind=Kind.PARTICIPANTS,
                                      upload=form.cleaned_data["file"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry_home")
    if mapping_missing(source):
        return redirect("registry_mapping", pk=source.pk)
    _start_participants(request, source)
    return redirect("registry_home")


def _start_participants(request, source: SourceFile) -> None:
    source_id, user_id = str(source.pk), request.user.pk
    transaction.on_commit(lambda: services.participants_task.enqueue(source_id, user_id))
    messages.success(request, _("The participant file is being processed: funded workers' "
                                "statuses follow when it is done. Rows of regions outside "
                                "yours are set aside and counted."))


def _deceased_given(request, source: SourceFile) -> SourceFile | None:
    """The deceased list named by ``?deceased=`` on the mapping page: uploaded with the list
    (the same region and year, not yet used) and in the user's regions; anything else: 404."""
    ref = request.GET.get("deceased")
    if not ref:
        return None
    try:
        pk = uuid.UUID(ref)
    except ValueError:
        raise Http404 from None
    deceased = SourceFile.objects.filter(pk=pk, kind=Kind.DECEASED).first()
    if deceased is None or not selectors.deceased_usable(request.user, source, deceased):
        raise Http404
    return deceased


@login_required
@never_cache
def column_mapping(request, pk):
    source = get_object_or_404(SourceFile, pk=pk)
    if not can_read_upload(request.user, source):
        raise Http404
    if not may_map_upload(request.user, source):
        raise PermissionDenied
    deceased = _deceased_given(request, source) if source.kind == Kind.BENEFICIARIES else None
    fields = COLUMNS[source.kind]
    choices = [("", "—")] + [(h, h) for h in source.header]
    if request.method == "POST":
        mapping = {f: request.POST.get(f, "") for f in fields}
        try:
            services.mapping_set(actor=request.user, source=source, mapping=mapping)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if source.kind == Kind.PARTICIPANTS:
                _start_participants(request, source)
                return redirect("registry_home")
            try:
                run = services.run_start(actor=request.user, source=source, deceased=deceased)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("registry_home")
            return redirect("registry_run", pk=run.pk)
    proposed = source.mapping or guess_mapping(source.kind, source.header)
    rows = [{"field": f, "label": FIELD_LABELS.get(f, f),
             "required": f in REQUIRED[source.kind],
             "value": proposed.get(f, "")} for f in fields]
    return render(request, "registry/mapping.html", {"source": source, "rows": rows,
                                                     "choices": choices})


def _run(request, pk) -> MatchRun:
    run = get_object_or_404(MatchRun.objects.select_related("region", "list_file",
                                                            "created_by"), pk=pk)
    if not can_read(request.user, run.region):
        raise Http404
    return run


def _done(request, pk) -> MatchRun:
    """A finished run with results the user reads, else 404."""
    run = _run(request, pk)
    if run.status != "done" or not run.result_path:
        raise Http404
    return run


FILTERS = ("outcome", "reason", "flag", "village")
_REGENCY_FILTER = re.compile(r"^\d{2}(\.\d{2})?$")


def _filters(request, personal: bool) -> dict[str, str]:
    """The row filters asked for. Without the right to personal data, the place filter only
    takes a regency (a village or district would say where each row's NIK was issued)."""
    filters = {k: request.GET.get(k, "").strip() for k in FILTERS}
    if not personal and not _REGENCY_FILTER.match(filters["village"]):
        filters["village"] = ""
    return filters


def _audit_rows(request, run: MatchRun, action: str, what: str, filters: dict) -> None:
    """A read of person rows: the run, the page and the filters; never a NIK or a name."""
    query = urlencode({k: v for k, v in filters.items() if v})
    audit_log(actor=request.user, action=action, obj=run, region=run.region,
              object_repr=f"{what} of match run {run.list_file.original_name}"[:300],
              note=query)


@login_required
@require_safe
@never_cache
def run_detail(request, pk):
    run = _run(request, pk)
    personal = allows(request.user, Cap.READ_PERSONS, run.region)
    context = {"run": run, "personal": personal,
               "can_write": allows(request.user, Cap.UPLOAD_LISTS, run.region)}
    if run.status == RunStatus.DONE and run.result_path:
        filters = _filters(request, personal)
        raw_page = request.GET.get("page", "")
        page = int(raw_page) if raw_page.isdigit() and int(raw_page) > 0 else 1
        rows, count = selectors.run_rows(run, page=page, personal=personal, **filters)
        paginator = Paginator(range(count), selectors.PAGE)
        page = paginator.get_page(page)
        _audit_rows(request, run, Action.VIEW, f"rows page {page.number}", filters)
        context.update({
            "rows": rows, "count": count, "filters": filters,
            "page": page, "funnel": selectors.funnel(run),
            "funnel_chart": selectors.funnel_chart(run),
            "outcomes": [(k, selectors.OUTCOME_LABELS[k], run.counts.get(k, 0))
                         for k in engine.OUTCOMES],
            "reasons": [(k, selectors.REASON_TEXT[k], n) for k, n in
                        sorted(run.reasons.items(), key=lambda kv: -kv[1])],
            "flags": [(k, selectors.FLAG_TEXT[k], n) for k, n in run.flags.items()],
            "allocations": Allocation.objects.filter(region=run.region, fiscal_year=run.year)
            .select_related("package") if context["can_write"] else [],
            "funded": Enrollment.objects.filter(run=run).count(),
            "query": urlencode({k: v for k, v in filters.items() if v}),
        })
    return render(request, "registry/run.html", context)


@login_required
@require_safe
@never_cache
def run_progress(request, pk):
    """The progress fragment the run page polls (htmx) until the run ends."""
    run = _run(request, pk)
    response = render(request, "registry/_progress.html", {"run": run})
    if run.finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def run_cancel(request, pk):
    run = _run(request, pk)
    services.run_cancel(actor=request.user, run=run)
    messages.info(request, _("Cancelling: the previous results stay as they are."))
    return redirect("registry_run", pk=run.pk)


# the columns of the results CSV (written by ucj/registry/exports.py)
EXPORT_HEADER = exports.PERSONAL_HEADER
COARSE_EXPORT_HEADER = exports.COARSE_HEADER


@login_required
@require_safe
@never_cache
def run_export(request, pk):
    """The results CSV, in the form the user reads (whole rows with ``Cap.READ_PERSONS`` in
    the region, else coarse) and with the page's filters: served as a file once the worker
    has written it (audited as an export); until then a page that follows its progress (its
    htmx polls get the progress fragment). The file is written once per run, form and
    filters (ucj/registry/exports.py)."""
    run = _done(request, pk)
    personal = allows(request.user, Cap.READ_PERSONS, run.region)
    filters = _filters(request, personal)
    query = urlencode({k: v for k, v in filters.items() if v})
    url = request.path + (f"?{query}" if query else "")
    if request.htmx:  # the progress page polling: read only, never queues
        export = exports.find(run, personal=personal, filters=filters)
        if export is None:
            raise Http404
        return render(request, "registry/_export_progress.html",
                      {"run": run, "export": export, "url": url})
    export = exports.request_export(actor=request.user, run=run, personal=personal,
                                    filters=filters)
    path = exports.file_of(export)
    if path is None:
        return render(request, "registry/export.html",
                      {"run": run, "export": export, "url": url, "query": query})
    _audit_rows(request, run, Action.EXPORT, "csv", filters)
    return FileResponse(open(path, "rb"), as_attachment=True,  # noqa: SIM115 - closed by Django
                        filename=exports.filename(run),
                        content_type="text/csv; charset=utf-8")


@login_required
@require_safe
@never_cache
def run_row(request, pk, row_no: int):
    run = _done(request, pk)
    personal = allows(request.user, Cap.READ_PERSONS, run.region)
    row = selectors.run_row(run, row_no, personal=personal)
    if row is None:
        raise Http404
    full_nik = ""
    if personal and request.GET.get("nik") == "1" and row["outcome"] != "invalid":
        full_nik = selectors.row_nik(run, row)
    audit_log(actor=request.user, action=Action.VIEW, obj=run, region=run.region,
              object_repr=(f"{'full NIK of ' if full_nik else ''}row {row_no} of match run "
                           f"{run.list_file.original_name}")[:300])
    return render(request, "registry/row.html", {"run": run, "row": row, "personal": personal,
                                                 "full_nik": full_nik})


@login_required
@require_POST
def run_fund(request, pk):
    run = _run(request, pk)
    allocation = get_object_or_404(Allocation, pk=request.POST.get("allocation") or 0,
                                   region=run.region)
    try:
        count = services.enrollment_fund(actor=request.user, run=run, allocation=allocation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)s workers chosen for %(allocation)s.") % {
            "count": count, "allocation": allocation})
    return redirect("registry_run", pk=run.pk)


@login_required
@require_safe
@never_cache
def enrollment_list(request):
    """The funded workers of the user's regions: masked NIK, region, allocation, months and
    status for everyone who reads them (BPJS reconciles with these); the name only in regions
    where the user holds ``Cap.READ_PERSONS``. Every page and CSV is audited."""
    enrollments = selectors.visible_enrollments(request.user)
    year, status = request.GET.get("tahun", ""), request.GET.get("status", "")
    if year.isdigit():
        enrollments = enrollments.filter(year=int(year))
    if status in EnrollmentStatus.values:
        enrollments = enrollments.filter(status=status)
    counts = {s: 0 for s in EnrollmentStatus.values}
    for row in enrollments.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    allocations = [a for a in visible(request.user, Allocation.objects.filter(
        enrollments__isnull=False).distinct().select_related("region", "package"))
        if allows(request.user, Cap.READ_PERSONS, a.region)]
    query = urlencode({k: v for k, v in {"tahun": year, "status": status}.items() if v})
    if request.GET.get("format") == "csv":
        audit_log(actor=request.user, action=Action.EXPORT, object_type="registry.enrollment",
                  object_repr=f"funded workers csv {year or '*'} {status or '*'}")
        return csv_response("pekerja-dibiayai.csv", [
            "nik_masked", "region_code", "year", "allocation", "start_month", "status",
            "months_paid", "last_paid_month"], (
            [e.nik_masked, e.region.code, e.year, str(e.allocation), e.start_month.isoformat(),
             e.status, e.paid_months, e.last_paid_month.isoformat() if e.last_paid_month else ""]
            for e in enrollments.order_by("region__code", "row_no").iterator(chunk_size=2000)))
    page = Paginator(enrollments.order_by("region__code", "row_no"), 50) \
        .get_page(request.GET.get("page"))
    audit_log(actor=request.user, action=Action.VIEW, object_type="registry.enrollment",
              object_repr=f"funded workers page {page.number} {year or '*'} {status or '*'}")
    # names only in the regions whose personal data the user may see (checked once a region)
    personal = {region.pk for region in {e.region for e in page}
                if allows(request.user, Cap.READ_PERSONS, region)}
    return render(request, "registry/enrollments.html", {
        "personal_regions": personal,
        "query": query,
        "page": page,
        "counts": [(s, EnrollmentStatus(s).label, counts[s]) for s in EnrollmentStatus.values],
        "total": sum(counts.values()), "year": year, "status": status,
        "allocations": allocations,
    })


@login_required
@require_safe
@never_cache
def registration_file(request, allocation_id: int):
    """The registration file for BPJS Ketenagakerjaan: full NIKs, so only for who may pull it
    in the region (its operators, the province admin, and the BPJS branch of the region, which
    registers the workers), and audited."""
    allocation = get_object_or_404(Allocation.objects.select_related("region", "package"),
                                   pk=allocation_id)
    if not can_read(request.user, allocation.region):
        raise Http404
    if not allows(request.user, Cap.PULL_REGISTRATION, allocation.region):
        raise PermissionDenied
    enrollments = Enrollment.objects.filter(allocation=allocation).select_related("run",
                                                                                  "region")
    rows = selectors.registration_rows(enrollments)
    audit_log(actor=request.user, action=Action.EXPORT, obj=allocation, region=allocation.region,
              object_repr=f"registration file {allocation}", note=f"{len(rows)} workers")
    places = selectors.village_names()
    header = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_desa", "alamat", "pekerjaan",
              "paket", "bulan_mulai"]
    return csv_response(f"pendaftaran-bpjstk-{allocation.region.code}-{allocation.pk}.csv",
                        header, (
        [r["nik"], r["enrollment"].name, r["enrollment"].birth_date or "", r["enrollment"].sex,
         r["enrollment"].village_code, _address(r["enrollment"].village_code, places),
         r["enrollment"].occupation, allocation.package.code,
         r["enrollment"].start_month.strftime("%Y-%m")] for r in rows))


def _address(code: str, places: dict[str, str]) -> str:
    """Village, district, regency by name from the region master."""
    parts = []
    while code:
        if code in places:
            parts.append(places[code])
        code = parent_code(code)
    return ", ".join(parts)
