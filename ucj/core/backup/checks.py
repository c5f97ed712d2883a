"""What a restore checks beyond its files and row counts, registered by the apps that own the
data (the audit log's seals, the registry's encrypted NIKs): core names no domain app.

An app registers a check from its ``AppConfig.ready()`` with ``register("ucj.app.module.fn")``
(registration only). A check is called with the restored NIK key and the restored tables' row
counts and returns ``(notes, problems)``: lines for the operator, without personal data.
"""

from __future__ import annotations

from django.utils.module_loading import import_string

CHECKS: list[str] = []  # dotted paths, in the order the apps are installed


def register(path: str) -> None:
    if path not in CHECKS:
        CHECKS.append(path)


def run(key_hex: str, counts: dict[str, int], *, notes: list[str], problems: list[str]) -> None:
    """Every registered check, in order, adding its lines to ``notes`` and ``problems``."""
    for path in CHECKS:
        found_notes, found_problems = import_string(path)(key_hex, counts)
        notes += found_notes
        problems += found_problems
