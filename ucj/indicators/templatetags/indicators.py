"""Template filters of the indicators: {% load indicators %}."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ucj.indicators.selectors import STATUS_LABELS

register = template.Library()


@register.filter
def status_light(status):
    """{{ "amber"|status_light }} → a coloured dot with the status name (or a dash)."""
    if status not in STATUS_LABELS:
        return mark_safe('<span class="muted">–</span>')  # a constant
    return format_html('<span class="light light-{}">● {}</span>', status, STATUS_LABELS[status])
