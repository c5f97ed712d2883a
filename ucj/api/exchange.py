"""The BPJS exchange through the API (issue 18): the participant file pushed by a BPJS branch,
its state, and the registration file of funded workers pulled as CSV. Each goes through what
the pages use, so the checks, the scoping and the audit are the pages' own:

* ``POST /api/v1/registry/participants/`` (multipart ``file``, optional ``mapping``): the page's
  form (``ParticipantUploadForm``) and ``registry.services.file_upload`` (kind participants:
  ``Cap.UPLOAD_PARTICIPANTS``, the type, layout and NIK checks, the UPLOAD audit row), then
  ``participants_task`` after the commit, as ``registry_participants_upload`` does. The rows
  carry their regency (``region_code``); rows outside the uploader's regions are set aside and
  counted by ``participants_process`` (per region, ``Cap.UPLOAD_PARTICIPANTS`` in each). The
  size is checked from ``Content-Length`` before the body is read (413), and again by the
  service on the bytes received.
* ``GET /api/v1/registry/participants/`` and ``…/{id}/``: the uploader's own files and their
  state (queued, needs_mapping, processed, failed) with the summary; another user's file → 404
  (``scope.can_read_upload``, as the mapping page).
* ``GET /api/v1/registry/registration/{allocation_id}/``: the page's own view
  (``registry.views.registration_file``): the allocation's region in scope (else 404), full
  NIKs only with ``Cap.READ_PERSONS`` there (else 403), the EXPORT audit row, the same CSV.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from ucj.accounts.scope import Cap, can_read_upload
from ucj.api.errors import TooLarge
from ucj.api.permissions import HasCap, SignedIn
from ucj.api.writes import idempotent
from ucj.registry import services
from ucj.registry.models import Kind, SourceFile
from ucj.registry.views import ParticipantUploadForm, registration_file

# room for the multipart envelope around the file (boundaries, the other fields)
ENVELOPE_BYTES = 64 * 1024


# --- the participant file ------------------------------------------------------------------------

def state_of(source: SourceFile) -> str:
    if source.error:
        return "failed"
    if source.processed_at is not None:
        return "processed"
    if not source.path:
        return "discarded"  # refused after it was stored (its columns): upload it again
    if services.mapping_missing(source):
        return "needs_mapping"
    return "queued"


class ParticipantFileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    state = serializers.SerializerMethodField(
        help_text="queued (waiting for or in the background worker), processed, failed (see "
                  "error), discarded (refused: send it again), needs_mapping (sent from the "
                  "page, waiting for its columns there)")
    url = serializers.SerializerMethodField(help_text="where to follow its state")
    summary = serializers.DictField(
        help_text="once processed: rows, participants, active, rows set aside outside the "
                  "uploader's regions (outside_scope, outside_regions, outside_rows) or of no "
                  "known regency, funded workers tracked and changed, participation figures "
                  "updated; per region its participants")

    class Meta:
        model = SourceFile
        fields = ["id", "name", "state", "url", "sha256", "size", "rows", "error", "summary",
                  "uploaded_at", "processed_at"]

    def get_state(self, obj) -> str:
        return state_of(obj)

    def get_url(self, obj) -> str:
        path = reverse("api_registry_participant", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ParticipantUploadSerializer(serializers.Serializer):
    """The multipart body (for the schema; the page's form reads it)."""

    file = serializers.FileField(help_text="the BPJS participant file, CSV or .xlsx, with the "
                                           "columns nik, status, region_code (and segment, "
                                           "last_paid_month)")
    mapping = serializers.CharField(
        required=False, help_text='optional, a JSON object {"field": "column of the file"} '
                                  'when the header is not the standard one, e.g. {"nik": '
                                  '"NIK KTP", "status": "Status", "region_code": "Kode Kab"}')


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="the same key with the same file and mapping (for a day) replays the first "
                "answer without storing the file again; with another file: 422")


def _mapping(raw) -> dict | None:
    if raw in (None, ""):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in value.items()):
        raise ValidationError({"mapping": [_("The mapping must be a JSON object of field "
                                             "names and column names.")]})
    return value


class ParticipantFiles(generics.ListAPIView):
    """The participant files the user sent (newest first), and a new one: POST."""

    serializer_class = ParticipantFileSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_permissions(self):
        method = self.request.method if self.request is not None else "GET"
        if method not in SAFE_METHODS and hasattr(self, method.lower()):  # else: 405
            return [SignedIn(), HasCap(Cap.UPLOAD_PARTICIPANTS)()]
        return [SignedIn()]

    def get_queryset(self):
        return SourceFile.objects.filter(kind=Kind.PARTICIPANTS, uploaded_by=self.request.user)

    @extend_schema(summary="BPJS participant files: the ones you sent")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="BPJS participant file: send one",
        description="As the registry page's upload: CSV or .xlsx, at most "
                    "UCJ_REGISTRY_MAX_UPLOAD_BYTES; processed in the background; rows of "
                    "regions outside yours are set aside and counted in the summary.",
        request={"multipart/form-data": ParticipantUploadSerializer},
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: ParticipantFileSerializer,
            400: OpenApiResponse(description="no file, or a file refused: the reason in "
                                             "Indonesian, under file or mapping"),
            413: OpenApiResponse(description="larger than the limit (checked before reading)"),
            422: OpenApiResponse(description="the Idempotency-Key was used with another "
                                             "request"),
        })
    def post(self, request, *args, **kwargs):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or \
                int(length) > settings.UCJ_REGISTRY_MAX_UPLOAD_BYTES + ENVELOPE_BYTES:
            raise TooLarge({"file": [_("The file is larger than the limit.")]})

        multipart = (request.content_type or "").startswith("multipart/form-data")
        form = ParticipantUploadForm(request.POST if multipart else {},
                                     request.FILES if multipart else {})
        if not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors]
                                   for name, errors in form.errors.items()})
        upload = form.cleaned_data["file"]
        mapping = _mapping(request.POST.get("mapping") if multipart else None)
        # the writes' own idempotency: the same key and file replay the first answer, and a
        # request racing with the key replays it too (ucj.api.writes.idempotent)
        return idempotent(request, lambda: self._store(request, upload, mapping))

    def _store(self, request, upload, mapping) -> Response:
        """The page's path: store and check the file, its mapping, then process it after the
        commit (the background worker); nothing is kept of a refused file."""
        try:
            source = services.file_upload(actor=request.user, kind=Kind.PARTICIPANTS,
                                          upload=upload)
        except DjangoValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        try:
            if mapping is not None:
                services.mapping_set(actor=request.user, source=source, mapping=mapping)
            missing = services.mapping_missing(source)
            if missing:
                raise DjangoValidationError(_("Choose the column for: %(fields)s.") % {
                    "fields": ", ".join(missing)})
        except DjangoValidationError as exc:
            services.file_discard(source=source)
            raise ValidationError({"mapping": exc.messages}) from None
        source_id, user_id = str(source.pk), request.user.pk
        transaction.on_commit(lambda: services.participants_task.enqueue(source_id, user_id))
        body = ParticipantFileSerializer(source, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED,
                        headers={"Location": body["url"]})


class ParticipantFileDetail(generics.RetrieveAPIView):
    """One participant file you sent: its state and, once processed, its summary."""

    serializer_class = ParticipantFileSerializer

    @extend_schema(summary="BPJS participant file: its state",
                   parameters=[OpenApiParameter("id", OpenApiTypes.UUID,
                                                OpenApiParameter.PATH)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        import uuid

        try:
            pk = uuid.UUID(str(self.kwargs.get("pk", "")))
        except ValueError:
            raise Http404 from None
        source = SourceFile.objects.filter(pk=pk, kind=Kind.PARTICIPANTS).first()
        if source is None or not can_read_upload(self.request.user, source):
            raise Http404  # another user's file is not revealed
        return source


# --- the registration file -----------------------------------------------------------------------

class RegistrationFile(APIView):
    """The registration file of an allocation's funded workers for BPJS Ketenagakerjaan: the
    page's CSV (full NIK, name, birth date, sex, village, address, occupation, package, first
    month), for who reads persons in the allocation's region; every download is audited."""

    @extend_schema(
        summary="Registration file of funded workers (CSV)",
        parameters=[OpenApiParameter("allocation_id", OpenApiTypes.INT, OpenApiParameter.PATH,
                                     description="the allocation's id")],
        responses={(200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR, description="UTF-8 with a BOM; columns nik, nama, tanggal_lahir, "
                                          "jenis_kelamin, kode_desa, alamat, pekerjaan, paket, "
                                          "bulan_mulai")})
    def get(self, request, allocation_id: str):
        if not (allocation_id.isdigit() and len(allocation_id) <= 18):
            raise Http404

        # the page's view with the API's user: its scope (404), capability (403), audit, CSV
        return registration_file(request._request, allocation_id=int(allocation_id))

    def perform_content_negotiation(self, request, force=False):
        # the answer is the page's CSV; an error is JSON whatever the client accepts
        return super().perform_content_negotiation(request, force=True)
