"""``{% chart spec "label" %}`` and ``{% region_map map_data "label" %}``: a chart or the
dashboard's map drawn on the server as inline SVG (``ucj/core/webcharts.py``)."""

from __future__ import annotations

from django import template

from ucj.core import webcharts

register = template.Library()


@register.simple_tag
def chart(spec, label="", width=0):
    return webcharts.chart_html(spec, str(label), int(width))


@register.simple_tag
def region_map(data, label=""):
    return webcharts.map_html(data, str(label))
