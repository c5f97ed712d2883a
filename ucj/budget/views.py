from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from ucj.accounts.scope import visible
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget.models import Commitment


@login_required
def commitment_document(request, pk: int):
    """The signed document of a commitment, for users who may see the commitment."""
    commitment = visible(request.user, Commitment.objects.select_related("region")).filter(
        pk=pk).first()
    if commitment is None or not commitment.document:
        raise Http404
    try:
        handle = commitment.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_log(actor=request.user, action=Action.DOWNLOAD, obj=commitment,
              note=commitment.document_name)
    return FileResponse(handle, content_type="application/pdf", as_attachment=False,
                        filename=commitment.document_name or "dokumen.pdf")
