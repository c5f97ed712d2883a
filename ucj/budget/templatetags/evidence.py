"""The documents of an allocation on its page: {% load evidence %}{% allocation_documents record %}."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ucj.accounts.scope import Cap, allows
from ucj.budget import evidence
from ucj.budget.evidence_views import AllocationDocumentForm

register = template.Library()


@register.inclusion_tag("budget/_allocation_documents.html", takes_context=True)
def allocation_documents(context, allocation):
    user = context["request"].user
    can_edit = allows(user, Cap.WRITE_ALLOCATIONS, allocation.region)
    return {
        "allocation": allocation,
        "documents": list(evidence.documents_of(user, allocation)),
        "can_edit": can_edit,
        "form": AllocationDocumentForm(allocation=allocation, auto_id="id_doc_%s")
        if can_edit else None,
        "csrf_token": context.get("csrf_token"),
        "max_mb": evidence.max_document_mb(),
    }


@register.simple_tag
def sp2d_summary(allocation) -> str:
    return evidence.evidence_summary(allocation)


@register.filter
def breakable(value) -> str:
    """A long document number (0010/SP2D-LS/5203/2025) that may wrap after its slashes."""
    return mark_safe(escape(value or "").replace("/", "/<wbr>"))


@register.simple_tag(takes_context=True)
def realization_documents(context, realization) -> list:
    """The documents of the realization's allocation that belong to this payment."""
    user = context["request"].user
    return [d for d in evidence.documents_of(user, realization.allocation)
            if d.realization_id == realization.pk]
