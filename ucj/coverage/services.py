"""Writes of workforce denominators and participation snapshots (one function per use case)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from ucj.core import plausibility
from ucj.core.formatting import format_int, format_month
from ucj.coverage.lookups import DB, CoverageLookups
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.records.services import scoped_create, scoped_delete, scoped_update


def denominator_warnings(denominator: WorkforceDenominator, lookups: CoverageLookups = DB) -> list[str]:
    warnings = []
    potential = denominator.workforce_potential
    if denominator.vulnerable_target and denominator.vulnerable_target > potential:
        warnings.append(_(
            "The vulnerable-worker target population (%(target)s) is larger than the workforce "
            "potential (%(potential)s)."
        ) % {"target": format_int(denominator.vulnerable_target), "potential": format_int(potential)})
    if denominator.employed and denominator.employed > potential * 2:
        warnings.append(_(
            "The employed population (%(employed)s) is more than twice the workforce potential "
            "(%(potential)s)."
        ) % {"employed": format_int(denominator.employed), "potential": format_int(potential)})
    month, active = lookups.latest_active_in_year(denominator.region, denominator.year)
    if month and active > potential:
        warnings.append(_(
            "Active participants in %(month)s (%(active)s) already exceed this workforce "
            "potential (%(potential)s): coverage would be above 100%%."
        ) % {"month": format_month(month), "active": format_int(active),
             "potential": format_int(potential)})
    warnings.extend(_denominator_plausibility(denominator, lookups))
    return warnings


DENOMINATOR_SERIES = ("workforce_potential", "employed", "informal", "vulnerable_target")


def _denominator_plausibility(denominator: WorkforceDenominator, lookups: CoverageLookups) -> list:
    """The year not far ahead; each figure of the same order as the nearest other year's."""
    found = [plausibility.late_year_warning(
        denominator.year, lookups.today(), _field_label(WorkforceDenominator, "year"))]
    other = lookups.denominator_nearby(denominator.region, denominator.year)
    if other is not None:
        for name in DENOMINATOR_SERIES:
            found.append(plausibility.scale_warning(
                _field_label(WorkforceDenominator, name), getattr(denominator, name),
                getattr(other, name), str(other.year)))
    return [w for w in found if w]


def _field_label(model, name: str):
    """The field's name, translated only when a warning uses it."""
    return model._meta.get_field(name).verbose_name


@transaction.atomic
def denominator_create(
    *, actor, region, year: int, workforce_potential: int, employed: int | None = None,
    informal: int | None = None, vulnerable_target: int | None = None, source_note: str = "",
    is_synthetic: bool = False, confirm_warnings: bool = False,
) -> WorkforceDenominator:
    denominator = WorkforceDenominator(
        region=region, year=year, workforce_potential=workforce_potential, employed=employed,
        informal=informal, vulnerable_target=vulnerable_target, source_note=source_note,
        is_synthetic=is_synthetic,
    )
    return scoped_create(actor=actor, dataset="denominators", instance=denominator,
                         warnings=denominator_warnings, confirm=confirm_warnings)


@transaction.atomic
def denominator_update(*, actor, denominator: WorkforceDenominator,
                       confirm_warnings: bool = False, **fields) -> WorkforceDenominator:
    return scoped_update(actor=actor, dataset="denominators", instance=denominator,
                         fields=fields, warnings=denominator_warnings, confirm=confirm_warnings)


@transaction.atomic
def denominator_delete(*, actor, denominator: WorkforceDenominator) -> None:
    scoped_delete(actor=actor, dataset="denominators", instance=denominator)


def participation_warnings(snapshot: ParticipationSnapshot, lookups: CoverageLookups = DB) -> list[str]:
    warnings = []
    denominator = lookups.denominator(snapshot.region, snapshot.month.year)
    total = lookups.active_total(snapshot.region, snapshot.month, exclude_segment=snapshot.segment)
    total += snapshot.active
    if denominator is None:
        warnings.append(_(
            "There is no workforce denominator for %(region)s in %(year)s yet, so coverage "
            "cannot be computed."
        ) % {"region": snapshot.region.short_name, "year": snapshot.month.year})
    elif total > denominator.workforce_potential:
        warnings.append(_(
            "Active participants in %(month)s, all segments (%(active)s), exceed the workforce "
            "potential of %(year)s (%(potential)s)."
        ) % {"month": format_month(snapshot.month), "active": format_int(total),
             "year": snapshot.month.year,
             "potential": format_int(denominator.workforce_potential)})
    if snapshot.new > snapshot.active:
        warnings.append(_(
            "New participants (%(new)s) exceed active participants (%(active)s)."
        ) % {"new": format_int(snapshot.new), "active": format_int(snapshot.active)})
    warnings.extend(_participation_plausibility(snapshot, lookups))
    return warnings


def _participation_plausibility(snapshot: ParticipationSnapshot, lookups: CoverageLookups,
                                ) -> list[str]:
    """Not a month after the current one; active participants of the same order as the nearest
    other month of the same segment."""
    found: list[str] = []
    future = plausibility.future_month_warning(snapshot.month, lookups.today())
    if future:
        found.append(future)
    month, active = lookups.active_nearby(snapshot.region, snapshot.segment, snapshot.month)
    if month is not None and plausibility.scale_jump(snapshot.active, active):
        warning = plausibility.scale_warning(
            _field_label(ParticipationSnapshot, "active"), snapshot.active, active,
            f"{format_month(month)}, {snapshot.segment}")
        if warning:  # always, after a jump: scale_warning is None only without one
            found.append(warning)
    return found


@transaction.atomic
def participation_create(
    *, actor, region, month: dt.date, segment: str, active: int, new: int = 0, lapsed: int = 0,
    funded_apbd_prov: int = 0, funded_apbd_kabkota: int = 0, funded_dbhcht_prov: int = 0,
    funded_dbhcht: int = 0, funded_dana_desa: int = 0, funded_other: int = 0,
    source_note: str = "",
    is_synthetic: bool = False, confirm_warnings: bool = False,
) -> ParticipationSnapshot:
    snapshot = ParticipationSnapshot(
        region=region, month=month, segment=segment, active=active, new=new, lapsed=lapsed,
        funded_apbd_prov=funded_apbd_prov, funded_apbd_kabkota=funded_apbd_kabkota,
        funded_dbhcht_prov=funded_dbhcht_prov, funded_dbhcht=funded_dbhcht,
        funded_dana_desa=funded_dana_desa,
        funded_other=funded_other, source_note=source_note, is_synthetic=is_synthetic,
    )
    return scoped_create(actor=actor, dataset="participation", instance=snapshot,
                         warnings=participation_warnings, confirm=confirm_warnings)


@transaction.atomic
def participation_update(*, actor, snapshot: ParticipationSnapshot,
                         confirm_warnings: bool = False, **fields) -> ParticipationSnapshot:
    return scoped_update(actor=actor, dataset="participation", instance=snapshot,
                         fields=fields, warnings=participation_warnings, confirm=confirm_warnings)


@transaction.atomic
def participation_delete(*, actor, snapshot: ParticipationSnapshot) -> None:
    scoped_delete(actor=actor, dataset="participation", instance=snapshot)
