"""Realization with evidence (issue 17): the PDFs kept for an allocation (its DPA page, the BPJS
invoices, the SP2Ds), the SP2D figures of a region's payments, and the demo's SP2D numbers.

Who may do what: a document is read by whoever reads its allocation (the region in scope:
``visible``); it is added and removed by whoever may edit the allocation
(``Cap.WRITE_ALLOCATIONS`` in the allocation's region: the region's operator, the province
admin). Every upload, download and removal is audited. A file is checked before it is read:
its size (as received, never as declared) against ``settings.UCJ_MAX_DOCUMENT_BYTES``, then its
name and first bytes as a PDF; a refused file stores nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from ucj.accounts.scope import Cap, can_read, require, visible
from ucj.audit.models import Action
from ucj.audit.services import audit_log, diff, snapshot
from ucj.budget.models import (
    Allocation,
    AllocationDocument,
    DocumentKind,
    Realization,
)
from ucj.core.formatting import format_decimal, format_int
from ucj.core.validators import validate_pdf

# --- documents ---------------------------------------------------------------------------------


def documents_of(user, allocation: Allocation):
    """The documents of an allocation the user may read (all of them, or none)."""
    return (visible(user, AllocationDocument.objects.filter(allocation=allocation),
                    path="allocation__region")
            .select_related("realization", "uploaded_by").order_by("kind", "-uploaded_at", "-pk"))


def readable_document(user, pk: int) -> AllocationDocument | None:
    return (visible(user, AllocationDocument.objects.select_related("allocation__region"),
                    path="allocation__region").filter(pk=pk).first())


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def allocation_document_add(*, actor, allocation: Allocation, kind: str, upload,
                            realization: Realization | None = None) -> AllocationDocument:
    """Keep a PDF as evidence of an allocation (optionally of one of its realizations)."""
    require(actor, Cap.WRITE_ALLOCATIONS, allocation.region)
    errors = {}
    if kind not in DocumentKind.values:
        errors["kind"] = _("Choose what the document is.")
    if realization is not None and realization.allocation_id != allocation.pk:
        errors["realization"] = _("The realization belongs to another allocation.")
    if upload is None:
        errors["file"] = _("Choose a PDF file.")
    else:
        try:
            validate_pdf(upload)  # the size first, then the name and the first bytes
        except ValidationError as exc:
            errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    name = (upload.name or "dokumen.pdf").replace("\\", "/").rsplit("/", 1)[-1][:255]
    document = AllocationDocument(
        allocation=allocation, kind=kind, realization=realization, original_name=name,
        size=upload.size, sha256=_sha256(upload), uploaded_by=actor)
    document.file = upload
    document.full_clean(exclude=["file", "allocation", "realization", "uploaded_by"])
    document.save()
    try:
        audit_log(actor=actor, action=Action.UPLOAD, obj=document, region=allocation.region,
                  object_repr=f"{allocation} · {document}",
                  changes=diff(None, _document_snapshot(document)),
                  note=f"sha256 {document.sha256}, {document.size} bytes")
    except Exception:
        document.file.storage.delete(document.file.name)  # nothing stored when refused
        raise
    return document


def _document_snapshot(document: AllocationDocument) -> dict:
    values = snapshot(document)
    values.pop("file", None)  # the storage path is internal
    return values


@transaction.atomic
def allocation_document_delete(*, actor, document: AllocationDocument) -> None:
    """Remove a document (the file goes once the removal is committed)."""
    allocation = document.allocation
    require(actor, Cap.WRITE_ALLOCATIONS, allocation.region)
    audit_log(actor=actor, action=Action.DELETE, obj=document, region=allocation.region,
              object_repr=f"{allocation} · {document}",
              changes=diff(_document_snapshot(document), None))
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def document_download_logged(*, actor, document: AllocationDocument) -> None:
    audit_log(actor=actor, action=Action.DOWNLOAD, obj=document,
              region=document.allocation.region,
              object_repr=f"{document.allocation} · {document}", note=document.original_name)


# --- the SP2D figures of a region's payments ---------------------------------------------------

def sp2d_by_month(user, region, year: int, until: dt.date) -> dict[dt.date, dict]:
    """Per month paid (of ``year``, up to ``until``): the amount paid with an SP2D recorded and,
    for a user whose scope holds the region, the SP2D and invoice numbers (records are read
    only within scope; the amounts are aggregates)."""
    rows = (Realization.objects.filter(allocation__region=region, allocation__fiscal_year=year,
                                       month__lte=until)
            .values("month")
            .annotate(with_sp2d=Sum("amount_paid", filter=~Q(sp2d_number="")))
            .order_by("month"))
    result = {r["month"]: {"with_sp2d": r["with_sp2d"] or 0, "sp2d": [], "invoices": []}
              for r in rows}
    if can_read(user, region):
        for month, sp2d, invoice in (
                Realization.objects.filter(allocation__region=region,
                                           allocation__fiscal_year=year, month__lte=until)
                .order_by("month", "allocation__stage", "allocation__funding_source", "pk")
                .values_list("month", "sp2d_number", "invoice_number")):
            entry = result[month]
            if sp2d and sp2d not in entry["sp2d"]:
                entry["sp2d"].append(sp2d)
            if invoice and invoice not in entry["invoices"]:
                entry["invoices"].append(invoice)
    return result


def evidence_summary(allocation: Allocation) -> str:
    """'3 of 4 payments with an SP2D' for the allocation's page."""
    total = allocation.realizations.count()
    with_sp2d = allocation.realizations.exclude(sp2d_number="").count()
    return _("%(with)s of %(total)s payments with an SP2D") % {
        "with": format_int(with_sp2d), "total": format_int(total)}


# --- the demo ----------------------------------------------------------------------------------

def demo_add_evidence(realizations, *, last_month: dt.date, today: dt.date | None = None) -> None:
    """Give most demo realizations (unsaved ``Realization`` objects, each with its allocation
    and region attached) an SP2D number and date and the BPJS invoice they pay; leave some
    without (the latest month of a third of the regions, and about one payment in twelve), so
    that the list's "without SP2D" filter shows something. Deterministic without touching the
    demo's random generator: the choice is a checksum of region, fund and month."""
    from django.utils import timezone

    today = today or timezone.localdate()
    serial: dict[tuple[str, int], int] = {}
    for realization in realizations:
        allocation = realization.allocation
        code, month = allocation.region.code, realization.month
        mark = zlib.crc32(f"{code}|{allocation.stage}|{allocation.funding_source}|"
                          f"{allocation.payer}|{month:%Y-%m}".encode())
        if mark % 12 == 0 or (month == last_month and zlib.crc32(code.encode()) % 3 == 0):
            continue
        invoice_date = month.replace(day=1) - dt.timedelta(days=5)  # BPJS bills ahead
        sp2d_date = month.replace(day=8 + mark % 12)
        if sp2d_date > today:
            continue
        key = (code, month.year)
        serial[key] = serial.get(key, 0) + 1
        region_digits = code.replace(".", "")
        realization.invoice_number = f"TAG/{region_digits}/{month:%Y%m}/{mark % 10000:04d}"
        realization.invoice_date = invoice_date
        realization.sp2d_number = (f"{serial[key]:04d}/SP2D-LS/{region_digits}/{month.year}")
        realization.sp2d_date = sp2d_date


def max_document_mb() -> str:
    from django.conf import settings


    return format_decimal(settings.UCJ_MAX_DOCUMENT_BYTES / 1024 / 1024, 1)
