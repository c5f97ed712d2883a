"""The reconciliation's part of the demo (called by ``ucj.demo.loader``): without it every demo
month has the paid and the BPJS figures equal and no registry at all. It adds, for June 2026
(the demo's last month), one case of each kind, only on pristine demo records:

* **agree** — Kota Mataram's own 2026 workers: a registry of funded workers (synthetic NIKs and
  names) as many as the workers paid for June, all active to June; 25 more lapsed in April;
* **differ, registry** — the province's DBHCHT workers in Kota Bima: a registry 40 short of the
  workers paid;
* **differ, BPJS** — Lombok Tengah's own workers: BPJS reports 1,200 fewer than paid for June
  (invoices not yet processed);
* **missing** — everywhere else the registry is missing, and every month after June has no
  BPJS data.

Users' data is never written over: a case is added only where its allocation, realization and
snapshot are the demo's own, unchanged, unlocked, and no funded worker exists yet.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
from django.utils import timezone

from ucj.audit.models import Action, AuditEvent
from ucj.audit.services import audit_log
from ucj.budget.models import Allocation, Realization
from ucj.coverage.models import ParticipationSnapshot
from ucj.regions.models import Region
from ucj.registry import engine
from ucj.registry.engine import pseudonym_hex
from ucj.registry.models import Enrollment, EnrollmentStatus, Kind, MatchRun, SourceFile
from ucj.submissions.models import EDITABLE_STATES
from ucj.submissions.selectors import states_of_dataset

JUNE = dt.date(2026, 6, 1)
SEED = 20260630
# (region, funding source, payer, registry workers short of those paid, lapsed in April)
REGISTRIES = [("52.71", "apbd_kabkota", "regency", 0, 25),
              ("52.72", "dbhcht", "province", 40, 0)]
SHORTFALL = ("52.02", "funded_apbd_kabkota", 1_200)  # not Lombok Timur: issue 17 quotes its 25.827
MARK = "Demo: BPJS reports 1,200 fewer than paid (invoices not yet processed; synthetic)."
DISTRICT = {"52.71": "527101", "52.72": "527201"}  # NIKs issued in Ampenan and Rasanae Barat
FIRST = ["Lalu", "Baiq", "Muhammad", "Siti", "Ahmad", "Nurul", "Hj.", "Sri", "Abdul", "Dewi"]
LAST = ["Hamdani", "Aminah", "Saputra", "Rahmawati", "Hidayat", "Fitriani", "Kurniawan",
        "Suryani", "Maulana", "Wulandari"]


def _pristine(record) -> bool:
    changed = AuditEvent.objects.filter(object_type=record._meta.label_lower,
                                        action=Action.UPDATE, object_id=str(record.pk))
    return record.is_synthetic and record.import_job_id is None and not changed.exists()


def load_reconciliation(admin, result) -> None:
    """Add the cases above that are missing (``result.add`` counts them)."""
    for code, fund, payer, short, lapsed in REGISTRIES:
        result.add("funded workers (demo)",
                   _registry(admin, code, fund, payer, short=short, lapsed=lapsed))
    result.add("BPJS shortfalls (demo)", _shortfall(admin))


def _registry(admin, code: str, fund: str, payer: str, *, short: int, lapsed: int) -> int:
    allocation = Allocation.objects.filter(region__code=code, fiscal_year=JUNE.year,
                                           stage="murni", funding_source=fund,
                                           payer=payer).first()
    if allocation is None or not _pristine(allocation) or allocation.enrollments.exists():
        return 0
    paid = Realization.objects.filter(allocation=allocation, month=JUNE).first()
    if paid is None or not _pristine(paid):
        return 0
    active = max(paid.workers_paid - short, 0)
    region = allocation.region
    source = SourceFile.objects.create(
        kind=Kind.BENEFICIARIES, region=region, year=JUNE.year,
        original_name=f"demo-daftar-{code}-{JUNE.year}-sintetis.csv", sha256="0" * 64, size=0,
        uploaded_by=admin, processed_at=timezone.now())
    nonce = bytes(range(8))  # fixed: the demo is reproducible
    run = MatchRun.objects.create(region=region, year=JUNE.year, list_file=source,
                                  status="done", progress=100, nonce=nonce.hex(),
                                  counts={"total": active + lapsed}, created_by=admin,
                                  finished_at=timezone.now())
    n = active + lapsed
    rng = random.Random(f"{SEED}-{code}")
    rows = np.arange(1, n + 1)
    births = [dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
              for _ in range(n)]
    sexes = [rng.choice("LP") for _ in range(n)]
    numbers = np.array([int(f"{DISTRICT[code]}{b.day + (40 if s == 'P' else 0):02d}"
                            f"{b.month:02d}{b.year % 100:02d}{i:04d}")
                        for i, b, s in zip(rows, births, sexes, strict=True)], dtype=np.uint64)
    hi, lo = engine.pseudonyms(numbers, engine.hash_key())
    encrypted = engine.encrypt_niks(numbers, rows, key=engine.cipher_key(), nonce=nonce)
    start, now = dt.date(JUNE.year, allocation.start_month, 1), timezone.now()
    new = []
    for i in range(n):
        last = JUNE if i < active else dt.date(JUNE.year, 4, 1)
        nik = int(numbers[i])
        new.append(Enrollment(
            region=region, year=JUNE.year, allocation=allocation, run=run, row_no=i + 1,
            nik_hash=pseudonym_hex(hi[i], lo[i]),
            nik_masked=f"{nik // 10**12}********{nik % 10**4:04d}",
            nik_enc=str(int(encrypted[i])), name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            birth_date=births[i], sex=sexes[i], village_code="", occupation="petani",
            category="miskin", desil=rng.randint(1, 4), start_month=start,
            status=EnrollmentStatus.ACTIVE if i < active else EnrollmentStatus.LAPSED,
            last_paid_month=last, paid_months=last.month - start.month + 1,
            status_changed_at=now, created_by=admin))
    Enrollment.objects.bulk_create(new, batch_size=2000)
    audit_log(actor=None, action=Action.LOAD, obj=allocation, region=region,
              object_repr=f"Demo data: {n} synthetic funded workers for {allocation}"[:300],
              note="demo rekonsiliasi")
    return n


def _shortfall(admin) -> int:
    code, field, fewer = SHORTFALL
    region = Region.objects.filter(code=code).first()
    snapshot = ParticipationSnapshot.objects.filter(region=region, month=JUNE,
                                                    segment="BPU").first()
    if snapshot is None or MARK in snapshot.source_note or not _pristine(snapshot):
        return 0
    state = states_of_dataset("participation").get((region.pk, f"{JUNE:%Y-%m}"))
    if state is not None and state not in EDITABLE_STATES:  # submitted or approved: locked
        return 0
    value = getattr(snapshot, field)
    if value < fewer:
        return 0
    setattr(snapshot, field, value - fewer)
    snapshot.source_note = f"{snapshot.source_note} {MARK}".strip()
    snapshot.save(update_fields=[field, "source_note"])
    audit_log(actor=None, action=Action.LOAD, obj=snapshot, region=region,
              object_repr=f"Demo data: BPJS shortfall {snapshot}"[:300],
              note="demo rekonsiliasi")
    return 1
