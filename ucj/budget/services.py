"""Writes of commitments, budget allocations, realizations and tariffs (one function per use
case)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ucj.accounts.scope import Cap
from ucj.audit.models import Action
from ucj.audit.services import audit_log, diff, snapshot
from ucj.budget.lookups import DB, DbLookups
from ucj.budget.models import (
    Allocation,
    Commitment,
    ContributionPackage,
    Realization,
    Stage,
    TariffDiscount,
    TariffRate,
)
from ucj.core import plausibility
from ucj.core.formatting import format_date, format_int, format_month, format_rupiah
from ucj.core.models import payer_default
from ucj.core.validators import pdf_document_fields
from ucj.policy.tenancy import check_row, write_province  # settings per province (issue 21)
from ucj.records.services import scoped_create, scoped_delete, scoped_update
from ucj.regions.models import Region

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
    on = lookups.today()
    found = [
        plausibility.budget_year_warning(commitment.year, on, _label(Commitment, "year")),
        plausibility.fraction_percent_warning(commitment.target_coverage,
                                              gettext_lazy("Target coverage")),
        plausibility.future_date_warning(commitment.perkada_date, on,
                                         _label(Commitment, "perkada_date")),
        plausibility.future_date_warning(commitment.pks_date, on, _label(Commitment, "pks_date")),
    ]
    warnings.extend(w for w in found if w)
    return warnings


def _label(model, name: str):
    """The field's name, translated only when a warning uses it."""
    return model._meta.get_field(name).verbose_name


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
        note=note, is_synthetic=is_synthetic, **pdf_document_fields(document),
    )
    return scoped_create(actor=actor, dataset="commitments", instance=commitment,
                         warnings=commitment_warnings, confirm=confirm_warnings)


@transaction.atomic
def commitment_update(*, actor, commitment: Commitment, confirm_warnings: bool = False,
                      document=None, **fields) -> Commitment:
    old_document = commitment.document.name if commitment.document else ""
    fields.update(pdf_document_fields(document))
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
                    workers: int, months: int, lookups: DbLookups = DB,
                    region_id: int | None = None) -> int | None:
    """workers × monthly tariff × months, with the tariff in force at the first month in the
    province of the region ``region_id`` (None without one, and for a percentage-of-wage
    package, whose amount depends on wages)."""
    rate = lookups.tariff(package, dt.date(fiscal_year, start_month, 1), region_id)
    if rate is None or rate.per_worker() is None:
        return None
    return workers * rate.per_worker() * months


def allocation_warnings(allocation: Allocation, lookups: DbLookups = DB) -> list[str]:
    warnings = []
    expected = expected_amount(
        package=allocation.package, fiscal_year=allocation.fiscal_year,
        start_month=allocation.start_month, workers=allocation.workers_planned,
        months=allocation.months_covered, lookups=lookups, region_id=allocation.region_id,
    )
    if expected is None and lookups.tariff(
            allocation.package, dt.date(allocation.fiscal_year, allocation.start_month, 1),
            allocation.region_id) is None:
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
    warnings.extend(_allocation_plausibility(allocation, lookups))
    return warnings


def _allocation_plausibility(allocation: Allocation, lookups: DbLookups) -> list[str]:
    """The fiscal year near today; amount and workers of the same order as the same region's,
    stage's, source's and payer's allocation of the year before; murni and perubahan (of one
    source and payer) not the same money twice."""
    found = [plausibility.budget_year_warning(allocation.fiscal_year, lookups.today(),
                                              _label(Allocation, "fiscal_year"))]
    previous = lookups.allocation_of(allocation.region, allocation.fiscal_year - 1,
                                     allocation.stage, allocation.funding_source,
                                     allocation.payer)
    if previous is not None:
        def when():
            return (f"{previous.fiscal_year}, {allocation.get_stage_display()}, "
                    f"{allocation.get_funding_source_display()}")

        found.append(plausibility.scale_warning(gettext_lazy("Budget amount"), allocation.amount,
                                                previous.amount, when, fmt=format_rupiah))
        found.append(plausibility.scale_warning(
            _label(Allocation, "workers_planned"), allocation.workers_planned,
            previous.workers_planned, when))
    other_stage = Stage.PERUBAHAN if allocation.stage == Stage.MURNI else Stage.MURNI
    other = lookups.allocation_of(allocation.region, allocation.fiscal_year, other_stage,
                                  allocation.funding_source, allocation.payer,
                                  exclude_pk=allocation.pk)
    if other is not None:
        murni, perubahan = ((allocation, other) if allocation.stage == Stage.MURNI
                            else (other, allocation))
        found.append(stage_overlap_warning(murni, perubahan))
    return [w for w in found if w]


def _months_text(allocation: Allocation) -> str:
    first = dt.date(allocation.fiscal_year, allocation.start_month, 1)
    last = dt.date(allocation.fiscal_year, allocation.start_month + allocation.months_covered - 1, 1)
    return format_month(first) if first == last else f"{format_month(first)}–{format_month(last)}"


def stage_overlap_warning(murni: Allocation, perubahan: Allocation) -> str | None:
    """The APBD perubahan of a region, year and funding source is the murni entered again (same
    amount and workers), or seems to restate it (covers all its months for at least as many
    workers: the total after the revision rather than what the revision adds). The indicators
    add both stages (``allocated`` is Σ of all stages and sources), so either counts the murni's
    money twice."""
    total = murni.amount + perubahan.amount
    values = {"year": murni.fiscal_year, "source": murni.get_funding_source_display(),
              "total": format_rupiah(total)}
    if murni.amount == perubahan.amount and murni.workers_planned == perubahan.workers_planned:
        return _(
            "The APBD murni and the APBD perubahan of %(year)s, %(source)s, have the same amount "
            "(%(amount)s) and workers (%(workers)s): it looks like the murni entered again as "
            "perubahan. The indicators add both stages, so this money would count twice "
            "(allocated: %(total)s)."
        ) % {**values, "amount": format_rupiah(murni.amount),
             "workers": format_int(murni.workers_planned)}
    murni_last = murni.start_month + murni.months_covered - 1
    perubahan_last = perubahan.start_month + perubahan.months_covered - 1
    if (perubahan.start_month <= murni.start_month and perubahan_last >= murni_last
            and perubahan.workers_planned >= murni.workers_planned):
        return _(
            "The APBD perubahan of %(year)s, %(source)s (%(p_amount)s, %(p_workers)s workers, "
            "%(p_months)s) covers every month of the APBD murni (%(m_amount)s, %(m_workers)s "
            "workers, %(m_months)s) for at least as many workers: it may be the total after the "
            "revision. The indicators add both stages (allocated: %(total)s); enter in the "
            "perubahan only what the revision adds."
        ) % {**values, "p_amount": format_rupiah(perubahan.amount),
             "p_workers": format_int(perubahan.workers_planned),
             "p_months": _months_text(perubahan), "m_amount": format_rupiah(murni.amount),
             "m_workers": format_int(murni.workers_planned), "m_months": _months_text(murni)}
    return None


@transaction.atomic
def allocation_create(
    *, actor, region, fiscal_year: int, stage: str, funding_source: str, amount: int,
    workers_planned: int, months_covered: int, package: ContributionPackage,
    start_month: int = 1, note: str = "", is_synthetic: bool = False,
    payer: str = "", enacted_on: dt.date | None = None, confirm_warnings: bool = False,
) -> Allocation:
    """A new allocation; without a payer, the one its fund implies (DBHCHT: the level of the
    region it is recorded on)."""
    allocation = Allocation(
        region=region, fiscal_year=fiscal_year, stage=stage, funding_source=funding_source,
        payer=payer or payer_default(funding_source=funding_source, region_level=region.level),
        enacted_on=enacted_on, amount=amount, workers_planned=workers_planned, months_covered=months_covered,
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
        rate = lookups.tariff(allocation.package, realization.month, allocation.region_id)
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
    future = plausibility.future_month_warning(realization.month, lookups.today())
    if future:
        warnings.append(future)
    return warnings


@transaction.atomic
def realization_create(
    *, actor, allocation: Allocation, month: dt.date, amount_paid: int, workers_paid: int,
    note: str = "", is_synthetic: bool = False, confirm_warnings: bool = False,
    sp2d_number: str = "", sp2d_date: dt.date | None = None, invoice_number: str = "",
    invoice_date: dt.date | None = None,
) -> Realization:
    """A payment of a month; with its SP2D and the BPJS invoice it pays when known."""
    realization = Realization(
        allocation=allocation, month=month, amount_paid=amount_paid, workers_paid=workers_paid,
        note=note, is_synthetic=is_synthetic, sp2d_number=sp2d_number, sp2d_date=sp2d_date,
        invoice_number=invoice_number, invoice_date=invoice_date,
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


# --- tariffs and discounts ---------------------------------------------------------------------
# Dated data kept by the province admin. A change never rewrites a past calculation:
# allocations store their amounts and saved scenarios store the tariff they used.
# Per province (issue 21): a period without a province is national (the system's: migrations,
# commands); a province admin adds and corrects their province's own periods, which apply
# there alone and win over the national ones. Correcting a national period writes the
# province's own copy of it, corrected; the periods of one province (or the national ones)
# must not overlap each other.

RATE_FIELDS = frozenset(
    {"monthly_amount", "percent_of_wage", "capped_percent_of_wage", "wage_cap", "valid_from",
     "valid_to", "legal_basis", "source"})
DISCOUNT_FIELDS = frozenset(
    {"percent", "valid_from", "valid_to", "applies_to_public_funds", "base_amount", "sector",
     "legal_basis", "source"})


def _same_line(instance) -> Q:
    """The periods a period must not overlap: those of its package (for a discount, of its
    sector or of every sector: PP 50/2025 runs different months for different sectors)."""
    line = Q(package=instance.package, province=instance.province)
    if isinstance(instance, TariffDiscount) and instance.sector:
        line &= Q(sector=instance.sector) | Q(sector="")
    return line


def _lock_package(package: ContributionPackage) -> ContributionPackage:
    """Serialise the writes of one package's periods, so two of them cannot overlap."""
    return ContributionPackage.objects.select_for_update().get(pk=package.pk)


def period_text(start: dt.date, end: dt.date | None) -> str:
    if end is None:
        return _("from %(start)s, open-ended") % {"start": format_date(start)}
    return _("%(start)s to %(end)s") % {"start": format_date(start), "end": format_date(end)}


def _validate_period(instance: TariffRate | TariffDiscount, *, message: str) -> None:
    """Model validation (fields, "amount or percent, not both", one start date per package),
    then no overlap with another period of the same package. ``message`` takes %(period)s."""
    instance.full_clean()
    if instance.valid_to and instance.valid_to < instance.valid_from:
        raise ValidationError({"valid_to": _("The end date lies before the start date.")})
    others = type(instance).objects.filter(_same_line(instance)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=instance.valid_from))
    if instance.valid_to is not None:
        others = others.filter(valid_from__lte=instance.valid_to)
    if instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    other = others.order_by("valid_from").first()
    if other is not None:
        # An earlier period runs into the start; otherwise a later one starts before the end.
        field = "valid_from" if other.valid_from <= instance.valid_from else "valid_to"
        raise ValidationError({field: message % {
            "period": period_text(other.valid_from, other.valid_to)}})


def _store_decimals(instance) -> None:
    """Decimals as the database stores them (9.6 → 9.600), so that an unchanged value is not
    logged as a change. Runs after validation, which refuses more decimals than the field has."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, Decimal) and getattr(field, "decimal_places", None) is not None:
            setattr(instance, field.attname, value.quantize(Decimal(1).scaleb(-field.decimal_places)))


def _close_open_period(model, *, actor, package: ContributionPackage, valid_from: dt.date,
                       valid_to: dt.date | None, sector: str | None = None,
                       province: Region | None = None) -> None:
    """A new open-ended period replaces the open-ended one that started earlier: that one now
    ends the day before. A new period with an end date does not (it would leave the package
    without a rate after that date): it is refused as an overlap instead."""
    if valid_to is not None:
        return
    line: dict[str, object] = {"package": package, "province": province}
    if sector is not None:
        line["sector"] = sector
    previous = (model.objects.select_for_update()
                .filter(**line, valid_to__isnull=True, valid_from__lt=valid_from)
                .order_by("-valid_from").first())
    if previous is None:
        return
    before = snapshot(previous)
    previous.valid_to = valid_from - dt.timedelta(days=1)
    if hasattr(previous, "updated_by"):
        previous.updated_by = actor
    previous.save()
    audit_log(actor=actor, action=Action.UPDATE, obj=previous,
              changes=diff(before, snapshot(previous)),
              note=_("Ended by the new period from %(date)s.") % {"date": format_date(valid_from)})


def _update_period(instance, *, actor, allowed: frozenset, fields: dict, message: str,
                   province: Region | None):
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    check_row(instance, province)
    _lock_package(instance.package)
    instance = type(instance).objects.select_for_update().select_related("package").get(
        pk=instance.pk)
    if instance.province_id is None and province is not None:
        return _own_copy(instance, actor=actor, fields=fields, message=message,
                         province=province)
    before = snapshot(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    _validate_period(instance, message=message)
    _store_decimals(instance)
    changes = diff(before, snapshot(instance))
    if not changes:
        return instance
    if hasattr(instance, "updated_by"):
        instance.updated_by = actor
    instance.save()
    audit_log(actor=actor, action=Action.UPDATE, obj=instance, changes=changes)
    return instance


def _own_copy(national, *, actor, fields: dict, message: str, province: Region):
    """A province admin's correction of a national period: the province's own copy of it,
    corrected (the national period stays as it is for every other province)."""
    copy = type(national)(**{f.attname: getattr(national, f.attname)
                             for f in national._meta.concrete_fields
                             if f.attname not in ("id", "province_id", "updated_at")})
    copy.province = province
    for name, value in fields.items():
        setattr(copy, name, value)
    _validate_period(copy, message=message)
    _store_decimals(copy)
    before = snapshot(national)
    if {**snapshot(copy), "province": None} == before:
        return national  # unchanged: nothing written
    if hasattr(copy, "updated_by"):
        copy.updated_by = actor
    copy.save()
    audit_log(actor=actor, action=Action.CREATE, obj=copy, region=province,
              changes=diff(before, snapshot(copy)),
              note=_("The province's own, from the national period from %(date)s.")
              % {"date": format_date(national.valid_from)})
    return copy


def _rate_overlap_message() -> str:
    return _("This period overlaps the rate valid %(period)s. Change the dates, or first "
             "change that rate.")


def _discount_overlap_message() -> str:
    return _("This period overlaps the discount valid %(period)s. Change the dates, or first "
             "change that discount.")


@transaction.atomic
def tariff_rate_create(
    *, actor, package: ContributionPackage, valid_from: dt.date, monthly_amount: int | None = None,
    percent_of_wage: Decimal | None = None, capped_percent_of_wage: Decimal | None = None,
    wage_cap: int | None = None, legal_basis: str = "", source: str = "",
    valid_to: dt.date | None = None, province: Region | None = None,
) -> TariffRate:
    """A new dated rate of the actor's province (the system: of ``province``, None: national).
    An open-ended new rate ends the same line's open-ended rate that started earlier on the
    day before; any other overlap is refused."""
    province = write_province(actor, Cap.MANAGE_TARIFFS, province)
    package = _lock_package(package)
    _close_open_period(TariffRate, actor=actor, package=package, valid_from=valid_from,
                       valid_to=valid_to, province=province)
    rate = TariffRate(
        package=package, valid_from=valid_from, valid_to=valid_to, monthly_amount=monthly_amount,
        percent_of_wage=percent_of_wage, capped_percent_of_wage=capped_percent_of_wage,
        wage_cap=wage_cap, legal_basis=legal_basis, source=source, updated_by=actor,
        province=province)
    _validate_period(rate, message=_rate_overlap_message())
    _store_decimals(rate)
    rate.save()
    audit_log(actor=actor, action=Action.CREATE, obj=rate, region=province,
              changes=diff(None, snapshot(rate)))
    return rate


@transaction.atomic
def tariff_rate_update(*, actor, rate: TariffRate, province: Region | None = None,
                       **fields) -> TariffRate:
    """Correct a rate: amount or percentage, dates, legal basis, source (a national rate,
    corrected by a province admin, becomes the province's own copy)."""
    province = write_province(actor, Cap.MANAGE_TARIFFS,
                              province if actor is not None or province else rate.province)
    return _update_period(rate, actor=actor, allowed=RATE_FIELDS, fields=fields,
                          message=_rate_overlap_message(), province=province)


@transaction.atomic
def tariff_discount_create(
    *, actor, package: ContributionPackage, valid_from: dt.date, percent: Decimal,
    valid_to: dt.date | None = None, applies_to_public_funds: bool = False,
    base_amount: int | None = None, sector: str = "", legal_basis: str = "", source: str = "",
    province: Region | None = None,
) -> TariffDiscount:
    """A new dated discount of the actor's province (a province's own relief; the system: of
    ``province``, None: national), with its rule for contributions paid from APBN/APBD. An
    open-ended new discount ends the same line's earlier open-ended one the day before; any
    other overlap is refused."""
    province = write_province(actor, Cap.MANAGE_TARIFFS, province)
    package = _lock_package(package)
    _close_open_period(TariffDiscount, actor=actor, package=package, valid_from=valid_from,
                       valid_to=valid_to, sector=sector, province=province)
    discount = TariffDiscount(
        package=package, percent=percent, valid_from=valid_from, valid_to=valid_to,
        applies_to_public_funds=applies_to_public_funds, base_amount=base_amount, sector=sector,
        legal_basis=legal_basis, source=source, province=province)
    _validate_period(discount, message=_discount_overlap_message())
    _store_decimals(discount)
    discount.save()
    audit_log(actor=actor, action=Action.CREATE, obj=discount, region=province,
              changes=diff(None, snapshot(discount)))
    return discount


@transaction.atomic
def tariff_discount_update(*, actor, discount: TariffDiscount, province: Region | None = None,
                           **fields) -> TariffDiscount:
    """Correct a discount: percentage, dates, the rule for APBN/APBD, legal basis, source (a
    national discount, corrected by a province admin, becomes the province's own copy)."""
    province = write_province(actor, Cap.MANAGE_TARIFFS,
                              province if actor is not None or province else discount.province)
    return _update_period(discount, actor=actor, allowed=DISCOUNT_FIELDS, fields=fields,
                          message=_discount_overlap_message(), province=province)
