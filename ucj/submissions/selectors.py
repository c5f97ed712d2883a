"""Reading approval states."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from ucj.audit.services import snapshot
from ucj.core.datasets import Dataset, get_dataset
from ucj.submissions.models import EDITABLE_STATES, State, Submission


def submission_for(*, region, dataset: str, period: str) -> Submission | None:
    return Submission.objects.filter(region=region, dataset=dataset, period=period).first()


def state_of(*, region, dataset: str, period: str) -> str:
    submission = submission_for(region=region, dataset=dataset, period=period)
    return submission.state if submission else State.DRAFT


def is_editable(*, region, dataset: str, period: str) -> bool:
    return state_of(region=region, dataset=dataset, period=period) in EDITABLE_STATES


def states_for(dataset: str, pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], Submission]:
    """The submissions of (region id, period) pairs of one dataset, in one query."""
    pairs = set(pairs)
    if not pairs:
        return {}
    regions = {r for r, _ in pairs}
    periods = {p for _, p in pairs}
    found = Submission.objects.filter(dataset=dataset, region_id__in=regions, period__in=periods)
    return {(s.region_id, s.period): s for s in found if (s.region_id, s.period) in pairs}


def approval_labels(ds: Dataset, records: Iterable) -> dict[int, str]:
    """record pk → its submission state, for the records of a page (one query)."""
    records = list(records)
    keys = {r.pk: (region_id_of(ds, r), ds.period_key(r)) for r in records}
    found = states_for(ds.slug, keys.values())
    return {pk: (found[key].state if key in found else State.DRAFT) for pk, key in keys.items()}


def region_id_of(ds: Dataset, record) -> int:
    """The id of a record's region, without loading the region."""
    *path, last = ds.region_path.split("__")
    value = record
    for attr in path:
        value = getattr(value, attr)
    return getattr(value, f"{last}_id")


def records_of(ds: Dataset, *, region, period: str):
    """The records of one region (exactly, not below it) for one period."""
    return (ds.model.objects.filter(**{ds.region_path: region}, **ds.period_filter(period))
            .select_related(*ds.select_related).defer(f"{ds.region_path}__geometry"))


def values_of(ds: Dataset, *, region, period: str) -> dict[str, dict]:
    """{row label: field values} of a region's records of a period, as kept at approval."""
    values = {}
    for record in records_of(ds, region=region, period=period):
        data = snapshot(record)
        data.pop("is_synthetic", None)
        values[ds.row_label(record)] = data
    return values


def changes_since_approval(submission: Submission) -> dict[str, dict[str, list]]:
    """{row label: {field: [approved value, current value]}} — what changed since approval.
    Rows added since are listed with old values None, rows removed with new values None."""
    if not submission.approved_at:
        return {}
    ds = get_dataset(submission.dataset)
    now = values_of(ds, region=submission.region, period=submission.period)
    then = submission.approved_values or {}
    changes = {}
    for label in sorted(set(now) | set(then)):
        old, new = then.get(label, {}), now.get(label, {})
        fields = {k: [old.get(k), new.get(k)] for k in sorted(set(old) | set(new))
                  if old.get(k) != new.get(k)}
        if fields:
            changes[label] = fields
    return changes


def periods_with_data(ds: Dataset, *, regions) -> list[tuple[int, str, int]]:
    """(region id, period key, number of records) for every region-period that holds data."""
    rows = (ds.model.objects.filter(**{f"{ds.region_path}__in": regions})
            .values(ds.region_id_path, ds.period_field).annotate(n=Count("pk")))
    result = []
    for row in rows:
        value = row[ds.period_field]
        key = f"{value:%Y-%m}" if ds.is_monthly else str(value)
        result.append((row[ds.region_id_path], key, row["n"]))
    return result
