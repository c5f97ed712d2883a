"""Small charts drawn on the server as inline SVG, for the monev PDF (WeasyPrint draws SVG;
no JavaScript, nothing fetched): a line chart of coverage against the target trajectory over
months, and a bar chart of money allocated and realized per budget stage.

Every text is escaped; axis labels use the interface language's number formats (``30%``,
``12,5%``, ``Rp 1,2 M``). Values are exact ``Decimal`` ratios or integer Rupiah; ``None`` is
no data (a gap in a line, no bar)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ucj.core.formatting import format_decimal, format_ratio_pct, format_rupiah

FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
INK, MUTED, GRID, AXIS = "#17201c", "#5f6b66", "#e3e8e5", "#9aa7a1"


@dataclass
class Line:
    """One series of a line chart: a ratio per label (None: no data that month)."""

    name: str
    values: list[Decimal | None]
    colour: str = "#05603a"
    dashed: bool = False
    width: float = 1.8
    markers: bool = False
    label_last: bool = False  # write the last value at the end of the line


@dataclass
class Bars:
    """One series of a bar chart: an amount (Rupiah) per group."""

    name: str
    values: list[int | None]
    colour: str = "#12b76a"


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) that splits ``span`` into about ``ticks`` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _scale_max(high: float, ticks: int = 5) -> tuple[float, float]:
    """(axis maximum, step): the smallest multiple of a round step at or above ``high``."""
    step = nice_step(high, ticks)
    top = math.ceil(high / step - 1e-9) * step
    return (top if top > 0 else step), step


def short_rupiah(value: int | float) -> str:
    """An amount shortened for an axis: Rp 0 / Rp 750 rb / Rp 12,5 jt / Rp 1,2 M / Rp 3 T
    (thousands, millions, billions, trillions in the interface language)."""
    value = int(round(value))
    if value == 0:
        return "Rp 0"
    units = [(10**12, _("%(n)s tn")), (10**9, _("%(n)s bn")), (10**6, _("%(n)s mn")),
             (10**3, _("%(n)s k"))]
    for size, template in units:
        if abs(value) >= size:
            number = Decimal(value) / size
            # as few decimals as show it exactly (an axis tick: 1,25), else one (1,4)
            places = next((p for p in (0, 1, 2) if number == round(number, p)), 1)
            text = format_decimal(number, 0 if abs(number) >= 100 else places)
            if text[-2:] in (",0", ".0"):
                text = text[:-2]  # 1,04 → 1, not 1,0
            return "Rp " + template % {"n": text}
    return format_rupiah(value)


def _pct_tick(value: float, step: float) -> str:
    places = 0 if step >= 0.01 - 1e-12 else 1
    return format_ratio_pct(Decimal(str(round(value, 6))), places)


def _open(width: float, height: float, title: str) -> list[str]:
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0f} '
           f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" '
           f'aria-label="{escape(title)}" font-family="{FONT}">']
    if title:
        out.append(f"<title>{escape(title)}</title>")
    return out


def _legend(out: list[str], items: list[tuple[str, str, str]], x: float, y: float,
            width: float) -> None:
    """Legend entries (name, colour, kind: line | dash | box) in one row from (x, y)."""
    cursor = x
    for name, colour, kind in items:
        if kind == "box":
            out.append(f'<rect x="{cursor:.1f}" y="{y - 6:.1f}" width="9" height="7" '
                       f'fill="{colour}"/>')
        else:
            dash = ' stroke-dasharray="4 2.5"' if kind == "dash" else ""
            out.append(f'<line x1="{cursor:.1f}" y1="{y - 2.5:.1f}" x2="{cursor + 12:.1f}" '
                       f'y2="{y - 2.5:.1f}" stroke="{colour}" stroke-width="1.8"{dash}/>')
        text_x = cursor + (12 if kind == "box" else 15)
        out.append(f'<text x="{text_x:.1f}" y="{y:.1f}" font-size="7.5" fill="{INK}">'
                   f"{escape(name)}</text>")
        cursor = text_x + 4.4 * len(name) + 12
        if cursor > x + width:
            break


def _segments(values: list, x_of, y_of) -> list[list[tuple[float, float]]]:
    """The points of a line as runs between its missing values (a gap breaks the line)."""
    segments, current = [], []
    for index, value in enumerate(values):
        if value is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append((x_of(index), y_of(float(value))))
    if current:
        segments.append(current)
    return segments


def _draw_line(out: list[str], line: Line, x_of, y_of) -> None:
    """One line of a line chart: its runs, their markers, and its last value labelled."""
    segments = _segments(line.values, x_of, y_of)
    dash = ' stroke-dasharray="4 2.5"' if line.dashed else ""
    for segment in segments:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
        out.append(f'<polyline points="{points}" fill="none" stroke="{line.colour}" '
                   f'stroke-width="{line.width}" stroke-linejoin="round"{dash}/>')
        if line.markers:
            out.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.7" fill="{line.colour}"/>'
                       for x, y in segment)
    if line.label_last and segments:
        last_index = max(i for i, v in enumerate(line.values) if v is not None)
        x, y = segments[-1][-1]
        out.append(f'<text x="{x + 3:.1f}" y="{y + 2.6:.1f}" font-size="7" font-weight="bold" '
                   f'fill="{line.colour}">{escape(format_ratio_pct(line.values[last_index]))}'
                   f"</text>")


def line_chart_svg(*, labels: list[str], lines: list[Line], width: int = 330,
                   height: int = 185, title: str = "", floor_zero: bool = True,
                   legend: bool = True) -> SafeString:
    """Ratios (coverage, trajectory) per label (months) as lines on a percent axis. Without
    ``legend`` the caller shows one (``legend_html``): WeasyPrint lays out SVG text letter by
    letter, HTML text by line."""
    values = [float(v) for line in lines for v in line.values if v is not None]
    out = _open(width, height, title)
    if not values or not labels:
        message = _("no data")
        out.append(f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
                   f'font-size="9" fill="{MUTED}">{escape(message)}</text></svg>')
        return mark_safe("".join(out))
    top, step = _scale_max(max(values) * 1.08 if max(values) > 0 else 0.01)
    low = 0.0 if floor_zero else max(0.0, math.floor(min(values) / step) * step)
    left, right, lower = 38, 34, 22  # room for ticks, end labels, months
    upper = 18 if legend else 8
    plot_w, plot_h = width - left - right, height - upper - lower

    def x_of(index: int) -> float:
        return left + (plot_w * index / (len(labels) - 1) if len(labels) > 1 else plot_w / 2)

    def y_of(value: float) -> float:
        return upper + plot_h * (1 - (value - low) / ((top - low) or 1))

    grid, tick = [], low
    while tick <= top + step / 1000:
        y = y_of(tick)
        grid.append(f"M{left},{y:.1f}H{left + plot_w}")
        out.append(f'<text x="{left - 4}" y="{y + 2.6:.1f}" text-anchor="end" font-size="7" '
                   f'fill="{MUTED}">{escape(_pct_tick(tick, step))}</text>')
        tick += step
    out.append(f'<path d="{"".join(grid)}" stroke="{GRID}" stroke-width="0.6"/>')
    out.append(f'<line x1="{left}" y1="{upper + plot_h}" x2="{left + plot_w}" '
               f'y2="{upper + plot_h}" stroke="{AXIS}" stroke-width="0.8"/>')
    every = max(1, math.ceil(len(labels) / 13))
    for index, label in enumerate(labels):
        if index % every == 0 or index == len(labels) - 1:
            out.append(f'<text x="{x_of(index):.1f}" y="{height - 8}" text-anchor="middle" '
                       f'font-size="6.8" fill="{MUTED}">{escape(label)}</text>')
    for line in lines:
        _draw_line(out, line, x_of, y_of)
    if legend:
        _legend(out, [(line.name, line.colour, "dash" if line.dashed else "line")
                      for line in lines], left, 10, plot_w + right)
    out.append("</svg>")
    return mark_safe("".join(out))


def bar_chart_svg(*, groups: list[str], bars: list[Bars], width: int = 330, height: int = 185,
                  title: str = "", legend: bool = True) -> SafeString:
    """Amounts in Rupiah per group (budget stages), one bar per series side by side, each
    with its value on top (a legend in the chart unless ``legend`` is False)."""
    values = [v for series in bars for v in series.values if v is not None]
    out = _open(width, height, title)
    if not groups or not any(values):
        message = _("no budget allocated")
        out.append(f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
                   f'font-size="9" fill="{MUTED}">{escape(message)}</text></svg>')
        return mark_safe("".join(out))
    top, step = _scale_max(max(values) * 1.12, ticks=4)
    left, right, lower = 54, 6, 22
    upper = 18 if legend else 10
    plot_w, plot_h = width - left - right, height - upper - lower

    def y_of(value: float) -> float:
        return upper + plot_h * (1 - value / top)

    grid, tick = [], 0.0
    while tick <= top + step / 1000:
        y = y_of(tick)
        grid.append(f"M{left},{y:.1f}H{left + plot_w}")
        out.append(f'<text x="{left - 4}" y="{y + 2.6:.1f}" text-anchor="end" font-size="7" '
                   f'fill="{MUTED}">{escape(short_rupiah(tick))}</text>')
        tick += step
    out.append(f'<path d="{"".join(grid)}" stroke="{GRID}" stroke-width="0.6"/>')
    out.append(f'<line x1="{left}" y1="{upper + plot_h}" x2="{left + plot_w}" '
               f'y2="{upper + plot_h}" stroke="{AXIS}" stroke-width="0.8"/>')
    group_w = plot_w / len(groups)
    bar_w = min(34.0, group_w * 0.7 / max(1, len(bars)))
    for g, group in enumerate(groups):
        centre = left + group_w * (g + 0.5)
        start = centre - bar_w * len(bars) / 2
        for b, series in enumerate(bars):
            value = series.values[g]
            if value is None:
                continue
            x, y = start + b * bar_w, y_of(value)
            out.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" '
                       f'height="{upper + plot_h - y:.1f}" fill="{series.colour}"/>')
            out.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 2.5:.1f}" text-anchor="middle" '
                       f'font-size="6.5" fill="{INK}">{escape(short_rupiah(value))}</text>')
        out.append(f'<text x="{centre:.1f}" y="{height - 8}" text-anchor="middle" '
                   f'font-size="7.2" fill="{INK}">{escape(group)}</text>')
    if legend:
        _legend(out, [(series.name, series.colour, "box") for series in bars], left, 10, plot_w)
    out.append("</svg>")
    return mark_safe("".join(out))


def legend_html(items: list[tuple[str, str, str]]) -> SafeString:
    """A chart's legend as HTML: (name, colour, kind: line | dash | box) per entry."""
    parts = []
    for name, colour, kind in items:
        parts.append(format_html('<span class="legend-item"><span class="swatch swatch-{}" '
                                 'style="border-color: {}; background: {}"></span>{}</span>',
                                 kind, colour, colour if kind == "box" else "transparent", name))
    return mark_safe('<span class="legend">' + "".join(parts) + "</span>")  # parts escaped
