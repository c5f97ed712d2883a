"""Loading a region master (CSV) and region boundaries (GeoJSON): validate every row, then
apply everything in one transaction, or nothing."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import TypedDict

from django.db import transaction
from django.utils.translation import gettext as _

from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.regions.hierarchy import parent_code
from ucj.regions.models import LEVEL_DEPTH, Level, Region

COLUMNS = ["code", "name", "level", "parent_code"]
CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


class LoadError(Exception):
    """The file cannot be applied. ``errors`` holds one Indonesian message per problem."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    levels: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _row_error(line: int, column: str, value: str, reason: str) -> str:
    return _("Row %(row)s, column “%(column)s” (value “%(value)s”): %(reason)s") % {
        "row": line, "column": column, "value": value, "reason": reason,
    }


class RegionRow(TypedDict):
    """A checked row of a region master: the four COLUMNS and its line in the file."""

    code: str
    name: str
    level: str
    parent_code: str
    line: int


def parse_region_csv(text: str) -> list[RegionRow]:
    """Read and check a region master. Raises LoadError listing every problem."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise LoadError([_(
            "The header must contain the columns %(expected)s; missing: %(missing)s."
        ) % {"expected": ", ".join(COLUMNS), "missing": ", ".join(missing)}])
    reader.fieldnames = header
    rows: list[RegionRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        if not any(row.values()):
            continue  # blank line
        code, level, parent = row["code"], row["level"], row["parent_code"]
        if not CODE_RE.match(code):
            errors.append(_row_error(line, "code", code, _(
                "a Kemendagri code looks like 52, 52.03, 52.03.01 or 52.03.01.2001.")))
            continue
        if code in seen:
            errors.append(_row_error(line, "code", code, _(
                "the code appears twice (also on row %(row)s).") % {"row": seen[code]}))
            continue
        seen[code] = line
        if not row["name"]:
            errors.append(_row_error(line, "name", "", _("the name is empty.")))
        if level not in Level.values:
            errors.append(_row_error(line, "level", level, _(
                "use province, regency, district or village.")))
        elif LEVEL_DEPTH[Level(level)] != code.count(".") + 1:
            errors.append(_row_error(line, "level", level, _(
                "does not match the code %(code)s.") % {"code": code}))
        expected_parent = parent_code(code)
        if parent != expected_parent:
            errors.append(_row_error(line, "parent_code", parent, _(
                "the parent of %(code)s must be “%(expected)s”.") % {
                    "code": code, "expected": expected_parent}))
        rows.append(RegionRow(code=code, name=row["name"], level=level, parent_code=parent,
                              line=line))
    if not rows and not errors:
        errors.append(_("The file holds no regions."))
    known = set(seen) | set(Region.objects.values_list("code", flat=True))
    for checked in rows:
        if checked["parent_code"] and checked["parent_code"] not in known:
            errors.append(_row_error(checked["line"], "parent_code", checked["parent_code"], _(
                "this parent region is neither in the file nor already loaded.")))
    if errors:
        raise LoadError(errors)
    return rows


@transaction.atomic
def regions_load(*, text: str, actor=None, source: str = "") -> LoadResult:
    rows = parse_region_csv(text)
    rows.sort(key=lambda r: (r["code"].count("."), r["code"]))
    existing = {r.code: r for r in Region.objects.all()}
    result = LoadResult()
    for row in rows:
        parent = existing.get(row["parent_code"]) if row["parent_code"] else None
        region = existing.get(row["code"])
        result.levels[row["level"]] = result.levels.get(row["level"], 0) + 1
        if region is None:
            region = Region.objects.create(code=row["code"], name=row["name"],
                                           level=row["level"], parent=parent)
            existing[region.code] = region
            result.created += 1
        elif (region.name, region.level, region.parent_id) != (
            row["name"], row["level"], parent.pk if parent else None
        ):
            region.name, region.level, region.parent = row["name"], row["level"], parent
            region.save(update_fields=["name", "level", "parent"])
            result.updated += 1
        else:
            result.unchanged += 1
    if result.created or result.updated:
        audit_log(actor=actor, action=Action.LOAD, object_type="regions.region",
                  object_repr=_("region master %(source)s") % {"source": source},
                  note=_("%(created)s created, %(updated)s changed, %(unchanged)s unchanged") % {
                      "created": result.created, "updated": result.updated,
                      "unchanged": result.unchanged})
    return result


@transaction.atomic
def boundaries_load(*, text: str, actor=None, source: str = "") -> LoadResult:
    """Set region geometries from a GeoJSON FeatureCollection whose features carry ``code``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError([_("The file is not valid GeoJSON: %(error)s") % {"error": exc}]) from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise LoadError([_("The GeoJSON holds no features.")])
    regions = {r.code: r for r in Region.objects.all()}
    errors, updates = [], []
    for number, feature in enumerate(features, start=1):
        code = str((feature.get("properties") or {}).get("code", "")).strip()
        geometry = feature.get("geometry")
        if code not in regions:
            errors.append(_("Feature %(n)s: region code “%(code)s” is not loaded.") % {
                "n": number, "code": code})
        elif not isinstance(geometry, dict) or geometry.get("type") not in (
            "Polygon", "MultiPolygon"
        ):
            errors.append(_("Feature %(n)s (%(code)s): the geometry must be a polygon.") % {
                "n": number, "code": code})
        else:
            updates.append((regions[code], geometry))
    if errors:
        raise LoadError(errors)
    result = LoadResult()
    for region, geometry in updates:
        if region.geometry == geometry:
            result.unchanged += 1
        else:
            region.geometry = geometry
            region.save(update_fields=["geometry"])
            result.updated += 1
    if result.updated:
        audit_log(actor=actor, action=Action.LOAD, object_type="regions.region",
                  object_repr=_("boundaries %(source)s") % {"source": source},
                  note=_("%(updated)s changed, %(unchanged)s unchanged") % {
                      "updated": result.updated, "unchanged": result.unchanged})
    return result
