from django import template

from ucj.accounts.scope import Cap, allows
from ucj.submissions import display
from ucj.submissions.selectors import inbox_count as count

register = template.Library()


@register.filter
def approval_badge(state):
    """{{ state|approval_badge }} → "not approved · draft" badge."""
    return display.approval_badge(state)


@register.filter
def state_badge(state):
    """{{ state|state_badge }} → "draft" badge (where the context already says "approval")."""
    return display.approval_badge(state, long=False)


@register.filter
def periode(period):
    """{{ "2025-06"|periode }} → "Juni 2025"."""
    return display.period_display(period)


@register.simple_tag(takes_context=True)
def inbox_count(context):
    """{% inbox_count as n %}: submissions waiting for the user's approval (one query), None for
    who does not approve (the menu shows no inbox then)."""

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not allows(user, Cap.APPROVE_SUBMISSIONS):
        return None
    return count(user)
