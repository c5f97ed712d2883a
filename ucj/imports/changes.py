"""What each matched row does: create a record, change one (which values, old and new) or
nothing; the name it is shown by; and whether it may: the model's own ``clean()`` on the record
as it would be saved, and the approval lock (rows of submitted or approved figures are
refused)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ucj.budget.models import ContributionPackage
from ucj.imports.plan import Plan, PlannedRow, Problem, display, period_key, shown_value
from ucj.imports.specs import Spec
from ucj.submissions.models import EDITABLE_STATES
from ucj.submissions.selectors import states_for


class Labels:
    """How a plan names its rows (“Lombok Timur · Juni 2025 · BPU”), in the language it is made
    in. Each region's name and each key value's display is worked out once per plan: the memo
    belongs to the plan, never shared with an import planned at the same time."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self.memo: dict = {}  # region id → its name; (column key, value) → its display

    def __call__(self, r: PlannedRow) -> str:
        memo = self.memo
        region_id = r.region.id
        if region_id not in memo:
            memo[region_id] = r.region.short_name
        parts = [memo[region_id]]
        for col in self.spec.key_columns:
            value = r.values.get(col.key)
            if col.key == "segment":
                parts.append(str(value))  # PU, BPU …: the codes are the names
            elif col.key != "region_code":
                key = (col.key, value)
                if key not in memo:
                    memo[key] = display(col, value)
                parts.append(memo[key])
        return " · ".join(parts)


def plan_row(r: PlannedRow, labels: Labels, settable: list[str], compared: list[str],
             factory) -> None:
    """Decide what a row does: create a record, change it (which values), or nothing."""
    r.label = labels(r)
    values = r.values
    new_values = {k: values[k] for k in settable if k in values}
    if r.existing is None:
        extra = {"allocation": values["allocation"]} if "allocation" in values else {
            "region": r.region}
        r.instance = factory(**extra, **new_values)
        r.action = "create"
        r.values = {**new_values, **extra}
        return
    old_values = r.existing[2:]
    for name, attname, old in zip(settable, compared, old_values, strict=True):
        if name not in new_values:
            continue
        new = new_values[name]
        if attname != name:  # a foreign key: compare the ids
            if old != (new.pk if new is not None else None):
                r.changes[name] = (old, new)
        elif _differs(old, new):
            r.changes[name] = (old, new)
    r.action = "update" if r.changes else "unchanged"


def _differs(old, new) -> bool:
    if old == new:  # the common case first: equal ints, texts, dates, Decimals
        return False
    if isinstance(old, models.Model) or isinstance(new, models.Model):
        return getattr(old, "pk", None) != getattr(new, "pk", None)
    if (old is None or old == "") and (new is None or new == ""):
        return False
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is None or new is None or Decimal(old) != Decimal(new)
    return old != new


def load_changed(ds, rows: list[PlannedRow]) -> None:
    """The full records of the rows that change them (in batches of ids), with the objects the
    rules read (region, allocation, package) attached from memory, and the changes applied.
    ``flags`` and ``import_job`` are not read: applying sets them."""
    if not rows:
        return
    packages = ContributionPackage.objects.in_bulk() if ds.slug == "allocations" else {}
    ids = [r.existing[0] for r in rows]
    found = {}
    for start in range(0, len(ids), 5000):
        found.update((x.pk, x) for x in ds.model.objects.filter(pk__in=ids[start:start + 5000])
                     .defer("flags", "import_job"))
    for r in rows:
        instance = found[r.existing[0]]
        cache = instance._state.fields_cache
        if "allocation" in r.values:
            cache["allocation"] = r.values["allocation"]
        else:
            cache["region"] = r.region
        if packages:
            cache["package"] = packages[instance.package_id]
        for name, (_old, new) in list(r.changes.items()):
            r.changes[name] = (getattr(instance, name), new)
            setattr(instance, name, new)
        r.instance = instance



def clean_row(r: PlannedRow, plan: Plan, columns: dict, spec: Spec) -> None:
    """The model's own rules, on the record as it would be saved."""
    try:
        r.instance.clean()
    except ValidationError as exc:
        for name, messages in (exc.message_dict.items() if hasattr(exc, "error_dict")
                               else [("", exc.messages)]):
            index = columns.get(name)
            value = r.values.get(name, "")
            plan.problems.append(Problem(
                " ".join(str(m) for m in messages).rstrip(".") + ".", r.row,
                index, spec.column(name).label if index is not None else "",
                shown_value(display(spec.column(name), value)) if index is not None else ""))


def check_locks(ds, rows: list[PlannedRow], plan: Plan) -> None:
    """Rows that would change submitted or approved figures are refused."""
    touched = [r for r in rows if r.action in ("create", "update")]
    period_keys: dict = {}
    keys = []
    for r in touched:
        value = getattr(r.instance, ds.period_field)
        if value not in period_keys:
            period_keys[value] = period_key(value)
        keys.append((r.region.id, period_keys[value]))
    states = states_for(ds.slug, set(keys))
    if not states:
        return
    for r, key in zip(touched, keys, strict=True):
        submission = states.get(key)
        if submission and submission.state not in EDITABLE_STATES:
            plan.problems.append(Problem(_(
                "the figures of %(region)s for %(period)s are %(state)s and locked; ask the "
                "province to return or reopen them."
            ) % {"region": r.region.short_name, "period": key[1],
                 "state": submission.get_state_display()}, r.row))
