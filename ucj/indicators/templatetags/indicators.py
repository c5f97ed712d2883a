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


@register.simple_tag
def pair_rows(pair, month, no_links=False):
    """The body rows of the own-money table (``indicators/_pair.html``), built here rather
    than in the template: a province may have hundreds of regencies."""
    from django.urls import reverse
    from django.utils.html import format_html_join
    from django.utils.translation import gettext as _

    from ucj.core.formatting import format_int, format_rupiah

    prefix = reverse("region_list")
    yes, none, later = _("yes"), _("no own money"), _("not yet due")

    def stake(s) -> str:
        if s["budgeted"]:
            body = format_html(
                '<span class="yes">✓ {}</span> {}<br><span class="small">{}</span>', yes,
                format_rupiah(s["amount"]),
                _("%(n)s workers · %(m)s months") % {"n": format_int(s["workers"]),
                                                    "m": s["months"]})
        elif s["due"]:
            body = format_html('<span class="no">✗ {}</span>', none)
        else:
            body = format_html('<span class="muted">{}</span>', later)
        if s["dropped"]:
            body += format_html('<br><span class="no small">{}</span>', _(
                "down from %(n)s workers a year before") % {
                "n": format_int(s["workers_year_before"])})
        label = "APBD-P" if s["stage"] == "perubahan" else "APBD"
        return format_html('<td data-label="{} {}"><div class="stake">{}</div></td>', label,
                           s["fiscal_year"], body)

    def name(region) -> str:
        if no_links:
            return format_html("{}", region.short_name)
        return format_html('<a href="{}{}/?bulan={}">{}</a>', prefix, region.code,
                           f"{month:%Y-%m}", region.short_name)

    region_label, light_label = _("Region"), _("Budgeting light")
    return format_html_join(
        "\n", '<tr><td data-label="{}">{}</td>{}<td data-label="{}">{}</td></tr>',
        ((region_label, name(row["region"]), mark_safe("".join(stake(s) for s in row["stages"])),
          light_label, status_light(row["budget_status"])) for row in pair))
