"""The national region master (issue 21): 38 provinces and 514 regencies/cities with map
boundaries for both levels, loaded by one command, all or nothing, idempotent, additive; and
the simplifier that made its map boundaries (decisions 170–174)."""

from __future__ import annotations

import csv
import gzip
import json

import pytest
from django.core.management import CommandError, call_command

from ucj.audit.models import AuditEvent
from ucj.regions import services
from ucj.regions.geometry import douglas_peucker, simplify_geometries, vertex_count
from ucj.regions.models import Level, Region
from ucj.regions.services import LoadError, national_master_load

REFERENCE = services.REFERENCE


def _features(name: str) -> list[dict]:
    path = REFERENCE / name
    raw = path.read_bytes()
    return json.loads(gzip.decompress(raw) if name.endswith(".gz") else raw)["features"]


def _snapshot() -> dict:
    return {r.code: (r.name, r.level, r.parent_id, json.dumps(r.geometry))
            for r in Region.objects.all()}


# --- the real files -----------------------------------------------------------------------------

def test_the_real_files_load_38_provinces_and_514_regencies_once(db, capsys):
    call_command("load_national_regions")
    out = capsys.readouterr().out
    provinces = {r.code: r for r in Region.objects.filter(level=Level.PROVINCE)}
    regencies = list(Region.objects.filter(level=Level.REGENCY).select_related("parent"))
    assert (len(provinces), len(regencies)) == (38, 514)
    assert all(r.parent.code == r.code.split(".")[0] for r in regencies)
    assert all(p.parent_id is None for p in provinces.values())
    assert {"91", "92", "93", "94", "95", "96"} <= set(provinces)  # the new Papua provinces
    master = {row["code"]: row["name"].strip()
              for row in csv.DictReader(open(REFERENCE / "id_kabkota.csv", encoding="utf-8"))}
    assert {r.code: r.name for r in Region.objects.all()} == master
    # every province and regency has a boundary: no known exception
    assert not Region.objects.filter(geometry__isnull=True).exists()
    assert all(r.geometry["type"] in ("Polygon", "MultiPolygon") and r.geometry["coordinates"]
               for r in Region.objects.all())
    assert "Wilayah: 552 dibuat" in out and "38 provinsi, 514 kabupaten/kota" in out
    assert "Setiap provinsi dan kabupaten/kota memiliki batas wilayah." in out
    # NTB's regencies take NTB's own, more detailed file; the others the national map
    ntb = {f["properties"]["code"]: f["geometry"] for f in _features("ntb_kabkota.geojson")}
    assert Region.objects.get(code="52.03").geometry == ntb["52.03"]
    national = {f["properties"]["code"]: f["geometry"]
                for f in _features("id_kabkota_map.geojson.gz")}
    assert Region.objects.get(code="53.01").geometry == national["53.01"]
    # a second run changes nothing and audits nothing
    before, events = _snapshot(), AuditEvent.objects.count()
    call_command("load_national_regions")
    out = capsys.readouterr().out
    assert _snapshot() == before
    assert AuditEvent.objects.count() == events
    assert "0 dibuat, 0 diubah, 552 tidak berubah" in out
    assert "0 dipasang, 0 yang sudah ada dipertahankan, 552 tidak berubah" in out


def test_ntb_districts_villages_and_own_boundaries_are_kept(db):
    call_command("load_regions", str(REFERENCE / "ntb_wilayah.csv"),
                 boundaries=str(REFERENCE / "ntb_kabkota.geojson"))
    own = {"type": "MultiPolygon", "coordinates": [[[[116, -8], [117, -8], [117, -9], [116, -8]]]]}
    Region.objects.filter(code="52.71").update(geometry=own)  # a boundary drawn by the province
    ntb_before = {code: row for code, row in _snapshot().items() if code.startswith("52")}
    result = national_master_load()
    assert (result.regions.created, result.regions.updated) == (552 - 11, 0)
    assert result.boundaries_kept == 1  # 52.71's own boundary, left in place
    ntb_after = {code: row for code, row in _snapshot().items() if code.startswith("52")}
    assert ntb_after.pop("52")[:3] == ntb_before.pop("52")[:3]  # the province gains a boundary
    assert ntb_after == ntb_before
    assert Region.objects.filter(level=Level.DISTRICT).count() == 117
    assert Region.objects.filter(level=Level.VILLAGE).count() == 1166
    # --replace-boundaries: the national map replaces it, but NTB's own file still wins for NTB
    call_command("load_national_regions", replace_boundaries=True)
    ntb = {f["properties"]["code"]: f["geometry"] for f in _features("ntb_kabkota.geojson")}
    assert Region.objects.get(code="52.71").geometry == ntb["52.71"]


def test_a_province_loaded_first_keeps_its_regions_and_gets_the_rest(db, ntb):
    national_master_load()
    assert Region.objects.get(code="52.03.01.2001").parent == ntb["52.03.01"]
    assert Region.objects.filter(level=Level.REGENCY, parent=ntb["52"]).count() == 10


# --- bad input ----------------------------------------------------------------------------------

def _write_gz(path, data) -> None:
    path.write_bytes(gzip.compress(json.dumps(data).encode(), mtime=0))


SQUARE = {"type": "MultiPolygon", "coordinates": [[[[1, 1], [2, 1], [2, 2], [1, 1]]]]}


def _collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": code}, "geometry": geometry}
        for code, geometry in features]}


BAD_REGENCY_FILES = [
    (b"\x1f\x8b\x08\x00broken", "tidak dapat dibaca"),
    (gzip.compress(b'{"type": "FeatureCollection", "features": [', mtime=0),
     "bukan GeoJSON yang sah"),
    (gzip.compress(b'{"type": "FeatureCollection", "features": []}', mtime=0), "tidak berisi fitur"),
    (_collection(("52", SQUARE)), "fitur 1 (52): kode “52” bukan kode kabupaten/kota"),
    (_collection(("52.01", SQUARE), ("52.01", SQUARE)), "fitur 2 (52.01): kode muncul dua kali"),
    (_collection(("52.01", {"type": "Point", "coordinates": [116, -8]})),
     "fitur 1 (52.01): geometri harus berupa poligon"),
    (_collection(("52.01", {"type": "Polygon", "coordinates": [[[116, -8], [117, -8]]]})),
     "fitur 1 (52.01): geometri harus berupa poligon"),
    (_collection(("52.01", {"type": "Polygon", "coordinates": [[[-8, 116], [-8, 117], [-9, 117],
                                                                  [-8, 116]]]})),
     "[bujur, lintang]"),
]


@pytest.mark.parametrize("content, message", BAD_REGENCY_FILES,
                         ids=["gzip", "json", "empty", "level", "twice", "point", "ring", "latlng"])
def test_a_broken_boundary_file_changes_nothing(db, ntb, tmp_path, monkeypatch, content,
                                                message):
    path = tmp_path / "id_kabkota_map.geojson.gz"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        _write_gz(path, content)
    monkeypatch.setitem(services.NATIONAL_BOUNDARIES, Level.REGENCY, path)
    before, events = _snapshot(), AuditEvent.objects.count()
    with pytest.raises(CommandError) as exc:
        call_command("load_national_regions")
    assert message in str(exc.value) and "id_kabkota_map.geojson.gz" in str(exc.value)
    assert _snapshot() == before and AuditEvent.objects.count() == events


def test_a_broken_master_changes_nothing_and_names_row_and_column(db, ntb, tmp_path):
    lines = (REFERENCE / "id_kabkota.csv").read_text(encoding="utf-8").splitlines()
    assert lines[300].startswith("52,") and lines[301].startswith("52.01,")
    lines[301] = lines[301].replace(",regency,", ",kabupaten,")
    path = tmp_path / "id_kabkota.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before, events = _snapshot(), AuditEvent.objects.count()
    with pytest.raises(LoadError) as exc:
        national_master_load(master=path)
    assert exc.value.errors == [
        "Baris 302, kolom “level” (nilai “kabupaten”): gunakan province, regency, district "
        "atau village."], exc.value.errors
    assert _snapshot() == before and AuditEvent.objects.count() == events


def test_a_bad_detailed_file_changes_nothing(db, tmp_path):
    path = tmp_path / "ntb_kabkota.geojson"
    path.write_text(json.dumps(_collection(("52.1", SQUARE))), encoding="utf-8")
    with pytest.raises(LoadError, match="ntb_kabkota.geojson, fitur 1"):
        national_master_load(detailed=[path])
    assert not Region.objects.exists()


def test_codes_missing_on_either_side_are_reported_not_invented(db, tmp_path, monkeypatch,
                                                                capsys):
    master = tmp_path / "master.csv"
    master.write_text("code,name,level,parent_code\n52,NTB,province,\n"
                      "52.01,Kabupaten Lombok Barat,regency,52\n53,NTT,province,\n",
                      encoding="utf-8")
    provinces, regencies = tmp_path / "prov.geojson.gz", tmp_path / "kab.geojson.gz"
    _write_gz(provinces, _collection(("52", SQUARE), ("99", SQUARE)))
    _write_gz(regencies, _collection(("52.01", SQUARE)))
    monkeypatch.setattr(services, "NATIONAL_MASTER", master)
    monkeypatch.setattr(services, "NATIONAL_BOUNDARIES",
                        {Level.PROVINCE: provinces, Level.REGENCY: regencies})
    monkeypatch.setattr(services, "DETAILED_BOUNDARIES", [])
    call_command("load_national_regions")
    out = capsys.readouterr().out
    assert "Wilayah tanpa batas wilayah (1): 53" in out
    assert "tidak ada di master, dilewati (1): 99" in out
    assert not Region.objects.filter(code="99").exists()
    assert Region.objects.get(code="53").geometry is None
    assert Region.objects.get(code="52.01").geometry == SQUARE


# --- the map files and the simplifier -----------------------------------------------------------

def test_the_map_files_cover_the_full_files_codes_at_a_fraction_of_their_vertices():
    for full, light in [("id_kabkota.geojson.gz", "id_kabkota_map.geojson.gz"),
                        ("id_provinsi.geojson.gz", "id_provinsi_map.geojson.gz")]:
        detailed, simple = _features(full), _features(light)
        assert [f["properties"] for f in simple] == [f["properties"] for f in detailed]
        assert all(f["geometry"]["coordinates"] for f in simple)
        before = sum(vertex_count(f["geometry"]) for f in detailed)
        after = sum(vertex_count(f["geometry"]) for f in simple)
        assert after < before * 0.4, (light, before, after)
        assert all(len(str(c).split(".")[-1]) <= 4 for f in simple[:20]
                   for polygon in f["geometry"]["coordinates"] for ring in polygon
                   for p in ring for c in p)


def test_douglas_peucker_drops_points_within_the_tolerance_and_keeps_the_ends():
    line = [(0, 0), (1, 0.001), (2, -0.001), (3, 0), (4, 2), (5, 0)]
    assert douglas_peucker(line, 0.01) == [(0, 0), (3, 0), (4, 2), (5, 0)]
    assert douglas_peucker(line, 5) == [(0, 0), (5, 0)]


def _border(n: int) -> list[tuple[float, float]]:
    """A wiggly border from (1, 0) up to (1, 1): n points, 0.001 off the straight line."""
    return [(1 + (0.001 if i % 2 else -0.001), i / (n - 1)) for i in range(n)]


def test_a_shared_border_stays_shared_after_simplifying():
    border = _border(21)
    west = [(0, 0)] + border + [(0, 1), (0, 0)]
    east = border[::-1] + [(2, 0), (2, 1)]
    east = [east[-1]] + east[:-1]  # a different start, the other direction
    east.append(east[0])
    out = simplify_geometries([{"type": "Polygon", "coordinates": [west]},
                               {"type": "Polygon", "coordinates": [east]}], tolerance=0.01)
    west_points = {tuple(p) for p in out[0]["coordinates"][0][0]}
    east_points = {tuple(p) for p in out[1]["coordinates"][0][0]}
    shared = west_points & east_points
    assert shared and {p for p in west_points if p[0] > 0.5} == shared
    assert {p for p in east_points if p[0] < 1.5} == shared
    assert len(shared) < 21


def test_an_islet_below_the_tolerance_goes_but_a_region_never_vanishes():
    main = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    islet = [[3, 3], [3.001, 3], [3.001, 3.001], [3, 3]]
    out = simplify_geometries([{"type": "MultiPolygon", "coordinates": [[main], [islet]]},
                               {"type": "MultiPolygon", "coordinates": [[islet[:]]]}],
                              tolerance=0.01)
    assert len(out[0]["coordinates"]) == 1  # the islet of the first region is dropped
    assert out[1]["coordinates"] == [[islet]]  # the second is only that islet: it stays
