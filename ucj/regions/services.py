"""Loading a region master (CSV) and region boundaries (GeoJSON): validate every row, then
apply everything in one transaction, or nothing."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from django.conf import settings
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


# --- the national region master (issue 21; decisions 170–174) ---------------------------------

REFERENCE = Path(settings.BASE_DIR) / "data" / "reference"
NATIONAL_MASTER = REFERENCE / "id_kabkota.csv"
# Map boundaries made by scripts/simplify-boundaries from the full-detail files beside them.
NATIONAL_BOUNDARIES = {
    Level.PROVINCE: REFERENCE / "id_provinsi_map.geojson.gz",
    Level.REGENCY: REFERENCE / "id_kabkota_map.geojson.gz",
}
# A province's own, more detailed boundaries win over the national map for its regions,
# whichever was loaded first (decision 172).
DETAILED_BOUNDARIES = [REFERENCE / "ntb_kabkota.geojson"]


@dataclass
class NationalResult:
    """What ``national_master_load`` did: the regions (created/changed/unchanged by level) and
    the boundaries set, kept (an existing one left in place) or unchanged; the codes of the
    master without a boundary and the boundaries whose code is not in the master."""

    regions: LoadResult
    boundaries_set: int = 0
    boundaries_kept: int = 0
    boundaries_unchanged: int = 0
    without_boundary: list[str] = field(default_factory=list)
    unknown_boundaries: list[str] = field(default_factory=list)


def read_reference(path: Path) -> str:
    """The text of a data file, gzip-compressed when its name ends in .gz. Raises LoadError."""
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        return raw.decode("utf-8-sig")
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise LoadError([_("Cannot read the file %(file)s: %(error)s") % {
            "file": path.name, "error": exc}]) from exc


def _positions_ok(coordinates, depth: int) -> bool:
    """Whether ``coordinates`` nest ``depth`` lists deep down to rings of [lng, lat] pairs."""
    if not isinstance(coordinates, list) or not coordinates:
        return False
    if depth == 1:  # a ring: at least four positions of two numbers, lng/lat in range
        return len(coordinates) >= 4 and all(
            isinstance(p, list) and len(p) >= 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in p[:2])
            and -180 <= p[0] <= 180 and -90 <= p[1] <= 90 for p in coordinates)
    return all(_positions_ok(c, depth - 1) for c in coordinates)


def _feature_error(feature, level: Level) -> tuple[str, str | None]:
    """The feature's code and what is wrong with it (None when nothing is)."""
    if not isinstance(feature, dict):
        return "", _("not a GeoJSON feature.")
    code = str((feature.get("properties") or {}).get("code", "")).strip()
    geometry = feature.get("geometry")
    if not CODE_RE.match(code) or code.count(".") + 1 != LEVEL_DEPTH[level]:
        return code, _("the code “%(code)s” is not a %(level)s code.") % {
            "code": code, "level": level.label.lower()}
    if not isinstance(geometry, dict):
        geometry = {}
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon") or not _positions_ok(
            geometry.get("coordinates"), 2 if kind == "Polygon" else 3):
        return code, _("the geometry must be a polygon or multipolygon of [longitude, "
                       "latitude] rings of at least four points.")
    return code, None


def parse_boundaries(text: str, *, source: str, level: Level) -> dict[str, dict]:
    """Geometries by code from a GeoJSON FeatureCollection of one level. Raises LoadError
    listing every bad feature (its number in the file, its code and what is wrong)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError([_("%(file)s is not valid GeoJSON: %(error)s") % {
            "file": source, "error": exc}]) from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise LoadError([_("%(file)s holds no features.") % {"file": source}])
    found: dict[str, dict] = {}
    errors = []
    for number, feature in enumerate(features, start=1):
        code, problem = _feature_error(feature, level)
        if problem is None and code in found:
            problem = _("the code appears twice.")
        if problem is not None:
            errors.append(_("%(file)s, feature %(n)s (%(code)s): %(problem)s") % {
                "file": source, "n": number, "code": code or "-", "problem": problem})
        else:
            found[code] = feature["geometry"]
    if errors:
        raise LoadError(errors)
    return found


def _national_boundaries(files: dict[Level, Path], detailed: list[Path]) -> dict[str, dict]:
    """The boundary of every code in the files, a detailed file's winning over the national."""
    chosen: dict[str, dict] = {}
    for level, path in files.items():
        chosen.update(parse_boundaries(read_reference(path), source=path.name, level=level))
    for path in detailed:
        chosen.update(parse_boundaries(read_reference(path), source=path.name,
                                       level=Level.REGENCY))
    return chosen


def _apply_boundaries(boundaries: dict[str, dict], codes: list[str], *, replace: bool,
                      result: NationalResult) -> list[Region]:
    """Set the boundaries of ``codes``: where a region has none, or (``replace``) another."""
    changed = []
    for region in Region.objects.filter(code__in=codes).order_by("code"):
        geometry = boundaries.get(region.code)
        if geometry is None:
            result.without_boundary.append(region.code)
        elif region.geometry == geometry:
            result.boundaries_unchanged += 1
        elif region.geometry is None or replace:
            region.geometry = geometry
            changed.append(region)
        else:
            result.boundaries_kept += 1
    Region.objects.bulk_update(changed, ["geometry"], batch_size=100)
    result.boundaries_set = len(changed)
    return changed


@transaction.atomic
def national_master_load(*, actor=None, replace_boundaries: bool = False,
                         master: Path | None = None,
                         boundaries: dict[Level, Path] | None = None,
                         detailed: list[Path] | None = None) -> NationalResult:
    """Load the national region master: the 38 provinces and 514 regencies/cities of
    data/reference/id_kabkota.csv with the boundaries of both levels, all or nothing.

    Idempotent (a second run changes nothing) and additive: nothing is deleted, districts and
    villages already loaded stay as they are. A region that already has a boundary keeps it
    unless ``replace_boundaries``; a province's own detailed file (``DETAILED_BOUNDARIES``,
    NTB's) wins over the national map for its regencies either way. Every file is read and
    checked before anything is written; a problem raises LoadError (Indonesian messages)."""
    master = master or NATIONAL_MASTER
    boundaries = boundaries or NATIONAL_BOUNDARIES
    detailed = DETAILED_BOUNDARIES if detailed is None else detailed
    text = read_reference(master)
    chosen = _national_boundaries(boundaries, detailed)
    rows = parse_region_csv(text)
    result = NationalResult(regions=regions_load(text=text, actor=actor, source=master.name))
    result.unknown_boundaries = sorted(set(chosen) - {row["code"] for row in rows})
    mapped = [row["code"] for row in rows if row["level"] in (Level.PROVINCE, Level.REGENCY)]
    changed = _apply_boundaries(chosen, mapped, replace=replace_boundaries, result=result)
    if changed:
        audit_log(actor=actor, action=Action.LOAD, object_type="regions.region",
                  object_repr=_("boundaries %(source)s") % {
                      "source": ", ".join(p.name for p in [*boundaries.values(), *detailed])},
                  note=_("%(updated)s changed, %(kept)s kept, %(unchanged)s unchanged") % {
                      "updated": result.boundaries_set, "kept": result.boundaries_kept,
                      "unchanged": result.boundaries_unchanged})
    return result
