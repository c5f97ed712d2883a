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

Loading is idempotent: records are created only where their natural key is missing, so a
second run changes nothing (and never overwrites what users entered).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from ucj.accounts.models import Role, User
from ucj.audit.models import Action
from ucj.audit.services import audit_log
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
from ucj.core.models import FundingSource
from ucj.coverage.models import ParticipationSnapshot, Segment, WorkforceDenominator
from ucj.regions.models import Region
from ucj.regions.services import boundaries_load, regions_load

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

SYNTHETIC_SPLIT = ("Synthetic split over regencies by Dukcapil population (2025 S1) of the "
                   "published NTB total")


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.created[name] = self.created.get(name, 0) + n

    @property
    def total(self) -> int:
        return sum(self.created.values())


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


def demo_pdf(title: str) -> bytes:
    """A one-page PDF saying it is a synthetic sample document."""
    text = f"UCJ Monitor - DOKUMEN CONTOH SINTETIS - {title}"
    text = text.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 12 Tf 50 780 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


class DemoBuilder:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.result = DemoResult()
        self.province = Region.objects.get(code=PROVINCE)
        self.regencies = {r.code: r for r in Region.objects.filter(parent=self.province)}
        self.codes = sorted(self.regencies)

    # --- reference data ---------------------------------------------------------------------
    def packages(self) -> ContributionPackage:
        packages, rates = seed_tariffs(ContributionPackage, TariffRate, TariffDiscount)
        self.result.add("packages", packages)
        self.result.add("tariffs", rates)
        return ContributionPackage.objects.get(code="bpu-jkk-jkm")

    def users(self) -> User:
        specs = [
            ("admin.prov", "Admin Monev Provinsi", "Disnakertrans Provinsi NTB",
             Role.PROVINSI_ADMIN, [PROVINCE]),
            ("viewer.prov", "Pimpinan (lihat saja)", "Bappeda Provinsi NTB",
             Role.PROVINSI_VIEWER, [PROVINCE]),
            ("bpjs.mataram", "Operator BPJS TK Cabang Mataram", "BPJS Ketenagakerjaan Cabang Mataram",
             Role.BPJS_OPERATOR, ["52.71", "52.01", "52.08"]),
        ]
        for code in self.codes:
            region = self.regencies[code]
            slug = region.short_name.lower().replace("kota ", "kota").replace(" ", "")
            specs.append((f"op.{slug}", f"Operator {region.short_name}",
                          f"Disnaker {region.name}", Role.DAERAH_OPERATOR, [code]))
        admin = None
        for username, full_name, agency, role, codes in specs:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username, password=DEMO_PASSWORD, full_name=full_name,
                    agency=agency, role=role)
                user.regions.set(Region.objects.filter(code__in=codes))
                self.result.add("users", 1)
            if username == "admin.prov":
                admin = user
        return admin

    # --- yearly data ----------------------------------------------------------------------------
    def denominators(self, admin) -> dict[tuple[str, int], int]:
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
                note = (f"{SYNTHETIC_SPLIT} 1,808,432 (BPJS Ketenagakerjaan NTB, June 2025)"
                        if year == 2025 else
                        f"Synthetic: the 2025 figure × {factor}")
                rows.append(WorkforceDenominator(
                    region=self.regencies[code], year=year, workforce_potential=potential,
                    employed=employed, informal=informal,
                    vulnerable_target=int(informal * Decimal("0.22")),
                    source_note=note, is_synthetic=True, created_by=admin, updated_by=admin))
        self._create_missing(WorkforceDenominator, rows, ("region_id", "year"), "denominators")
        return potentials

    def commitments(self, admin) -> None:
        rows = [
            Commitment(region=self.province, year=2025, target_coverage=PROVINCE_TARGET_2025,
                       target_funded_workers=57_196, status="planned", is_synthetic=False,
                       note="Target UCJ NTB 2025 (Kemendagri/Bangda circular). 57,196 vulnerable "
                            "workers protected in 2025.",
                       created_by=admin, updated_by=admin),
            Commitment(region=self.province, year=2026, target_coverage=Decimal("65.00"),
                       target_funded_workers=66_000, status="planned", is_synthetic=True,
                       note="Synthetic province target for 2026.",
                       created_by=admin, updated_by=admin),
        ]
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
                    note="Synthetic commitment for the demonstration.", is_synthetic=True,
                    created_by=admin, updated_by=admin)
                rows.append(commitment)
        created = self._create_missing(Commitment, rows, ("region_id", "year"), "commitments")
        for commitment in created:
            if commitment.status == "signed":
                name = f"{commitment.region.short_name} {commitment.year}"
                commitment.document.save(f"{commitment.region.code}-{commitment.year}.pdf",
                                         ContentFile(demo_pdf(name)), save=False)
                commitment.document_name = f"perkada-{commitment.region.code}-{commitment.year}.pdf"
                commitment.save(update_fields=["document", "document_name"])

    def allocations(self, admin, package) -> list[Allocation]:
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
        rows = [
            Allocation(region=self.regencies[code], fiscal_year=year, stage=stage,
                       funding_source=source, amount=workers * BPU_MONTHLY * months,
                       workers_planned=workers, start_month=start, months_covered=months,
                       package=package, is_synthetic=True,
                       note="Synthetic allocation for the demonstration.",
                       created_by=admin, updated_by=admin)
            for code, year, stage, source, workers, start, months in plans
        ]
        self._create_missing(Allocation, rows,
                             ("region_id", "fiscal_year", "stage", "funding_source"), "allocations")
        return list(Allocation.objects.filter(region__in=self.regencies.values())
                    .select_related("region"))

    def realizations(self, admin, allocations: list[Allocation]) -> None:
        rows = []
        lagging = {"52.06", "52.05"}  # realization behind schedule in 2026 (synthetic)
        for allocation in sorted(allocations, key=lambda a: (a.region.code, a.pk)):
            code = allocation.region.code
            first = allocation.start_month
            for month_number in range(first, first + allocation.months_covered):
                month = dt.date(allocation.fiscal_year, month_number, 1)
                if month > LAST_MONTH:
                    break
                if code in lagging and allocation.fiscal_year == 2026 and month_number > 3:
                    break
                share = Decimal(self.rng.randint(930, 1000)) / 1000
                workers = int(allocation.workers_planned * share)
                rows.append(Realization(
                    allocation=allocation, month=month, workers_paid=workers,
                    amount_paid=workers * BPU_MONTHLY, is_synthetic=True,
                    created_by=admin, updated_by=admin))
        self._create_missing(Realization, rows, ("allocation_id", "month"), "realizations")

    # --- monthly participation ------------------------------------------------------------------
    def participation(self, admin, potentials: dict[tuple[str, int], int]) -> None:
        funded = self._funded_by_month()
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
                        funded_fields = {f"funded_{src}": n for src, n in by_source.items()}
                    rows.append(ParticipationSnapshot(
                        region=region, month=month, segment=segment, active=active,
                        new=churn + max(delta, 0), lapsed=churn + max(-delta, 0),
                        source_note=(f"{SYNTHETIC_SPLIT} 555,276 (BPJS Ketenagakerjaan NTB, "
                                     "June 2025); other months synthetic"),
                        is_synthetic=True, created_by=admin, updated_by=admin, **funded_fields))
                previous = segments
        self._create_missing(ParticipationSnapshot, rows, ("region_id", "month", "segment"),
                             "participation")

    def _funded_by_month(self) -> dict[tuple[str, dt.date], dict[str, int]]:
        """Government-funded participants = workers paid for that month, by funding source."""
        funded: dict[tuple[str, dt.date], dict[str, int]] = {}
        for code, month, source, workers in Realization.objects.filter(
            allocation__region__parent=self.province
        ).values_list("allocation__region__code", "month", "allocation__funding_source",
                      "workers_paid"):
            key = (code, month)
            funded.setdefault(key, {})
            funded[key][source] = funded[key].get(source, 0) + workers
        return funded

    # --- helpers --------------------------------------------------------------------------------
    def _create_missing(self, model, rows, key_fields, label):
        def key(obj):
            return tuple(getattr(obj, f) for f in key_fields)

        existing = set(model.objects.values_list(*key_fields))
        missing = [row for row in rows if key(row) not in existing]
        created = model.objects.bulk_create(missing, batch_size=500)  # pks set on SQLite and PG
        self.result.add(label, len(created))
        return created


@transaction.atomic
def load_demo() -> DemoResult:
    result = DemoResult()
    regions = regions_load(text=(REFERENCE / "ntb_wilayah.csv").read_text(encoding="utf-8"),
                           source="ntb_wilayah.csv")
    result.add("regions", regions.created)
    boundaries_load(text=(REFERENCE / "ntb_kabkota.geojson").read_text(encoding="utf-8"),
                    source="ntb_kabkota.geojson")
    builder = DemoBuilder()
    builder.result = result
    package = builder.packages()
    admin = builder.users()
    potentials = builder.denominators(admin)
    builder.commitments(admin)
    allocations = builder.allocations(admin, package)
    builder.realizations(admin, allocations)
    builder.participation(admin, potentials)
    from ucj.forums.demo import load_forums  # forums build on the budget records above

    for name, count in load_forums(admin).items():
        result.add(name, count)
    created = {k: v for k, v in result.created.items() if v}
    if created:
        audit_log(actor=None, action=Action.LOAD, object_type="demo",
                  object_repr="NTB demo data",
                  note=", ".join(f"{k}: {v}" for k, v in created.items()))
    return result


def demo_logins() -> list[tuple[str, str, str]]:
    users = User.objects.filter(username__in=[
        "admin.prov", "viewer.prov", "bpjs.mataram",
    ]) | User.objects.filter(username__startswith="op.")
    return [(u.username, u.get_role_display(), ", ".join(r.short_name for r in u.regions.all()))
            for u in users.prefetch_related("regions").order_by("role", "username")]
