"""Bulk imports through the API: the spreadsheet import pipeline of the pages (``/impor/``,
``ucj.imports.services``), for another system that sends a CSV or xlsx file:

* ``POST /api/v1/imports/`` (multipart: ``file``, optional ``dataset``: a template or a CSV
  header says which it is; a file of another dataset than the one sent is a 400): the file is kept and checked
  as on the upload page (a small file at once, a big one by the background worker); 202 with
  the job and its URL (``Location``). 403: the role does not write that dataset; 400: no file,
  an unknown dataset or field; 413: over ``UCJ_MAX_IMPORT_BYTES``, refused before the body is
  read (a declared ``Content-Length``; a chunked body stops at the limit).
* ``GET /api/v1/imports/``: the user's imports (the province administrator: everyone's), newest
  first; ``GET /api/v1/imports/{id}/``: its state, progress and, once checked, the preview as
  JSON: counts of new, changed and unchanged rows, the problems (row, column, Indonesian
  message) and the warnings to confirm. Another user's import answers 404 (as the pages).
* ``POST /api/v1/imports/{id}/apply/`` (``{"confirm_warnings": true}`` when the preview has
  warnings): 202, the background worker then applies it in one transaction (state
  ``applying``, then ``applied``, or back to ``staged``/``invalid`` with ``error``). 409: not
  staged (being checked, applied, discarded…) or warnings to confirm. Only the uploader (403
  for the province administrator, who may look), with the dataset's role still (403).
* ``DELETE /api/v1/imports/{id}/``: discard (the file is deleted, nothing written); 200 with
  the job; 409 when it cannot be discarded (applying, applied…).

The same services do the work as for the pages: the same checks, size limits, warnings, locks
and audit events.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from ucj.accounts.scope import may_write_dataset
from ucj.api.errors import TooLarge, megabytes
from ucj.api.permissions import SignedIn
from ucj.api.uploads import BoundedUploadMixin
from ucj.api.writes import needs_confirmation, unknown_field
from ucj.core.services import ConfirmationRequired
from ucj.imports import services
from ucj.imports.models import ImportJob, ImportStatus
from ucj.imports.selectors import visible_jobs
from ucj.imports.specs import SPECS

UPLOAD_FIELDS = {"file", "dataset"}


def too_large() -> TooLarge:
    return TooLarge(_("The file (field “file”) may be at most %(limit)s MB. Split it into "
                      "smaller files.") % {"limit": megabytes(settings.UCJ_MAX_IMPORT_BYTES)})


class NotReady(APIException):
    """409: the import is not in a state that allows this (being checked, applied, …)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "not_ready"


# --- the answer ---------------------------------------------------------------------------------

class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="the spreadsheet row (1 = the "
                                   "first); null for a problem of the whole file")
    column = serializers.CharField(allow_blank=True, help_text="the column letter (A, B, …)")
    label = serializers.CharField(allow_blank=True, help_text="the column's header")
    value = serializers.CharField(allow_blank=True, help_text="the value read")
    message = serializers.CharField(help_text="what is wrong, in the user's language")


class WarnedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    label = serializers.CharField(help_text="the record the row names")
    warnings = serializers.ListField(child=serializers.CharField())


class ValueSerializer(serializers.Serializer):
    column = serializers.CharField()
    value = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    column = serializers.CharField()
    now = serializers.CharField(help_text="the value in the database")
    new = serializers.CharField(help_text="the value from the file")


class CreatedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    label = serializers.CharField()
    values = ValueSerializer(many=True)


class ChangedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    label = serializers.CharField()
    changes = ChangeSerializer(many=True)


class CountsSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="data rows read")
    skipped = serializers.IntegerField(help_text="template rows left empty")
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    invalid_rows = serializers.IntegerField()
    problems = serializers.IntegerField()
    warned_rows = serializers.IntegerField()


class PreviewSerializer(serializers.Serializer):
    valid = serializers.BooleanField(help_text="no problem: the import may be applied")
    counts = CountsSerializer()
    problems = ProblemSerializer(many=True, help_text="the first 200")
    warnings = WarnedRowSerializer(many=True, help_text="rows whose values look implausible "
                                   "(the first 200): apply with confirm_warnings true")
    needs_confirmation = serializers.BooleanField()
    created = CreatedRowSerializer(many=True, help_text="the first 200")
    changed = ChangedRowSerializer(many=True, help_text="the first 200")


class ImportJobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.CharField(help_text="this import in the API")
    page = serializers.CharField(help_text="this import's page in the application")
    apply_url = serializers.CharField()
    dataset = serializers.ChoiceField(choices=list(SPECS))
    file_name = serializers.CharField()
    file_format = serializers.CharField(allow_blank=True)
    size = serializers.IntegerField()
    checksum = serializers.CharField(help_text="SHA-256 of the file")
    uploaded_by = serializers.CharField()
    created_at = serializers.DateTimeField()
    applied_at = serializers.DateTimeField(allow_null=True)
    state = serializers.ChoiceField(choices=ImportStatus.values)
    state_label = serializers.CharField()
    progress = serializers.IntegerField(min_value=0, max_value=100,
                                        help_text="percent, while checking or applying")
    stage = serializers.CharField(allow_blank=True, help_text="what the worker is doing")
    error = serializers.CharField(allow_blank=True, help_text="why the check or the apply "
                                  "failed, in the user's language")
    preview = PreviewSerializer(allow_null=True, help_text="once checked")


def _pairs(items, names):
    return [dict(zip(names, item, strict=False)) for item in items]


def preview(job: ImportJob) -> dict | None:
    report = job.report or {}
    if not report or job.status == ImportStatus.CHECKING:
        return None
    counts = report.get("counts", {})
    return {
        "valid": bool(report.get("valid")),
        "counts": {"rows": counts.get("rows", 0), "skipped": counts.get("skipped", 0),
                   "new": counts.get("create", 0), "changed": counts.get("update", 0),
                   "unchanged": counts.get("unchanged", 0),
                   "invalid_rows": counts.get("invalid", 0),
                   "problems": counts.get("errors", 0), "warned_rows": counts.get("warned", 0)},
        "problems": [{"row": p.get("row"), "column": p.get("column") or "",
                      "label": p.get("label") or "", "value": p.get("value") or "",
                      "message": p.get("message") or ""} for p in report.get("errors", [])],
        "warnings": report.get("warnings", []),
        "needs_confirmation": bool(report.get("warnings")),
        "created": [{"row": r["row"], "label": r["label"],
                     "values": _pairs(r["values"], ("column", "value"))}
                    for r in report.get("created", [])],
        "changed": [{"row": r["row"], "label": r["label"],
                     "changes": _pairs(r["changes"], ("column", "now", "new"))}
                    for r in report.get("changed", [])],
    }


def represent(request, job: ImportJob) -> dict:
    url = reverse("api_import", args=[job.pk])
    return ImportJobSerializer({
        "id": job.pk, "url": request.build_absolute_uri(url),
        "page": request.build_absolute_uri(reverse("import_detail", args=[job.pk])),
        "apply_url": request.build_absolute_uri(reverse("api_import_apply", args=[job.pk])),
        "dataset": job.dataset, "file_name": job.file_name, "file_format": job.file_format,
        "size": job.size, "checksum": job.checksum, "uploaded_by": job.actor.username,
        "created_at": job.created_at, "applied_at": job.applied_at,
        "state": job.status, "state_label": job.get_status_display(),
        "progress": job.progress, "stage": str(services.STAGES.get(job.stage, "")),
        "error": job.error, "preview": preview(job),
    }).data


def _accepted(request, job: ImportJob) -> Response:
    body = represent(request, job)
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


# --- the views ----------------------------------------------------------------------------------

class UploadForm(forms.Form):
    # optional (issue 19): a template or a CSV header says which dataset it is
    dataset = forms.ChoiceField(choices=[(slug, slug) for slug in SPECS], required=False)
    file = forms.FileField()


_UPLOAD = {"multipart/form-data": {
    "type": "object", "required": ["file"],
    "properties": {
        "dataset": {"type": "string", "enum": list(SPECS)},
        "file": {"type": "string", "format": "binary",
                 "description": "the .xlsx template or a CSV with its headers (at most "
                                "UCJ_MAX_IMPORT_BYTES, 30 MB by default)"},
    }}}
_CONFLICT = inline_serializer("ImportConflict", {
    "detail": serializers.CharField(),
    "code": serializers.ChoiceField(choices=["confirmation_required", "not_ready"]),
    "warnings": serializers.ListField(child=serializers.CharField(), required=False),
})


class MayImport(BasePermission):
    """A POST needs a role that writes at least one dataset (the upload page's rule)."""

    def has_permission(self, request, view):
        if request.method != "POST":
            return True
        return any(may_write_dataset(request.user, slug) for slug in SPECS)


class ImportList(BoundedUploadMixin, generics.ListAPIView):
    """The user's imports (the province administrator: everyone's), newest first; POST a file
    to stage a new one."""

    permission_classes = [SignedIn, MayImport]
    parser_classes = [MultiPartParser]
    serializer_class = ImportJobSerializer

    def get_queryset(self):
        return visible_jobs(self.request.user)

    upload_methods = ("POST",)
    upload_limit_setting = "UCJ_MAX_IMPORT_BYTES"
    too_large_error = staticmethod(too_large)

    @extend_schema(summary="Imports: list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([represent(request, job) for job in page])

    @extend_schema(
        summary="Imports: stage a file", request=_UPLOAD,
        responses={202: ImportJobSerializer,
                   400: OpenApiResponse(description="no file, unknown dataset or field"),
                   413: OpenApiResponse(description="the file is over the size limit")})
    def post(self, request, *args, **kwargs):
        fields = set(request.data)
        if self.limiter is not None and self.limiter.exceeded:
            raise too_large()
        unknown = sorted(fields - UPLOAD_FIELDS)
        if unknown:
            raise ValidationError({k: [unknown_field(k)] for k in unknown})
        form = UploadForm(request.data, request.FILES)
        valid = form.is_valid()
        if not valid:
            raise ValidationError({name: [str(e) for e in errors]
                                   for name, errors in form.errors.items()})
        dataset = form.cleaned_data["dataset"] or ""
        if dataset and not may_write_dataset(request.user, dataset):
            self.permission_denied(request)
        upload = form.cleaned_data["file"]
        data = upload.read(settings.UCJ_MAX_IMPORT_BYTES + 1)
        try:  # --- issue 19: the dataset told by the file, or refused as another one ---
            job = services.import_upload(actor=request.user, dataset=dataset, data=data,
                                         file_name=upload.name, size=upload.size)
        except DjangoValidationError as exc:
            raise ValidationError({"dataset": exc.messages}) from exc
        return _accepted(request, job)


class JobMixin:
    permission_classes = [SignedIn]
    serializer_class = ImportJobSerializer

    def get_object(self):
        try:
            pk = uuid.UUID(self.kwargs.get("pk", ""))
        except ValueError:
            raise Http404 from None
        job = visible_jobs(self.request.user).filter(pk=pk).first()
        if job is None:
            raise Http404  # another user's import is not revealed
        return job


_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH,
                       description="the import's id (another user's: 404)")


class ImportDetail(JobMixin, generics.GenericAPIView):
    """One import: its state, progress and preview; DELETE discards it."""

    @extend_schema(summary="Imports: one, with its preview", parameters=[_ID])
    def get(self, request, pk):
        return Response(represent(request, self.get_object()))

    @extend_schema(summary="Imports: discard", parameters=[_ID], responses={
        200: ImportJobSerializer,
        409: OpenApiResponse(_CONFLICT, description="it cannot be discarded (applied, or being "
                                                    "applied)")})
    def delete(self, request, pk):
        job = self.get_object()
        try:
            job = services.import_discard(actor=request.user, job=job)
        except DjangoValidationError as exc:
            raise NotReady(" ".join(exc.messages)) from None
        return Response(represent(request, job))


class ImportApply(JobMixin, generics.GenericAPIView):
    """Apply a staged import in the background: 202, then follow the import's URL."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        summary="Imports: apply (in the background)", parameters=[_ID],
        request=inline_serializer("ImportApplyRequest", {
            "confirm_warnings": serializers.BooleanField(
                required=False, help_text="true: apply although rows raise warnings")}),
        responses={202: ImportJobSerializer,
                   409: OpenApiResponse(_CONFLICT, description=(
                       "warnings to confirm (send again with confirm_warnings: true), or the "
                       "import is not ready to apply (being checked, invalid, applied…)"))})
    def post(self, request, pk):
        job = self.get_object()
        body = request.data if isinstance(request.data, dict) else {}
        confirm = body.get("confirm_warnings", False)
        confirm = confirm is True or confirm in ("true", "1", 1)
        try:
            job = services.import_apply_submit(actor=request.user, job=job,
                                               confirm_warnings=confirm)
        except ConfirmationRequired as exc:
            return Response(needs_confirmation(exc.warnings), status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            raise NotReady(" ".join(exc.messages)) from None
        return _accepted(request, job)
