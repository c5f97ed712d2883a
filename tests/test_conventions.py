"""The checks of `make lint` that CONTRIBUTING.md promises: mypy reaches every services,
selectors and scope module, and the dead-code check reports a definition nothing uses while
counting the uses Django makes by name."""

from __future__ import annotations

import glob
import importlib.machinery
import importlib.util
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED_NAMES = ("services", "selectors", "scope")


def _load_deadcode():
    loader = importlib.machinery.SourceFileLoader("deadcode", str(ROOT / "scripts" / "deadcode"))
    spec = importlib.util.spec_from_loader("deadcode", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _mypy_globs() -> list[str]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["mypy"]["files"]


def _checked_by_mypy(globs: list[str]) -> set[str]:
    """The files mypy checks: its globs expanded as mypy does (glob, recursive; a directory
    is checked whole)."""
    checked: set[str] = set()
    for pattern in globs:
        for found in glob.glob(str(ROOT / pattern), recursive=True):
            path = Path(found)
            files = path.rglob("*.py") if path.is_dir() else [path]
            checked.update(f.relative_to(ROOT).as_posix() for f in files)
    return checked


def test_mypy_checks_every_services_selectors_and_scope_module_and_package():
    globs = _mypy_globs()
    wanted = []
    for path in (ROOT / "ucj").rglob("*.py"):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts:
            continue
        in_package = any(part.startswith(CHECKED_NAMES) for part in relative.parts[1:-1])
        if path.stem.startswith(CHECKED_NAMES) or in_package:
            wanted.append(relative.as_posix())
    assert wanted, "no module to check found"
    missing = sorted(set(wanted) - _checked_by_mypy(globs))
    assert missing == [], f"add these to [tool.mypy] files in pyproject.toml: {missing}"


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_the_dead_code_check_reports_a_function_nothing_calls(tmp_path):
    root = _tree(tmp_path, {
        "ucj/__init__.py": "",
        "ucj/things.py": "def used():\n    return 1\n\n\ndef forgotten():\n    return 2\n",
        "ucj/views.py": "from ucj.things import used\n\nVALUE = used()\n",
    })
    found = [(item.typ, item.name) for item in _load_deadcode().unused(root)]
    assert found == [("function", "forgotten")]


def test_the_dead_code_check_counts_templates_settings_tests_and_migrations_as_uses(tmp_path):
    root = _tree(tmp_path, {
        "ucj/__init__.py": "",
        "ucj/apps.py": "class ThingsConfig:\n    name = 'ucj'\n",
        "ucj/middleware.py": "class KeptMiddleware:\n    pass\n",
        "ucj/settings.py": "MIDDLEWARE = ['ucj.middleware.KeptMiddleware']\n",
        "ucj/filters.py": "def rupiah(value):\n    return value\n\n\ndef tested():\n    return 0\n",
        "ucj/templates/page.html": "{{ amount|rupiah }}\n",
        "tests/test_filters.py": "from ucj.filters import tested\n\n\ndef test_it():\n"
                                 "    assert tested() == 0\n",
        "ucj/seeding.py": "def seed(apps, schema_editor):\n    pass\n",
        "ucj/migrations/0002_seed.py": "from ucj.seeding import seed\n\n\n"
                                       "class Migration:\n    operations = [seed]\n",
    })
    assert _load_deadcode().unused(root) == []
