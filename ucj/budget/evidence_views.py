"""The documents of an allocation (issue 17): upload, download, removal. The allocation's page
(``budget/allocation_extra.html``) lists them and holds the upload form; the rules are in
``ucj.budget.evidence``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.scope import Cap, require, visible
from ucj.budget import evidence
from ucj.budget.models import Allocation, DocumentKind, Realization
from ucj.core.downloads import stored_file_response


class AllocationDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=DocumentKind.choices)
    realization = forms.ModelChoiceField(
        label=gettext_lazy("realization"), queryset=Realization.objects.none(), required=False,
        empty_label=gettext_lazy("(the allocation as a whole)"))
    file = forms.FileField(
        label=gettext_lazy("file (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))

    def __init__(self, *args, allocation: Allocation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["realization"]
        field.queryset = allocation.realizations.order_by("month")
        field.label_from_instance = lambda r: (
            f"{r.month:%m/%Y}" + (f" · SP2D {r.sp2d_number}" if r.sp2d_number else ""))


def _allocation_page(allocation_pk: int):
    return redirect("record_detail", dataset="allocations", pk=allocation_pk)


def _readable_allocation(user, pk: int) -> Allocation:
    allocation = visible(user, Allocation.objects.select_related("region"),
                         path="region").filter(pk=pk).first()
    if allocation is None:
        raise Http404
    return allocation


@login_required
@require_POST
def allocation_document_upload(request, pk: int):
    """Keep a PDF for an allocation: 404 outside the user's scope, 403 without the right to
    edit the allocation; a refused file (too large, not a PDF) stores nothing."""
    allocation = _readable_allocation(request.user, pk)
    require(request.user, Cap.WRITE_ALLOCATIONS, allocation.region)
    form = AllocationDocumentForm(request.POST, request.FILES, allocation=allocation)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("The document was not kept: %(error)s") % {
                    "error": error})
        return _allocation_page(allocation.pk)
    try:
        document = evidence.allocation_document_add(
            actor=request.user, allocation=allocation, kind=form.cleaned_data["kind"],
            realization=form.cleaned_data["realization"], upload=form.cleaned_data["file"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, _("The document was not kept: %(error)s") % {
                "error": message})
    else:
        messages.success(request, _("Document kept: %(name)s.") % {
            "name": document.original_name})
    return _allocation_page(allocation.pk)


@login_required
@require_safe
def allocation_document_download(request, pk: int):
    """A document, for users who may see its allocation (404 otherwise); audited."""
    document = evidence.readable_document(request.user, pk)
    if document is None:
        raise Http404
    response = stored_file_response(document.file, content_type="application/pdf",
                                    filename=document.original_name, as_attachment=False)
    evidence.document_download_logged(actor=request.user, document=document)
    return response


@login_required
@require_POST
def allocation_document_delete(request, pk: int):
    """Remove a document: whoever may edit its allocation; audited."""
    document = evidence.readable_document(request.user, pk)
    if document is None:
        raise Http404
    require(request.user, Cap.WRITE_ALLOCATIONS, document.allocation.region)
    name, allocation_pk = document.original_name, document.allocation_id
    evidence.allocation_document_delete(actor=request.user, document=document)
    messages.success(request, _("Document removed: %(name)s.") % {"name": name})
    return _allocation_page(allocation_pk)
