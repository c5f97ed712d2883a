"""Stored files (signed documents, forum attachments and evidence, reports) served through
scoped views, never as public media URLs. The view checks who may have the file and audits
the download; this opens it and builds the response."""

from __future__ import annotations

from django.http import FileResponse, Http404


def stored_file_response(field, *, filename: str, content_type: str,
                         as_attachment: bool = True) -> FileResponse:
    """The file behind a FileField as a response; 404 if its storage does not have it (the data
    folder, or the bucket with UCJ_STORAGE=s3: the app streams the object itself, never hands
    out its URL). The browser is told not to guess another type than the one stored."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment,
                            filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
