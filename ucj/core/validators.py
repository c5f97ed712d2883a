from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ucj.core.formatting import format_decimal


def _check_size(upload, name: str, limit: int) -> None:
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": format_decimal(upload.size / 1024 / 1024, 1),
               "limit": format_decimal(limit / 1024 / 1024, 1)},
            code="too_large")


def _has_pdf_signature(upload) -> bool:
    """Whether the first KB holds the ``%PDF-`` signature (the file position is kept)."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(position)
    return b"%PDF-" in head


def validate_pdf(upload) -> None:
    """A signed document must be a real PDF within the size limit."""
    limit = settings.UCJ_MAX_DOCUMENT_BYTES
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(
            _("The file “%(name)s” is not a PDF. Upload the signed document as a .pdf file.")
            % {"name": name.rsplit("/", 1)[-1]},
            code="pdf_extension",
        )
    _check_size(upload, name, limit)
    if not _has_pdf_signature(upload):
        raise ValidationError(
            _("The file “%(name)s” is named .pdf but is not a PDF document.") % {"name": name},
            code="pdf_content",
        )


def pdf_document_fields(document, *, field: str = "document") -> dict:
    """The fields to set for a newly uploaded signed PDF (``field`` and ``field``_name), after
    checking it is a PDF within the size limit; errors are the field's."""
    if document is None:
        return {}
    try:
        validate_pdf(document)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    return {field: document, f"{field}_name": document.name.rsplit("/", 1)[-1][:255]}


# Files of forums (meeting attachments, evidence of action items): PDF or a photo/scan.
ATTACHMENT_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
                    ".jpeg": "image/jpeg"}


def validate_attachment(upload) -> str:
    """A forum file must be a PDF, PNG or JPEG by its content, not only its name, non-empty and
    within ``UCJ_MAX_ATTACHMENT_BYTES``. Returns its content type."""
    limit = settings.UCJ_MAX_ATTACHMENT_BYTES
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = ATTACHMENT_TYPES.get(extension)
    if content_type is None:
        raise ValidationError(
            _("The file “%(name)s” is not a PDF, PNG or JPEG file.") % {"name": name},
            code="attachment_extension")
    _check_size(upload, name, limit)
    if content_type == "application/pdf":
        ok = _has_pdf_signature(upload)
    else:
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        ok = _is_image(upload)
        upload.seek(position)
    if not ok:
        raise ValidationError(
            _("The file “%(name)s” is named %(ext)s but its content is not of that type.")
            % {"name": name, "ext": extension}, code="attachment_content")
    return content_type


def _is_image(upload) -> bool:
    """Whether Pillow reads the file as a PNG or JPEG image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
            return image.format in {"PNG", "JPEG"}
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
