"""Reads of the beneficiary registry: runs a user may see, a run's rows from its Parquet file
(filtered and paged by Polars, never loaded whole), the funnel, one row's explanation, and the
funded workers with their NIKs decrypted for the registration file.

A row is read in one of two forms (docs/security.md, "Personal data"): whole, for who holds
``Cap.READ_PERSONS`` in the run's region (the province admin, the region's operator); or
coarse, for everyone else who reads the run (the province viewer, the BPJS operator of the
region): the masked NIK, the regency, a ten-year age band and the outcome with its reasons —
nothing that, with the mask, narrows a NIK down (no name, birth date, sex, village or district,
occupation, category, desil, phone or source)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import polars as pl
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import Cap, allows, readable_regions, visible
from ucj.policy.selectors import category_order  # policy as data
from ucj.regions.hierarchy import within_q
from ucj.regions.models import Level, Region
from ucj.registry import engine, rules
from ucj.registry.files import stored_path
from ucj.registry.models import Enrollment, Kind, MatchRun, ParticipantData, SourceFile

OUTCOME_LABELS = {
    "invalid": _("invalid"), "duplicate": _("duplicate in the list"),
    "deceased": _("deceased"), "already_active": _("already an active participant"),
    "conflict": _("funded or listed by another region"), "eligible": _("eligible"),
}
REASON_TEXT = {
    "nik_missing": _("The NIK is empty."),
    "nik_format": _("The NIK is not 16 digits (after removing spaces, dots and dashes)."),
    "nik_area_unknown": _("The NIK's province and regency code (digits 1–4) is not in the "
                          "national list of regencies."),
    "nik_district_unknown": _("The NIK's district code (digits 5–6) does not exist in the "
                              "province's region master."),
    "nik_date_invalid": _("The birth date in the NIK (digits 7–12, women +40 on the day) is "
                          "not a real date."),
    "nik_serial_zero": _("The NIK's serial number (digits 13–16) is 0000."),
    "name_missing": _("The name is empty."),
    "birth_date_missing": _("The birth date is empty."),
    "birth_date_invalid": _("The birth date is not a date (use YYYY-MM-DD)."),
    "nik_birth_date_mismatch": _("The stated birth date differs from the one in the NIK."),
    "sex_missing": _("The sex is empty."),
    "sex_invalid": _("The sex is not L or P."),
    "nik_sex_mismatch": _("The stated sex differs from the NIK (women have 40 added to the "
                          "day)."),
    "age_out_of_range": _("The age on 1 January of the year is outside the working-age range."),
    "desil_invalid": _("The DTSEN desil is not a whole number from 1 to 10."),
}
FLAG_TEXT = {
    "outside_province": _("The NIK was issued outside the province (flagged, not rejected: "
                          "people move)."),
    "other_regency": _("The NIK was issued in another regency of the province (flagged, not "
                       "rejected)."),
    "village_unknown": _("The village or district code is not in the region master."),
}
PAGE = 50


def visible_runs(user):
    return visible(user, MatchRun.objects.select_related("region", "list_file", "created_by"))


def _frame(run: MatchRun) -> pl.LazyFrame:
    return pl.scan_parquet(stored_path(run.result_path))


def _filtered(run: MatchRun, *, outcome: str = "", reason: str = "", flag: str = "",
              village: str = "") -> pl.LazyFrame:
    frame = _frame(run)
    if outcome in engine.OUTCOMES:
        frame = frame.filter(pl.col("outcome") == outcome)
    if reason in rules.REASON_BITS:
        bit = 1 << rules.REASON_BITS.index(reason)
        frame = frame.filter((pl.col("reason_mask") & bit) > 0)
    if flag in rules.FLAG_BITS:
        bit = 1 << rules.FLAG_BITS.index(flag)
        frame = frame.filter((pl.col("flag_mask") & bit) > 0)
    if village:
        frame = frame.filter(pl.col("village_code").str.starts_with(village))
    return frame


COLUMNS = ["row_no", "nik_masked", "name", "birth_date", "sex", "village_code", "occupation",
           "category", "desil", "outcome", "reason_mask", "flag_mask", "duplicate_of",
           "conflict_region"]
# what the coarse form is made from (the birth date and village only to derive the age band
# and the regency; they are dropped before the row leaves this module)
COARSE_SOURCE = ["row_no", "nik_masked", "birth_date", "village_code", "outcome", "reason_mask",
                 "flag_mask", "duplicate_of", "conflict_region"]
COARSE = ["row_no", "nik_masked", "regency", "age_band", "outcome", "outcome_label", "reasons",
          "flags", "duplicate_of", "conflict_region"]
_REGENCY = re.compile(r"^\s*(\d{2}\.\d{2})(?:\.|\s*$)")
BAND = 10  # years: an age band holds 3,650 birth dates


def age_band(birth: dt.date | None, year: int) -> str:
    """The completed age on 1 January of ``year`` as a ten-year band from the working age:
    "< 15", "15–24", "25–34" … "55–64", "65+"; "" without a date."""
    if birth is None:
        return ""
    age = year - birth.year - ((birth.month, birth.day) > (1, 1))
    if age < 15:
        return "< 15"
    if age >= 65:
        return "65+"
    low = 15 + (age - 15) // BAND * BAND
    return f"{low}–{low + BAND - 1}"


def regency_of(code: str | None) -> str:
    """The regency part (``52.03``) of a village or district code; "" when it has none."""
    match = _REGENCY.match(code or "")
    return match.group(1) if match else ""


def _coarse(row: dict, year: int, keys: list[str]) -> dict:
    """The row as seen without the right to personal data: the regency and age band derived,
    then only ``keys``."""
    row["regency"] = regency_of(row.get("village_code"))
    row["age_band"] = age_band(row.get("birth_date"), year)
    return {k: row[k] for k in keys}


def run_rows(run: MatchRun, *, page: int = 1, personal: bool = False,
             **filters) -> tuple[list[dict], int]:
    frame = _filtered(run, **filters)
    count = frame.select(pl.len()).collect().item()
    rows = (frame.select(COLUMNS if personal else COARSE_SOURCE).sort("row_no")
            .slice((page - 1) * PAGE, PAGE).collect().to_dicts())
    return [_describe(row, personal, run.year) for row in rows], count


def export_rows(run: MatchRun, *, personal: bool, **filters):
    """Every filtered row, for the CSV download (masked NIK; the whole row only with the
    right to personal data)."""
    frame = (_filtered(run, **filters).select(COLUMNS if personal else COARSE_SOURCE)
             .sort("row_no").collect(engine="streaming"))
    for row in frame.iter_rows(named=True):
        yield _describe(row, personal, run.year)


def _describe(row: dict, personal: bool, year: int) -> dict:
    row["reasons"] = rules.reason_codes(row.get("reason_mask") or 0)
    row["flags"] = rules.reason_codes(row.get("flag_mask") or 0, rules.FLAG_BITS)
    row["outcome_label"] = OUTCOME_LABELS.get(row["outcome"], row["outcome"])
    return row if personal else _coarse(row, year, COARSE)


ROW_COARSE = [*COARSE, "participant_known", "participant_active", "is_deceased"]


def run_row(run: MatchRun, row_no: int, *, personal: bool = False) -> dict | None:
    """One row with its reasons explained: whole with the right to personal data, else the
    coarse fields (``ROW_COARSE``)."""
    frame = _frame(run).filter(pl.col("row_no") == row_no).collect()
    if frame.is_empty():
        return None
    row = frame.row(0, named=True)
    row["reasons"] = [(code, REASON_TEXT[code]) for code in
                      rules.reason_codes(row["reason_mask"])]
    row["flags"] = [(code, FLAG_TEXT[code]) for code in
                    rules.reason_codes(row["flag_mask"], rules.FLAG_BITS)]
    row["outcome_label"] = OUTCOME_LABELS.get(row["outcome"], row["outcome"])
    return row if personal else _coarse(row, run.year, ROW_COARSE)


def row_nik(run: MatchRun, row: dict) -> str:
    """The full NIK of one row (decrypted; the caller audits the view)."""
    return engine.decrypt_niks([row["nik_enc"]], [row["row_no"]], key=engine.cipher_key(),
                               nonce=bytes.fromhex(run.nonce))[0]


def funnel(run: MatchRun) -> list[tuple[str | Promise, int]]:
    """From every row to the eligible: what each check leaves."""
    c = run.counts
    steps: list[tuple[str | Promise, int]] = [(_("rows in the list"), c.get("total", 0))]
    left = c.get("total", 0)
    for key, label in (("invalid", _("valid")), ("duplicate", _("not duplicated")),
                       ("deceased", _("alive")), ("already_active", _("not yet a participant")),
                       ("conflict", _("not funded elsewhere"))):
        left -= c.get(key, 0)
        steps.append((label, left))
    return steps


def funnel_chart(run: MatchRun) -> dict:
    steps = funnel(run)
    return {"traces": [{"type": "funnel", "y": [str(label) for label, _n in steps],
                        "x": [n for _label, n in steps], "textinfo": "value+percent initial",
                        "marker": {"color": "#0f6b4b"}}],
            "layout": {"margin": {"l": 170, "r": 20, "t": 10, "b": 30}, "height": 300}}


def registration_rows(enrollments) -> list[dict]:
    """The funded workers with their NIKs decrypted (grouped by run: one nonce each)."""
    rows = []
    by_run: dict = {}
    for e in enrollments:
        by_run.setdefault(e.run_id, []).append(e)
    for items in by_run.values():
        run = items[0].run
        niks = engine.decrypt_niks(np.array([int(e.nik_enc) for e in items], dtype=np.uint64),
                                   np.array([e.row_no for e in items]),
                                   key=engine.cipher_key(), nonce=bytes.fromhex(run.nonce))
        for e, nik in zip(items, niks, strict=True):
            rows.append({"enrollment": e, "nik": nik})
    rows.sort(key=lambda r: (r["enrollment"].region.code, r["enrollment"].row_no))
    return rows


def village_names() -> dict[str, str]:
    master = pl.read_csv(Path(rules.REFERENCE) / "ntb_wilayah.csv", infer_schema=False)
    return dict(master.select("code", "name").iter_rows())


def visible_enrollments(user):
    return visible(user, Enrollment.objects.select_related("region", "allocation", "run",
                                                           "allocation__package"))


def participant_data_for(region) -> list[ParticipantData]:
    """The participant data a list of ``region`` is matched against: per region (the list's
    regency, or each regency within a province), the latest processed participant file that
    covers it. Another region's file never stands in for it."""
    latest: dict[int, ParticipantData] = {}
    for data in (ParticipantData.objects.filter(within_q(region.code),
                                                source__processed_at__isnull=False)
                 .select_related("region", "source")
                 .order_by("region__code", "-source__processed_at", "-pk")):
        latest.setdefault(data.region_id, data)
    return list(latest.values())


def ranked_eligible(run: MatchRun, *, limit: int | None = None,
                    offset: int = 0) -> pl.DataFrame:
    """A run's eligible rows in funding order: desil ascending (none last), then the
    configured category order, then the list's order."""
    order = category_order(run.region)  # the run's province's policy (ucj.policy)
    frame = (pl.scan_parquet(stored_path(run.result_path))
             .filter(pl.col("outcome") == "eligible")
             .with_columns(priority=pl.col("category").replace_strict(
                 {c: i for i, c in enumerate(order)}, default=len(order), return_dtype=pl.Int32))
             .sort([pl.col("desil").fill_null(99), "priority", "row_no"]))
    if offset:
        frame = frame.slice(offset, limit)
    elif limit is not None:
        frame = frame.head(limit)
    return frame.collect()


def participant_regions(actor) -> list[Region]:
    """The regencies whose participant data the actor's files may write."""
    regencies = Region.objects.filter(level=Level.REGENCY).defer("geometry")
    if actor is not None:
        regencies = readable_regions(actor).filter(level=Level.REGENCY)
    return [r for r in regencies.order_by("code")
            if allows(actor, Cap.UPLOAD_PARTICIPANTS, r, system=True)]


def deceased_usable(actor, source: SourceFile, deceased: SourceFile) -> bool:
    """A deceased list given with a list: a deceased list of the same region and year, not yet
    used, in the actor's regions."""
    return (deceased.kind == Kind.DECEASED and deceased.region_id == source.region_id
            and deceased.year == source.year and bool(deceased.path)
            and deceased.processed_at is None
            and allows(actor, Cap.UPLOAD_LISTS, deceased.region, system=True))
