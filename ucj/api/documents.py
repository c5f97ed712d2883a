"""A commitment's signed document (the Perkada or PKS, as a PDF) through the API:

* ``GET /api/v1/commitments/{id}/document/``: the PDF (``application/pdf``), for whoever
  reads the commitment (its region in the user's scope, else 404), audited as a download like
  the page's link (``ucj.budget.views.commitment_document``);
* ``PUT`` (or ``POST``) with a multipart body, the PDF in the field ``file``: replaces the
  document through the page's service (``commitment_update(document=…)``: PDF checked by
  ``pdf_document_fields``, the old file deleted after the commit, audited), for whoever may
  write commitments in its region (``Cap.WRITE_COMMITMENTS``: 403), not in a submitted or
  approved year (409 ``locked``); warnings of the record answer 409 as for the other writes
  (``confirm_warnings=true`` in the form). ``Idempotency-Key`` as for the other writes.

The size is checked before the body is read: a declared ``Content-Length`` over
``UCJ_MAX_DOCUMENT_BYTES`` (plus room for the form's headers) answers 413 at once; a body
without one (chunked) is read through an upload handler that stops at the limit (413).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ucj.accounts.scope import Cap, allows
from ucj.api import writes
from ucj.api.errors import TooLarge, megabytes
from ucj.api.serializers import CommitmentSerializer
from ucj.api.uploads import BoundedUploadMixin
from ucj.api.views import DatasetMixin
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget.services import commitment_update
from ucj.core.downloads import stored_file_response
from ucj.core.services import ConfirmationRequired

FIELDS = ("file", "confirm_warnings")


def too_large() -> TooLarge:
    return TooLarge(_("The signed document (field “file”) may be at most %(limit)s MB.") % {
        "limit": megabytes(settings.UCJ_MAX_DOCUMENT_BYTES)})


_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="the same key with the same request (for a day) replays the first answer; "
                "with another request: 422")
_UPLOAD = {"multipart/form-data": {
    "type": "object", "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "the signed Perkada or PKS as a PDF (at most "
                                "UCJ_MAX_DOCUMENT_BYTES, 10 MB by default)"},
        "confirm_warnings": {"type": "boolean",
                             "description": "true: save although the record raises warnings"},
    }}}


def _upload_schema(summary: str):

    return extend_schema(
        summary=summary, request=_UPLOAD, parameters=[_KEY],
        responses={
            200: CommitmentSerializer,
            400: OpenApiResponse(description="no file, not a PDF, or an unknown field"),
            409: OpenApiResponse(writes.WarningsSerializer, description=(
                "the record's warnings to confirm, or the year is submitted/approved (locked)")),
            413: OpenApiResponse(description="the document is over the size limit"),
            422: OpenApiResponse(description="the Idempotency-Key was used with another "
                                             "request"),
        })


class CommitmentDocument(BoundedUploadMixin, DatasetMixin, generics.GenericAPIView):
    """The signed document (PDF) of a commitment: read it, or upload a new one."""

    dataset_slug = "commitments"
    parser_classes = [MultiPartParser]

    def perform_content_negotiation(self, request, force=False):
        # the PDF is a file answer; errors are JSON whatever the Accept header asks
        return super().perform_content_negotiation(request, force=True)

    upload_methods = ("PUT", "POST")
    upload_limit_setting = "UCJ_MAX_DOCUMENT_BYTES"
    too_large_error = staticmethod(too_large)

    def get_object(self):
        pk = self.kwargs.get("pk", "")
        if not (pk.isdigit() and len(pk) <= 18):
            raise Http404
        found = self.get_queryset().filter(pk=pk).first()
        if found is None:
            raise Http404  # outside the user's regions: not revealed
        return found

    @extend_schema(summary="Commitment: its signed document (PDF)",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        commitment = self.get_object()
        if not commitment.document:
            raise NotFound(_("The commitment %(commitment)s has no signed document yet.") % {
                "commitment": commitment}, code="no_document")
        response = stored_file_response(commitment.document, content_type="application/pdf",
                                        filename=commitment.document_name or "dokumen.pdf",
                                        as_attachment=False)
        audit_log(actor=request.user, action=Action.DOWNLOAD, obj=commitment,
                  note=commitment.document_name)
        return response

    @_upload_schema("Commitment: upload its signed document (PDF)")
    def put(self, request, pk):
        return writes.idempotent(request, lambda: self.upload(request))

    @_upload_schema("Commitment: upload its signed document (PDF), as PUT")
    def post(self, request, pk):
        return writes.idempotent(request, lambda: self.upload(request))

    def upload(self, request) -> Response:

        commitment = self.get_object()  # outside the user's regions: 404
        if not allows(request.user, Cap.WRITE_COMMITMENTS, commitment.region):
            raise PermissionDenied(_("Your role may not change the documents of commitments."))
        ds = self.dataset
        writes._refuse_if_locked(ds, commitment.region, ds.period_key(commitment))
        data, files = request.data, request.FILES  # the body is read here, within the limit
        if self.limiter is not None and self.limiter.exceeded:
            raise too_large()
        unknown = sorted({*data.keys(), *files.keys()} - set(FIELDS))
        if unknown:
            raise ValidationError({k: [writes.unknown_field(k)] for k in unknown})
        upload = files.get("file")
        if upload is None:
            raise ValidationError({"file": [_(
                "Send the signed document as a PDF in the multipart field “file”.")]})
        confirm = str(data.get("confirm_warnings", "")).lower() in ("true", "1", "on")
        try:
            with transaction.atomic():
                commitment_update(actor=request.user, commitment=commitment, document=upload,
                                  confirm_warnings=confirm)
        except ConfirmationRequired as exc:
            raise writes.Conflict(writes.needs_confirmation(exc.warnings)) from None
        except DjangoValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the submission lock (checked again inside)
                raise writes.Conflict({"detail": " ".join(exc.messages), "code": "locked",
                                       "locked": True}) from None
            if any(e.code == "too_large" for e in exc.error_dict.get("document", [])):
                raise too_large() from None
            raise ValidationError({("file" if name == "document" else name): messages
                                   for name, messages in exc.message_dict.items()}) from None
        saved = self.get_queryset().get(pk=commitment.pk)
        serializer = self.get_serializer(saved, context={**self.get_serializer_context(),
                                                         "states": self.states([saved])})
        return Response(serializer.data)
