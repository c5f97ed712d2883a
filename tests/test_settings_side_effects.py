"""Settings without side effects (issue 20): importing ucj/settings.py writes nothing, each
file of the data folder is made by its first writer, and the README's Configuration table
names every environment variable the settings read (and no variable nothing reads)."""

from __future__ import annotations

import ast
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _files(directory: Path) -> list[str]:
    return sorted(str(path.relative_to(directory)) for path in directory.rglob("*"))


@pytest.mark.parametrize("debug", ["1", "0"])
def test_manage_py_check_writes_nothing_into_a_fresh_data_folder(tmp_path, debug):
    data = tmp_path / "data"
    data.mkdir()
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DATABASE_URL", "SECRET_KEY", "UCJ_NIK_KEY", "UCJ_CACHE_BACKEND",
                                "UCJ_COMMAND_LINE", "DJANGO_SETTINGS_MODULE")}
    environment |= {"DEBUG": debug, "UCJ_DATA_DIR": str(data)}
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _files(data) == []


def test_the_settings_make_no_data_folder_when_imported(tmp_path):
    data = tmp_path / "not-yet"
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DATABASE_URL", "UCJ_NIK_KEY", "UCJ_CACHE_BACKEND")}
    environment |= {"DEBUG": "1", "UCJ_DATA_DIR": str(data),
                    "DJANGO_SETTINGS_MODULE": "ucj.settings"}
    code = ("import django; django.setup(); from django.conf import settings; "
            "from django.core.cache import cache; cache.get('x'); "
            "print(settings.STATIC_ROOT, settings.UCJ_NIK_HASH_KEY is not None)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not data.exists()


def test_the_nik_key_file_is_made_on_first_use_readable_by_its_owner_only(
        tmp_path, settings, monkeypatch):
    from ucj.core import nikkey

    monkeypatch.delenv("UCJ_NIK_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "data"
    assert not settings.DATA_DIR.exists()
    first = nikkey.nik_key()
    path = settings.DATA_DIR / "nik.key"
    assert first == (path.read_text().strip(), "file") and len(first[0]) == 64
    assert path.stat().st_mode & 0o777 == 0o600
    assert nikkey.nik_key() == first  # made once, then read


def test_the_sqlite_connection_makes_its_folder_and_leaves_memory_databases_alone(tmp_path):
    from ucj.core.datadir import SQLiteConnection

    path = tmp_path / "a" / "b" / "ucj.sqlite3"
    connection = sqlite3.connect(path, factory=SQLiteConnection)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    assert path.is_file()
    memory = sqlite3.connect("file:memorydb_x?mode=memory&cache=shared", uri=True,
                             factory=SQLiteConnection)
    memory.close()
    assert _files(tmp_path) == ["a", "a/b", "a/b/ucj.sqlite3"]


# --- the README's Configuration table and the variables the code reads ----------------------

READERS = {"get", "env_bool", "env_list", "env_int", "getenv"}


def _variables_read_by(path: Path) -> set[str]:
    """Names given as a literal to os.environ.get / os.environ[...] / env_bool / env_list."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            environ = (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute)
                       and func.value.attr == "environ") or name != "get"
            if name in READERS and environ and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
        elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
              and node.value.attr == "environ" and isinstance(node.slice, ast.Constant)):
            names.add(node.slice.value)
    return names


def _configuration_table() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    table = section.split("| variable |", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`",
                                                        row.split(" | ")[0])}


def _python_sources() -> list[Path]:
    scripts = [path for path in (ROOT / "scripts").iterdir() if path.is_file()
               and (path.suffix == ".py" or path.read_text().startswith("#!/usr/bin/env python"))]
    return [*sorted((ROOT / "ucj").rglob("*.py")), ROOT / "manage.py", *sorted(scripts)]


def test_every_variable_the_settings_read_is_in_the_readme_table():
    missing = _variables_read_by(ROOT / "ucj" / "settings.py") - _configuration_table()
    assert not missing, f"add a row to README.md's Configuration table for {sorted(missing)}"


def test_every_variable_the_code_reads_is_in_the_readme_table():
    read = set().union(*(_variables_read_by(path) for path in _python_sources()))
    internal = {"PATH", "DJANGO_AUTORELOAD_ENV"}
    missing = read - _configuration_table() - internal
    assert not missing, f"add a row to README.md's Configuration table for {sorted(missing)}"


def test_every_variable_in_the_readme_table_is_read_somewhere():
    sources = "\n".join(path.read_text() for path in [
        *_python_sources(), *(ROOT / "scripts").iterdir(), ROOT / "Makefile",
        *(ROOT / "tests").glob("*.py")] if path.is_file())
    unread = {name for name in _configuration_table() if name not in sources}
    assert not unread, f"README.md's Configuration table names variables nothing reads: {unread}"
