from django import template

from ucj.core import formatting
from ucj.core.datasets import _REGISTRY

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Rp 1.234.567 on a page: the space after "Rp" does not break (issue 19), so a narrow
    column never leaves "Rp" on one line and the number on the next."""
    return formatting.format_rupiah(value).replace(" ", "\u00a0")


register.filter("angka", formatting.format_int)
register.filter("bulan", formatting.format_month)
register.filter("tanggal", formatting.format_date)
register.filter("durasi", formatting.format_duration)


@register.filter
def persen(ratio, places=1):
    return formatting.format_ratio_pct(ratio, int(places))


@register.filter
def desimal(value, places=2):
    return formatting.format_decimal(value, int(places))



@register.filter
def persen_target(ratio):
    """A target percentage with its decimals only when it has them: 62,22% / 50%."""
    return formatting.format_ratio_pct(ratio, 2).replace(",00%", "%").replace(".00%", "%")


@register.filter
def dataset_label(slug: str) -> str:
    """A dataset's name from its slug ("participation" → "Kepesertaan")."""

    ds = _REGISTRY.get(slug)
    return str(ds.label) if ds else slug


@register.filter
def get_item(mapping, key):
    """{{ labels|get_item:code }}: a dictionary's value in a template."""
    return mapping.get(key, key) if hasattr(mapping, "get") else key
