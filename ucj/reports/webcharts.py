"""The charts and the map of the web pages, drawn on the server as inline SVG (issue 19, item
4): no chart library in the browser. The views describe a chart as before — ``{"traces":
[...], "layout": {...}}`` with line (``scatter``), ``bar`` and ``funnel`` traces over
categories (months ``YYYY-MM``, regions, steps), percent or Rupiah on the value axis — and
``{% chart %}`` (``ucj/reports/templatetags/charts.py``) draws it here, twice: at desktop size
and narrower for phones (CSS shows one). The map draws the dashboard's ``map_data``.

What the reader gets without any script: every point and bar carries a ``<title>`` (the
browser's tooltip: series, month or region, value in Indonesian formats), every region of the
map is a link to its page, the legend names each series, and the page has the same figures in a
table. ``ucj/static/ucj/charts.js`` only adds the legend's show/hide toggles. The axis and
number helpers are those of the monev PDF's charts (``ucj/reports/charts.py``, ``svgmap.py``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ucj.core.formatting import format_decimal, format_month, format_rupiah
from ucj.reports import svgmap
from ucj.reports.charts import AXIS, GRID, INK, MUTED, _scale_max, short_rupiah

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
# Series without a colour of their own (the regions chosen on the dashboard's trend).
PALETTE = ["#1570ef", "#7a5af8", "#c11574", "#0e7090", "#93370d", "#4e5ba6", "#3f621a"]
STATUS_FILL = {0: "#d92d20", 1: "#f79009", 2: "#12b76a"}  # red, amber, green
CHAR = 0.62  # width of an average character, in font sizes (a generous guess)


@dataclass
class Size:
    """One drawing of a chart: the SVG's width (and height of a plot), its font size."""

    width: int
    height: int
    font: float
    name: str  # "wide" | "narrow": the CSS class that shows it at that screen width


WIDE = Size(640, 300, 12, "wide")
NARROW = Size(360, 260, 11, "narrow")
MAP_WIDE = Size(760, 0, 12, "wide")


@dataclass
class Series:
    name: str
    kind: str  # line | bar
    values: list[float | None]
    colour: str
    dashed: bool = False
    markers: bool = False
    width: float = 2.0
    index: int = 0


@dataclass
class Chart:
    labels: list[str]  # the categories as the axis shows them
    long_labels: list[str]  # … and as a tooltip says them
    series: list[Series] = field(default_factory=list)
    unit: str = "number"  # pct (values in percent) | rupiah | number


def _month(text: str) -> dt.date | None:
    try:
        return dt.date(int(text[:4]), int(text[5:7]), 1) if len(text) == 7 and text[4] == "-" \
            else None
    except ValueError:
        return None


def _labels(xs: list) -> tuple[list[str], list[str]]:
    """Axis and tooltip labels of the categories: months as ``Jun 2025`` / ``Juni 2025``."""
    months = [_month(str(x)) for x in xs]
    if xs and all(months):
        return [date_format(m, "M Y") for m in months], [format_month(m) for m in months]
    return [str(x) for x in xs], [str(x) for x in xs]


def parse(spec: dict) -> Chart:
    """The chart a view described (the line and bar traces over one set of categories)."""
    traces = [t for t in spec.get("traces", []) if t.get("type") in ("scatter", "bar")]
    xs = next((list(t.get("x") or []) for t in traces if t.get("x")), [])
    yaxis = (spec.get("layout") or {}).get("yaxis") or {}
    unit = ("pct" if yaxis.get("ticksuffix") == "%" else
            "rupiah" if "Rp" in str(yaxis.get("tickprefix", "")) else "number")
    labels, long_labels = _labels(xs)
    chart = Chart(labels=labels, long_labels=long_labels, unit=unit)
    spare = iter(PALETTE * 4)
    for index, trace in enumerate(traces):
        line, marker = trace.get("line") or {}, trace.get("marker") or {}
        values = [None if v is None else float(v) for v in trace.get("y") or []]
        values = (values + [None] * len(xs))[:len(xs)]
        chart.series.append(Series(
            name=str(trace.get("name", "")), kind="bar" if trace["type"] == "bar" else "line",
            values=values, colour=line.get("color") or marker.get("color") or next(spare),
            dashed=line.get("dash") == "dash", markers="markers" in str(trace.get("mode", "")),
            width=float(line.get("width", 2)), index=index))
    return chart


def _value(value: float, unit: str) -> str:
    if unit == "pct":
        return format_decimal(Decimal(str(round(value, 4))), 1) + "%"
    if unit == "rupiah":
        return format_rupiah(int(round(value)))
    return format_decimal(Decimal(str(round(value, 4))), 0)


def _tick(value: float, step: float, unit: str) -> str:
    if unit == "pct":
        return format_decimal(Decimal(str(round(value, 6))), 0 if step >= 1 else 1) + "%"
    if unit == "rupiah":
        return short_rupiah(value)
    return format_decimal(Decimal(str(round(value, 6))), 0)


def _text_width(text: str, size: Size) -> float:
    return len(text) * size.font * CHAR


def _svg_open(size: Size, height: float, label: str, kind: str, role: str = "img") -> list[str]:
    """A chart is one image to assistive technology; the map, whose regions are links, is a
    group of them (an image's content is not read, nor may it hold links)."""
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{size.name}" '
            f'viewBox="0 0 {size.width} {height:.0f}" width="{size.width}" '
            f'height="{height:.0f}" role="{role}" aria-label="{escape(label)}" '
            f'font-family="{escape(FONT_FAMILY)}" font-size="{size.font}" '
            f'data-kind="{kind}"><title>{escape(label)}</title>']


def _scale(values: list[float]) -> tuple[float, float, float]:
    """(low, high, step) of a value axis that starts at 0 unless values go below it."""
    high = max(values + [0.0])
    low = min(values + [0.0])
    top, step = _scale_max((high - low) * 1.05 or 1.0)
    low = math.floor(low / step) * step if low < 0 else 0.0
    while low + top < high:
        top += step
    return low, low + top, step


def column_chart(chart: Chart, size: Size, label: str) -> str:
    """Lines and bars over the categories along the x axis (months)."""
    count = len(chart.labels)
    values = [v for s in chart.series for v in s.values if v is not None]
    height = size.height
    out = _svg_open(size, height, label, "columns")
    if not count or not values:
        out.append(f'<text x="{size.width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
                   f'fill="{MUTED}">{escape(_("no data"))}</text></svg>')
        return "".join(out)
    low, high, step = _scale(values)
    ticks = [low + step * i for i in range(int(round((high - low) / step)) + 1)]
    left = 12 + max(_text_width(_tick(t, step, chart.unit), size) for t in ticks)
    top, bottom = 10, size.font * 2.4
    # room on the right for half the last month's label (it is centred on its band)
    half_band = (size.width - left - 12) / count / 2
    right = max(12.0, _text_width(chart.labels[-1], size) / 2 + 2 - half_band)
    plot_w, plot_h = size.width - left - right, height - top - bottom
    band = plot_w / count

    def x_of(i: int) -> float:
        return left + band * (i + 0.5)

    def y_of(v: float) -> float:
        return top + plot_h * (1 - (v - low) / ((high - low) or 1))

    grid = "".join(f"M{left:.1f},{y_of(t):.1f}H{left + plot_w:.1f}" for t in ticks)
    out.append(f'<path d="{grid}" stroke="{GRID}" stroke-width="1"/>')
    out.extend(f'<text x="{left - 6:.1f}" y="{y_of(t) + size.font * 0.35:.1f}" '
               f'text-anchor="end" fill="{MUTED}">{escape(_tick(t, step, chart.unit))}</text>'
               for t in ticks)
    out.append(f'<line x1="{left:.1f}" y1="{y_of(max(low, 0)):.1f}" x2="{left + plot_w:.1f}" '
               f'y2="{y_of(max(low, 0)):.1f}" stroke="{AXIS}" stroke-width="1"/>')
    widest = max(_text_width(text, size) for text in chart.labels) + size.font
    every = max(1, math.ceil(widest / band))
    for i, text in enumerate(chart.labels):
        if (count - 1 - i) % every == 0:  # the last category always has its label
            out.append(f'<text x="{x_of(i):.1f}" y="{height - size.font * 0.8:.1f}" '
                       f'text-anchor="middle" fill="{MUTED}">{escape(text)}</text>')
    bars = [s for s in chart.series if s.kind == "bar"]
    bar_w = min(40.0, band * 0.8 / max(1, len(bars)))
    base = y_of(max(low, 0))
    for s in chart.series:
        out.append(f'<g class="series" data-series="{s.index}">')
        if s.kind == "bar":
            offset = bars.index(s) * bar_w - bar_w * len(bars) / 2
            out.extend(_bars(chart, s, x_of, y_of, base=base, offset=offset, width=bar_w))
        else:
            out.extend(_line(chart, s, x_of, y_of))
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _tooltip(chart: Chart, series, i: int, value: float) -> str:
    return (f"<title>{escape(series.name)} · {escape(chart.long_labels[i])}: "
            f"{escape(_value(value, chart.unit))}</title>")


def _bars(chart: Chart, series, x_of, y_of, *, base: float, offset: float,
          width: float) -> list[str]:
    """One bar series: a bar per category with a value, from the zero line."""
    out = []
    for i, v in enumerate(series.values):
        if v is None:
            continue
        y0, y1 = sorted((y_of(v), base))
        out.append(f'<rect x="{x_of(i) + offset + 0.5:.1f}" y="{y0:.1f}" '
                   f'width="{max(width - 1, 1):.1f}" height="{max(y1 - y0, 0.5):.1f}" '
                   f'fill="{series.colour}">{_tooltip(chart, series, i, v)}</rect>')
    return out


def _runs(values: list, x_of, y_of) -> list[list[tuple[float, float]]]:
    """The points of a line, broken where a value is missing."""
    runs: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
        else:
            runs[-1].append((x_of(i), y_of(v)))
    return [run for run in runs if run]


def _line(chart: Chart, series, x_of, y_of) -> list[str]:
    """One line series: its segments, its markers, and a tooltip target on each point."""
    dash = ' stroke-dasharray="6 4"' if series.dashed else ""
    out = []
    for segment in _runs(series.values, x_of, y_of):
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
        out.append(f'<polyline points="{coords}" fill="none" stroke="{series.colour}" '
                   f'stroke-width="{series.width:g}" stroke-linejoin="round"{dash}/>')
    for i, v in enumerate(series.values):
        if v is None:
            continue
        where = f'cx="{x_of(i):.1f}" cy="{y_of(v):.1f}"'
        if series.markers:
            out.append(f'<circle {where} r="3.5" fill="{series.colour}" class="marker"/>')
        # a larger transparent circle over each point: the tooltip's target
        out.append(f'<circle {where} r="7" fill="{series.colour}" fill-opacity="0" '
                   f'class="point">{_tooltip(chart, series, i, v)}</circle>')
    return out


def bar_rows_chart(chart: Chart, size: Size, label: str) -> str:
    """Bars along the x axis, one row of them per category (regions): the names stay
    readable however many there are."""
    count = len(chart.labels)
    values = [v for s in chart.series for v in s.values if v is not None]
    bars = chart.series
    bar_h = size.font * 0.95
    row_h = bar_h * len(bars) + size.font * 0.9
    top, bottom = 6, size.font * 2.2
    height = top + row_h * count + bottom
    out = _svg_open(size, height, label, "rows")
    if not count or not any(values):
        out.append(f'<text x="{size.width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
                   f'fill="{MUTED}">{escape(_("no data"))}</text></svg>')
        return "".join(out)
    low, high, step = _scale(values)
    ticks = [low + step * i for i in range(int(round((high - low) / step)) + 1)]
    tick_room = _text_width(_tick(ticks[-1], step, chart.unit), size) / 2 + 4
    left = 12 + max(_text_width(text, size) for text in chart.labels)
    plot_w = size.width - left - tick_room
    plot_h = row_h * count

    def x_of(v: float) -> float:
        return left + plot_w * (v - low) / ((high - low) or 1)

    # fewer ticks where their labels would touch
    every = max(1, math.ceil(max(_text_width(_tick(t, step, chart.unit), size) + 8
                                 for t in ticks) / (plot_w / max(1, len(ticks) - 1))))
    grid = "".join(f"M{x_of(t):.1f},{top}V{top + plot_h:.1f}" for t in ticks)
    out.append(f'<path d="{grid}" stroke="{GRID}" stroke-width="1"/>')
    out.extend(f'<text x="{x_of(t):.1f}" y="{height - size.font * 0.7:.1f}" '
               f'text-anchor="middle" fill="{MUTED}">{escape(_tick(t, step, chart.unit))}'
               f"</text>" for n, t in enumerate(ticks) if n % every == 0)
    for r, text in enumerate(chart.labels):
        centre = top + row_h * (r + 0.5)
        out.append(f'<text x="{left - 6:.1f}" y="{centre + size.font * 0.35:.1f}" '
                   f'text-anchor="end" fill="{INK}">{escape(text)}</text>')
    for b, s in enumerate(bars):
        out.append(f'<g class="series" data-series="{s.index}">')
        for r, v in enumerate(s.values):
            if v is None:
                continue
            y = top + row_h * r + size.font * 0.45 + b * bar_h
            x0, x1 = sorted((x_of(max(low, 0)), x_of(v)))
            out.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 0.5):.1f}" '
                       f'height="{bar_h - 1:.1f}" fill="{s.colour}"><title>{escape(s.name)} · '
                       f"{escape(chart.long_labels[r])}: {escape(_value(v, chart.unit))}"
                       f"</title></rect>")
        out.append("</g>")
    out.append(f'<line x1="{x_of(max(low, 0)):.1f}" y1="{top}" x2="{x_of(max(low, 0)):.1f}" '
               f'y2="{top + plot_h:.1f}" stroke="{AXIS}" stroke-width="1"/>')
    out.append("</svg>")
    return "".join(out)


def funnel_chart(spec: dict, size: Size, label: str) -> str:
    """Each step's count as a bar under its name, with the share of the first step."""
    trace = next((t for t in spec.get("traces", []) if t.get("type") == "funnel"), {})
    names, counts = [str(y) for y in trace.get("y") or []], list(trace.get("x") or [])
    colour = (trace.get("marker") or {}).get("color") or PALETTE[0]
    row_h = size.font * 3.2
    height = row_h * len(names) + 4
    out = _svg_open(size, height, label, "funnel")
    first = counts[0] if counts else 0
    for i, (name, n) in enumerate(zip(names, counts, strict=False)):
        share = (Decimal(n) / Decimal(first) * 100) if first else Decimal(0)
        text = f"{format_decimal(Decimal(n), 0)} ({format_decimal(share, 1)}%)"
        y = row_h * i
        width = (size.width - 4) * (n / first if first else 0)
        out.append(f'<text x="2" y="{y + size.font:.1f}" fill="{INK}">{escape(name)}</text>'
                   f'<rect x="2" y="{y + size.font * 1.35:.1f}" width="{max(width, 1):.1f}" '
                   f'height="{size.font * 1.4:.1f}" fill="{colour}"><title>{escape(name)}: '
                   f"{escape(text)}</title></rect>")
        inside = width > _text_width(text, size) + 12
        out.append(f'<text x="{(width - 4) if inside else width + 8:.1f}" '
                   f'y="{y + size.font * 2.45:.1f}" text-anchor="{"end" if inside else "start"}" '
                   f'fill="{"#ffffff" if inside else INK}" font-weight="bold">{escape(text)}'
                   f"</text>")
    out.append("</svg>")
    return "".join(out)


def legend(chart: Chart) -> SafeString:
    """The series' names with their colour and stroke: buttons that charts.js makes toggle."""
    return format_html_join(
        "", '<li><button type="button" class="legend-item" data-series="{}" aria-pressed="true">'
        '<span class="swatch swatch-{}" style="--swatch: {}" aria-hidden="true"></span>{}'
        "</button></li>",
        ((s.index, "box" if s.kind == "bar" else "dash" if s.dashed else "line", s.colour,
          s.name) for s in chart.series))


def chart_html(spec: dict | None, label: str, width: int = 0) -> SafeString:
    """The figure of one chart: its two drawings and its legend (all text escaped).
    ``width``: the desktop drawing's width (a chart across a whole page: 1100)."""
    if not spec:
        return mark_safe("")
    sizes = (Size(width, WIDE.height, WIDE.font, "wide") if width else WIDE, NARROW)
    if any(t.get("type") == "funnel" for t in spec.get("traces", [])):
        drawings = [funnel_chart(spec, size, label) for size in sizes]
        return mark_safe('<figure class="chart-figure">' + "".join(drawings) + "</figure>")
    chart = parse(spec)
    rows = all(s.kind == "bar" for s in chart.series) and len(chart.labels) > 6
    draw = bar_rows_chart if rows else column_chart
    drawings = [draw(chart, size, label) for size in sizes]
    items = legend(chart) if len(chart.series) > 1 else ""
    return mark_safe('<figure class="chart-figure" data-chart>' + "".join(drawings)
                     + (f'<ul class="chart-legend">{items}</ul>' if items else "")
                     + "</figure>")


# --- the map ------------------------------------------------------------------------------------

def _rings(geometry: dict) -> list:
    return svgmap._rings(geometry)


def map_svg(data: dict, size: Size, label: str) -> str:
    """The regencies of ``map_data`` (the dashboard's) coloured by coverage class or status,
    each a link to its page with a tooltip, its name on it."""
    features = data.get("geojson", {}).get("features", [])
    points = [p for f in features for ring in _rings(f["geometry"]) for p in ring]
    if not points:
        return format_html('<p class="muted">{}</p>', _("No boundaries to draw a map."))
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    shrink = math.cos(math.radians((min_y + max_y) / 2))
    margin = 6
    scale = (size.width - 2 * margin) / (((max_x - min_x) * shrink) or 1)
    height = (max_y - min_y) * scale + 2 * margin

    def xy(p) -> tuple[float, float]:
        return (round(margin + (p[0] - min_x) * shrink * scale, 1),
                round(margin + (max_y - p[1]) * scale, 1))

    by_status = data.get("mode") == "status"
    ratios = [None if v is None else Decimal(str(v)) / 100 for v in data.get("values", [])]
    limits = svgmap.breaks([r for r in ratios if r is not None])
    out = _svg_open(size, height, label, "map", role="group")
    names = []
    for i, feature in enumerate(features):
        paths = []
        for ring in _rings(feature["geometry"]):
            coords = []
            for p in ring:
                point = xy(p)
                # a simpler outline at this scale: no point within a unit of the one before
                if not coords or abs(point[0] - coords[-1][0]) + abs(point[1] - coords[-1][1]) >= 1:
                    coords.append(point)
            if len(coords) >= 3:
                paths.append("M" + "L".join(f"{x:g},{y:g}" for x, y in coords) + "Z")
                names.append((i, coords))
        if not paths:
            continue
        if by_status:
            fill = STATUS_FILL.get((data.get("status_values") or [None] * (i + 1))[i],
                                   svgmap.NO_DATA)
        else:
            fill = svgmap._colour(ratios[i], limits)
        tip = str(data["labels"][i]).replace("<br>", "\n")
        out.append(f'<a href="{escape(data["urls"][i])}" class="map-region" '
                   f'aria-label="{escape(", ".join(tip.splitlines()))}">'
                   f'<path d="{"".join(paths)}" fill="{fill}" fill-rule="evenodd" '
                   f'stroke="#ffffff" stroke-width="{data.get("stroke", 1)}" '
                   f'data-code="{escape(data["codes"][i])}">'
                   f"<title>{escape(tip)}</title></path></a>")
    placed = {}
    if data.get("names") is False:  # a map of hundreds of regions: tooltips only (issue 21)
        names = []
    for i, coords in names:  # each name at the centre of its region's largest ring
        area = abs(svgmap._signed_area(coords))
        if area > placed.get(i, (0, None))[0]:
            placed[i] = (area, svgmap._centroid(coords))
    taken: list[tuple[float, float, float, float]] = []
    font = size.font * 0.85
    # the biggest regions first; a name that would touch one already written is left out (its
    # region keeps its tooltip and link, and the table below names it)
    for i, (_area, (cx, cy)) in sorted(placed.items(), key=lambda kv: -kv[1][0]):
        name = features[i]["properties"].get("name", "")
        half_w, half_h = _text_width(name, size) * 0.85 / 2 + 1, font * 0.6
        box = (cx - half_w, cy - font * 0.8, cx + half_w, cy - font * 0.8 + 2 * half_h)
        if any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3]
               for t in taken):
            continue
        taken.append(box)
        where = f'x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" font-size="{font:g}"'
        out.append(f'<text {where} fill="#ffffff" stroke="#ffffff" stroke-width="3" '
                   f'aria-hidden="true" pointer-events="none">{escape(name)}</text>'
                   f'<text {where} fill="{INK}" aria-hidden="true" pointer-events="none">'
                   f"{escape(name)}</text>")
    out.append("</svg>")
    return "".join(out)


def map_legend(data: dict) -> SafeString:
    if data.get("mode") == "status":
        items = [(STATUS_FILL[i], name) for i, name in enumerate(data.get("status_names", []))]
    else:
        ratios = [Decimal(str(v)) / 100 for v in data.get("values", []) if v is not None]
        limits = svgmap.breaks(ratios)
        items = [(colour, f"{format_decimal(limits[i] * 100, 1)}–"
                          f"{format_decimal(limits[i + 1] * 100, 1)}%")
                 for i, colour in enumerate(svgmap.SCALE)] if limits else []
    items.append((svgmap.NO_DATA, _("no data")))
    return format_html_join("", '<li><span class="swatch swatch-box" style="--swatch: {}" '
                            'aria-hidden="true"></span>{}</li>', items)


def map_html(data: dict | None, label: str) -> SafeString:
    if not data:
        return mark_safe("")
    # one drawing that scales (a map of hundreds of regions, issue 21), or two
    sizes = (MAP_WIDE,) if data.get("one_drawing") else (MAP_WIDE, NARROW)
    drawings = [map_svg(data, size, label) for size in sizes]
    kind = " map-one" if data.get("one_drawing") else ""
    return mark_safe(f'<figure class="chart-figure map-figure{kind}">' + "".join(drawings)
                     + f'<ul class="chart-legend map-legend">{map_legend(data)}</ul></figure>')
