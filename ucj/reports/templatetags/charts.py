"""``{% chart spec "label" %}`` and ``{% region_map map_data "label" %}``: a chart or the
dashboard's map drawn on the server as inline SVG (``ucj/reports/webcharts.py``).

A drawing depends only on what it is drawn from (the spec or the map data, the label, the
width, the language), so it is kept in the cache under a digest of those: drawing the
dashboard's charts twice (desktop and phone) cost more CPU than the rest of the page, and the
load benchmark (50 users) saturated on it. A changed figure changes the digest, so nothing
stale is ever served."""

from __future__ import annotations

import hashlib
import json

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ucj.reports import webcharts

register = template.Library()
TIMEOUT = 600


def _cached(kind: str, data, label: str, width: int, draw) -> str:
    raw = json.dumps([kind, data, label, width, get_language()], sort_keys=True, default=str)
    key = "ucj:chart:" + hashlib.sha256(raw.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(draw())
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 - drawn by webcharts, every text escaped there


@register.simple_tag
def chart(spec, label="", width=0):
    label, width = str(label), int(width)
    return _cached("chart", spec, label, width, lambda: webcharts.chart_html(spec, label, width))


@register.simple_tag
def region_map(data, label=""):
    label = str(label)
    return _cached("map", data, label, 0, lambda: webcharts.map_html(data, label))
