"""The region rule, written once: which region lies inside which.

Kemendagri codes are hierarchical: ``52.03.01`` lies below ``52.03``, which lies below ``52``.
"This region and everything below it" is ``code == c or code startswith c + "."`` — in Python
(``code_within``) and in SQL (``within_q``). The rule is geography, not permission, so it lives
with the regions; ucj/accounts/scope.py builds every scope decision on it, and any module that
needs "inside" (a filter of a meeting's regions, a region's ancestors, a regency's province)
calls these functions instead of comparing codes or walking parents itself (decisions)."""

from __future__ import annotations

from django.db.models import Q

from ucj.regions.models import Level, Region


def code_within(code: str, roots: tuple[str, ...] | list[str]) -> bool:
    """Whether the region ``code`` is one of ``roots`` or lies below one of them."""
    return any(code == r or code.startswith(r + ".") for r in roots)


def region_within(region: Region, other: Region) -> bool:
    """Whether ``region`` is ``other`` or lies below it."""
    return code_within(region.code, (other.code,))


def within_q(code: str, *, path: str = "region") -> Q:
    """Records whose region (reached through ``path``) is ``code`` or lies below it."""
    field = f"{path}__code" if path else "code"
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def ancestor_codes(code: str) -> list[str]:
    """The codes above ``code``, from the top: ``52.03.01`` → ``52``, ``52.03``."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def parent_code(code: str) -> str:
    """The code of the region just above ``code`` (``""`` for a province)."""
    return code.rsplit(".", 1)[0] if "." in code else ""


def province_code(code: str) -> str:
    """The province a code lies in: ``52.03.01`` → ``52``."""
    return code.split(".", 1)[0]


def province_of(region: Region) -> Region | None:
    """The province of a province or a regency/city: the region itself, or its parent (no
    query when loaded with ``select_related("parent")``). Only for those two levels."""
    return region if region.level == Level.PROVINCE else region.parent
