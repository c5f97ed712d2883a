"""The importer's pipeline: read the header, validate every row, plan. Nothing is written.

``build_plan`` returns a ``Plan`` (``ucj.imports.plan``): the rows that create a record, those
that change one (with the old and new values) and those that change nothing; the row errors
(row, column, value, reason, in the user's language); and the plausibility warnings that the
user must confirm. ``ucj.imports.apply.apply_plan`` writes a valid plan. Each step is a module
of its own:

1. ``headers``: the header row (row 1, from column A, every required column, none unknown or
   twice);
2. ``columns``: the data rows, every cell parsed a column at a time;
3. ``matching``: region, level and the user's scope; the payer; duplicates in the file; the
   record each row names (one lean query);
4. ``changes``: what each row does (create, change, nothing), the model's ``clean()``, the
   approval lock;
5. ``plausibility``: the warnings, with the same functions as the forms, answered by
   ``BatchLookups`` from data loaded once rather than a query per row.
"""

from __future__ import annotations

from ucj.budget.models import ContributionPackage
from ucj.core import bulk
from ucj.core.datasets import get_dataset
from ucj.imports.changes import Labels, check_locks, clean_row, load_changed, plan_row
from ucj.imports.columns import parse_rows
from ucj.imports.headers import read_header
from ucj.imports.matching import attach_existing, compared_columns, is_field, match_rows
from ucj.imports.plan import Plan, PlannedRow, Problem, no_gc
from ucj.imports.plausibility import BatchLookups, add_warnings, load_lookups
from ucj.imports.readers import ReadError, Table, check_field_counts
from ucj.imports.specs import NAME, Col, Spec, get_spec


def build_plan(*, actor, dataset: str, table: Table) -> Plan:
    with no_gc():
        return _build_plan(actor=actor, dataset=dataset, table=table)


def _build_plan(*, actor, dataset: str, table: Table) -> Plan:
    spec = get_spec(dataset)
    model = get_dataset(dataset).model
    plan = Plan(dataset=dataset)
    plan.columns, problems = read_header(spec, table)
    if not problems:
        try:
            check_field_counts(table, 0)
        except ReadError as exc:
            problems = [Problem(exc.message)]
    if problems:
        plan.problems = problems
        return plan

    # 1. Every data row, its cells parsed.
    packages = {p.code.lower(): p for p in ContributionPackage.objects.all()}
    present = [spec.column(k) for k in plan.columns]
    slots = [c for c in present if c.kind != NAME]
    parsed = parse_rows(plan, table, columns=plan.columns, slots=slots, model=model,
                        packages=packages)
    # 2. Regions: known, at the right level, in the user's scope; the records they name.
    rows = _without_problems(match_rows(plan, parsed, actor=actor, dataset=dataset, spec=spec),
                             plan)
    del parsed
    settable = _settable(model, present, spec)
    attach_existing(spec, rows, plan, settable)
    rows = _without_problems(rows, plan)
    # 3. Build each new record, compare each existing one, clean, check the lock; then
    # 4. the plausibility warnings, for what would be written.
    plan.rows = _decide(plan, rows, table=table, spec=spec, settable=settable)
    plan.problems.sort(key=lambda p: (p.row or 0, p.column if p.column is not None else -1))
    return plan


def _without_problems(rows: list[PlannedRow], plan: Plan) -> list[PlannedRow]:
    bad_rows = {p.row for p in plan.problems}
    return [r for r in rows if r.row not in bad_rows]


def _settable(model, present: list[Col], spec: Spec) -> list[str]:
    """The fields a row sets: its columns that are fields, and the payer derived when the file
    has no payer column."""
    settable = [c.key for c in present if c.settable and is_field(model, c.key)]
    has_payer = any(c.key == "payer" for c in spec.columns)
    if has_payer and "payer" not in settable and is_field(model, "payer"):
        settable.append("payer")  # no column: the derived payer is written
    return settable


def _decide(plan: Plan, rows: list[PlannedRow], *, table: Table, spec: Spec,
            settable: list[str]) -> list[PlannedRow]:
    """What each row does, checked (clean, lock) and warned of: the rows of the plan."""
    ds = get_dataset(plan.dataset)
    labels = Labels(spec)
    compared = compared_columns(ds.model, settable)
    factory = bulk.Factory(ds.model)
    for r in rows:
        plan_row(r, labels, settable, compared, factory)
    load_changed(ds, [r for r in rows if r.action == "update"])
    for r in rows:
        if r.action != "unchanged":
            clean_row(r, plan, plan.columns, spec)
    check_locks(ds, rows, plan)
    lookups = BatchLookups()
    load_lookups(plan.dataset, rows, lookups)
    rows = _without_problems(rows, plan)
    add_warnings(plan.dataset, rows, lookups, table=table, columns=plan.columns, spec=spec)
    return rows
