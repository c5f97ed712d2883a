"""`make bench` works on its own throw-away database: the bench set-up (bench/run.py
--setup-only: migrate and flush, as before every benchmark module) run with DATABASE_URL and
UCJ_DATA_DIR pointing at someone's data leaves that data byte for byte as it was, and its own
database is gone afterwards."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _snapshot(directory: Path) -> dict[str, str]:
    return {str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def _someones_database(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE regions_region (id INTEGER PRIMARY KEY, code TEXT)")
        db.execute("INSERT INTO regions_region (code) VALUES ('52.03')")
    db.close()


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the bench never uses the suite's database: once, on SQLite, is enough")
def test_the_bench_set_up_leaves_the_databases_of_the_environment_untouched(tmp_path):
    theirs = tmp_path / "their-database"
    data_dir = tmp_path / "their-data-dir"
    theirs.mkdir()
    data_dir.mkdir()
    _someones_database(theirs / "ucj.sqlite3")
    _someones_database(data_dir / "ucj.sqlite3")  # the default file of UCJ_DATA_DIR
    (data_dir / "nik.key").write_text("ab" * 32)
    before = {"db": _snapshot(theirs), "data": _snapshot(data_dir)}

    env = dict(os.environ, DATABASE_URL=f"sqlite:///{theirs / 'ucj.sqlite3'}",
               UCJ_DATA_DIR=str(data_dir), DEBUG="1")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--setup-only"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stderr[-2000:]
    assert {"db": _snapshot(theirs), "data": _snapshot(data_dir)} == before
    with sqlite3.connect(theirs / "ucj.sqlite3") as db:
        assert db.execute("SELECT code FROM regions_region").fetchall() == [("52.03",)]
    db.close()
    used = Path(done.stdout.split("bench database:", 1)[1].strip())
    assert used.name == "bench.sqlite3" and theirs not in used.parents
    assert data_dir not in used.parents
    assert not used.parent.exists()  # the throw-away directory is deleted at the end
    assert "DATABASE_URL from the environment is ignored" in done.stderr
    assert "UCJ_DATA_DIR from the environment is ignored" in done.stderr


@pytest.mark.parametrize("name", ["csv_named.xlsx", "workbook_named.csv", "unclosed_quote.csv",
                                  "dimension_bomb.xlsx"])
@pytest.mark.parametrize("channel", ["import", "registry"])
def test_the_hostile_benchmark_reads_as_the_uploads_read(name, channel, tmp_path, capsys,
                                                         settings):
    """The benchmark's child calls the same functions as the import and registry uploads, and
    gets the answer the hostile corpus expects (a renamed function failed only in make bench)."""
    import json

    from bench import bench_hostile
    from tests import hostile_files

    settings.DATA_DIR = tmp_path
    hostile = hostile_files.BY_NAME[name]
    path = tmp_path / name
    path.write_bytes(hostile.make())
    bench_hostile._child(channel, str(path))
    answer = json.loads(capsys.readouterr().out.splitlines()[-1])
    expected = hostile.imports if channel == "import" else hostile.registry
    if expected is None:
        assert answer["message"] is None
    else:
        assert expected in answer["message"]
