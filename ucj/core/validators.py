from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ucj.core.formatting import format_decimal


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
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": format_decimal(upload.size / 1024 / 1024, 1),
               "limit": format_decimal(limit / 1024 / 1024, 1)},
            code="too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(position)
    if b"%PDF-" not in head[:1024]:
        raise ValidationError(
            _("The file “%(name)s” is named .pdf but is not a PDF document.") % {"name": name},
            code="pdf_content",
        )
