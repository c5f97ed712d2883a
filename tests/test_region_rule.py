"""The region rule is written once (issue 20): ucj/regions/hierarchy.py says which region lies
inside which; no other module compares codes by prefix, splits a code to find its parent or
province, or walks to a regency's province by hand."""

from __future__ import annotations

import re
from pathlib import Path

from ucj.regions.hierarchy import (
    ancestor_codes,
    code_within,
    parent_code,
    province_code,
    province_of,
    region_within,
)
from ucj.regions.models import Level, Region

ROOT = Path(__file__).resolve().parent.parent

# What writing the rule out looks like.
PATTERNS = {
    # (a literal prefix, as a package code's "bpu", is not a region's)
    "a code compared by prefix": re.compile(r"code\w*\.startswith\((?!\")|startswith\(\w*code\w* \+"),
    "a prefix filter on a code": re.compile(r"code__startswith"),
    "a LIKE on a code": re.compile(r"code LIKE '"),
    "a code split to find its parent or province": re.compile(
        r"code\w*\.r?split\(\"\.\"(, 1)?\)\[0\]"),
    "a regency's province by hand": re.compile(r"Level\.PROVINCE else [\w.]*\.parent\b"),
}

# Places that still write it out, each with its reason: the list only shrinks. Migrations
# are left out (they must not import app code, so they keep their own copy).
KNOWN = {
    # SQL that DuckDB runs over the region master's CSV file (synthetic registry data for the
    # benchmarks), not the ORM: the rule cannot be a Q object there
    "ucj/registry/synthetic.py": "DuckDB over the reference CSV",
}


def _offences() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "ucj").rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if "/migrations/" in relative or relative == "ucj/regions/hierarchy.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for what, pattern in PATTERNS.items():
                if pattern.search(line):
                    found.setdefault(relative, []).append(f"{number}: {what}: {line.strip()}")
    return found


def test_no_module_writes_out_the_region_rule_again():
    new = {path: lines for path, lines in _offences().items() if path not in KNOWN}
    assert not new, ("use ucj/regions/hierarchy.py (code_within, within_q, parent_code, "
                     f"province_code, province_of) instead of: {new}")


def test_the_rule_on_codes():
    assert code_within("52.03.01", ("52.03",)) and code_within("52.03", ("52.03",))
    assert not code_within("52.031", ("52.03",)) and not code_within("52", ("52.03",))
    assert ancestor_codes("52.03.01") == ["52", "52.03"] and ancestor_codes("52") == []
    assert parent_code("52.03.01") == "52.03" and parent_code("52") == ""
    assert province_code("52.03.01") == "52"


def test_the_rule_on_regions():
    province = Region(code="52", name="NTB", level=Level.PROVINCE)
    regency = Region(code="52.03", name="Lombok Timur", level=Level.REGENCY, parent=province)
    assert province_of(province) is province and province_of(regency) is province
    assert region_within(regency, province) and not region_within(province, regency)
