"""The national board (issue 21): every province of the region master for one month, as of that
month, from the indicator engine — the figures the province dashboard shows for each province
(coverage against its target, own-APBD budgeting of its regencies, realization, the three
lights with the province's own thresholds), national totals, and each regency's coverage and
light for the regency map.

Nothing is recomputed here: a province's values are the engine's ``figures`` of the province
built from its regencies (``inputs_for_all``: every province's inputs in one pass, the same
as ``inputs_for`` gives each), exactly as its dashboard shows them; the budgeting
count asks each regency's ``own_budgeted_stages`` (the engine's rule: own money, payer =
regency) for the stage the province's own calendar asks for by the month. National totals sum
numerators and denominators over the provinces, never average percentages (DESIGN §6).

Provinces without any data are rows too, with no figures ("no data", never 0%)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from ucj.audit.models import AuditEvent
from ucj.core import dataversion
from ucj.coverage.models import ParticipationSnapshot
from ucj.indicators import selectors as ind
from ucj.indicators.gather import inputs_for_all
from ucj.regions.models import Level, Region

LIGHTS = ("red", "amber", "green")
STATUS_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}
SORTS = {"name", "coverage", "target_attainment", "budgeted", "realization_rate", "status",
         "regencies", "realized"}
PAIR = 3  # the stages of the pair: APBD murni y, APBD-P y, APBD murni y+1
UNLIT_KEYS = ("coverage_status", "budget_status", "realization_status", "status")


@dataclass
class ProvinceRow:
    region: Region
    regencies: int  # regencies and cities in the region master
    values: dict  # the engine's figures of the province (its dashboard's total)
    budgeted: list[int]  # regencies with their own money in each stage of the pair
    synthetic: bool = False

    @property
    def has_data(self) -> bool:
        v = self.values
        return v["active_participants"] is not None or bool(v["allocated"]) or bool(
            v["workforce_potential"])

    @property
    def due_index(self) -> int:
        """The latest stage of the pair the province asks for by the month (APBD murni of the
        year is always asked for)."""
        due = [s["due"] for s in self.values["own_budgeted_stages"]]
        return max([i for i, d in enumerate(due) if d] or [0])

    @property
    def due_stage(self) -> dict:
        return self.values["own_budgeted_stages"][self.due_index]

    @property
    def budgeted_due(self) -> int:
        """Regencies with own money in the stage asked for by the month."""
        return self.budgeted[self.due_index]

    @property
    def budgeted_share(self) -> Decimal | None:
        return ind.ratio(self.budgeted_due, self.regencies)


@dataclass
class RegencyCell:
    code: str
    name: str
    province_code: str
    coverage: Decimal | None
    status: str | None


@dataclass
class NationalBoard:
    month: dt.date
    rows: list[ProvinceRow]
    total: dict
    regencies: list[RegencyCell] = field(default_factory=list)
    synthetic: bool = False

    @property
    def counts(self) -> dict[str | None, int]:
        """Provinces per overall light (None: no light)."""
        out: dict[str | None, int] = {light: 0 for light in (*LIGHTS, None)}
        for r in self.rows:
            out[r.values["status"]] += 1
        return out

    @property
    def with_data(self) -> int:
        return sum(1 for r in self.rows if r.has_data)


def latest_national_month(until: dt.date | None = None) -> dt.date | None:
    """The latest month with participation data in any regency (not after ``until``)."""
    qs = ParticipationSnapshot.objects.filter(region__level=Level.REGENCY)
    if until:
        qs = qs.filter(month__lte=until)
    return qs.aggregate(m=Max("month"))["m"]


def provinces() -> list[Region]:
    return list(Region.objects.filter(level=Level.PROVINCE).defer("geometry").order_by("code"))


def _province_row(province: Region, inputs: tuple[ind.Inputs, dict[int, ind.Inputs]],
                  limits: dict[str, Decimal], cells: list[RegencyCell]) -> ProvinceRow:
    total, rows = inputs
    values = ind.figures(total, total, limits)
    budgeted = [0] * PAIR
    for inputs in rows.values():
        regency = ind.figures(inputs, total, limits)
        for index, stage in enumerate(regency["own_budgeted_stages"]):
            budgeted[index] += stage["budgeted"]
        reported = (inputs.active is not None or inputs.carried_active is not None
                    or inputs.allocated or inputs.workforce)
        cells.append(RegencyCell(code=inputs.region.code, name=inputs.region.short_name,
                                 province_code=province.code, coverage=regency["coverage"],
                                 status=regency["status"] if reported else None))
    row = ProvinceRow(region=province, regencies=len(rows), values=values,
                      budgeted=budgeted, synthetic=total.synthetic)
    if not row.has_data:  # no figure at all: no light, as its dashboard shows none
        values.update(dict.fromkeys(UNLIT_KEYS), status_reasons=[])
    return row


def _totals(rows: list[ProvinceRow]) -> dict:
    """National sums of numerators and denominators. Coverage over the provinces with both P
    and W; the target as the workers the provinces' targets ask for over their workforce
    (Σ T·W ÷ Σ W, over the provinces with a target), so that a large province weighs as
    much as its workers."""
    paired = [r.values for r in rows
              if r.values["active_participants"] is not None and r.values["workforce_potential"]]
    active = sum(v["active_participants"] for v in paired) if paired else None
    workforce = sum(v["workforce_potential"] for v in paired) if paired else None
    targeted = [v for v in paired if v["target_coverage"] is not None]
    target = ind.ratio(sum(v["target_coverage"] * v["workforce_potential"] for v in targeted),
                       sum(v["workforce_potential"] for v in targeted)) if targeted else None
    coverage = ind.ratio(active, workforce)
    allocated = sum(r.values["allocated"] or 0 for r in rows)
    realized = sum(r.values["realized"] or 0 for r in rows)
    return {
        "provinces": len(rows), "with_data": sum(1 for r in rows if r.has_data),
        "regencies": sum(r.regencies for r in rows),
        "budgeted_due": sum(r.budgeted_due for r in rows),
        "budgeted": [sum(r.budgeted[i] for r in rows) for i in range(PAIR)],
        "active_participants": active, "workforce_potential": workforce,
        "coverage": coverage, "target_coverage": target,
        "target_attainment": ind.ratio(coverage, target),
        "target_gap_workers": sum(r.values["target_gap_workers"] or 0 for r in rows),
        "allocated": allocated, "own_allocated": sum(r.values["own_allocated"] or 0
                                                     for r in rows),
        "realized": realized, "realization_rate": ind.ratio(realized, allocated),
    }


def national_board(month: dt.date | None = None) -> NationalBoard | None:
    """Every province for ``month`` (default: the latest month with data anywhere); None when
    there is no participation data at all. Kept until the next write (ucj/core/dataversion.py)."""
    month = month or latest_national_month()
    if month is None:
        return None
    return dataversion.cached("national", (month, timezone.localdate()),
                              lambda: _national_board(month))


def _national_board(month: dt.date) -> NationalBoard:
    cells: list[RegencyCell] = []
    chosen = provinces()
    # every province's inputs in one pass: a fixed number of queries (issue 21)
    inputs = inputs_for_all(month, provinces=chosen)
    limits = ind.thresholds_of(chosen)
    rows = [_province_row(province, inputs[province.pk], limits[province.pk], cells)
            for province in chosen]
    return NationalBoard(month=month, rows=rows, total=_totals(rows),
                         regencies=sorted(cells, key=lambda c: c.code),
                         synthetic=any(r.synthetic for r in rows))


def filter_rows(rows: list[ProvinceRow], *, light: str = "", text: str = ""
                ) -> list[ProvinceRow]:
    """The rows of one overall light (``none``: no light) and whose name or code holds
    ``text``."""
    if light in LIGHTS:
        rows = [r for r in rows if r.values["status"] == light]
    elif light == "none":
        rows = [r for r in rows if r.values["status"] is None]
    text = text.strip().lower()
    if text:
        rows = [r for r in rows if text in r.region.name.lower() or r.region.code == text]
    return rows


def sort_rows(rows: list[ProvinceRow], sort: str) -> list[ProvinceRow]:
    """As the province dashboard's ``?urut=``: a key, ``-`` for descending; no data last."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        key, descending = "name", False
    if key == "name":
        return sorted(rows, key=lambda r: r.region.code, reverse=descending)
    if key == "status":
        return sorted(rows, key=lambda r: STATUS_ORDER[r.values["status"]], reverse=descending)
    getters = {"budgeted": lambda r: r.budgeted_share, "regencies": lambda r: r.regencies}
    value = getters.get(key, lambda r: r.values[key])
    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    return sorted(present, key=value, reverse=descending) + missing


# --- the maps' shapes ------------------------------------------------------------------------

STEP = 2  # decimals kept of a degree (~1 km): far below a pixel of a map of the country
MIN_EXTENT = 0.05  # degrees: smaller islands are left out (the region keeps its largest)
# A map of Indonesia 760 px wide draws ~16 px a degree: lines kept within about a pixel.
TOLERANCE = {Level.PROVINCE: 0.03, Level.REGENCY: 0.05}
SHAPES_SECONDS = 24 * 3600


def _ring(ring: list, step: int, tolerance: float = 0.0) -> list[list[float]]:
    out: list[list[float]] = []
    for point in ring:
        p = [round(point[0], step), round(point[1], step)]
        if not out or p != out[-1]:
            out.append(p)
    if tolerance and len(out) > 4:
        keep = _douglas_peucker(out, tolerance)
        out = [p for p, k in zip(out, keep, strict=True) if k]
    return out


def _douglas_peucker(points: list, tolerance: float) -> list[bool]:
    """Which points of a line to keep so that none dropped lies farther than ``tolerance``
    from the simplified line (Douglas–Peucker, without recursion)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        farthest, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            d = (abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length if length
                 else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5)
            if d > farthest:
                farthest, index = d, i
        if farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return keep


def _extent(ring: list) -> float:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def simplify(geometry: dict | None, *, step: int = STEP, min_extent: float = MIN_EXTENT,
             tolerance: float = 0.0) -> dict | None:
    """A lighter copy of a (Multi)Polygon for a map of the whole country: coordinates rounded
    to ``step`` decimals, repeated points dropped, and polygons and holes smaller than
    ``min_extent`` degrees across left out, except the region's largest polygon; lines
    simplified within ``tolerance`` degrees (Douglas–Peucker)."""
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return None
    polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                else [geometry["coordinates"]])
    polygons = [p for p in polygons if p and len(p[0]) >= 4]
    if not polygons:
        return None
    extents = [_extent(p[0]) for p in polygons]
    largest = polygons[extents.index(max(extents))]
    kept = []
    for polygon, extent in zip(polygons, extents, strict=True):
        if polygon is not largest and extent < min_extent:
            continue
        outer = _ring(polygon[0], step, tolerance)
        if len(outer) < 4 and polygon is largest:  # a small city: drawn, less simplified
            outer = _ring(polygon[0], step + 1)
        if len(outer) < 4:  # nothing left of it at this precision
            continue
        holes = [_ring(hole, step, tolerance) for hole in polygon[1:] if _extent(hole) >= min_extent]
        kept.append([outer, *[h for h in holes if len(h) >= 4]])
    return {"type": "MultiPolygon", "coordinates": kept} if kept else None


def shapes(level: str) -> dict[str, dict]:
    """Every province's (``level`` province) or regency's simplified boundary by code, for the
    national maps; regions without a boundary are absent.

    Simplifying 552 boundaries takes about a second, and boundaries change only when the region
    master is loaded (every load is audited), not at each write: the shapes are kept under the
    number of boundaries and the last audited change of the region master (two queries), not
    under the data version."""
    stamp = (Region.objects.filter(level=level).exclude(geometry=None).count(),
             AuditEvent.objects.filter(object_type="regions.region")
             .aggregate(last=Max("id"))["last"])
    key = f"ucj:national-shapes:{level}:{stamp[0]}:{stamp[1]}"
    found = cache.get(key)
    if found is None:
        found = {}
        for code, geometry in (Region.objects.filter(level=level).exclude(geometry=None)
                               .values_list("code", "geometry").iterator(chunk_size=100)):
            light = simplify(geometry, tolerance=TOLERANCE.get(level, 0.0))
            if light is not None:
                found[code] = light
        cache.set(key, found, SHAPES_SECONDS)
    return found
