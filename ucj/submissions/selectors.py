"""Reading approval states."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ucj.accounts.models import User
from ucj.accounts.scope import (
    ROLE_CAPS,
    Cap,
    allows,
    may_write_dataset,
    readable_regions,
    visible,
)
from ucj.audit.services import snapshot
from ucj.budget.models import Allocation, Stage
from ucj.core.datasets import Dataset, all_datasets, get_dataset
from ucj.cycle import selectors as cycle
from ucj.indicators import selectors as ind
from ucj.policy.selectors import home_due_soon_days  # policy as data (issue 20)
from ucj.policy.tenancy import in_force, user_province_code  # the user's province's (#21)
from ucj.reconciliation import selectors as reconciliation
from ucj.regions.models import Level, Region
from ucj.submissions.models import ReportingDeadline, State, Submission


def submission_for(*, region, dataset: str, period: str) -> Submission | None:
    return Submission.objects.filter(region=region, dataset=dataset, period=period).first()


def state_of(*, region, dataset: str, period: str) -> str:
    submission = submission_for(region=region, dataset=dataset, period=period)
    return submission.state if submission else State.DRAFT


def states_for(dataset: str, pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], Submission]:
    """The submissions of (region id, period) pairs of one dataset, in one query."""
    pairs = set(pairs)
    if not pairs:
        return {}
    regions = {r for r, _ in pairs}
    periods = {p for _, p in pairs}
    found = (Submission.objects.filter(dataset=dataset, region_id__in=regions, period__in=periods)
             .defer("approved_values"))  # the figures kept at approval: large, not needed here
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
    return (ds.model._default_manager.filter(**{ds.region_path: region},
                                             **ds.period_filter(period))
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
    rows = (ds.model._default_manager.filter(**{f"{ds.region_path}__in": regions})
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


# --- the reporting calendar: what is due, received, on time (issue 19) -------------------------
# A dataset's figures of a region and period are *expected* once the period's due date (the
# calendar, ``ReportingDeadline``) is known; they are *received* when submitted or approved,
# *on time* when submitted (or, without a submission, approved) on or before the due day, and
# *overdue* from the day after the due day while not received. Realizations are expected only
# of the months an allocation of the region pays for (its start month and months covered): no
# budget, nothing to pay.

# the state of one dataset × region × period against the calendar
APPROVED_ = "approved"
ON_TIME, LATE, RETURNED, ENTERED, MISSING, NOT_DUE = (
    "on_time", "late", "returned", "entered", "missing", "not_due")
CELL_LABELS = {
    APPROVED_: _("approved"), ON_TIME: _("received on time"), LATE: _("received late"),
    RETURNED: _("returned"), ENTERED: _("entered, not submitted"), MISSING: _("not entered"),
    NOT_DUE: _("not yet due"),
}


def reporting_calendar(province: Region | str | None = None) -> dict[str, ReportingDeadline]:
    """dataset slug → its row of the calendar of ``province`` (a province or its code): the
    province's own, else the national default (issue 21; one query). A dataset without a row
    is not asked for."""
    return {d.dataset: d for d in in_force(ReportingDeadline.objects.all(), province,
                                           key=lambda d: d.dataset)}


def _next_period(ds: Dataset, key: str) -> str:
    if not ds.is_monthly:
        return str(int(key) + 1)
    year, month = (int(part) for part in key.split("-"))
    return f"{year + month // 12}-{month % 12 + 1:02d}"


def periods_due_by(ds: Dataset, deadline: ReportingDeadline, day: dt.date) -> list[str]:
    """The periods of a dataset, from the calendar's first one, whose due date is on or before
    ``day`` (oldest first)."""
    periods, key = [], deadline.first_period
    while deadline.due_date(key) <= day:
        periods.append(key)
        key = _next_period(ds, key)
    return periods


def periods_of_year(ds: Dataset, deadline: ReportingDeadline, year: int) -> list[str]:
    """The year's periods of a dataset (its months, or the year), from the first one asked."""
    keys = [f"{year}-{m:02d}" for m in range(1, 13)] if ds.is_monthly else [str(year)]
    return [k for k in keys if k >= deadline.first_period]


@dataclass
class Cell:
    ds: Dataset
    region: Region
    period: str
    due: dt.date
    records: int
    submission: Submission | None
    today: dt.date

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else State.DRAFT

    @property
    def received_on(self) -> dt.date | None:
        s = self.submission
        if s is None or s.state not in (State.SUBMITTED, State.APPROVED):
            return None
        when = s.submitted_at or s.approved_at
        return timezone.localdate(when) if when else None

    @property
    def received(self) -> bool:
        return self.state in (State.SUBMITTED, State.APPROVED)

    @property
    def on_time(self) -> bool:
        return self.received and self.received_on is not None and self.received_on <= self.due

    @property
    def approved(self) -> bool:
        return self.state == State.APPROVED

    @property
    def is_due(self) -> bool:
        """Expected by today: the due day has come (on the due day itself it is due, not late)."""
        return self.due <= self.today

    @property
    def overdue(self) -> bool:
        return not self.received and self.due < self.today

    @property
    def status(self) -> str:
        if self.approved:
            return APPROVED_
        if self.received:
            return ON_TIME if self.on_time else LATE
        if self.state == State.RETURNED:
            return RETURNED
        if self.records:
            return ENTERED
        return MISSING if self.is_due else NOT_DUE

    @property
    def status_label(self) -> str:
        return str(CELL_LABELS[self.status])

    @property
    def entry_label(self) -> str:
        """Of figures still owed: entered (not submitted) or not entered."""
        return str(CELL_LABELS[ENTERED if self.records else MISSING])


def reporting_cells(*, datasets: list[Dataset], regions: list[Region],
                    periods: dict[str, list[str]], calendar: dict[str, ReportingDeadline],
                    today: dt.date) -> list[Cell]:
    """Every expected dataset × region × period (``periods``: slug → period keys), with its
    records and submission: one grouped query per dataset, one for the submissions, one for
    the years with allocations (realizations), whatever the number of cells."""
    ids = [r.pk for r in regions]
    if not ids:
        return []
    slugs = [ds.slug for ds in datasets if periods.get(ds.slug)]
    counts: dict[tuple[str, int, str], int] = {}
    for ds in datasets:
        if ds.slug in slugs:
            wanted = set(periods[ds.slug])
            for region_id, key, n in periods_with_data(ds, regions=ids):
                if key in wanted:
                    counts[(ds.slug, region_id, key)] = n
    found = {(s.dataset, s.region_id, s.period): s for s in Submission.objects.filter(
        region_id__in=ids, dataset__in=slugs)}
    budgeted: set[tuple[int, str]] = set()  # (region id, month) an allocation pays for
    if "realizations" in slugs:
        for region_id, year, start, months in Allocation.objects.filter(
                region_id__in=ids).values_list("region_id", "fiscal_year", "start_month",
                                               "months_covered").distinct():
            start = start or 1
            last = min(12, start + (months or 12) - 1)
            budgeted |= {(region_id, f"{year}-{m:02d}") for m in range(start, last + 1)}
    cells = []
    for ds in datasets:
        if ds.slug not in slugs:
            continue
        deadline = calendar[ds.slug]
        for region in regions:
            if region.level not in ds.region_levels:
                continue
            for key in periods[ds.slug]:
                if ds.slug == "realizations" and (region.pk, key) not in budgeted:
                    continue
                cells.append(Cell(ds=ds, region=region, period=key,
                                  due=deadline.due_date(key),
                                  records=counts.get((ds.slug, region.pk, key), 0),
                                  submission=found.get((ds.slug, region.pk, key)),
                                  today=today))
    return cells


def reporting_regencies(user) -> list[Region]:
    """The regencies in the user's scope, by code: those whose figures are asked for."""
    return list(readable_regions(user).filter(level=Level.REGENCY).order_by("code"))


# --- the operator's home: what to do next ------------------------------------------------------

@dataclass
class DueGroup:
    """One dataset of one region: its open periods, the latest first (the one to act on)."""

    cells: list[Cell]

    @property
    def latest(self) -> Cell:
        return self.cells[0]

    @property
    def earlier(self) -> list[Cell]:
        return self.cells[1:]

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.cells)


@dataclass
class Todo:
    today: dt.date
    due: list[Cell]  # not entered or not submitted, oldest due date first
    returned: list[Submission]

    @property
    def overdue_count(self) -> int:
        return sum(c.overdue for c in self.due)

    @property
    def groups(self) -> list[DueGroup]:
        """The open periods by dataset and region, the group with the oldest due date first."""
        groups: dict[tuple[str, int], list[Cell]] = {}
        for cell in self.due:
            groups.setdefault((cell.ds.slug, cell.region.pk), []).append(cell)
        return [DueGroup(cells=sorted(cells, key=lambda c: c.due, reverse=True))
                for cells in groups.values()]


def todo(user, *, today: dt.date) -> Todo:
    """The figures the user's regions still owe: every dataset the user writes, every period
    the calendar asks for by ``today`` + the due-soon window, not yet submitted or approved (returned
    figures are listed apart, with the province's reason)."""
    calendar = reporting_calendar(user_province_code(user))
    datasets = [ds for ds in all_datasets()
                if ds.slug in calendar and may_write_dataset(user, ds.slug)]
    regions = reporting_regencies(user) if datasets else []
    horizon = today + dt.timedelta(days=home_due_soon_days(user_province_code(user)))
    periods = {ds.slug: periods_due_by(ds, calendar[ds.slug], horizon) for ds in datasets}
    cells = reporting_cells(datasets=datasets, regions=regions, periods=periods,
                            calendar=calendar, today=today)
    open_ = [c for c in cells if c.state == State.DRAFT]
    open_.sort(key=lambda c: (c.due, c.ds.slug, c.region.code))
    returned = [c.submission for c in cells
                if c.state == State.RETURNED and c.submission is not None]
    # returned figures of periods the calendar does not ask for (yet) are still the region's
    seen = {s.pk for s in returned}
    writable = [ds.slug for ds in all_datasets() if may_write_dataset(user, ds.slug)]
    returned += [s for s in visible(user, Submission.objects.filter(
        state=State.RETURNED, dataset__in=writable).select_related("region")
        .defer("region__geometry")) if s.pk not in seen] if writable else []
    returned.sort(key=lambda s: s.updated_at)
    return Todo(today=today, due=open_, returned=returned)


@dataclass
class StepDue:
    region: Region
    year: int
    stage: str
    cell: cycle.Cell  # the step, its due date, its state

    @property
    def overdue(self) -> bool:
        return self.cell.state == cycle.MISSING


def cycle_steps_due(user, *, today: dt.date) -> list[StepDue]:
    """Budget-cycle steps of the user's regencies not yet recorded: missing (past their due
    date) or due within the due-soon window, in the stages running around ``today`` (this year's
    APBD-P and next year's APBD murni). Only for who records them (the region's budget
    writers)."""
    if not allows(user, Cap.WRITE_ALLOCATIONS):
        return []
    horizon = today + dt.timedelta(days=home_due_soon_days(user_province_code(user)))
    steps = []
    for year, stage in ((today.year, Stage.PERUBAHAN), (today.year + 1, Stage.MURNI)):
        grid = cycle.grid(user, year=year, stage=stage, as_of=today)
        for row in grid.rows:
            for cell in row.cells:
                if cell.due.kind == "evaluasi":  # the province records the evaluation
                    continue
                if cell.state == cycle.MISSING or (cell.state == cycle.PENDING
                                                    and cell.due.date <= horizon):
                    steps.append(StepDue(region=row.region, year=year, stage=stage, cell=cell))
    steps.sort(key=lambda s: (s.cell.due.date, s.region.code))
    return steps


@dataclass
class Lapsing:
    month: dt.date
    counts: list[tuple[str, str, int]]  # (key, label, workers) as the lapse list counts them

    @property
    def total(self) -> int:
        return sum(n for _key, _label, n in self.counts)


def lapsing_workers(user, *, today: dt.date) -> Lapsing:
    """Funded workers of the user's regions about to lapse (the reconciliation's lapse list),
    counted by when (one query)."""
    month = today.replace(day=1)
    workers = reconciliation.lapsing(user, month=month)
    return Lapsing(month=month, counts=reconciliation.lapse_counts(workers, month))


@dataclass
class Lights:
    region: Region
    month: dt.date
    values: dict  # the engine's figures (status lights, realization)


def region_lights(user) -> list[Lights]:
    """The status lights and realization of the user's regencies (the engine's figures, cached
    per data version), as of the latest month with participation."""
    regions = reporting_regencies(user)
    if not regions:
        return []
    provinces = Region.objects.defer("geometry").in_bulk({r.parent_id for r in regions})
    result = []
    for province in sorted(provinces.values(), key=lambda p: p.code):
        month = ind.latest_month(province)
        if month is None:
            continue
        limits = ind.thresholds(province)  # the province's own (issue 21)
        total, rows = ind.inputs_for(province, month)
        for region in regions:
            if region.parent_id == province.pk and region.pk in rows:
                result.append(Lights(region=region, month=month,
                                     values=ind.figures(rows[region.pk], total, limits)))
    return result


# --- the province's approval inbox ---------------------------------------------------------------

def inbox(user):
    """Submissions waiting for the user's approval, oldest first (by when they were submitted),
    in the regions where the user approves."""
    if not allows(user, Cap.APPROVE_SUBMISSIONS):
        return Submission.objects.none()
    return (visible(user, Submission.objects.filter(state=State.SUBMITTED))
            .select_related("region", "submitted_by").defer("region__geometry")
            .order_by("submitted_at", "pk"))


def inbox_count(user) -> int:
    """How many submissions wait for the user's approval (one query; none for others)."""
    if not allows(user, Cap.APPROVE_SUBMISSIONS):
        return 0
    return visible(user, Submission.objects.filter(state=State.SUBMITTED)).count()


# --- completeness and timeliness (as DHIS2's reporting rate summary) -----------------------------

@dataclass
class Tally:
    expected: int = 0  # due by today
    received: int = 0
    on_time: int = 0
    approved: int = 0

    def add(self, cell: Cell) -> None:
        if cell.is_due:
            self.expected += 1
            self.received += cell.received
            self.on_time += cell.on_time
            self.approved += cell.approved

    @staticmethod
    def rate(part: int, whole: int):
        from decimal import Decimal

        return Decimal(part) / Decimal(whole) if whole else None

    @property
    def received_rate(self):
        return self.rate(self.received, self.expected)

    @property
    def on_time_rate(self):
        return self.rate(self.on_time, self.expected)

    @property
    def approved_rate(self):
        return self.rate(self.approved, self.expected)


@dataclass
class Matrix:
    """One dataset: regions × the year's periods, with a tally per period and in all."""

    ds: Dataset
    deadline: ReportingDeadline
    periods: list[str]
    rows: list[tuple[Region, list[Cell | None]]]  # None: not expected of that region
    columns: list[Tally]
    total: Tally

    @property
    def overdue(self) -> list[tuple[Region, int]]:
        """The regions that owe figures past their due day, with how many periods each."""
        owed = [(r, sum(1 for c in row if c is not None and c.overdue)) for r, row in self.rows]
        return [(r, n) for r, n in owed if n]


def completeness(user, *, year: int, today: dt.date, datasets: list[Dataset] | None = None,
                 region: Region | None = None) -> list[Matrix]:
    """Per dataset, the regencies in the user's scope (or ``region``) × the year's periods:
    received, on time, approved against the reporting calendar, as of ``today``."""
    calendar = reporting_calendar(user_province_code(user))
    datasets = [ds for ds in (datasets or all_datasets()) if ds.slug in calendar]
    regions = reporting_regencies(user)
    if region is not None:
        regions = [r for r in regions if r.pk == region.pk]
    periods = {ds.slug: periods_of_year(ds, calendar[ds.slug], year) for ds in datasets}
    cells = reporting_cells(datasets=datasets, regions=regions, periods=periods,
                            calendar=calendar, today=today)
    by_key = {(c.ds.slug, c.region.pk, c.period): c for c in cells}
    result = []
    for ds in datasets:
        keys = periods[ds.slug]
        if not keys:
            continue
        columns = [Tally() for _key in keys]
        total = Tally()
        rows = []
        for r in regions:
            if r.level not in ds.region_levels:
                continue
            row = [by_key.get((ds.slug, r.pk, key)) for key in keys]
            for i, cell in enumerate(row):
                if cell is not None:
                    columns[i].add(cell)
                    total.add(cell)
            rows.append((r, row))
        result.append(Matrix(ds=ds, deadline=calendar[ds.slug], periods=keys, rows=rows,
                             columns=columns, total=total))
    return result
