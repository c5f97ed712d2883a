"""Synthetic budget-cycle steps for the demo: every regency's APBD-P 2025 and APBD murni 2026,
flagged synthetic, called once from ucj/demo/loader.py.

Consistent with the demo's allocations (ucj/demo/loader.py): the regencies that budgeted in a
stage went through every step (the Perda on the allocations' enactment dates: 30 September for
the APBD-P, 20 December of the year before for the APBD murni); those that budgeted nothing
stop after the steps a line reaches without money. Lombok Tengah is late on several steps, two
regencies pay late, and the province's evaluation asks for improvement where the line is missing.

Never writes into what users entered: a region × year × stage that holds any step is left
alone (whoever recorded it), so loading again adds nothing."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget.models import Stage
from ucj.cycle.models import Kind, Milestone, Outcome
from ucj.demo.pdf import demo_pdf
from ucj.regions.models import Level, Region

D = dt.date
# Step dates of a region that keeps the calendar (ucj/cycle/calendar.py defaults).
ON_TIME = {
    (2025, Stage.PERUBAHAN): {
        Kind.PROPOSAL: D(2025, 8, 5), Kind.SUBMITTED: D(2025, 9, 1),
        Kind.APPROVED: D(2025, 9, 25), Kind.EVALUATION: D(2025, 9, 29),
        Kind.ENACTED: D(2025, 9, 30), Kind.DPA: D(2025, 10, 3), Kind.PAYMENT: D(2025, 10, 20)},
    (2026, Stage.MURNI): {
        Kind.PROPOSAL: D(2025, 8, 8), Kind.SUBMITTED: D(2025, 9, 26),
        Kind.APPROVED: D(2025, 11, 27), Kind.EVALUATION: D(2025, 12, 12),
        Kind.ENACTED: D(2025, 12, 20), Kind.DPA: D(2026, 1, 12), Kind.PAYMENT: D(2026, 2, 16)},
}
# Who budgeted in each stage (as the demo's allocations: PERUBAHAN_2025, MURNI_2026).
BUDGETED = {
    (2025, Stage.PERUBAHAN): {"52.03", "52.02", "52.01", "52.04", "52.71", "52.06"},
    (2026, Stage.MURNI): {"52.03", "52.02", "52.04", "52.05", "52.01", "52.06", "52.07",
                          "52.71"},
}
# Lateness (synthetic): region → unit → step → date.
LATE = {
    "52.02": {
        (2025, Stage.PERUBAHAN): {Kind.PROPOSAL: D(2025, 8, 27), Kind.SUBMITTED: D(2025, 9, 16),
                                  Kind.DPA: D(2025, 11, 20), Kind.PAYMENT: D(2025, 12, 22)},
        (2026, Stage.MURNI): {Kind.SUBMITTED: D(2025, 10, 15), Kind.APPROVED: D(2025, 12, 5),
                              Kind.EVALUATION: D(2025, 12, 17), Kind.DPA: D(2026, 2, 9),
                              Kind.PAYMENT: D(2026, 4, 20)},
    },
    "52.06": {(2026, Stage.MURNI): {Kind.PAYMENT: D(2026, 4, 27)}},
    "52.05": {(2026, Stage.MURNI): {Kind.DPA: D(2026, 2, 3), Kind.PAYMENT: D(2026, 5, 11)}},
}
# A line without money reaches these steps: proposed (APBD-P 2025), or proposed and carried
# to the Perda, where the province's evaluation asked for it (APBD 2026).
UNFUNDED_STEPS = {
    (2025, Stage.PERUBAHAN): [Kind.PROPOSAL],
    (2026, Stage.MURNI): [Kind.PROPOSAL, Kind.SUBMITTED, Kind.APPROVED, Kind.EVALUATION,
                          Kind.ENACTED],
}
NOTE_IMPROVE = ("Belanja iuran jaminan sosial pekerja rentan belum dianggarkan. Agar ditampung "
                "dalam APBD-P sesuai komitmen daerah (sintetis).")
NOTE_IN_LINE = "Rancangan APBD memuat belanja iuran pekerja rentan sesuai komitmen (sintetis)."
WITH_DOCUMENT = {Kind.EVALUATION, Kind.ENACTED, Kind.DPA}


def planned_milestones(regions: dict[str, Region]) -> list[Milestone]:
    """Every demo step, unsaved (the same whatever the database holds)."""
    out = []
    for (year, stage), dates in ON_TIME.items():
        for code, region in sorted(regions.items()):
            budgeted = code in BUDGETED[(year, stage)]
            kinds = list(Kind) if budgeted else UNFUNDED_STEPS[(year, stage)]
            late = LATE.get(code, {}).get((year, stage), {})
            for kind in kinds:
                evaluation = kind == Kind.EVALUATION
                out.append(Milestone(
                    region=region, fiscal_year=year, stage=stage, kind=kind,
                    date=late.get(kind, dates[kind]), is_synthetic=True,
                    outcome=(Outcome.IN_LINE if budgeted else Outcome.TO_IMPROVE)
                    if evaluation else "",
                    province_note=(NOTE_IN_LINE if budgeted else NOTE_IMPROVE)
                    if evaluation else "",
                    note="Data sintetis untuk demo."))
    return out


def load_cycle(today: dt.date | None = None) -> dict[str, int]:
    """Add the demo steps of every region × year × stage that holds none; returns counts."""

    today = today or timezone.localdate()
    regions = {r.code: r for r in Region.objects.filter(level=Level.REGENCY,
                                                         code__regex=r"^52\.\d\d$")}
    taken = set(Milestone.objects.filter(region__in=regions.values()).values_list(
        "region_id", "fiscal_year", "stage").distinct())
    rows = [m for m in planned_milestones(regions)
            if (m.region_id, m.fiscal_year, m.stage) not in taken
            and m.date <= today]
    for m in rows:
        m.clean_fields(exclude=["region", "created_by", "updated_by", "import_job", "document"])
        m.clean()
    Milestone.objects.bulk_create(rows, batch_size=500)
    keys = {(m.region_id, m.fiscal_year, m.stage, m.kind) for m in rows
            if m.kind in WITH_DOCUMENT}
    for m in Milestone.objects.filter(is_synthetic=True, document="",
                                      kind__in=list(WITH_DOCUMENT)).select_related("region"):
        if (m.region_id, m.fiscal_year, m.stage, m.kind) not in keys:
            continue
        title = f"{m.kind_label} {m.region.short_name} {m.fiscal_year}"
        m.document.save(f"{m.region.code}-{m.fiscal_year}-{m.stage}-{m.kind}.pdf",
                        ContentFile(demo_pdf(title)), save=False)
        m.document_name = f"{m.kind}-{m.region.code}-{m.fiscal_year}-{m.stage}.pdf"
        m.save(update_fields=["document", "document_name"])
    by_region: dict[str, int] = {}
    for m in rows:
        by_region[m.region.code] = by_region.get(m.region.code, 0) + 1
    for code, count in sorted(by_region.items()):
        audit_log(actor=None, action=Action.LOAD, object_type="cycle.milestone",
                  region=regions[code], object_repr="Demo data: budget cycle",
                  note=f"{count} langkah siklus anggaran sintetis ditambahkan (APBD-P 2025, APBD 2026).")
    return {"budget cycle steps": len(rows)}
