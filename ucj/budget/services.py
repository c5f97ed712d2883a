"""Writes of commitments, budget allocations and realizations (one function per use case)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ucj.budget.models import Allocation, Commitment, ContributionPackage, Realization
from ucj.core.formatting import format_int, format_month, format_rupiah
from ucj.core.lookups import DB, DbLookups
from ucj.core.services import scoped_create, scoped_delete, scoped_update
from ucj.core.validators import validate_pdf

# An amount more than this far from workers × tariff × months is flagged.
AMOUNT_TOLERANCE = Decimal("0.10")


def _far_from(actual: int, expected: int) -> bool:
    if expected <= 0:
        return actual > 0
    return abs(Decimal(actual) - expected) > AMOUNT_TOLERANCE * expected


# --- commitments -------------------------------------------------------------------------------

def commitment_warnings(commitment: Commitment, lookups: DbLookups = DB) -> list[str]:
    warnings = []
    denominator = lookups.denominator(commitment.region, commitment.year)
    target = commitment.target_funded_workers
    if target and denominator and denominator.vulnerable_target and target > denominator.vulnerable_target:
        warnings.append(_(
            "The target of %(target)s funded workers is larger than the vulnerable-worker target "
            "population of %(year)s (%(population)s)."
        ) % {"target": format_int(target), "year": commitment.year,
             "population": format_int(denominator.vulnerable_target)})
    if commitment.status == "signed" and not commitment.document:
        warnings.append(_("The commitment is marked signed but no signed document is attached."))
    return warnings


def _document_fields(document) -> dict:
    """The fields to set for a newly uploaded signed document, after checking it is a PDF."""
    if document is None:
        return {}
    try:
        validate_pdf(document)
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages}) from exc
    return {"document": document, "document_name": document.name.rsplit("/", 1)[-1][:255]}


@transaction.atomic
def commitment_create(
    *, actor, region, year: int, target_coverage: Decimal,
    target_funded_workers: int | None = None, perkada_number: str = "",
    perkada_date: dt.date | None = None, pks_number: str = "", pks_date: dt.date | None = None,
    document=None, status: str = "planned", note: str = "", is_synthetic: bool = False,
    confirm_warnings: bool = False,
) -> Commitment:
    commitment = Commitment(
        region=region, year=year, target_coverage=target_coverage,
        target_funded_workers=target_funded_workers, perkada_number=perkada_number,
        perkada_date=perkada_date, pks_number=pks_number, pks_date=pks_date, status=status,
        note=note, is_synthetic=is_synthetic, **_document_fields(document),
    )
    return scoped_create(actor=actor, dataset="commitments", instance=commitment,
                         warnings=commitment_warnings, confirm=confirm_warnings)


@transaction.atomic
def commitment_update(*, actor, commitment: Commitment, confirm_warnings: bool = False,
                      document=None, **fields) -> Commitment:
    old_document = commitment.document.name if commitment.document else ""
    fields.update(_document_fields(document))
    result = scoped_update(actor=actor, dataset="commitments", instance=commitment,
                           fields=fields, warnings=commitment_warnings, confirm=confirm_warnings)
    if document is not None and old_document:
        storage = commitment.document.storage
        transaction.on_commit(lambda: storage.delete(old_document))
    return result


@transaction.atomic
def commitment_delete(*, actor, commitment: Commitment) -> None:
    document = commitment.document.name if commitment.document else ""
    storage = commitment.document.storage
    scoped_delete(actor=actor, dataset="commitments", instance=commitment)
    if document:
        transaction.on_commit(lambda: storage.delete(document))


# --- allocations -------------------------------------------------------------------------------

def expected_amount(*, package: ContributionPackage, fiscal_year: int, start_month: int,
                    workers: int, months: int, lookups: DbLookups = DB) -> int | None:
    """workers × monthly tariff × months, with the tariff in force at the first month (None
    without one, and for a percentage-of-wage package, whose amount depends on wages)."""
    rate = lookups.tariff(package, dt.date(fiscal_year, start_month, 1))
    if rate is None or rate.per_worker() is None:
        return None
    return workers * rate.per_worker() * months


def allocation_warnings(allocation: Allocation, lookups: DbLookups = DB) -> list[str]:
    warnings = []
    expected = expected_amount(
        package=allocation.package, fiscal_year=allocation.fiscal_year,
        start_month=allocation.start_month, workers=allocation.workers_planned,
        months=allocation.months_covered, lookups=lookups,
    )
    if expected is None and lookups.tariff(
            allocation.package, dt.date(allocation.fiscal_year, allocation.start_month, 1)) is None:
        warnings.append(_(
            "No tariff of “%(package)s” is in force in %(month)s, so the amount cannot be checked."
        ) % {"package": allocation.package,
             "month": format_month(dt.date(allocation.fiscal_year, allocation.start_month, 1))})
    elif expected is not None and _far_from(allocation.amount, expected):
        warnings.append(_(
            "The amount %(amount)s differs by more than 10%% from %(workers)s workers × tariff × "
            "%(months)s months = %(expected)s."
        ) % {"amount": format_rupiah(allocation.amount),
             "workers": format_int(allocation.workers_planned),
             "months": allocation.months_covered, "expected": format_rupiah(expected)})
    if allocation.pk:
        realized = lookups.realized_total(allocation)
        if realized > allocation.amount:
            warnings.append(_(
                "Payments already realized (%(realized)s) exceed this amount."
            ) % {"realized": format_rupiah(realized)})
    return warnings


@transaction.atomic
def allocation_create(
    *, actor, region, fiscal_year: int, stage: str, funding_source: str, amount: int,
    workers_planned: int, months_covered: int, package: ContributionPackage,
    start_month: int = 1, note: str = "", is_synthetic: bool = False,
    confirm_warnings: bool = False,
) -> Allocation:
    allocation = Allocation(
        region=region, fiscal_year=fiscal_year, stage=stage, funding_source=funding_source,
        amount=amount, workers_planned=workers_planned, months_covered=months_covered,
        package=package, start_month=start_month, note=note, is_synthetic=is_synthetic,
    )
    return scoped_create(actor=actor, dataset="allocations", instance=allocation,
                         warnings=allocation_warnings, confirm=confirm_warnings)


@transaction.atomic
def allocation_update(*, actor, allocation: Allocation, confirm_warnings: bool = False,
                      **fields) -> Allocation:
    return scoped_update(actor=actor, dataset="allocations", instance=allocation, fields=fields,
                         warnings=allocation_warnings, confirm=confirm_warnings)


@transaction.atomic
def allocation_delete(*, actor, allocation: Allocation) -> None:
    if allocation.realizations.exists():
        raise ValidationError(_(
            "This allocation has realizations. Delete its realizations first."
        ))
    scoped_delete(actor=actor, dataset="allocations", instance=allocation)


# --- realizations ------------------------------------------------------------------------------

def realization_warnings(realization: Realization, lookups: DbLookups = DB) -> list[str]:
    warnings = []
    allocation = realization.allocation
    total = lookups.realized_total(allocation, exclude_month=realization.month) + realization.amount_paid
    if total > allocation.amount:
        warnings.append(_(
            "With this payment, realizations (%(total)s) exceed the allocation (%(amount)s)."
        ) % {"total": format_rupiah(total), "amount": format_rupiah(allocation.amount)})
    if realization.workers_paid > allocation.workers_planned:
        warnings.append(_(
            "Workers paid (%(paid)s) exceed the workers planned in the allocation (%(planned)s)."
        ) % {"paid": format_int(realization.workers_paid),
             "planned": format_int(allocation.workers_planned)})
    first = allocation.start_month
    last = allocation.start_month + allocation.months_covered - 1
    if realization.month and not first <= realization.month.month <= last:
        warnings.append(_(
            "%(month)s lies outside the months the allocation covers (%(first)s–%(last)s)."
        ) % {"month": format_month(realization.month),
             "first": format_month(dt.date(allocation.fiscal_year, first, 1)),
             "last": format_month(dt.date(allocation.fiscal_year, last, 1))})
    if realization.month:
        rate = lookups.tariff(allocation.package, realization.month)
        if rate is not None and rate.per_worker() is not None:
            expected = realization.workers_paid * rate.per_worker()
            if _far_from(realization.amount_paid, expected):
                warnings.append(_(
                    "The amount paid %(amount)s differs by more than 10%% from %(workers)s workers "
                    "× %(tariff)s = %(expected)s."
                ) % {"amount": format_rupiah(realization.amount_paid),
                     "workers": format_int(realization.workers_paid),
                     "tariff": format_rupiah(rate.per_worker()),
                     "expected": format_rupiah(expected)})
    return warnings


@transaction.atomic
def realization_create(
    *, actor, allocation: Allocation, month: dt.date, amount_paid: int, workers_paid: int,
    note: str = "", is_synthetic: bool = False, confirm_warnings: bool = False,
) -> Realization:
    realization = Realization(
        allocation=allocation, month=month, amount_paid=amount_paid, workers_paid=workers_paid,
        note=note, is_synthetic=is_synthetic,
    )
    return scoped_create(actor=actor, dataset="realizations", instance=realization,
                         warnings=realization_warnings, confirm=confirm_warnings)


@transaction.atomic
def realization_update(*, actor, realization: Realization, confirm_warnings: bool = False,
                       **fields) -> Realization:
    return scoped_update(actor=actor, dataset="realizations", instance=realization,
                         fields=fields, warnings=realization_warnings, confirm=confirm_warnings)


@transaction.atomic
def realization_delete(*, actor, realization: Realization) -> None:
    scoped_delete(actor=actor, dataset="realizations", instance=realization)
