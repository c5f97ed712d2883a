"""Uploads through the API, bounded before the body is read: a declared size over the limit
answers 413 at once, and a body without a declared size is cut off at the limit while it
arrives (never read whole first). Used by every API view that takes a file."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

FORM_OVERHEAD = 64 * 1024  # a multipart body's boundaries, headers and its small fields


class LimitedUpload(FileUploadHandler):
    """Counts the bytes of the uploaded files as they arrive and stops reading past the limit
    (for a body whose size was not declared)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers (memory or a temporary file) keep the file


class BoundedUploadMixin:
    """For a DRF view: at most ``settings.<upload_limit_setting>`` bytes in ``upload_methods``;
    ``too_large_error`` makes the view's 413 (its message names the file and the limit)."""

    upload_methods: tuple[str, ...] = ("POST",)
    upload_limit_setting: str  # e.g. "UCJ_MAX_IMPORT_BYTES"
    too_large_error: Callable[[], Exception]
    limiter: LimitedUpload | None = None

    def initial(self, request, *args, **kwargs):
        if request.method in self.upload_methods:  # before anything reads the body
            limit = getattr(settings, self.upload_limit_setting)
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > limit + FORM_OVERHEAD:
                raise self.too_large_error()
            django_request = request._request
            self.limiter = LimitedUpload(django_request, limit)
            django_request.upload_handlers = [self.limiter, *django_request.upload_handlers]
        super().initial(request, *args, **kwargs)
