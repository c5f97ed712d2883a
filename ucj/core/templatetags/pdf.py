"""``{% pdf_static 'ucj/print.css' %}``: the link of a PDF template to a static file, read
from the static sources whatever the storage and DEBUG (ucj/core/pdf.py)."""

from django import template

from ucj.core.pdf import pdf_static_url

register = template.Library()


@register.simple_tag
def pdf_static(name: str) -> str:
    return pdf_static_url(name)
