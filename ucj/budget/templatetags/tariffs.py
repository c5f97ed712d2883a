"""Template filters of the tariffs: {% load tariffs %}."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from ucj.core.formatting import format_decimal, format_rupiah

register = template.Library()


@register.filter
def percent_text(value, whole: str = "") -> str:
    """9.600 → "9,60%", 0.245 → "0,245%" (two decimals, three when the third is not zero);
    with ``percent_text:"whole"`` a whole number without decimals (50.00 → "50%")."""
    if value is None:
        return "–"
    value = Decimal(value)
    if whole and value == value.to_integral_value():
        return format_decimal(value, 0) + "%"
    return format_decimal(value, 2 if value == value.quantize(Decimal("0.01")) else 3) + "%"


@register.filter
def tariff_value(rate) -> str:
    """What a rate costs: "Rp 16.800" (per worker per month) or "9,60% of the wage"."""
    if rate.monthly_amount is not None:
        return format_rupiah(rate.monthly_amount)
    text = _("%(percent)s of the wage") % {"percent": percent_text(rate.percent_of_wage)}
    if rate.capped_percent_of_wage is not None:
        text += " " + _("+ %(percent)s of the wage up to %(cap)s") % {
            "percent": percent_text(rate.capped_percent_of_wage),
            "cap": format_rupiah(rate.wage_cap)}
    return text


@register.filter
def relief_value(discount) -> str:
    """What a discount takes off: "−50% of Rp 16.800 (JKK + JKM)" or "−50%"."""
    text = "−" + percent_text(discount.percent, "whole")
    if discount.base_amount is not None:
        text += " " + _("of %(amount)s a month") % {"amount": format_rupiah(discount.base_amount)}
    return text
