"""A choropleth map of regions as inline SVG, drawn on the server from the regions' GeoJSON
boundaries: for the PDF report (WeasyPrint draws SVG) and the public page (no JavaScript
needed). Values are ratios (e.g. coverage); colours come from a fixed sequential scale with
a legend, and regions without a value are grey and say so."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ucj.core.formatting import format_ratio_pct
from ucj.regions.models import Region

# Light to dark green: low coverage light, high coverage dark (colour-blind safe, prints grey).
SCALE = ["#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"]
NO_DATA = "#d9d9d9"


@dataclass
class Area:
    code: str
    name: str
    geometry: dict | None
    value: Decimal | None


def areas(values: list[tuple]) -> list[Area]:
    """Areas of (region, value) pairs, in the order given, their boundaries read in one query
    (pages usually load regions without their geometry)."""
    geometry = dict(Region.objects.filter(pk__in=[region.pk for region, _value in values])
                    .values_list("pk", "geometry"))
    return [Area(code=region.code, name=region.short_name, geometry=geometry.get(region.pk),
                 value=value) for region, value in values]


def _rings(geometry: dict) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def breaks(values: list[Decimal], classes: int = len(SCALE)) -> list[Decimal]:
    """Equal-width class limits over the values' range, rounded to whole percent points."""
    if not values:
        return []
    low, high = min(values), max(values)
    low = Decimal(math.floor(low * 100)) / 100
    high = Decimal(math.ceil(high * 100)) / 100
    if high <= low:
        high = low + Decimal("0.01")
    step = (high - low) / classes
    return [low + step * i for i in range(classes + 1)]


def _colour(value: Decimal | None, limits: list[Decimal]) -> str:
    if value is None or not limits:
        return NO_DATA
    for i in range(len(SCALE)):
        if value <= limits[i + 1]:
            return SCALE[i]
    return SCALE[-1]


def _signed_area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1],
                                                               strict=True)) / 2


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """The area centroid of a ring (the mean of its points if it has no area)."""
    area = _signed_area(ring)
    if abs(area) < 1e-9:
        return (sum(x for x, _y in ring) / len(ring), sum(y for _x, y in ring) / len(ring))
    pairs = list(zip(ring, ring[1:] + ring[:1], strict=True))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    return cx, cy


def choropleth_svg(areas: list[Area], *, width: int = 560, title: str = "",
                   legend_title: str = "") -> SafeString:
    """The map as an ``<svg>`` element with a ``<title>`` per region (a tooltip in browsers),
    the region names on the map and a legend of the classes."""
    rings = [(area, ring) for area in areas for ring in _rings(area.geometry)]
    points = [p for _area, ring in rings for p in ring]
    if not points:
        return mark_safe(f'<p class="muted">{escape(_("No boundaries to draw a map."))}</p>')
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    # Equirectangular projection, x shrunk by the cosine of the mid latitude.
    shrink = math.cos(math.radians((min_y + max_y) / 2))
    span_x, span_y = (max_x - min_x) * shrink or 1, (max_y - min_y) or 1
    margin = 8
    scale = (width - 2 * margin) / span_x
    map_height = span_y * scale + 2 * margin
    legend_height = 46
    height = map_height + legend_height

    def xy(point) -> tuple[float, float]:
        return (margin + (point[0] - min_x) * shrink * scale, margin + (max_y - point[1]) * scale)

    values = [a.value for a in areas if a.value is not None]
    limits = breaks(values)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="choropleth" viewBox="0 0 {width} '
           f'{height:.0f}" width="{width}" height="{height:.0f}" role="img" '
           f'aria-label="{escape(title)}" font-family="DejaVu Sans, Noto Sans, Arial, sans-serif">']
    if title:
        out.append(f"<title>{escape(title)}</title>")
    for area in areas:
        parts = []
        for ring in _rings(area.geometry):
            coords = [xy(p) for p in ring]
            if len(coords) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + "Z")
        if not parts:
            continue
        shown = format_ratio_pct(area.value) if area.value is not None else _("no data")
        out.append(f'<path d="{"".join(parts)}" fill="{_colour(area.value, limits)}" '
                   f'stroke="#5f6f67" stroke-width="0.6" data-code="{escape(area.code)}">'
                   f"<title>{escape(area.name)}: {escape(shown)}</title></path>")
    for area in areas:  # labels on top of every shape, at the centre of the largest ring
        rings_xy = [[xy(p) for p in ring] for ring in _rings(area.geometry) if len(ring) >= 3]
        if not rings_xy:
            continue
        cx, cy = _centroid(max(rings_xy, key=lambda r: abs(_signed_area(r))))
        # A white halo under the name: a stroked copy beneath it (WeasyPrint ignores
        # paint-order, so the halo is its own element).
        place = f'x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" font-size="9"'
        out.append(f'<text {place} fill="#ffffff" stroke="#ffffff" stroke-width="2.2">'
                   f"{escape(area.name)}</text>"
                   f'<text {place} fill="#17201c">{escape(area.name)}</text>')
    # legend
    y = map_height + 6
    if legend_title:
        out.append(f'<text x="{margin}" y="{y + 9:.0f}" font-size="10" fill="#48534e">'
                   f"{escape(legend_title)}</text>")
    box = (width - 2 * margin - 70) / (len(SCALE) + 1)
    x0 = margin
    for i, colour in enumerate(SCALE if limits else []):
        x = x0 + i * box
        out.append(f'<rect x="{x:.1f}" y="{y + 14:.0f}" width="{box - 2:.1f}" height="10" '
                   f'fill="{colour}" stroke="#b9c4be" stroke-width="0.5"/>')
        out.append(f'<text x="{x:.1f}" y="{y + 36:.0f}" font-size="8.5" fill="#48534e">'
                   f"{escape(format_ratio_pct(limits[i]))}</text>")
    if limits:
        x = x0 + len(SCALE) * box
        out.append(f'<text x="{x - box:.1f}" y="{y + 36:.0f}" font-size="8.5" fill="#48534e" '
                   f'dx="{box - 2:.1f}" text-anchor="end">{escape(format_ratio_pct(limits[-1]))}'
                   f"</text>")
        out.append(f'<rect x="{x + 6:.1f}" y="{y + 14:.0f}" width="{box - 2:.1f}" height="10" '
                   f'fill="{NO_DATA}"/>')
        out.append(f'<text x="{x + 6:.1f}" y="{y + 36:.0f}" font-size="8.5" fill="#48534e">'
                   f"{escape(_('no data'))}</text>")
    out.append("</svg>")
    return mark_safe("".join(out))
