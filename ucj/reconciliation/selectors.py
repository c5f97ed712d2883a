"""Reconciliation with BPJS Ketenagakerjaan: per region × month, three sources of the number of
government-funded workers side by side, and the funded workers about to lapse.

The three sources, each read as of the month asked (only that month's records):

(a) **paid** — what the region says it paid for: Σ ``Realization.workers_paid`` of the month
    over the region's allocations, by payer (``Allocation.payer``);
(b) **BPJS** — the government-funded participants BPJS reports: Σ of the funded counts of the
    region's ``ParticipationSnapshot`` rows of the month, by payer (``FUNDED_BY_PAYER``);
(c) **registry** — the registry's funded workers paid for that month: ``Enrollment`` of the
    region and the month's year, by its allocation's payer, with ``start_month`` ≤ month ≤
    ``last_paid_month`` and known to BPJS (status registered, active or lapsed: a worker who
    lapsed later was still paid that month; a submitted one was never found in a participant
    file).

Like is compared with like: a row is one region × one payer. A regency's row compares its own
money (APBD kabupaten/kota + its DBHCHT); the province's money on the regency's workers
(APBD provinsi + the province's DBHCHT) is a row of its own; the province's row adds the
province's money over all its regencies (BPJS reports it per regency; the province may record
it on its own row). A source with no record is *missing* (None), never 0.

A difference is flagged when it is more than ``UCJ_RECONCILIATION_MIN_WORKERS`` workers **and**
more than ``UCJ_RECONCILIATION_MIN_PERCENT`` % of the figure it is compared with (the paid
figure; the BPJS figure when nothing paid is recorded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ucj.accounts.scope import (
    Cap,
    allows,
    readable_regions,
    visible,
    within_q,
)
from ucj.budget.models import Allocation, Realization
from ucj.core.formatting import format_int
from ucj.core.lookups import month_shift
from ucj.core.models import Payer
from ucj.coverage.models import FUNDED_BY_PAYER, ParticipationSnapshot, funded_sum
from ucj.regions.models import Level, Region
from ucj.registry.models import Enrollment, EnrollmentStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # str or a lazy translation

PAYERS = (Payer.REGENCY, Payer.PROVINCE, Payer.VILLAGE, Payer.OTHER)
# What a row of each payer compares (the funds its counts hold).
BASIS = {
    Payer.REGENCY: gettext_lazy("Regency/city's own money (APBD kabupaten/kota + its DBHCHT)"),
    Payer.PROVINCE: gettext_lazy("Province's money on the regency's workers (APBD provinsi + "
                                 "the province's DBHCHT)"),
    Payer.VILLAGE: gettext_lazy("Villages' money (Dana Desa/APBDes)"),
    Payer.OTHER: gettext_lazy("Other payers (CSR/other)"),
}
PROVINCE_BASIS = gettext_lazy("Province's money on the workers of all its regencies (APBD "
                              "provinsi + the province's DBHCHT)")
# The registry counts a worker paid for a month once BPJS has seen them.
KNOWN_TO_BPJS = (EnrollmentStatus.REGISTERED, EnrollmentStatus.ACTIVE, EnrollmentStatus.LAPSED)

AGREE, DIFFER, INCOMPLETE, EMPTY = "agree", "differ", "incomplete", "empty"
STATUS_LABELS = {
    AGREE: gettext_lazy("agree"), DIFFER: gettext_lazy("differ"),
    INCOMPLETE: gettext_lazy("incomplete"), EMPTY: gettext_lazy("no data"),
}


def tolerance() -> tuple[int, int]:
    """(workers, percent): a difference is flagged when larger than both."""
    return settings.UCJ_RECONCILIATION_MIN_WORKERS, settings.UCJ_RECONCILIATION_MIN_PERCENT


def flagged(difference: int, reference: int) -> bool:
    workers, percent = tolerance()
    return abs(difference) > workers and abs(difference) * 100 > percent * reference


@dataclass
class Row:
    region: Region
    payer: str
    basis: str
    paid: int | None = None
    bpjs: int | None = None
    registry: int | None = None
    notes: list[str] = field(default_factory=list)  # why a source is missing, or what it holds
    explanations: list[str] = field(default_factory=list)  # each difference in words
    status: str = EMPTY
    is_province: bool = False
    # a source holding only some of the regions summed (the province's row): shown, with a
    # note, but its difference is not flagged (it would only count who has not reported)
    partial: set[str] = field(default_factory=set)

    @property
    def diff_bpjs(self) -> int | None:
        return None if self.bpjs is None or self.paid is None else self.bpjs - self.paid

    @property
    def diff_registry(self) -> int | None:
        return None if self.registry is None or self.paid is None else self.registry - self.paid

    @property
    def status_label(self) -> StrOrPromise:
        return STATUS_LABELS[self.status]

    @property
    def flags(self) -> dict[str, bool]:
        """Which cells hold a flagged difference (for highlighting)."""
        # a difference with the payments exists only when something was paid
        bpjs = (self.diff_bpjs is not None and self.paid is not None
                and flagged(self.diff_bpjs, self.paid))
        registry = (self.diff_registry is not None and self.paid is not None
                    and flagged(self.diff_registry, self.paid))
        if self.paid is None and self.bpjs is not None and self.registry is not None:
            registry = "bpjs" not in self.partial and flagged(self.registry - self.bpjs,
                                                               self.bpjs)
        return {"bpjs": bpjs and "bpjs" not in self.partial,
                "registry": registry and "registry" not in self.partial}


@dataclass
class Reconciliation:
    month: dt.date
    rows: list[Row]
    counts: dict[str, int]
    total_rows: int
    tolerance: tuple[int, int]
    bpjs_reported: bool  # any BPJS snapshot of the month in the rows' regions
    region: Region | None = None


def regions_for(user) -> list[Region]:
    """The province (for its own users) and the regencies the user reads, by code."""
    return list(readable_regions(user).filter(level__in=(Level.PROVINCE, Level.REGENCY))
                .order_by("code"))


def default_month(user, today: dt.date) -> dt.date:
    """The latest month, not after this one, with a BPJS snapshot or a realization in the
    user's regions; this month when there is none."""
    this_month = today.replace(day=1)
    latest = [
        visible(user, ParticipationSnapshot.objects.filter(month__lte=this_month))
        .aggregate(m=Max("month"))["m"],
        visible(user, Realization.objects.filter(month__lte=this_month),
                path="allocation__region").aggregate(m=Max("month"))["m"],
    ]
    latest = [m for m in latest if m is not None]
    return max(latest) if latest else this_month


def _scoped(user, queryset, *, path: str, region: Region | None):
    queryset = visible(user, queryset, path=path)
    if region is not None and region.level == Level.REGENCY:
        queryset = queryset.filter(within_q(region.code, path=path))
    return queryset


def _paid(user, month: dt.date, region: Region | None) -> dict[tuple[str, str], int]:
    """Workers paid in the month, by (regency code, payer)."""
    paid: dict[tuple[str, str], int] = {}
    for r in (_scoped(user, Realization.objects.filter(month=month), path="allocation__region",
                      region=region)
              .values("allocation__region__code", "allocation__payer")
              .annotate(workers=Sum("workers_paid")).order_by()):
        paid[(r["allocation__region__code"], r["allocation__payer"])] = r["workers"]
    return paid


def _budgeted(user, month: dt.date, region: Region | None) -> set[tuple[str, str]]:
    """(regency code, payer) of the allocations enacted by the month that pay for it."""
    month_end = month_shift(month, 1) - dt.timedelta(days=1)
    budgeted: set[tuple[str, str]] = set()
    for a in (_scoped(user, Allocation.objects.filter(fiscal_year=month.year,
                                                      start_month__lte=month.month),
                      path="region", region=region)
              .filter(Q(enacted_on__isnull=True) | Q(enacted_on__lte=month_end))
              .values("region__code", "payer", "start_month", "months_covered")):
        if a["start_month"] + a["months_covered"] > month.month:
            budgeted.add((a["region__code"], a["payer"]))
    return budgeted


def _bpjs(user, month: dt.date, region: Region | None
          ) -> tuple[dict[tuple[str, str], int], set[str]]:
    """BPJS's funded participants of the month by (regency code, payer), and the regencies
    with a snapshot of the month."""
    bpjs: dict[tuple[str, str], int] = {}
    reported: set[str] = set()
    for s in (_scoped(user, ParticipationSnapshot.objects.filter(month=month), path="region",
                      region=region)
              .values("region__code").order_by()
              .annotate(**{f"p_{payer}": funded_sum(payer) for payer in FUNDED_BY_PAYER})):
        reported.add(s["region__code"])
        for payer in FUNDED_BY_PAYER:
            bpjs[(s["region__code"], payer)] = s[f"p_{payer}"] or 0
    return bpjs, reported


def _registry(user, month: dt.date, region: Region | None) -> dict[tuple[str, str], dict]:
    """The registry's funded workers of the year by (regency code, payer): all of them, those
    BPJS should count in the month, those submitted."""
    registry: dict[tuple[str, str], dict] = {}
    for e in (_scoped(user, Enrollment.objects.filter(year=month.year), path="region",
                      region=region)
              .values("region__code", "allocation__payer").order_by()
              .annotate(total=Count("id"),
                        counted=Count("id", filter=Q(start_month__lte=month,
                                                     last_paid_month__gte=month,
                                                     status__in=KNOWN_TO_BPJS)),
                        submitted=Count("id", filter=Q(status=EnrollmentStatus.SUBMITTED)))):
        registry[(e["region__code"], e["allocation__payer"])] = e
    return registry


def reconcile(user, *, month: dt.date, regions: list[Region], region: Region | None = None,
              only_differences: bool = False) -> Reconciliation:
    """The rows of the page: ``regions`` are the user's (``regions_for``); ``region`` the one
    asked for (in them). Five queries whatever the number of regions."""
    paid = _paid(user, month, region)
    budgeted = _budgeted(user, month, region)
    bpjs, reported = _bpjs(user, month, region)
    registry = _registry(user, month, region)

    regencies = [r for r in regions if r.level == Level.REGENCY
                 and (region is None or region.level == Level.PROVINCE or r.pk == region.pk)]
    province = next((r for r in regions if r.level == Level.PROVINCE), None)
    rows: list[Row] = []
    overview = region is None and province is not None  # the province's users, all regions
    if region is None or region.level == Level.REGENCY:
        for regency in regencies:
            for payer in PAYERS:
                key = (regency.code, payer)
                if payer != Payer.REGENCY and (overview or not _has_data(
                        key, paid, budgeted, bpjs, registry)):
                    continue
                rows.append(_row(regency, payer, BASIS[payer], month, key=[key],
                                 paid=paid, budgeted=budgeted, bpjs=bpjs, registry=registry,
                                 reported=reported, regencies=[regency]))
    if province is not None and (region is None or region.level == Level.PROVINCE):
        keys = [(r.code, Payer.PROVINCE) for r in [province, *regencies]]
        row = _row(province, Payer.PROVINCE, PROVINCE_BASIS, month, key=keys, paid=paid,
                   budgeted=budgeted, bpjs=bpjs, registry=registry, reported=reported,
                   regencies=regencies)
        row.is_province = True
        rows.append(row)
        if region is not None:  # the province asked for: its money, regency by regency
            for regency in regencies:
                key = (regency.code, Payer.PROVINCE)
                if _has_data(key, paid, budgeted, bpjs, registry):
                    rows.append(_row(regency, Payer.PROVINCE, BASIS[Payer.PROVINCE], month,
                                     key=[key], paid=paid, budgeted=budgeted, bpjs=bpjs,
                                     registry=registry, reported=reported,
                                     regencies=[regency]))
    counts = {status: 0 for status in STATUS_LABELS}
    for row in rows:
        counts[row.status] += 1
    total = len(rows)
    if only_differences:
        rows = [row for row in rows if row.status == DIFFER]
    return Reconciliation(month=month, rows=rows, counts=counts, total_rows=total,
                          tolerance=tolerance(), region=region,
                          bpjs_reported=any(r.code in reported for r in regencies))


def _has_data(key, paid, budgeted, bpjs, registry) -> bool:
    return key in paid or key in budgeted or bool(bpjs.get(key)) or key in registry


def _row(region: Region, payer: str, basis: StrOrPromise, month: dt.date, *, key: list, paid, budgeted,
         bpjs, registry, reported: set[str], regencies: list[Region]) -> Row:
    row = Row(region=region, payer=payer, basis=str(basis))
    # (a) paid
    paid_values = [paid[k] for k in key if k in paid]
    if paid_values:
        row.paid = sum(paid_values)
    elif any(k in budgeted for k in key):
        row.notes.append(_("Realization for this month not recorded yet."))
    else:
        row.notes.append(_("Nothing budgeted for this month."))
    # (b) BPJS: the regencies' snapshots (the province has none of its own)
    seen = [r for r in regencies if r.code in reported]
    if seen:
        row.bpjs = sum(bpjs.get((r.code, payer), 0) for r in seen)
        # the regencies where this payer pays: each must have reported
        paying = [r for r in regencies if (r.code, payer) in paid or (r.code, payer) in budgeted]
        unreported = [r for r in paying if r.code not in reported]
        if unreported:
            row.partial.add("bpjs")
            row.notes.append(_("BPJS data of %(n)s of %(total)s regencies only.") % {
                "n": len(paying) - len(unreported), "total": len(paying)})
    else:
        row.notes.append(_("BPJS data for this month not yet available."))
    # (c) registry
    entries = [registry[k] for k in key if k in registry]
    if entries:
        row.registry = sum(e["counted"] for e in entries)
        # paid regions without a registry: the registry is partial
        without = {k[0] for k in key if k in paid and k not in registry}
        if without:
            row.partial.add("registry")
            row.notes.append(_("Registry of %(n)s of %(total)s regions with payments "
                               "only.") % {"n": len({k[0] for k in key if k in registry}),
                                           "total": len({k[0] for k in key if k in paid
                                                         or k in registry})})
        submitted = sum(e["submitted"] for e in entries)
        if submitted:
            row.notes.append(_("%(n)s workers of the registry chosen but not yet registered "
                               "with BPJS.") % {"n": format_int(submitted)})
    else:
        row.notes.append(_("Registry not uploaded."))
    _explain(row)
    return row


def _explain(row: Row) -> None:
    present = [v for v in (row.paid, row.bpjs, row.registry) if v is not None]
    flags = row.flags
    if row.diff_bpjs is not None and flags["bpjs"]:
        n = format_int(abs(row.diff_bpjs))
        row.explanations.append(
            _("BPJS reports %(n)s fewer than paid: invoices not yet processed or participants "
              "inactive.") % {"n": n} if row.diff_bpjs < 0 else
            _("BPJS reports %(n)s more than paid: a payment not yet recorded here, or workers "
              "of another payer counted under this one.") % {"n": n})
    if row.diff_registry is not None and flags["registry"]:
        n = format_int(abs(row.diff_registry))
        row.explanations.append(
            _("The registry has %(n)s fewer paid workers than paid: the list is incomplete or "
              "not yet matched with a BPJS participant file.") % {"n": n}
            if row.diff_registry < 0 else
            _("The registry has %(n)s more paid workers than paid: a realization not yet "
              "recorded, or workers funded twice.") % {"n": n})
    # flagged without payments: both counts are there (Row.flags)
    if (row.paid is None and flags["registry"] and row.registry is not None
            and row.bpjs is not None):
        difference = row.registry - row.bpjs
        row.explanations.append(
            _("The registry has %(n)s fewer paid workers than BPJS reports.") if difference < 0
            else _("The registry has %(n)s more paid workers than BPJS reports."))
        row.explanations[-1] %= {"n": format_int(abs(difference))}
    if row.explanations:
        row.status = DIFFER
    elif len(present) == 3 and not row.partial:
        row.status = AGREE
        row.explanations.append(_("The three sources agree."))
    elif row.partial:
        row.status = INCOMPLETE
        row.explanations.append(_("Partly reported: compared when every region has reported."))
    elif len(present) == 2:
        row.status = INCOMPLETE
        row.explanations.append(_("The sources present agree; one is missing."))
    elif present:
        row.status = INCOMPLETE
    else:
        row.status = EMPTY


# --- CSV --------------------------------------------------------------------------------------

CSV_HEADER = ["month", "region_code", "region", "payer", "compared", "paid_workers",
              "bpjs_funded", "registry_paid", "bpjs_minus_paid", "registry_minus_paid",
              "status", "explanation"]


def csv_rows(result: Reconciliation):
    def cell(value):
        return "" if value is None else value

    for row in result.rows:
        yield [result.month.strftime("%Y-%m"), row.region.code, row.region.short_name,
               row.payer, row.basis, cell(row.paid), cell(row.bpjs), cell(row.registry),
               cell(row.diff_bpjs), cell(row.diff_registry), row.status,
               " ".join([*row.explanations, *row.notes])]


# --- about to lapse ---------------------------------------------------------------------------

def lapsing(user, *, month: dt.date, region: Region | None = None):
    """Funded workers about to lapse as of ``month``: active, last month paid at or before the
    next month, and not funded again in a later year. In the user's scope (and ``region``)."""
    later = Enrollment.objects.filter(nik_hash=OuterRef("nik_hash"), year__gt=OuterRef("year"))
    queryset = (visible(user, Enrollment.objects.select_related("region", "allocation", "allocation__region"))
                .filter(status=EnrollmentStatus.ACTIVE,
                        last_paid_month__lte=month_shift(month, 1))
                .exclude(Exists(later)))
    if region is not None:
        queryset = queryset.filter(within_q(region.code))
    return queryset.order_by("last_paid_month", "region__code", "row_no")


def lapse_counts(queryset, month: dt.date) -> list[tuple[str, str, int]]:
    """(key, label, workers) of the lapse list by when they lapse (one query)."""
    counts = queryset.order_by().aggregate(
        overdue=Count("id", filter=Q(last_paid_month__lt=month)),
        next=Count("id", filter=Q(last_paid_month=month)),
        later=Count("id", filter=Q(last_paid_month=month_shift(month, 1))))
    labels = {"overdue": _("overdue: last paid before this month"),
              "next": _("lapses next month"), "later": _("lapses in two months")}
    return [(key, labels[key], counts[key]) for key in ("overdue", "next", "later")]


def lapse_when(last_paid: dt.date, month: dt.date) -> str:
    """When the worker lapses, in words, as of ``month``."""
    if last_paid < month:
        return _("overdue: last paid before this month")
    if last_paid == month:
        return _("lapses next month")
    return _("lapses in two months")


def names_shown(user, regions) -> set[int]:
    """The regions (ids) whose funded workers' names the user sees (as the registry shows
    them: with ``Cap.READ_PERSONS`` in the region)."""
    return {r.pk for r in regions if allows(user, Cap.READ_PERSONS, r)}
