"""Reads of the budget cycle: the year's calendar, each step's state as of a day, the province's
grid (every regency in the user's scope × the steps) and the commitments followed through
(committed → planned → budgeted → funded).

A step's state as of day ``d`` (docs/decisions.md):

* ``on_time`` — recorded with a date on or before its due date;
* ``late``    — recorded with a date after its due date;
* ``missing`` — not recorded (or recorded with a date after ``d``) and its due date is before
  ``d``: the due day itself is not missing yet;
* ``pending`` — not recorded and not yet due.

A region is ``complete`` when every step is recorded on time, ``late`` when every step is
recorded and at least one late, ``behind`` when a step is missing, else ``on_track``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import readable_regions, visible
from ucj.budget.models import Allocation, Commitment
from ucj.coverage.models import ParticipationSnapshot, funded_sum
from ucj.cycle.calendar import PROVINCE_BASIS, default_due
from ucj.cycle.models import KINDS, SHORT, CalendarDeadline, Milestone, kind_label
from ucj.planner.models import Scenario
from ucj.policy.tenancy import in_force, user_province_code  # settings per province (#21)
from ucj.regions.hierarchy import province_code
from ucj.regions.models import Level, Region
from ucj.registry.models import Enrollment, EnrollmentStatus

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
STEP_LABELS = {ON_TIME: _("on time"), LATE: _("late"), MISSING: _("missing"),
               PENDING: _("not yet due")}

COMPLETE, REGION_LATE, BEHIND, ON_TRACK = "lengkap", "terlambat", "tertinggal", "berjalan"
REGION_STATUSES = {
    COMPLETE: _("complete, on time"),
    REGION_LATE: _("complete, with late steps"),
    BEHIND: _("a step missing"),
    ON_TRACK: _("on track"),
}


@dataclass
class Due:
    kind: str
    stage: str
    date: dt.date
    legal_basis: str
    is_default: bool  # no row in the calendar: the default of ucj.cycle.calendar
    label: str = ""
    short: str = ""
    is_own: bool = False  # the province's own date (issue 21), not the national one


def calendar(year: int, stage: str, province: Region | str | None = None) -> list[Due]:
    """The due date of every step of the year's stage in ``province`` (a province or its
    code), in the cycle's order: the province's own date, else the national one, else the
    default of ``ucj.cycle.calendar`` (issue 21; one query)."""
    rows = {d.kind: d for d in in_force(CalendarDeadline.objects.filter(
        fiscal_year=year, stage=stage), province, key=lambda d: d.kind)}
    out = []
    for kind in KINDS:
        row = rows.get(kind.value)
        out.append(Due(kind=kind.value, stage=stage,
                       date=row.due_date if row else default_due(year, stage, kind.value),
                       legal_basis=row.legal_basis if row else PROVINCE_BASIS,
                       is_default=row is None, label=kind_label(kind.value, stage),
                       short=str(SHORT[kind]), is_own=row is not None
                       and row.province_id is not None))
    return out


def step_state(date: dt.date | None, due: dt.date, as_of: dt.date) -> str:
    """The state of a step as of ``as_of`` (module docstring)."""
    if date is not None and date <= as_of:
        return ON_TIME if date <= due else LATE
    return MISSING if due < as_of else PENDING


def region_state(states: list[str]) -> str:
    if MISSING in states:
        return BEHIND
    if PENDING in states:
        return ON_TRACK
    return REGION_LATE if LATE in states else COMPLETE


@dataclass
class Cell:
    due: Due
    milestone: Milestone | None
    state: str

    @property
    def state_label(self) -> str:
        return str(STEP_LABELS[self.state])

    @property
    def days_late(self) -> int | None:
        if self.state == LATE and self.milestone is not None:  # late: a milestone was dated
            return (self.milestone.date - self.due.date).days
        return None


@dataclass
class Row:
    region: Region
    cells: list[Cell]
    status: str
    recorded: int = 0

    @property
    def status_label(self) -> str:
        return str(REGION_STATUSES[self.status])


@dataclass
class Grid:
    year: int
    stage: str
    as_of: dt.date
    dues: list[Due]
    rows: list[Row]  # every regency in scope (before the status filter)
    counts: dict[str, int] = field(default_factory=dict)
    step_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # kind → state → n

    def filtered(self, status: str) -> list[Row]:
        return [r for r in self.rows if r.status == status] if status else self.rows


def regencies(user):
    """The regencies whose cycle the user reads (its scope)."""
    return readable_regions(user).filter(level=Level.REGENCY).order_by("code")


def _cells(dues: list[Due], milestones: dict[str, Milestone], as_of: dt.date) -> list[Cell]:
    cells = []
    for due in dues:
        m = milestones.get(due.kind)
        if m is not None and m.date > as_of:
            m = None  # it had not happened yet on the day looked at
        cells.append(Cell(due=due, milestone=m, state=step_state(m.date if m else None,
                                                                 due.date, as_of)))
    return cells


def grid(user, *, year: int, stage: str, as_of: dt.date) -> Grid:
    """Every regency in the user's scope × the steps of the year's stage, as of a day (by the
    calendar of the user's province)."""
    dues = calendar(year, stage, user_province_code(user))
    regions = list(regencies(user))
    by_region: dict[int, dict[str, Milestone]] = {}
    for m in visible(user, Milestone.objects.filter(fiscal_year=year, stage=stage)
                     .select_related("created_by", "updated_by")):
        by_region.setdefault(m.region_id, {})[m.kind] = m
    rows = []
    for region in regions:
        cells = _cells(dues, by_region.get(region.pk, {}), as_of)
        rows.append(Row(region=region, cells=cells,
                        status=region_state([c.state for c in cells]),
                        recorded=sum(c.milestone is not None for c in cells)))
    counts = {key: sum(r.status == key for r in rows) for key in REGION_STATUSES}
    step_counts = {due.kind: {state: sum(r.cells[i].state == state for r in rows)
                              for state in STEP_LABELS} for i, due in enumerate(dues)}
    return Grid(year=year, stage=stage, as_of=as_of, dues=dues, rows=rows, counts=counts,
                step_counts=step_counts)


def region_cycle(region, *, year: int, stage: str, as_of: dt.date) -> Row:
    """One region's steps of the year's stage, as of a day (the caller checked the scope), by
    the calendar of the region's province."""
    dues = calendar(year, stage, province_code(region.code))
    milestones = {m.kind: m for m in Milestone.objects.filter(
        region=region, fiscal_year=year, stage=stage).select_related("created_by", "updated_by")}
    cells = _cells(dues, milestones, as_of)
    return Row(region=region, cells=cells, status=region_state([c.state for c in cells]),
               recorded=sum(c.milestone is not None for c in cells))


def milestone_for(user, pk: int) -> Milestone | None:
    return visible(user, Milestone.objects.select_related("region")).filter(pk=pk).first()


# --- commitments followed through -------------------------------------------------------------

@dataclass
class Follow:
    region: object
    committed: int | None
    planned: int | None
    plan_name: str
    plan_promoted: bool
    budgeted: int | None
    budgeted_own: int | None
    funded_registry: int | None
    funded_bpjs: int | None
    bpjs_month: dt.date | None

    @property
    def funded(self) -> int | None:
        """BPJS's count when it reported the year, else the registry's."""
        return self.funded_bpjs if self.funded_bpjs is not None else self.funded_registry

    def gap(self, value: int | None) -> int | None:
        """``value`` − committed (negative: short of the commitment)."""
        if self.committed is None or value is None:
            return None
        return value - self.committed

    @property
    def gaps(self) -> dict[str, int | None]:
        return {"planned": self.gap(self.planned), "budgeted": self.gap(self.budgeted),
                "funded": self.gap(self.funded)}


def followthrough(user, *, year: int, as_of: dt.date, region=None) -> list[Follow]:
    """Per regency in scope: the commitment's target of funded workers, the workers of the saved
    plan (the one put into the budget, else the latest), the workers budgeted (allocations of the
    year enacted by the day, or without an enactment date), and the workers funded: the registry's
    active or registered enrollments and BPJS's government-funded participants of the year's last
    month reported by the day. ``region``: only that regency's row (still within the scope)."""

    regions = regencies(user)
    regions = list(regions.filter(pk=region.pk) if region is not None else regions)
    ids = [r.pk for r in regions]
    committed = dict(Commitment.objects.filter(region_id__in=ids, year=year)
                     .values_list("region_id", "target_funded_workers"))
    plans: dict[int, tuple] = {}
    for s in Scenario.objects.filter(region_id__in=ids, year=year).order_by("created_at", "pk"):
        plans[s.region_id] = (s.workers, s.name, False)  # the latest saved wins
    promoted = {s.region_id: (s.workers, s.name, True) for s in Scenario.objects.filter(
        region_id__in=ids, year=year, promoted_at__isnull=False).order_by("promoted_at")}
    plans.update(promoted)  # the latest promoted wins over the latest saved
    enacted = Q(enacted_on__isnull=True) | Q(enacted_on__lte=as_of)
    budget = {row["region_id"]: row for row in Allocation.objects.filter(
        enacted, region_id__in=ids, fiscal_year=year).values("region_id").annotate(
        total=Sum("workers_planned"),
        own=Sum("workers_planned", filter=Q(payer="regency")))}
    registry = dict(Enrollment.objects.filter(
        region_id__in=ids, year=year,
        status__in=[EnrollmentStatus.ACTIVE, EnrollmentStatus.REGISTERED]).values("region_id")
        .annotate(n=Count("pk")).values_list("region_id", "n"))
    # each region's funded participants of every month of the year reported by the day (one
    # query), of which the last month's
    last, bpjs = {}, {}
    for region_id, month, n in (ParticipationSnapshot.objects.filter(
            region_id__in=ids, month__year=year, month__lte=as_of)
            .values("region_id", "month").annotate(n=funded_sum())
            .values_list("region_id", "month", "n").order_by("region_id", "month")):
        last[region_id], bpjs[region_id] = month, n
    rows = []
    for r in regions:
        plan = plans.get(r.pk)
        b = budget.get(r.pk)
        rows.append(Follow(
            region=r, committed=committed.get(r.pk), planned=plan[0] if plan else None,
            plan_name=plan[1] if plan else "", plan_promoted=bool(plan and plan[2]),
            budgeted=b["total"] if b else None, budgeted_own=b["own"] if b else None,
            funded_registry=registry.get(r.pk), funded_bpjs=bpjs.get(r.pk),
            bpjs_month=last.get(r.pk)))
    return rows
