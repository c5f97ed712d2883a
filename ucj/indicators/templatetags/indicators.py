"""Template filters of the indicators: {% load indicators %}."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ucj.budget.models import Stage
from ucj.core.formatting import format_int, format_rupiah
from ucj.indicators.selectors import STATUS_LABELS
from ucj.indicators.selectors import shows_next_need as _shows_next_need

register = template.Library()


@register.filter
def status_light(status):
    """{{ "amber"|status_light }} → a coloured dot with the status name (or a dash)."""
    if status not in STATUS_LABELS:
        return mark_safe('<span class="muted">–</span>')  # a constant
    return format_html('<span class="light light-{}">● {}</span>', status, STATUS_LABELS[status])


@register.simple_tag
def stake_cell(s: dict) -> str:
    """One cell of the own-money table: a stage of ``own_budgeted_stages`` (amount, workers
    and months; none; or not yet asked for), and a drop from a year before."""
    from django.utils.translation import gettext as _


    if s["budgeted"]:
        body = format_html(
            '<span class="yes">✓ {}</span> {}<br><span class="small">{}</span>', _("yes"),
            format_rupiah(s["amount"]),
            _("%(n)s workers · %(m)s months") % {"n": format_int(s["workers"]),
                                                "m": s["months"]})
    elif s["due"]:
        body = format_html('<span class="no">✗ {}</span>', _("no own money"))
    else:
        body = format_html('<span class="muted">{}</span>', _("not yet due"))
    if s["dropped"]:
        body += format_html('<br><span class="no small">{}</span>', _(
            "down from %(n)s workers a year before") % {
            "n": format_int(s["workers_year_before"])})
    label = "APBD-P" if s["stage"] == Stage.PERUBAHAN else "APBD"
    return format_html('<td data-label="{} {}"><div class="stake">{}</div></td>', label,
                       s["fiscal_year"], body)


@register.simple_tag
def pair_rows(pair, month, no_links=False):
    """The body rows of the own-money table (``indicators/_pair.html``), built here rather
    than in the template: a province may have hundreds of regencies."""
    from django.urls import reverse
    from django.utils.html import format_html_join
    from django.utils.translation import gettext as _


    prefix = reverse("region_list")

    def name(region) -> str:
        if no_links:
            return format_html("{}", region.short_name)
        return format_html('<a href="{}{}/?bulan={}">{}</a>', prefix, region.code,
                           f"{month:%Y-%m}", region.short_name)

    region_label, light_label = _("Region"), _("Budgeting light")
    return format_html_join(
        "\n", '<tr><td data-label="{}">{}</td>{}<td data-label="{}">{}</td></tr>',
        ((region_label, name(row["region"]),
          mark_safe("".join(stake_cell(s) for s in row["stages"])),  # each escaped above
          light_label, status_light(row["budget_status"])) for row in pair))


@register.filter
def shows_next_need(month) -> bool:
    """{% if month|shows_next_need %}: a view of this month prices next year's APBD murni."""
    return _shows_next_need(month)
