"""Which region and which record each parsed row names: the region known, at one of the
dataset's levels and in the user's scope (``can_write``); the payer settled; no record twice in
the file; and the record each row names, found with one lean query (its key, version and the
compared values), for realizations through their allocation."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ucj.accounts.scope import can_write
from ucj.budget.models import Allocation, payer_error
from ucj.core.datasets import get_dataset
from ucj.core.models import PAYER_OF_FUND, payer_default
from ucj.imports.plan import Plan, PlannedRow, Problem, display
from ucj.imports.specs import Col, Spec
from ucj.regions.models import Level, Region


def match_rows(plan: Plan, parsed: list[tuple[int, dict]], *, actor, dataset: str,
               spec: Spec) -> list[PlannedRow]:
    """The rows whose region may be written and whose record the file names once; a problem
    for each other row."""
    ds = get_dataset(dataset)
    codes = {v["region_code"] for _, v in parsed if "region_code" in v}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes).defer("geometry")}
    columns = plan.columns
    region_col = columns["region_code"]
    region_label = spec.column("region_code").label
    level_names = ", ".join(str(Level(level).label) for level in ds.region_levels)
    writable: dict[str, bool] = {}
    key_keys = [c.key for c in spec.natural_key if c.key != "region_code"]
    payer_col = next((c for c in spec.columns if c.key == "payer"), None)
    rows: list[PlannedRow] = []
    seen: dict[tuple, int] = {}
    for number, values in parsed:
        code = values.get("region_code")
        if code is None:
            continue
        region = regions.get(code)
        reason = None
        if region is None:
            reason = _("no region has this Kemendagri code.")
        elif region.level not in ds.region_levels:
            reason = _("this dataset is kept per %(levels)s, and this code is a %(level)s.") % {
                "levels": level_names, "level": Level(region.level).label}
        else:
            if code not in writable:
                writable[code] = can_write(actor, region, dataset=dataset)
            if not writable[code]:
                reason = _("%(region)s is outside the regions you may enter data for.") % {
                    "region": region.short_name}
        if reason:
            plan.problems.append(Problem(reason, number, region_col, region_label, code))
            continue
        if payer_col is not None and not _settle_payer(values, region, number, columns,
                                                       payer_col, plan):
            continue
        key = (region.id, *[values.get(k) for k in key_keys])
        if any(k is None for k in key):
            continue  # a key cell had an error, already reported
        if key in seen:
            plan.problems.append(Problem(_(
                "the same record appears twice in the file (also in row %(row)s)."
            ) % {"row": seen[key]}, number))
            continue
        seen[key] = number
        values["region"] = region
        rows.append(PlannedRow(row=number, key=key, label="", values=values, region=region))
    return rows


def _settle_payer(values: dict, region: Region, number: int, columns: dict[str, int],
                  col: Col, plan: Plan) -> bool:
    """The row's payer before it is matched: a blank (or absent) payer becomes the one its fund
    implies (DBHCHT: the level of the row's region); a payer that does not fit the fund or the
    region is refused, naming the row and column. False when the row cannot be matched."""
    payer, fund = values.get("payer", ""), values.get("funding_source")
    if payer is None or fund is None:
        return False  # a cell error, already reported
    if payer == "":
        values["payer"] = payer_default(funding_source=fund, region_level=region.level)
        return True
    message = payer_error(payer=payer, funding_source=fund, region_level=region.level)
    if message:
        plan.problems.append(Problem(str(message).rstrip(".") + ".", number,
                                     columns.get("payer"), col.label, display(col, payer)))
        return False
    return True

def is_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def compared_columns(model, settable: list[str]) -> list[str]:
    """The columns read to compare a record with its row: attnames of the settable fields."""
    return [model._meta.get_field(k).attname for k in settable]


def attach_existing(spec: Spec, rows: list[PlannedRow], plan: Plan, settable: list[str]) -> None:
    """Find the record each row names (one query, lean: its key, version and the compared
    values only), and for realizations its allocation."""
    if not rows:
        return
    ds = get_dataset(spec.slug)
    lean = ["pk", "updated_at", *compared_columns(ds.model, settable)]
    region_ids = {r.region.id for r in rows}
    if spec.slug == "realizations":
        allocations = {
            (a.region_id, a.fiscal_year, a.stage, a.funding_source, a.payer): a
            for a in Allocation.objects.filter(
                region_id__in=region_ids, fiscal_year__in={r.key[1] for r in rows}
            ).select_related("package")
        }
        for r in rows:
            allocation = allocations.get(r.key[:5])
            if allocation is None:
                source = display(spec.column("funding_source"), r.key[3])
                if r.key[3] not in PAYER_OF_FUND:  # DBHCHT: whose
                    source += f" ({display(spec.column('payer'), r.key[4])})"
                plan.problems.append(Problem(_(
                    "there is no allocation of %(region)s for fiscal year %(year)s, %(stage)s, "
                    "%(source)s. Enter the allocation first."
                ) % {"region": r.region.short_name, "year": r.key[1],
                     "stage": display(spec.column("stage"), r.key[2]),
                     "source": source}, r.row))
                continue
            allocation._state.fields_cache["region"] = r.region  # the same region object
            r.values["allocation"] = allocation
        existing = {
            (row[0], row[1]): row[2:] for row in ds.model.objects.filter(
                allocation_id__in={a.pk for a in allocations.values()},
                month__in={r.key[5] for r in rows}).values_list("allocation_id", "month", *lean)
        }
        for r in rows:
            if "allocation" in r.values:
                r.existing = existing.get((r.values["allocation"].id, r.key[5]))
        return
    key_fields = [c.key for c in spec.natural_key if c.key != "region_code"]
    filters = {"region_id__in": region_ids}
    for i, name in enumerate(key_fields, start=1):
        filters[f"{name}__in"] = {r.key[i] for r in rows}
    width = 1 + len(key_fields)
    existing = {row[:width]: row[width:] for row in ds.model.objects.filter(**filters)
                .values_list("region_id", *key_fields, *lean)}
    for r in rows:
        r.existing = existing.get(r.key)
