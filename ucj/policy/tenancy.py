"""Settings per province (issue 21): every province is a tenant of the same instance.

A setting (a status threshold, a policy value, a due date of the budget or of the reporting
calendar, a tariff rate or discount) is a row with a nullable ``province``: no province is the
national default, kept by the system (migrations, ``manage.py`` commands); a province's row
overrides the default for that province alone. Readers ask for the province they compute for
(``for_province``); a province admin sees and changes only their own province's rows plus the
defaults they inherit, and changing a default writes their province's override
(``write_province``), never the default."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet

from ucj.accounts.scope import Cap, province_codes, require
from ucj.regions.hierarchy import province_code
from ucj.regions.models import Level, Region


def settings_province(user) -> Region | None:
    """The province whose settings ``user`` reads and keeps: the province their regions lie in
    (the first, should they lie in several); None for the system and for a user bound to no
    region (a national viewer), who read the national defaults. Cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_ucj_settings_province"):
        codes = province_codes(user)
        user._ucj_settings_province = (
            Region.objects.defer("geometry").filter(code=codes[0], level=Level.PROVINCE).first()
            if codes else None)
    return user._ucj_settings_province


def province_id_of(region: Region | int | None) -> int | None:
    """The id of the province whose settings apply to ``region`` (a province, a region below
    one, or a province's id; None stays None): no query for a province or a regency."""
    if not isinstance(region, Region):
        return region
    if region.level == Level.PROVINCE:
        return region.pk
    if region.level == Level.REGENCY:
        return region.parent_id
    return Region.objects.filter(code=province_code(region.code)).values_list(
        "pk", flat=True).first()


def user_province_code(user) -> str | None:
    """The code of ``settings_province(user)`` (no query beyond the user's regions): what the
    policy selectors take."""
    codes = province_codes(user) if user is not None else []
    return codes[0] if codes else None


def in_force_q(province: Region | str | None, *, path: str = "province") -> Q:
    """The rows that apply to ``province`` (a province or its code): the defaults and its own
    (only the defaults for None)."""
    q = Q(**{f"{path}__isnull": True})
    if isinstance(province, str):
        return q | Q(**{f"{path}__code": province})
    return q | Q(**{path: province}) if province is not None else q


def for_province(queryset: QuerySet, province: Region | str | None) -> QuerySet:
    """The rows of ``queryset`` that apply to ``province``, the defaults first and the
    province's own last: read into a dict by key, the province's row overrides the default."""
    return queryset.filter(in_force_q(province)).order_by(F("province").asc(nulls_first=True))


def own_first(queryset: QuerySet, province: Region | str | None, *order: str) -> QuerySet:
    """As ``for_province``, the province's own rows first (then ``order``): ``.first()`` is the
    province's row if it has one, else the default."""
    return queryset.filter(in_force_q(province)).order_by(
        F("province").asc(nulls_last=True), *order)


def write_province(actor, cap: Cap, province: Region | None = None) -> Region | None:
    """The province a settings write changes, after checking the actor may change it.

    The system (``actor`` None: a management command, a migration's data) writes the row of
    ``province`` (None: the national default). A user writes their own province's row
    (``settings_province``, or ``province`` when given), holding ``cap`` within it by the
    region rule; a user never writes the national default."""
    if actor is None:
        require(actor, cap, system=True)
        return province
    province = province if province is not None else settings_province(actor)
    if province is None:
        raise PermissionDenied
    require(actor, cap, province)
    return province


def check_row(row, province: Region | None) -> None:
    """A row a write starts from must be the default or the written province's own."""
    if row is not None and row.province_id is not None and (
            province is None or row.province_id != province.pk):
        raise PermissionDenied


def in_force(queryset: QuerySet, province: Region | str | None, key) -> list:
    """The rows of ``queryset`` (in its order) that apply to ``province``, one per ``key(row)``:
    the province's own where it has one, else the national default. What a settings page
    lists: a province's admin sees their own values and the defaults they inherit, never
    another province's."""
    rows: dict = {}
    for row in queryset.filter(in_force_q(province)):
        k = key(row)
        if k not in rows or row.province_id is not None:
            rows[k] = row
    return list(rows.values())
