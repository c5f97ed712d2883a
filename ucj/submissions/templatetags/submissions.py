from django import template

from ucj.submissions import display

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
