"""Reading approval states."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from ucj.accounts.models import User
from ucj.accounts.scope import ROLE_CAPS, Cap, allows, readable_regions
from ucj.audit.services import snapshot
from ucj.core.datasets import Dataset, get_dataset
from ucj.regions.models import Region
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


# --- approving one's own figures (docs/decisions.md) --------------------------------------------

def changed_by(user, *, dataset: str, region, period: str) -> bool:
    """Whether ``user`` is the last to have changed (or created) any of these figures."""
    return records_of(get_dataset(dataset), region=region, period=period).filter(
        updated_by=user).exists()


def other_approvers(user, region) -> list:
    """The other active users who may approve this region's figures (a second province admin)."""
    roles = [role for role, caps in ROLE_CAPS.items() if Cap.APPROVE_SUBMISSIONS in caps]
    others = (User.objects.filter(role__in=roles, is_active=True).exclude(pk=user.pk)
              .order_by("username"))
    return [other for other in others if allows(other, Cap.APPROVE_SUBMISSIONS, region)]


def self_approval(user, *, dataset: str, region, period: str) -> dict | None:
    """None if approving would not be approving one's own figures; else who else could
    (``{"others": [users]}``, empty when ``user`` is the only one)."""
    if not changed_by(user, dataset=dataset, region=region, period=period):
        return None
    others = other_approvers(user, region)
    return {"others": others, "names": ", ".join(
        f"{u.full_name} ({u.username})" if u.full_name else u.username for u in others)}


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


# --- the overview of every region × dataset × period (the submissions page) ------------------

@dataclass
class OverviewRow:
    ds: Dataset
    region: Region
    period: str
    count: int  # number of records
    submission: Submission | None

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else State.DRAFT

    @property
    def key(self) -> str:
        """What the bulk approval form posts for this row."""
        return f"{self.ds.slug}|{self.region.code}|{self.period}"


def _period_matches(key: str, period: str | None) -> bool:
    """A year selects itself and its months: "2025" matches "2025" and "2025-06"."""
    return not period or key == period or key.startswith(period + "-")


def submission_overview(user, *, datasets: list[Dataset], region=None,
                        period: str | None = None) -> list[OverviewRow]:
    """Every region × dataset × period within the user's scope that holds data or has a
    submission. One grouped query per dataset, one for the submissions, one for the regions,
    whatever the number of rows."""
    regions = readable_regions(user)
    if region is not None:
        regions = regions.filter(pk=region.pk)
    counts: dict[tuple[str, int, str], int] = {}
    for ds in datasets:
        for region_id, key, n in periods_with_data(ds, regions=regions):
            if _period_matches(key, period):
                counts[(ds.slug, region_id, key)] = n
    submissions = {}
    found = (Submission.objects.filter(region__in=regions, dataset__in=[d.slug for d in datasets])
             .select_related("submitted_by", "approved_by"))
    for s in found:
        if _period_matches(s.period, period):
            submissions[(s.dataset, s.region_id, s.period)] = s
    keys = set(counts) | set(submissions)
    region_by_id = Region.objects.defer("geometry").in_bulk({r for _, r, _ in keys})
    by_slug = {d.slug: d for d in datasets}
    order = {d.slug: i for i, d in enumerate(datasets)}
    rows = [OverviewRow(ds=by_slug[slug], region=region_by_id[region_id], period=key,
                        count=counts.get((slug, region_id, key), 0),
                        submission=submissions.get((slug, region_id, key)))
            for slug, region_id, key in keys if region_id in region_by_id]
    # newest year first; within a year by dataset, then month (newest first), then region
    rows.sort(key=lambda r: r.region.code)
    rows.sort(key=lambda r: r.period, reverse=True)
    rows.sort(key=lambda r: order[r.ds.slug])
    rows.sort(key=lambda r: r.period[:4], reverse=True)
    return rows


def states_of_dataset(dataset: str) -> dict[tuple[int, str], str]:
    """(region id, period) → state of every submission of a dataset (one query), e.g. to label
    the rows of a CSV export while streaming it."""
    return {(region_id, period): state for region_id, period, state in
            Submission.objects.filter(dataset=dataset)
            .values_list("region_id", "period", "state")}


def approved_regions(periods: dict[str, str], *, states=(State.APPROVED,)
                     ) -> dict[str, set[int]]:
    """{dataset: ids of the regions whose figures of that period are approved (or in one of
    ``states``)}, one query."""
    result: dict[str, set[int]] = {dataset: set() for dataset in periods}
    query = Q(pk__in=[])
    for dataset, period in periods.items():
        query |= Q(dataset=dataset, period=period)
    for dataset, region_id in (Submission.objects.filter(query, state__in=states)
                               .values_list("dataset", "region_id")):
        result[dataset].add(region_id)
    return result
