"""Modules with one job each (issue 20): no Python module of the application, its scripts or its
benchmarks is longer than 800 lines (migrations, written by Django, excepted). A longer one
is split by its jobs, as imports/engine.py, registry/services.py and core/safefiles.py were.
Function complexity is ruff's C901 (pyproject.toml, `make lint`)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 800


def _modules():
    for folder in ("ucj", "scripts", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_is_longer_than_800_lines():
    long = {str(path.relative_to(ROOT)): n for path in _modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert not long, f"modules over {LIMIT} lines (split them by job): {long}"


def test_the_check_sees_the_modules():
    names = {str(path.relative_to(ROOT)) for path in _modules()}
    assert "ucj/settings.py" in names and "bench/run.py" in names
    assert not any("/migrations/" in name for name in names)
