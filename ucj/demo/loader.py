"""The NTB demonstration data set: real published figures where they exist, reproducible
synthetic figures elsewhere, every synthetic record flagged ``is_synthetic``.

Real (DESIGN §3 and data/reference):
* the region master and regency boundaries (Kemendagri codes);
* province participants 555,276 and workforce potential 1,808,432 in June 2025 (BPJS TK NTB);
* the province UCJ target 2025 of 62.22%;
* vulnerable workers funded in 2025: 57,196, of which 13,000 by the province from DBHCHT,
  Lombok Timur 17,000, Lombok Tengah 12,000, Sumbawa 5,700, Dompu ~3,200;
* the BPU JKK + JKM tariff (Rp 16,800 per worker per month) and the optional JHT (Rp 20,000).

Synthetic (generated with a fixed seed): the split of the province totals over regencies
(by Dukcapil population), the monthly series 2024-01 … 2026-06, the other regencies'
funded workers, commitments' legal references, allocations and realizations.

The demo never touches user data (docs/decisions.md). Loading first *plans*: it generates the
whole demo (always the same figures, whatever the database holds), drops what exists (by
natural key: nothing is ever changed) and leaves alone every region × period of a dataset that

* is submitted or approved (the lock the record services keep), or
* holds a record that is not a pristine demo record — entered by users (``is_synthetic`` off),
  imported over (``import_job``), changed through a service (an audit ``update`` event) — or
  from which users deleted one (an audit ``delete`` event);

and adds no realization under an allocation that is not a pristine demo allocation. Then it
writes what is left in one transaction, each record validated as the services validate it,
with one audit event per dataset and region. A plan with nothing to add is "already loaded":
nothing is written. ``plan_demo()`` is the dry run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from ucj.accounts.models import Role, User
from ucj.audit.models import Action, AuditEvent
from ucj.audit.services import audit_log
from ucj.budget.evidence import demo_add_evidence  # evidence (#17)
from ucj.budget.models import (
    Allocation,
    Commitment,
    ContributionPackage,
    Realization,
    Stage,
    TariffDiscount,
    TariffRate,
)
from ucj.budget.reference import seed as seed_tariffs
from ucj.core.datasets import get_dataset
from ucj.core.models import FundingSource, Payer
from ucj.coverage.models import ParticipationSnapshot, Segment, WorkforceDenominator, funded_field
from ucj.demo.cycle import load_cycle  # every regency's APBD-P 2025 and APBD 2026
from ucj.demo.forums import load_forums, meetings_to_add  # forums build on the budget records
from ucj.demo.national import load_national, national_missing  # issue 21
from ucj.demo.pdf import demo_pdf
from ucj.demo.reconciliation import load_reconciliation  # a registry, a BPJS shortfall
from ucj.demo.reporting import load_reporting  # the reporting calendar, a workflow (#19)
from ucj.regions.models import Region
from ucj.regions.services import boundaries_load, regions_load
from ucj.submissions.models import EDITABLE_STATES
from ucj.submissions.selectors import states_of_dataset

REFERENCE = settings.BASE_DIR / "data" / "reference"
PROVINCE = "52"
DEMO_PASSWORD = "ucj-demo-2025"
SEED = 20250630

PROVINCE_ACTIVE_JUNE_2025 = 555_276
PROVINCE_WORKFORCE_2025 = 1_808_432
PROVINCE_TARGET_2025 = Decimal("62.22")
JUNE_2025 = dt.date(2025, 6, 1)
FIRST_MONTH = dt.date(2024, 1, 1)
LAST_MONTH = dt.date(2026, 6, 1)
BPU_MONTHLY = 16_800  # JKK Rp 10,000 + JKM Rp 6,800

# Regency-funded vulnerable workers 2025 (APBD kab/kota): the four named in DESIGN §3 are
# published; the other six share the remaining 6,296 of the 57,196 (synthetic split).
FUNDED_KABKOTA_2025 = {
    "52.03": 17_000, "52.02": 12_000, "52.04": 5_700, "52.05": 3_200,
    "52.01": 2_100, "52.06": 1_500, "52.07": 900, "52.08": 800, "52.71": 600, "52.72": 396,
}
# The province's 13,000 DBHCHT-funded workers, by regency (synthetic split).
FUNDED_DBHCHT_2025 = {
    "52.03": 4_000, "52.02": 3_500, "52.01": 2_500, "52.08": 800, "52.04": 700, "52.06": 500,
    "52.05": 400, "52.07": 200, "52.71": 200, "52.72": 200,
}
# APBD-P 2025: extra workers for October–December (synthetic; four regions budget nothing).
PERUBAHAN_2025 = {"52.03": 3_000, "52.02": 2_500, "52.01": 1_500, "52.04": 1_000,
                  "52.71": 800, "52.06": 700}
# APBD 2026 murni, regency budgets (synthetic; Lombok Utara and Kota Bima budget nothing yet).
MURNI_2026 = {"52.03": 22_000, "52.02": 16_000, "52.04": 7_000, "52.05": 3_600,
              "52.01": 4_000, "52.06": 2_500, "52.07": 1_200, "52.71": 1_500}
DBHCHT_2026_FACTOR = Decimal("1.15")
# Relative coverage levels used to split the province's June 2025 participants (synthetic).
COVERAGE_WEIGHT = {
    "52.01": 0.27, "52.02": 0.24, "52.03": 0.23, "52.04": 0.38, "52.05": 0.33, "52.06": 0.26,
    "52.07": 0.62, "52.08": 0.30, "52.71": 0.52, "52.72": 0.45,
}
# Segment shares of non-government-funded participants (synthetic).
SEGMENT_SHARE = {
    "urban": {Segment.PU: 0.58, Segment.BPU: 0.30, Segment.JAKON: 0.09, Segment.PMI: 0.03},
    "rural": {Segment.PU: 0.40, Segment.BPU: 0.40, Segment.JAKON: 0.06, Segment.PMI: 0.14},
}
URBAN = {"52.71", "52.72", "52.07"}
COMMITMENT_TARGETS = {  # synthetic regency targets (%), 2025 and 2026
    "52.01": ("45.00", "50.00"), "52.02": ("40.00", "46.00"), "52.03": ("40.00", "45.00"),
    "52.04": ("55.00", "60.00"), "52.05": ("50.00", "55.00"), "52.06": ("42.00", "48.00"),
    "52.07": ("70.00", "75.00"), "52.08": ("45.00", "50.00"), "52.71": ("65.00", "70.00"),
    "52.72": ("60.00", "65.00"),
}
REGENCY_HEAD = {"52.71": "Perwali", "52.72": "Perwali"}

SYNTHETIC_SPLIT = ("Sintetis: total NTB yang dipublikasikan dibagi ke kabupaten/kota menurut "
                   "jumlah penduduk Dukcapil (semester I 2025), dari")



# Targets for 2027 agreed by two regencies at the rakor, not budgeted yet: the next rakor's
# brief follows them up (synthetic).
COMMITMENTS_2027 = {"52.03": ("50.00", 24_000), "52.02": ("48.00", 17_500)}

# The datasets the demo fills, in loading order (realizations need their allocations,
# participation's funded counts come from the realizations).
DATASETS = ("denominators", "commitments", "allocations", "realizations", "participation")

# Why a region × period of a dataset gets no demo record.
LOCKED = "locked"  # submitted or approved
USERS = "users"  # holds records users entered, imported, changed or deleted
USERS_ALLOCATION = "users_allocation"  # the allocation is not a pristine demo allocation,
# or its region-year holds users' allocations (or the demo allocation itself is left alone)
REASONS = {
    LOCKED: "submitted or approved: locked",
    USERS: "holds records users entered, imported, changed or deleted",
    USERS_ALLOCATION: "its allocation is users', or in a region-year holding users' allocations",
}


def payer_of(source: FundingSource) -> Payer:
    """The demo's payers: APBD kabupaten/kota is the regency's money; the DBHCHT rows are the
    province's 13,000 workers (2025), recorded on the regencies they live in."""
    return Payer.REGENCY if source == FundingSource.APBD_KABKOTA else Payer.PROVINCE


def enacted_on(year: int, stage: str) -> dt.date:
    """When the demo's budget stages were enacted (synthetic): the Perda APBD of a year late in
    the December before it, the Perda APBD-P at the end of September of the year."""
    return dt.date(year - 1, 12, 20) if stage == Stage.MURNI else dt.date(year, 9, 30)


@dataclass
class Planned:
    """One demo record to add: its dataset, region code, period key ("2025", "2025-06"), its
    natural key (plain values) and the unsaved instance."""

    dataset: str
    code: str
    period: str
    key: tuple
    instance: models.Model


@dataclass
class DemoPlan:
    """What loading the demo would add, and which region × period it leaves alone."""

    names: dict[str, str] = field(default_factory=dict)  # region code → short name
    regions: list[dict] = field(default_factory=list)  # region master rows missing
    boundaries: list[dict] = field(default_factory=list)  # GeoJSON features to set
    tariffs: bool = False  # the tariff reference is missing (a flushed test database)
    users: list[tuple] = field(default_factory=list)  # demo user specs missing
    records: dict[str, list[Planned]] = field(default_factory=dict)
    left_alone: dict[tuple[str, str, str], str] = field(default_factory=dict)
    meetings: list[str] = field(default_factory=list)  # demo forum meetings missing
    national: int = 0  # regions of the national master missing (issue 21)

    def counts(self) -> dict[str, int]:
        """{what: how many} of everything it would add (only what is not zero)."""
        counts = {"regions": len(self.regions), "boundaries": len(self.boundaries),
                  "tariffs": int(self.tariffs), "users": len(self.users)}
        counts |= {slug: len(self.records.get(slug, ())) for slug in DATASETS}
        counts["meetings"] = len(self.meetings)
        counts["national_regions"] = self.national  # issue 21
        return {k: v for k, v in counts.items() if v}

    @property
    def is_empty(self) -> bool:
        return not self.counts()

    def by_region(self) -> list[tuple[str, str, int, str, str]]:
        """(dataset, region code, records, first period, last period) of the records to add."""
        groups: dict[tuple[str, str], list[str]] = {}
        for slug in DATASETS:
            for row in self.records.get(slug, ()):
                groups.setdefault((slug, row.code), []).append(row.period)
        return [(slug, code, len(periods), min(periods), max(periods))
                for (slug, code), periods in groups.items()]

    def left_alone_by_region(self) -> list[tuple[str, str, str, list[str]]]:
        """(dataset, region code, reason, periods) of what is left alone."""
        groups: dict[tuple[str, str, str], list[str]] = {}
        for (slug, code, period), reason in self.left_alone.items():
            groups.setdefault((slug, code, reason), []).append(period)
        order = {slug: i for i, slug in enumerate(DATASETS)}
        return [(slug, code, reason, sorted(periods)) for (slug, code, reason), periods
                in sorted(groups.items(), key=lambda g: (order[g[0][0]], g[0][1], g[0][2]))]


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    plan: DemoPlan | None = None

    def add(self, name: str, n: int) -> None:
        self.created[name] = self.created.get(name, 0) + n

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _plain(value):
    """A natural-key value as the database gives it back (choices as their plain value)."""
    return value.value if isinstance(value, models.Choices) else value


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, m = [], first
    while m <= last:
        months.append(m)
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return months



def split_exact(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` so that the parts sum exactly to it
    (largest-remainder method, ties broken by key)."""
    weight_sum = sum(weights.values())
    raw = {k: Decimal(total) * Decimal(str(w)) / Decimal(str(weight_sum)) for k, w in weights.items()}
    parts = {k: int(v) for k, v in raw.items()}
    rest = total - sum(parts.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - parts[k]), k))[:rest]:
        parts[k] += 1
    return parts



def _population() -> dict[str, int]:
    with open(REFERENCE / "ntb_penduduk_luas.csv", encoding="utf-8") as fh:
        return {row["code"]: int(row["pop_total_dukcapil_2025s1"])
                for row in csv.DictReader(fh) if row["level"] == "regency"}



# --- the whole demo, generated (no database read) ---------------------------------------------

class DemoGenerator:
    """Every demo record of the five datasets, always the same figures (a fixed seed, drawn
    in a fixed order), whatever the database holds. ``regions`` maps the province's and
    regencies' codes to their Region (unsaved stand-ins in a dry run on an empty database)."""

    def __init__(self, regions: dict[str, Region], package, admin):
        self.rng = random.Random(SEED)
        self.province = regions[PROVINCE]
        self.regencies = {code: r for code, r in regions.items() if code != PROVINCE}
        self.codes = sorted(self.regencies)
        self.package = package
        self.admin = admin

    def rows(self) -> dict[str, list[Planned]]:
        denominators, potentials = self.denominators()
        allocations = self.allocations()
        return {
            "denominators": denominators,
            "commitments": self.commitments(),
            "allocations": allocations,
            "realizations": (realizations := self.realizations(allocations)),
            "participation": self.participation(potentials, realizations),
        }

    def _who(self) -> dict:
        return {"created_by": self.admin, "updated_by": self.admin}

    # --- yearly data ----------------------------------------------------------------------------
    def denominators(self) -> tuple[list[Planned], dict[tuple[str, int], int]]:
        potential_2025 = split_exact(PROVINCE_WORKFORCE_2025, _population())
        factors = {2024: Decimal("0.985"), 2025: Decimal("1"), 2026: Decimal("1.014")}
        potentials = {}
        rows = []
        for year, factor in factors.items():
            for code in self.codes:
                potential = int(potential_2025[code] * factor)
                potentials[(code, year)] = potential
                employed = int(potential * Decimal("0.955"))
                informal = int(employed * Decimal("0.7536"))  # NTB informal share, Aug 2022
                note = (f"{SYNTHETIC_SPLIT} 1.808.432 (BPJS Ketenagakerjaan NTB, Juni 2025)"
                        if year == 2025 else
                        f"Sintetis: angka 2025 × {str(factor).replace('.', ',')}")
                rows.append(Planned("denominators", code, str(year), (code, year),
                                    WorkforceDenominator(
                    region=self.regencies[code], year=year, workforce_potential=potential,
                    employed=employed, informal=informal,
                    vulnerable_target=int(informal * Decimal("0.22")),
                    source_note=note, is_synthetic=True, **self._who())))
        return rows, potentials

    def commitments(self) -> list[Planned]:
        province = [
            Commitment(region=self.province, year=2025, target_coverage=PROVINCE_TARGET_2025,
                       target_funded_workers=57_196, status="planned", is_synthetic=False,
                       note="Target UCJ NTB 2025 (surat edaran Kemendagri/Bangda): 57.196 pekerja "
                            "rentan terlindungi pada 2025.", **self._who()),
            Commitment(region=self.province, year=2026, target_coverage=Decimal("65.00"),
                       target_funded_workers=66_000, status="planned", is_synthetic=True,
                       note="Target provinsi 2026 (sintetis).", **self._who()),
        ]
        rows = [Planned("commitments", PROVINCE, str(c.year), (PROVINCE, c.year), c)
                for c in province]
        for code in self.codes:
            region = self.regencies[code]
            head = REGENCY_HEAD.get(code, "Perbup")
            funded_2025 = FUNDED_KABKOTA_2025[code] + FUNDED_DBHCHT_2025[code]
            for year, target in zip((2025, 2026), COMMITMENT_TARGETS[code], strict=True):
                signed = year == 2025 or code in ("52.03", "52.02", "52.04")
                number = int(self.rng.randint(3, 60))
                commitment = Commitment(
                    region=region, year=year, target_coverage=Decimal(target),
                    target_funded_workers=int(funded_2025 * (1 if year == 2025 else 1.25)),
                    perkada_number=f"{head} {region.short_name} No. {number} Tahun {year - 1}",
                    perkada_date=dt.date(year - 1, 11, 1) + dt.timedelta(days=number),
                    pks_number=f"PKS/{number:03d}/BPJSTK-{code.replace('.', '')}/{year - 1}",
                    pks_date=dt.date(year - 1, 12, 1) + dt.timedelta(days=number % 20),
                    status="signed" if signed else "planned",
                    note="Komitmen sintetis untuk demo.", is_synthetic=True,
                    **self._who())
                rows.append(Planned("commitments", code, str(year), (code, year), commitment))
        for code, (target, workers) in COMMITMENTS_2027.items():
            if code in self.regencies:
                rows.append(Planned("commitments", code, "2027", (code, 2027), Commitment(
                    region=self.regencies[code], year=2027, target_coverage=Decimal(target),
                    target_funded_workers=workers, status="planned", is_synthetic=True,
                    note="Target disepakati dalam rakor; belum dianggarkan.", **self._who())))
        return rows

    def allocations(self) -> list[Planned]:
        plans = []  # (code, year, stage, source, workers, start, months)
        for code in self.codes:
            kab25, dbh25 = FUNDED_KABKOTA_2025[code], FUNDED_DBHCHT_2025[code]
            ratio_2024 = Decimal(37_023) / Decimal(57_196)
            plans += [
                (code, 2024, Stage.MURNI, FundingSource.APBD_KABKOTA, int(kab25 * ratio_2024), 1, 12),
                (code, 2024, Stage.MURNI, FundingSource.DBHCHT, int(dbh25 * ratio_2024), 1, 12),
                (code, 2025, Stage.MURNI, FundingSource.APBD_KABKOTA, kab25, 1, 12),
                (code, 2025, Stage.MURNI, FundingSource.DBHCHT, dbh25, 1, 12),
                (code, 2026, Stage.MURNI, FundingSource.DBHCHT, int(dbh25 * DBHCHT_2026_FACTOR), 1, 12),
            ]
            if code in PERUBAHAN_2025:
                plans.append((code, 2025, Stage.PERUBAHAN, FundingSource.APBD_KABKOTA,
                              PERUBAHAN_2025[code], 10, 3))
            if code in MURNI_2026:
                plans.append((code, 2026, Stage.MURNI, FundingSource.APBD_KABKOTA,
                              MURNI_2026[code], 1, 12))
        return [
            Planned("allocations", code, str(year),
                    (code, year, stage.value, source.value, payer_of(source)),
                    Allocation(region=self.regencies[code], fiscal_year=year, stage=stage,
                               funding_source=source, payer=payer_of(source),
                               enacted_on=enacted_on(year, stage),
                               amount=workers * BPU_MONTHLY * months,
                               workers_planned=workers, start_month=start, months_covered=months,
                               package=self.package, is_synthetic=True,
                               note="Alokasi sintetis untuk demo.", **self._who()))
            for code, year, stage, source, workers, start, months in plans
        ]

    def realizations(self, allocations: list[Planned]) -> list[Planned]:
        rows = []
        lagging = {"52.06", "52.05"}  # realization behind schedule in 2026 (synthetic)
        for planned in allocations:  # by region code, then in creation order
            allocation, code = planned.instance, planned.code
            first = allocation.start_month
            for month_number in range(first, first + allocation.months_covered):
                month = dt.date(allocation.fiscal_year, month_number, 1)
                if month > LAST_MONTH:
                    break
                if code in lagging and allocation.fiscal_year == 2026 and month_number > 3:
                    break
                share = Decimal(self.rng.randint(930, 1000)) / 1000
                workers = int(allocation.workers_planned * share)
                rows.append(Planned(
                    "realizations", code, f"{month:%Y-%m}", (*planned.key, month),
                    Realization(allocation=allocation, month=month, workers_paid=workers,
                                amount_paid=workers * BPU_MONTHLY, is_synthetic=True,
                                **self._who())))
        demo_add_evidence([r.instance for r in rows], last_month=LAST_MONTH)  # evidence (#17)
        return rows

    # --- monthly participation ------------------------------------------------------------------
    def participation(self, potentials: dict[tuple[str, int], int],
                      realizations: list[Planned]) -> list[Planned]:
        # Government-funded participants = the demo's workers paid for that month, by count
        # field (fund and payer: the DBHCHT workers are the province's).
        funded: dict[tuple[str, dt.date], dict[str, int]] = {}
        for row in realizations:
            realization, allocation = row.instance, row.instance.allocation
            by_source = funded.setdefault((row.code, realization.month), {})
            name = funded_field(_plain(allocation.funding_source), _plain(allocation.payer))
            by_source[name] = by_source.get(name, 0) + realization.workers_paid
        june_active = split_exact(PROVINCE_ACTIVE_JUNE_2025, {
            code: potentials[(code, 2025)] * COVERAGE_WEIGHT[code] for code in self.codes})
        months = _months(FIRST_MONTH, LAST_MONTH)
        june_index = months.index(JUNE_2025)
        rows = []
        for code in self.codes:
            region = self.regencies[code]
            shares = SEGMENT_SHARE["urban" if code in URBAN else "rural"]
            funded_june = sum(funded.get((code, JUNE_2025), {}).values())
            base = split_exact(june_active[code] - funded_june, {s.value: w for s, w in shares.items()})
            growth = 0.006 + 0.006 * self.rng.random()  # per month
            previous = None
            for index, month in enumerate(months):
                by_source = funded.get((code, month), {})
                gov = sum(by_source.values())
                trend = 1 + growth * (index - june_index)
                segments = {}
                for segment in Segment:
                    noise = 1 if index == june_index else 1 + self.rng.uniform(-0.004, 0.004)
                    segments[segment] = int(round(base[segment.value] * trend * noise))
                segments[Segment.BPU] += gov
                for segment, active in segments.items():
                    prev = previous[segment] if previous else int(active / (1 + growth))
                    churn = int(prev * 0.018)
                    delta = active - prev
                    funded_fields = {}
                    if segment == Segment.BPU:
                        funded_fields = dict(by_source)
                    rows.append(Planned(
                        "participation", code, f"{month:%Y-%m}", (code, month, segment.value),
                        ParticipationSnapshot(
                            region=region, month=month, segment=segment, active=active,
                            new=churn + max(delta, 0), lapsed=churn + max(-delta, 0),
                            source_note=(f"{SYNTHETIC_SPLIT} 555.276 (BPJS Ketenagakerjaan NTB, "
                                         "Juni 2025); bulan lain sintetis"),
                            is_synthetic=True, **self._who(), **funded_fields)))
                previous = segments
        return rows


# --- what the database already holds ------------------------------------------------------------

# The natural key of each dataset's records, as ORM paths (the order of ``Planned.key``).
KEY_PATHS = {
    "denominators": ("region__code", "year"),
    "commitments": ("region__code", "year"),
    "allocations": ("region__code", "fiscal_year", "stage", "funding_source", "payer"),
    "realizations": ("allocation__region__code", "allocation__fiscal_year", "allocation__stage",
                     "allocation__funding_source", "allocation__payer", "month"),
    "participation": ("region__code", "month", "segment"),
}


def _period_key(ds, value) -> str | None:
    """The period key of a record's period value (a date, an ISO date text or a year)."""
    if value in (None, ""):
        return None
    if ds.is_monthly:
        return str(value)[:7]
    return str(int(value))


def _changed_by_users(model) -> set[str]:
    """Ids of the records changed through a service or an import (an audit ``update``)."""
    return set(AuditEvent.objects.filter(object_type=model._meta.label_lower,
                                         action=Action.UPDATE)
               .values_list("object_id", flat=True))


def _pristine(record_values, changed: set[str]) -> bool:
    """A demo record as the loader wrote it: synthetic, never imported over, never changed."""
    pk, is_synthetic, import_job_id = record_values
    return is_synthetic and import_job_id is None and str(pk) not in changed


def _left_alone_units(slug: str, region_ids: dict[int, str]) -> dict[tuple[str, str], set[str]]:
    """(region code, period) → why no demo record of this dataset may be added there (LOCKED,
    USERS or both)."""

    ds = get_dataset(slug)
    units: dict[tuple[str, str], set[str]] = {}
    for (region_id, period), state in states_of_dataset(slug).items():
        if region_id in region_ids and state not in EDITABLE_STATES:
            units.setdefault((region_ids[region_id], period), set()).add(LOCKED)
    changed = _changed_by_users(ds.model)
    records = ds.model.objects.filter(**{f"{ds.region_id_path}__in": list(region_ids)})
    for *values, region_id, period in records.values_list(
            "pk", "is_synthetic", "import_job_id", ds.region_id_path, ds.period_field):
        if not _pristine(values, changed):
            units.setdefault((region_ids[region_id], _period_key(ds, period)), set()).add(USERS)
    deleted = AuditEvent.objects.filter(object_type=ds.model._meta.label_lower,
                                        action=Action.DELETE, region_id__in=list(region_ids))
    for region_id, changes in deleted.values_list("region_id", "changes"):
        old = (changes or {}).get(ds.period_field) or [None]
        period = _period_key(ds, old[0])
        if period:
            units.setdefault((region_ids[region_id], period), set()).add(USERS)
    return units


def _plan_records(regions: dict[str, Region], package, admin
                  ) -> tuple[dict[str, list[Planned]], dict[tuple[str, str, str], str]]:
    """The demo records to add, and the (dataset, region code, period) left alone."""
    rows = DemoGenerator(regions, package, admin).rows()
    region_ids = {r.pk: code for code, r in regions.items() if r.pk is not None}
    records: dict[str, list[Planned]] = {}
    left_alone: dict[tuple[str, str, str], str] = {}
    if not region_ids:  # nothing of these regions exists yet: every record is missing
        return rows, left_alone
    # Allocations in the database by natural key, and whether realizations may go under them.
    changed = _changed_by_users(Allocation)
    allocation_units = _left_alone_units("allocations", region_ids)
    existing_allocations = {}
    for allocation in Allocation.objects.filter(region_id__in=list(region_ids)):
        key = (region_ids[allocation.region_id], allocation.fiscal_year, allocation.stage,
               allocation.funding_source, allocation.payer)
        usable = (_pristine((allocation.pk, allocation.is_synthetic, allocation.import_job_id),
                            changed)
                  and USERS not in allocation_units.get((key[0], str(allocation.fiscal_year)),
                                                        ()))
        existing_allocations[key] = (allocation, usable)
    skipped_allocations: set[tuple] = set()
    for slug in DATASETS:
        units = allocation_units if slug == "allocations" else _left_alone_units(slug, region_ids)
        ds = get_dataset(slug)
        existing = set(ds.model.objects.filter(**{f"{ds.region_id_path}__in": list(region_ids)})
                       .values_list(*KEY_PATHS[slug]))
        kept = []
        for row in rows[slug]:
            if row.key in existing:
                continue  # the demo never changes a record that exists
            reasons = units.get((row.code, row.period), ())
            reason = LOCKED if LOCKED in reasons else USERS if reasons else None
            if reason is None and slug == "realizations":
                allocation_key = row.key[:5]
                if allocation_key in skipped_allocations:
                    reason = USERS_ALLOCATION
                elif allocation_key in existing_allocations:
                    allocation, usable = existing_allocations[allocation_key]
                    if usable:
                        row.instance.allocation = allocation
                    else:
                        reason = USERS_ALLOCATION
            if reason is not None:
                left_alone[(slug, row.code, row.period)] = reason
                if slug == "allocations":
                    skipped_allocations.add(row.key)
                continue
            kept.append(row)
        records[slug] = kept
    return records, left_alone


def _master_rows() -> list[dict]:
    with open(REFERENCE / "ntb_wilayah.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _user_specs(regions: dict[str, Region]) -> list[tuple]:
    """(username, full name, agency, role, region codes) of the demo users."""
    specs = [
        ("admin.prov", "Admin Monev Provinsi", "Disnakertrans Provinsi NTB",
         Role.PROVINSI_ADMIN, [PROVINCE]),
        ("viewer.prov", "Pimpinan (lihat saja)", "Bappeda Provinsi NTB",
         Role.PROVINSI_VIEWER, [PROVINCE]),
        ("bpjs.mataram", "Operator BPJS TK Cabang Mataram", "BPJS Ketenagakerjaan Cabang Mataram",
         Role.BPJS_OPERATOR, ["52.71", "52.01", "52.08"]),
    ]
    for code in sorted(c for c in regions if c != PROVINCE):
        region = regions[code]
        slug = region.short_name.lower().replace("kota ", "kota").replace(" ", "")
        specs.append((f"op.{slug}", f"Operator {region.short_name}", f"Disnaker {region.name}",
                      Role.DAERAH_OPERATOR, [code]))
    # a ministry's national viewer, bound to no region (issue 21)
    specs.append(("nasional.demo", "Pemantau Nasional", "Kementerian Ketenagakerjaan",
                  Role.NASIONAL_VIEWER, []))
    return specs


def plan_demo() -> DemoPlan:
    """What loading the demo would add now, and what it leaves alone. Writes nothing."""

    master = _master_rows()
    top = [row for row in master if PROVINCE in (row["code"], row["parent_code"])]
    known_codes = set(Region.objects.filter(code__in=[row["code"] for row in master])
                      .values_list("code", flat=True))
    known = {r.code: r for r in Region.objects.filter(code__in=[row["code"] for row in top])}
    plan = DemoPlan()
    plan.regions = [row for row in master if row["code"] not in known_codes]
    # The province and its regencies: the database's, or stand-ins for a dry run.
    regions = {row["code"]: known.get(row["code"]) or Region(
        code=row["code"], name=row["name"], level=row["level"]) for row in top}
    plan.names = {code: r.short_name for code, r in regions.items()}
    features = json.loads((REFERENCE / "ntb_kabkota.geojson").read_text(encoding="utf-8"))
    plan.boundaries = [f for f in features["features"]
                       if f["properties"]["code"] in regions
                       and not getattr(known.get(f["properties"]["code"]), "geometry", None)]
    package = ContributionPackage.objects.filter(code="bpu-jkk-jkm").first()
    plan.tariffs = package is None
    existing_users = set(User.objects.values_list("username", flat=True))
    plan.users = [s for s in _user_specs(regions) if s[0] not in existing_users]
    admin = User.objects.filter(username="admin.prov").first()
    plan.records, plan.left_alone = _plan_records(regions, package, admin)
    plan.meetings = meetings_to_add()
    plan.national = national_missing()  # the national region master (issue 21)
    return plan


# --- loading ----------------------------------------------------------------------------------

# Fields not validated one by one: the foreign keys are the loader's own objects (a query each
# otherwise), and the natural keys were checked missing by the plan.
UNCHECKED = ["region", "allocation", "package", "created_by", "updated_by", "import_job"]


def _create_users(specs: list[tuple]) -> int:
    for username, full_name, agency, role, codes in specs:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD,
                                        full_name=full_name, agency=agency, role=role)
        user.regions.set(Region.objects.filter(code__in=codes))
    return len(specs)


def _write_records(slug: str, rows: list[Planned], regions: dict[str, Region]) -> int:
    """Validate the rows as the record services do (fields and the model's rules), create them,
    and record one audit event per region."""
    ds = get_dataset(slug)
    for row in rows:
        row.instance.clean_fields(exclude=UNCHECKED)
        row.instance.clean()
    ds.model.objects.bulk_create([row.instance for row in rows], batch_size=500)
    by_region: dict[str, list[str]] = {}
    for row in rows:
        by_region.setdefault(row.code, []).append(row.period)
    for code, periods in sorted(by_region.items()):
        first, last = min(periods), max(periods)
        audit_log(actor=None, action=Action.LOAD, object_type=ds.model._meta.label_lower,
                  region=regions[code],
                  object_repr=_("Demo data: %(dataset)s") % {"dataset": ds.label},
                  note=_("%(count)s synthetic records added (%(first)s – %(last)s).") % {
                      "count": len(periods), "first": first, "last": last})
    return len(rows)


def _attach_documents(rows: list[Planned]) -> None:
    for row in rows:
        commitment = row.instance
        if commitment.status == "signed":
            name = f"{commitment.region.short_name} {commitment.year}"
            commitment.document.save(f"{commitment.region.code}-{commitment.year}.pdf",
                                     ContentFile(demo_pdf(name)), save=False)
            commitment.document_name = f"perkada-{commitment.region.code}-{commitment.year}.pdf"
            commitment.save(update_fields=["document", "document_name"])


def _master_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["code", "name", "level", "parent_code"],
                            extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@transaction.atomic
def _load(plan: DemoPlan) -> DemoResult:
    result = DemoResult(plan=plan)
    if plan.regions:
        loaded = regions_load(text=_master_text(plan.regions), source="ntb_wilayah.csv")
        result.add("regions", loaded.created)
    if plan.boundaries:
        boundaries_load(text=json.dumps({"type": "FeatureCollection",
                                         "features": plan.boundaries}),
                        source="ntb_kabkota.geojson")
        result.add("boundaries", len(plan.boundaries))
    if plan.national:  # the national region master, after NTB's own (issue 21)
        result.add("national_regions", load_national())
    if plan.tariffs:
        packages, rates = seed_tariffs(ContributionPackage, TariffRate, TariffDiscount)
        result.add("packages", packages)
        result.add("tariffs", rates)
    result.add("users", _create_users(plan.users))
    # Plan the records again, now that the regions, the package and the admin exist (and
    # inside the transaction, so that what is checked is what is written over).
    regions = {r.code: r for r in Region.objects.filter(code__in=list(plan.names))}
    package = ContributionPackage.objects.get(code="bpu-jkk-jkm")
    admin = User.objects.get(username="admin.prov")
    plan.records, plan.left_alone = _plan_records(regions, package, admin)
    for slug in DATASETS:
        rows = plan.records.get(slug, [])
        if rows:
            result.add(slug, _write_records(slug, rows, regions))
    _attach_documents(plan.records.get("commitments", []))

    for name, count in load_forums(admin).items():
        result.add(name, count)
    # --- budget cycle (ucj/demo/cycle.py) ---
    for name, count in load_cycle().items():
        result.add(name, count)
    # --- end budget cycle ---
    # --- reconciliation (ucj/demo/reconciliation.py): a registry, a BPJS shortfall ---
    load_reconciliation(admin, result)
    # --- end reconciliation ---
    load_reporting(admin, result)
    created = {k: v for k, v in result.created.items() if v}
    if created:
        note = ", ".join(f"{k}: {v}" for k, v in created.items())
        if plan.left_alone:
            note += "\n" + _("Left alone (locked, or holding users' records): %(n)s "
                             "region-periods.") % {"n": len(plan.left_alone)}
        audit_log(actor=None, action=Action.LOAD, object_type="demo",
                  object_repr="data demo NTB", note=note)
    return result


def load_demo(*, dry_run: bool = False) -> DemoResult:
    """Add what the demo misses, within the rules (module docstring). Nothing to add: nothing
    is written (the demo is already loaded). ``dry_run``: only plan."""
    plan = plan_demo()
    if dry_run or plan.is_empty:
        return DemoResult(plan=plan)
    return _load(plan)


def demo_logins() -> list[tuple[str, str, str]]:
    users = User.objects.filter(username__in=[
        "admin.prov", "viewer.prov", "bpjs.mataram", "nasional.demo",
    ]) | User.objects.filter(username__startswith="op.")
    return [(u.username, u.get_role_display(),
             ", ".join(r.short_name for r in u.regions.all()) or "Indonesia")
            for u in users.prefetch_related("regions").order_by("role", "username")]
