"""Template filters of the forum pages: ``{% load forums %}``."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ucj.core.formatting import format_decimal, format_int
from ucj.forums.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Minutes, agenda, decisions: Markdown as sanitized HTML."""
    return render_markdown(text)


@register.filter
def ukuran(size):
    """A file size as people read it: 820 B, 350 KB, 1,2 MB (decimal comma in Indonesian)."""
    if size is None or size == "":
        return "–"
    size = int(size)
    if size < 1024:
        return _("%(n)s B") % {"n": format_int(size)}
    if size < 1024 * 1024:
        return _("%(n)s KB") % {"n": format_int(round(size / 1024))}
    return _("%(n)s MB") % {"n": format_decimal(size / 1024 / 1024, 1)}


@register.simple_tag
def meeting_when(meeting, today):
    """A meeting's badge for a local date: "today" all day on its date (whatever its start
    time), "upcoming" before it, nothing once it is past."""
    timing = meeting.timing(today)
    if timing == "today":
        return format_html('<span class="badge badge-green meeting-when">{}</span>', _("today"))
    if timing == "upcoming":
        return format_html('<span class="badge badge-info meeting-when">{}</span>',
                           _("upcoming"))
    return ""
