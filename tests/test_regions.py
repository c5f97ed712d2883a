"""The region master: load any province's CSV (all or nothing) and its boundaries."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ucj.audit.models import AuditEvent
from ucj.regions.models import Region
from ucj.regions.services import LoadError, boundaries_load, regions_load

REFERENCE = settings.BASE_DIR / "data" / "reference"


def test_the_ntb_master_loads_completely_and_only_once(db, capsys):
    call_command("load_regions", str(REFERENCE / "ntb_wilayah.csv"),
                 boundaries=str(REFERENCE / "ntb_kabkota.geojson"))
    counts = {level: Region.objects.filter(level=level).count()
              for level in ("province", "regency", "district", "village")}
    assert counts == {"province": 1, "regency": 10, "district": 117, "village": 1166}
    assert Region.objects.count() == 1294
    lotim = Region.objects.get(code="52.03")
    assert lotim.name == "Kabupaten Lombok Timur" and lotim.parent.code == "52"
    assert lotim.geometry["type"] in ("Polygon", "MultiPolygon")
    assert Region.objects.filter(level="regency", geometry__isnull=False).count() == 10
    village = Region.objects.get(code="52.01.01.1001")
    assert village.parent.parent.parent.code == "52"
    first_out = capsys.readouterr().out
    assert "1294" in first_out
    events = AuditEvent.objects.count()
    call_command("load_regions", str(REFERENCE / "ntb_wilayah.csv"),
                 boundaries=str(REFERENCE / "ntb_kabkota.geojson"))
    assert AuditEvent.objects.count() == events  # nothing changed, nothing audited
    assert "1294" in capsys.readouterr().out  # 1294 unchanged


def test_another_province_loads_in_the_same_format(db):
    text = ("code,name,level,parent_code\n"
            "53,Nusa Tenggara Timur,province,\n"
            "53.01,Kabupaten Kupang,regency,53\n"
            "53.01.01,Kupang Barat,district,53.01\n")
    result = regions_load(text=text)
    assert result.created == 3
    assert Region.objects.get(code="53.01.01").parent.code == "53.01"


def test_a_renamed_region_is_updated(db):
    regions_load(text="code,name,level,parent_code\n53,NTT,province,\n")
    result = regions_load(text="code,name,level,parent_code\n53,Nusa Tenggara Timur,province,\n")
    assert (result.created, result.updated) == (0, 1)
    assert Region.objects.get(code="53").name == "Nusa Tenggara Timur"


BAD_FILES = [
    ("kode,nama\n52,NTB\n", "kolom"),
    ("code,name,level,parent_code\n52,NTB,provinsi,\n", "Baris 2, kolom “level”"),
    ("code,name,level,parent_code\n5203,Lotim,regency,52\n", "Baris 2, kolom “code”"),
    ("code,name,level,parent_code\n52,NTB,province,\n52.01,,regency,52\n", "Baris 3, kolom “name”"),
    ("code,name,level,parent_code\n52,NTB,province,\n52.01,A,regency,52\n52.01,B,regency,52\n",
     "Baris 4, kolom “code”"),
    ("code,name,level,parent_code\n52,NTB,province,\n52.01,A,district,52\n", "Baris 3, kolom “level”"),
    ("code,name,level,parent_code\n52.01,A,regency,52\n", "Baris 2, kolom “parent_code”"),
    ("code,name,level,parent_code\n52,NTB,province,\n52.01,A,regency,53\n", "Baris 3, kolom “parent_code”"),
    ("code,name,level,parent_code\n", "tidak berisi"),
]


@pytest.mark.parametrize("text, message", BAD_FILES)
def test_a_bad_master_writes_nothing_and_names_row_and_column(db, text, message):
    with pytest.raises(LoadError) as exc:
        regions_load(text=text)
    assert any(message in error for error in exc.value.errors), exc.value.errors
    assert Region.objects.count() == 0


def test_one_bad_row_among_good_ones_writes_nothing(db, tmp_path):
    path = tmp_path / "wilayah.csv"
    path.write_text("code,name,level,parent_code\n52,NTB,province,\n52.01,A,regency,52\n"
                    "52.02,B,kota,52\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Baris 4"):
        call_command("load_regions", str(path))
    assert Region.objects.count() == 0


def test_boundaries_for_unknown_codes_are_refused(db):
    regions_load(text="code,name,level,parent_code\n52,NTB,province,\n")
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "52.99"},
         "geometry": {"type": "Polygon", "coordinates": [[[116, -8], [117, -8], [117, -9], [116, -8]]]}}]}
    with pytest.raises(LoadError, match="52.99"):
        boundaries_load(text=json.dumps(geojson))
    with pytest.raises(LoadError):
        boundaries_load(text="not json")
