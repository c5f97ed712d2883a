"""The layering contract (pyproject.toml ``[tool.importlinter]``, run by ``make lint``) holds on
the code, and fails when someone adds an upward import or an import cycle.

The failing cases run import-linter on a copy of the package with one import added, so the
check is the real one, on the real contracts, and the working tree is never touched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", str(where / "pyproject.toml")],
                          cwd=where, capture_output=True, text=True, timeout=120)


@pytest.fixture
def copy(tmp_path) -> Path:
    """The package's Python files, the contracts and our own contract type, in a temporary
    folder (no data, no templates: import-linter reads only the imports)."""
    shutil.copytree(ROOT / "ucj", tmp_path / "ucj",
                    ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "templates"))
    (tmp_path / "tests").mkdir()
    for name in ("__init__.py", "layering.py"):
        shutil.copy(ROOT / "tests" / name, tmp_path / "tests" / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_line(module: Path, line: str) -> None:
    module.write_text(module.read_text() + "\n" + line + "\n")


def test_the_layering_contracts_hold_on_the_code():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_the_copy_is_checked_like_the_code(copy):
    assert lint_imports(copy).returncode == 0


def test_core_importing_a_domain_app_breaks_the_layers(copy):
    add_line(copy / "ucj/core/formatting.py", "from ucj.budget import costs  # noqa")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "ucj.core is not allowed to import ucj.budget" in result.stdout
    assert "ucj.core.formatting -> ucj.budget.costs" in result.stdout


def test_a_domain_app_importing_the_demo_breaks_the_layers_even_inside_a_function(copy):
    add_line(copy / "ucj/budget/costs.py",
             "def _load():\n    from ucj.demo import loader  # noqa\n    return loader")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "ucj.budget is not allowed to import ucj.demo" in result.stdout


def test_a_cycle_between_two_domain_modules_breaks_the_acyclic_contract(copy):
    # planner.selectors imports budget.costs; the way back closes a cycle inside one layer
    add_line(copy / "ucj/budget/costs.py", "from ucj.planner import selectors  # noqa")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "No import cycle between modules BROKEN" in result.stdout
    assert "ucj.budget.costs -> ucj.planner.selectors" in result.stdout
    assert "Layers: demo > the project's wiring > the API > the domain apps > core KEPT" in result.stdout
