"""Simplifying region boundaries for a map drawn at national scale (decision 171).

Douglas–Peucker, but on the borders *between* regions rather than ring by ring: a border two
neighbours share is simplified once, the same way for both, so no gap or overlap opens between
them. A vertex where the set of rings it lies on changes (where three regions meet, or where a
shared border meets the coast) is an anchor and is always kept; between two anchors the arc is
simplified in a canonical direction, so both neighbours, which walk it in opposite directions,
get the very same points. Coordinates are rounded to ``digits`` decimals afterwards.

A ring that collapses (fewer than three distinct points: an islet smaller than the tolerance) is
dropped, an outer ring with its holes; a region whose every part would collapse keeps its
largest part unsimplified, so no region ever loses its shape. The result is for drawing, not for
areas: Douglas–Peucker may let an arc cross a neighbouring one by less than the tolerance.

Pure Python, no dependency: 220,000 vertices take about two seconds (scripts/simplify-boundaries
runs it once; the app only reads its output).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

Point = tuple[float, float]
Ring = list[Point]


def _segment_distance2(p: Point, a: Point, b: Point) -> float:
    """Squared distance from p to the segment a–b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return (px - ax) ** 2 + (py - ay) ** 2
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    cx, cy = ax + t * dx, ay + t * dy
    return (px - cx) ** 2 + (py - cy) ** 2


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """The points of a polyline kept by Douglas–Peucker; both ends are always kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    limit = tolerance * tolerance
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = -1.0, -1
        for i in range(first + 1, last):
            d = _segment_distance2(points[i], points[first], points[last])
            if d > farthest:
                farthest, index = d, i
        if index > 0 and farthest > limit:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _simplify_arc(arc: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker in a direction that does not depend on who walks the arc."""
    backwards = arc[::-1]
    if backwards < arc:
        return douglas_peucker(backwards, tolerance)[::-1]
    return douglas_peucker(arc, tolerance)


def _anchors(ring: Ring, members: dict[Point, frozenset[int]]) -> list[int]:
    """Indexes of the ring's anchors: where the set of rings a vertex lies on changes. A ring
    with fewer than two (an islet, or an enclave wholly shared with one neighbour) is anchored
    at its smallest vertex and at the vertex farthest from it: both depend only on the
    vertices, so a neighbour sharing the ring anchors it at the same two points."""
    n = len(ring)
    found = [i for i in range(n)
             if members[ring[i]] != members[ring[i - 1]]
             or members[ring[i]] != members[ring[(i + 1) % n]]]
    if len(found) >= 2:
        return found
    start = found[0] if found else min(range(n), key=ring.__getitem__)
    sx, sy = ring[start]
    far = max(range(n), key=lambda i: ((ring[i][0] - sx) ** 2 + (ring[i][1] - sy) ** 2,
                                       ring[i]))
    return sorted({start, far})


def _round_ring(points: list[Point], digits: int) -> Ring:
    out: Ring = []
    for x, y in points:
        p = (round(x, digits), round(y, digits))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def _simplify_ring(ring: Ring, members: dict[Point, frozenset[int]],
                   tolerance: dict[Point, float], digits: int) -> Ring:
    """The ring simplified and rounded, open (without the closing point). An arc is simplified
    with the smallest tolerance of the regions its points lie on (the same for both sides)."""
    anchors = _anchors(ring, members)
    if len(anchors) < 2:
        return _round_ring(ring, digits)
    points: list[Point] = []
    for k, start in enumerate(anchors):
        end = anchors[(k + 1) % len(anchors)]
        arc = ring[start:end + 1] if end > start else ring[start:] + ring[:end + 1]
        points.extend(_simplify_arc(arc, min(tolerance[p] for p in arc))[:-1])
    return _round_ring(points, digits)


def _open(ring: Sequence[Sequence[float]]) -> Ring:
    points = [(float(c[0]), float(c[1])) for c in ring]
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()
    return points


def _closed(ring: Ring) -> list[list[float]]:
    return [list(p) for p in ring] + [list(ring[0])]


def ring_area(ring: Sequence[Sequence[float]]) -> float:
    """Absolute planar area of a ring (degrees²; for ranking parts, not for measuring)."""
    total = 0.0
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, list(ring[1:]) + [ring[0]], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def _polygons(geometry: dict) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [[_open(r) for r in geometry["coordinates"]]]
    return [[_open(r) for r in polygon] for polygon in geometry["coordinates"]]


def simplify_geometries(geometries: Sequence[dict], *, tolerance: float | Sequence[float],
                        digits: int = 4) -> list[dict]:
    """Simplify a layer of (Multi)Polygons together, keeping shared borders shared. Returns
    one MultiPolygon per input geometry, in the same order; rings closed, coordinates rounded
    to ``digits`` decimals. ``tolerance`` (degrees) is one for all or one per geometry; a
    border two geometries share takes the smaller of theirs."""
    layer = [_polygons(g) for g in geometries]
    tolerances = ([float(tolerance)] * len(layer) if isinstance(tolerance, (int, float))
                  else [float(t) for t in tolerance])
    members_of: dict[Point, set[int]] = defaultdict(set)
    point_tolerance: dict[Point, float] = {}
    ring_id = 0
    for polygons, own in zip(layer, tolerances, strict=True):
        for polygon in polygons:
            for ring in polygon:
                for point in ring:
                    members_of[point].add(ring_id)
                    point_tolerance[point] = min(own, point_tolerance.get(point, own))
                ring_id += 1
    members = {p: frozenset(s) for p, s in members_of.items()}
    out = []
    for polygons in layer:
        parts = []
        for polygon in polygons:
            rings = [_simplify_ring(r, members, point_tolerance, digits) for r in polygon]
            if len(rings[0]) < 3:
                continue  # the outer ring collapsed: an islet below the tolerance
            parts.append([_closed(rings[0])] + [_closed(r) for r in rings[1:] if len(r) >= 3])
        if not parts:  # never lose a region: its largest part, rounded but not simplified
            largest = max(polygons, key=lambda p: ring_area(p[0]))
            parts = [[_closed(_round_ring(r, digits)) for r in largest
                      if len(_round_ring(r, digits)) >= 3]]
        out.append({"type": "MultiPolygon", "coordinates": parts})
    return out


def vertex_count(geometry: dict) -> int:
    """Vertices of a (Multi)Polygon, closing points not counted."""
    return sum(len(r) for polygon in _polygons(geometry) for r in polygon)
