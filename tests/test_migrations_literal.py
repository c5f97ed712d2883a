"""Migrations carry their data literally (issue 20): a data migration that imports the app's
live code seeds something else the day that code is edited, and an old database and a new one
then differ. The one import of app code a migration may hold is Django's own serialization of
a field's callable (``upload_to=ucj.budget.models.commitment_document_path``): a module-level
``import ucj.<app>.models`` whose every use is such a keyword argument of a field."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "ucj"
MIGRATIONS = sorted(p for p in ROOT.glob("*/migrations/[0-9]*.py"))
FIELD_CALLABLE_KEYWORDS = {"upload_to", "default", "validators"}


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def app_code_imports(source: str) -> list[str]:
    """What in a migration's source reaches the app's live code, as ``line: text``."""
    tree = ast.parse(source)
    problems = []
    allowed_modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "ucj":
            problems.append(f"{node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "ucj":
                    continue
                if node in tree.body and alias.name.endswith(".models") and alias.asname is None:
                    allowed_modules.add(alias.name)
                else:
                    problems.append(f"{node.lineno}: import {alias.name}")
    if not allowed_modules:
        return problems
    # every use of an allowed module must be a field's callable keyword argument
    in_keyword = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in FIELD_CALLABLE_KEYWORDS:
            in_keyword.update(id(n) for n in ast.walk(node.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and not isinstance(getattr(node, "ctx", None),
                                                              ast.Store):
            name = _dotted(node)
            module = name.rsplit(".", 1)[0]
            if module in allowed_modules and id(node) not in in_keyword:
                problems.append(f"{node.lineno}: {name} used outside a field's callable")
    return problems


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_a_migration_does_not_import_the_apps_live_code(path):
    assert app_code_imports(path.read_text(encoding="utf-8")) == []


def test_the_check_catches_a_data_migration_that_imports_app_code():
    inside = "def seed(apps, schema_editor):\n    from ucj.forums.reference import seed\n"
    top = "import ucj.budget.reference\n"
    misuse = "import ucj.budget.models\nX = ucj.budget.models.Stage.MURNI\n"
    assert app_code_imports(inside) == ["2: from ucj.forums.reference import …"]
    assert app_code_imports(top) == ["1: import ucj.budget.reference"]
    assert app_code_imports(misuse) == ["2: ucj.budget.models.Stage used outside a field's callable"]
    field = ("import ucj.budget.models\n"
             "F = models.FileField(upload_to=ucj.budget.models.commitment_document_path)\n")
    assert app_code_imports(field) == []
