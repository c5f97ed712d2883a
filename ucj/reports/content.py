"""What a monev report holds: the budget tables, the forum's follow-up, the data sources and
the pages, as ``ucj.reports.monev.monev_report`` fills them in and the PDF's template and the
executive summary (``summary.py``) read them. Plain data with derived properties; no query."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ucj.budget.models import Stage, TariffRate
from ucj.core.models import FundingSource, Payer
from ucj.coverage.selectors import SegmentCoverage
from ucj.forums.models import ActionItem, ActionStatus, Challenge
from ucj.indicators import selectors as ind
from ucj.indicators.dashboard import Dashboard, RegionRow
from ucj.regions.models import Region
from ucj.reports.periods import Period
from ucj.submissions.models import State


@dataclass
class BudgetLine:
    stage: str
    source: str
    allocated: int = 0
    realized: int = 0
    payer: str = ""  # whose money (DBHCHT is the province's or the regency's)

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def source_label(self) -> str:
        label = str(FundingSource(self.source).label)
        if self.source == FundingSource.DBHCHT and self.payer:
            return f"{label} ({Payer(self.payer).label})"
        return label

    @property
    def rate(self) -> Decimal | None:
        return ind.ratio(self.realized, self.allocated)


@dataclass
class BudgetTable:
    """A region's (or the province's) allocations of a year and what was paid against them up
    to the reference month, by stage and funding source."""

    year: int
    month: dt.date
    lines: list[BudgetLine] = field(default_factory=list)

    @property
    def allocated(self) -> int:
        return sum(line.allocated for line in self.lines)

    @property
    def realized(self) -> int:
        return sum(line.realized for line in self.lines)

    @property
    def rate(self) -> Decimal | None:
        return ind.ratio(self.realized, self.allocated)

    def _totals(self, attr: str, keys: list[str]) -> list[BudgetLine]:
        totals = []
        for key in keys:
            lines = [line for line in self.lines if getattr(line, attr) == key]
            if lines:
                total = BudgetLine(stage=lines[0].stage if attr == "stage" else "",
                                   source=lines[0].source if attr == "source" else "")
                total.allocated = sum(line.allocated for line in lines)
                total.realized = sum(line.realized for line in lines)
                totals.append(total)
        return totals

    @property
    def by_stage(self) -> list[BudgetLine]:
        return self._totals("stage", list(Stage.values))

    @property
    def by_source(self) -> list[BudgetLine]:
        return self._totals("source", list(FundingSource.values))

    def stage_total(self, stage: str) -> BudgetLine:
        found = [line for line in self.by_stage if line.stage == stage]
        return found[0] if found else BudgetLine(stage=stage, source="")

    @property
    def murni(self) -> BudgetLine:
        return self.stage_total(Stage.MURNI)

    @property
    def perubahan(self) -> BudgetLine:
        return self.stage_total(Stage.PERUBAHAN)

    def stage_amounts(self) -> tuple[list[int], list[int]]:
        """(allocated, realized) for each stage, in the stages' order (for the chart)."""
        found = {line.stage: line for line in self.by_stage}
        return ([found[s].allocated if s in found else 0 for s in Stage.values],
                [found[s].realized if s in found else 0 for s in Stage.values])



@dataclass
class ActionLine:
    """An action item as it stood on ``as_of`` (its status and progress then, see
    ``ucj.forums.asof``)."""

    item: ActionItem
    as_of: dt.date

    @property
    def overdue(self) -> bool:
        return self.item.is_overdue(self.as_of)

    @property
    def days_late(self) -> int:
        return max(0, -self.item.days_left(self.as_of))


@dataclass
class Problem:
    """A challenge of a region open on the as-of day, with the steps agreed on it by then (the
    action items linked to it): a line of "Permasalahan dan rekomendasi"."""

    challenge: Challenge
    steps: list[ActionLine] = field(default_factory=list)

    @property
    def overdue(self) -> list[ActionLine]:
        return [line for line in self.steps if line.overdue]


@dataclass
class ForumSummary:
    """The forum's follow-up as it stood on ``as_of``: the action items agreed by then with
    their status then, overdue counted on that day, and the challenges still open then."""

    as_of: dt.date
    items: list[ActionLine] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)  # open or being addressed
    steps: dict[int, list[ActionLine]] = field(default_factory=dict)  # challenge id → its items

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(status, label, number of items) for every status, in the workflow's order."""
        found = Counter(line.item.status for line in self.items)
        return [(status, str(label), found[status]) for status, label in ActionStatus.choices]

    @property
    def counts_text(self) -> str:
        """"2 planned, 1 in progress" (the statuses that have items)."""
        return ", ".join(f"{n} {label}" for _status, label, n in self.counts if n)

    @property
    def done(self) -> int:
        return sum(1 for line in self.items if line.item.status == ActionStatus.DONE)

    @property
    def open(self) -> list[ActionLine]:
        return [line for line in self.items if line.item.status != ActionStatus.DONE]

    @property
    def overdue(self) -> list[ActionLine]:
        return sorted((line for line in self.items if line.overdue),
                      key=lambda line: (line.item.due_date, line.item.pk))

    @property
    def problems(self) -> list[Problem]:
        """The open challenges with the steps agreed on them ("Permasalahan dan
        rekomendasi")."""
        return [Problem(challenge=c, steps=self.steps.get(c.pk, [])) for c in self.challenges]

    @property
    def other_open(self) -> list[ActionLine]:
        """Open items that are not a step of one of the open challenges listed."""
        listed = {line.item.pk for lines in self.steps.values() for line in lines}
        return [line for line in self.open if line.item.pk not in listed]

    def of_region(self, region: Region) -> ForumSummary:
        """The items owned by a region and the challenges mapped for it."""
        challenges = [c for c in self.challenges if c.region_id == region.pk]
        return ForumSummary(as_of=self.as_of,
                            items=[line for line in self.items
                                   if line.item.owner_region_id == region.pk],
                            challenges=challenges,
                            steps={c.pk: self.steps[c.pk] for c in challenges
                                   if c.pk in self.steps})



@dataclass
class SourceLine:
    slug: str
    label: str
    periods: str  # the periods counted, as shown
    pairs: int = 0  # region × period with data
    records: int = 0
    synthetic: int = 0
    last_changed: dt.datetime | None = None
    states: Counter = field(default_factory=Counter)  # state → number of region × period

    @property
    def approved(self) -> int:
        return self.states[State.APPROVED]

    @property
    def submitted(self) -> int:
        return self.states[State.SUBMITTED]

    @property
    def returned(self) -> int:
        return self.states[State.RETURNED]

    @property
    def draft(self) -> int:
        return self.states[State.DRAFT]



@dataclass
class RegionPage:
    """One regency's page: its dashboard row (the engine's figures), its rank, its figures at
    the baseline month, its charts, budget and forum follow-up."""

    row: RegionRow
    rank: int | None
    of: int
    base: dict | None
    participation_approved: bool
    allocations_approved: bool
    budget: BudgetTable
    forum: ForumSummary
    coverage_chart: Chart
    budget_chart: Chart
    text: str = ""
    segments: SegmentCoverage | None = None  # participation by segment, of informal workers

    @property
    def region(self) -> Region:
        return self.row.region

    @property
    def values(self) -> dict:
        return self.row.values


@dataclass
class MonevReport:
    period: Period
    province: Region
    region: Region | None  # the regency of a regency report; None: the province's
    month: dt.date | None  # the reference month; None: no participation in the period
    generated_at: dt.datetime
    today: dt.date
    as_of: dt.date | None = None  # the forum follow-up's day: the period's end, or today
    base_month: dt.date | None = None
    board: Dashboard | None = None
    base_total: dict | None = None
    ranking: list[RegionRow] = field(default_factory=list)
    pages: list[RegionPage] = field(default_factory=list)
    budget: BudgetTable | None = None
    forum: ForumSummary | None = None
    sources: list[SourceLine] = field(default_factory=list)
    tariff: TariffRate | None = None
    map_svg: SafeString | str = ""
    coverage_chart: Chart | None = None
    budget_chart: Chart | None = None
    summary: list[str] = field(default_factory=list)
    synthetic: bool = False
    approved_participation: set = field(default_factory=set)
    approved_allocations: set = field(default_factory=set)
    segments: SegmentCoverage | None = None  # the province's, by segment and of informal workers

    @property
    def subject(self) -> Region:
        return self.region or self.province

    @property
    def is_regency(self) -> bool:
        return self.region is not None

    @property
    def has_data(self) -> bool:
        return self.board is not None

    @property
    def year(self) -> int:
        return self.month.year if self.month else self.period.year

    @property
    def total(self) -> dict:
        return self.board.total if self.board else {}

    @property
    def rows(self) -> list[RegionRow]:
        return self.board.rows if self.board else []

    @property
    def status_counts(self) -> dict:
        found = Counter(row.values["status"] for row in self.rows)
        return {"red": found["red"], "amber": found["amber"], "green": found["green"],
                "none": found[None]}

    @property
    def without_own_money(self) -> list[RegionRow]:
        """Regencies with no money of their own in APBD murni of the year, as of the month."""
        return self.board.without_own_money \
            if self.board else []

    @property
    def title(self) -> str:
        return _("Monitoring and Evaluation Report of Universal Coverage Jamsostek")

    @property
    def synthetic_sources(self) -> list[SourceLine]:
        return [line for line in self.sources if line.synthetic]

    def source(self, slug: str) -> SourceLine | None:
        return next((line for line in self.sources if line.slug == slug), None)



@dataclass
class Chart:
    svg: SafeString  # an <img> of the SVG
    legend: SafeString

