"""The default budget calendar: the due date of each step of the cycle, per fiscal year and
stage, until the province admin sets its own (``CalendarDeadline``).

The dates are the province's working calendar, not quoted from a regulation: the articles of
PP 12/2019 and of the year's Permendagri on APBD guidelines could not be checked against their
text when this was written (docs/decisions.md), so every default's basis says "ditetapkan
provinsi" and the admin replaces it with the article once checked."""

from __future__ import annotations

import datetime as dt

from ucj.budget.models import Stage

PROVINCE_BASIS = "Ditetapkan provinsi"

# (month, day, year offset from the fiscal year) of each step.
DEFAULTS: dict[str, dict[str, tuple[int, int, int]]] = {
    Stage.MURNI: {
        "usulan": (8, 15, -1), "rapbd": (9, 30, -1), "persetujuan": (11, 30, -1),
        "evaluasi": (12, 15, -1), "perda": (12, 31, -1), "dpa": (1, 31, 0), "sp2d": (3, 31, 0),
    },
    Stage.PERUBAHAN: {
        "usulan": (8, 15, 0), "rapbd": (9, 10, 0), "persetujuan": (9, 30, 0),
        "evaluasi": (10, 15, 0), "perda": (10, 31, 0), "dpa": (11, 15, 0), "sp2d": (12, 15, 0),
    },
}

# Seeded by the data migration (get-or-create: an edited row is never overwritten).
SEED_YEARS = (2025, 2026, 2027)


def default_due(year: int, stage: str, kind: str) -> dt.date:
    month, day, offset = DEFAULTS[stage][kind]
    return dt.date(year + offset, month, day)


def seed(model, years=SEED_YEARS) -> int:
    """Create the missing due dates of ``years`` (never changing one that exists); returns how
    many were created. ``model`` is ``CalendarDeadline`` (or its historical model)."""
    created = 0
    # the national rows only (issue 21: a province's own dates are its own; a historical model
    # of a migration before the province field has none)
    national = ({"province": None} if any(f.name == "province" for f in
                                          model._meta.get_fields()) else {})
    for year in years:
        for stage, steps in DEFAULTS.items():
            for kind in steps:
                _, new = model.objects.get_or_create(
                    fiscal_year=year, stage=str(stage), kind=kind, **national,
                    defaults={"due_date": default_due(year, stage, kind),
                              "legal_basis": PROVINCE_BASIS})
                created += new
    return created
