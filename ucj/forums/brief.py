"""The meeting brief ("bahan rapat"): what the province prints before a coordination meeting
(DESIGN §1 job 5). Built from a meeting, the reader and a day, with a fixed number of queries:

* heading facts: the meeting, the previous meeting of the same region and level, the data
  month (the latest participation month) and the baseline month (the latest month with
  participation on or before the previous meeting), whether the figures are approved, and
  whether they contain synthetic demo data;
1. each regency's status and key indicators now and at the baseline, from the indicator
   engine's dashboard (never recomputed here), with the province line;
2. the open challenges of the meeting's region and below, with the current values of the
   indicators they hold back;
3. the action items: overdue, due soon, and the progress recorded and the items done since
   the last meeting: from the start of the previous meeting (00.00 of its day when it has no
   start time) up to the start of this one, so that consecutive briefs never count an entry
   twice and never miss one (docs/decisions.md 51);
4. the commitments not yet budgeted, and the regencies without a commitment for the year.

Challenges and action items are those raised or agreed in meetings held up to the meeting's
date. The brief of a past meeting shows them as the meeting saw them (``as_of``, its date):
the challenges still open then, the items overdue or due soon counted on that day with the
status they had at the start of the meeting (``ucj.forums.asof``).

Aggregate indicators are shown to every reader (as on the dashboard); challenges, action items
and commitments follow the reader's scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from ucj.accounts.scope import can_read, visible
from ucj.budget.models import Allocation, Commitment
from ucj.budget.selectors import enacted_by_day
from ucj.core.formatting import format_decimal, format_int, format_ratio_pct, format_rupiah
from ucj.coverage.models import ParticipationSnapshot
from ucj.forums import asof, selectors
from ucj.forums.models import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Challenge,
    Meeting,
    MeetingLevel,
)
from ucj.indicators import selectors as ind
from ucj.indicators.dashboard import Dashboard, dashboard
from ucj.policy.selectors import forum_due_soon_days  # policy as data
from ucj.regions.hierarchy import province_of, within_q
from ucj.regions.models import Level, Region
from ucj.submissions.models import State
from ucj.submissions.selectors import Matrix, approved_regions, completeness


@dataclass
class RegionLine:
    """One line of section 1: a regency (or the province total) now and at the baseline."""

    region: Region
    values: dict  # the engine's figures for the data month
    base: dict | None  # … for the baseline month (None: no baseline)
    is_total: bool = False
    approved: bool = False
    submitted: bool = False  # submitted or approved
    synthetic: bool = False

    @property
    def status(self) -> str | None:
        return self.values["status"]

    @property
    def coverage(self) -> Decimal | None:
        return self.values["coverage"]

    @property
    def coverage_base(self) -> Decimal | None:
        return self.base["coverage"] if self.base else None

    @property
    def coverage_change(self) -> Decimal | None:
        """The change in percentage points since the baseline."""
        if self.coverage is None or self.coverage_base is None:
            return None
        return (self.coverage - self.coverage_base) * 100

    @property
    def active(self) -> int | None:
        return self.values["active_participants"]

    @property
    def active_change(self) -> int | None:
        before = self.base["active_participants"] if self.base else None
        if self.active is None or before is None:
            return None
        return self.active - before

    @property
    def coverage_change_text(self) -> str:
        return signed_points(self.coverage_change)

    @property
    def active_change_text(self) -> str:
        return signed_int(self.active_change)


def signed_points(value: Decimal | None) -> str:
    """+1,2 / −0,4 / 0,0 (percentage points, one decimal)."""
    if value is None:
        return "–"
    text = format_decimal(value, 1)
    return f"+{text}" if value > 0 and text.strip("0,.") else text


def signed_int(value: int | None) -> str:
    if value is None:
        return "–"
    return f"+{format_int(value)}" if value > 0 else format_int(value)


def indicator_text(key: str, value) -> str:
    """An indicator value as shown: ratios as percent, money as Rupiah, counts as integers."""
    if key == "status":
        return str(ind.STATUS_LABELS.get(value, "–"))
    if key in ind.RATIO_KEYS:
        return format_ratio_pct(value)
    if key in ind.MONEY_KEYS:
        return format_rupiah(value)
    return format_int(value)


@dataclass
class IndicatorValue:
    key: str
    label: str
    value: object
    text: str


@dataclass
class ChallengeLine:
    challenge: Challenge
    indicators: list[IndicatorValue]


@dataclass
class ChallengeGroup:
    region: Region
    items: list[ChallengeLine]


@dataclass
class Brief:
    meeting: Meeting
    province: Region
    today: dt.date
    generated_at: dt.datetime
    generated_by: object
    previous: Meeting | None
    as_of: dt.date  # the day challenges and action items are seen as of: today, or a past meeting's
    data_month: dt.date | None
    baseline_month: dt.date | None
    year: int  # the data month's year (the meeting's when there is no data yet)
    regions: list[RegionLine] = field(default_factory=list)
    total: RegionLine | None = None
    synthetic: bool = False
    challenges: list[ChallengeGroup] = field(default_factory=list)
    overdue: list[ActionItem] = field(default_factory=list)
    due_soon: list[ActionItem] = field(default_factory=list)
    due_until: dt.date | None = None
    updates: list[ActionUpdate] = field(default_factory=list)
    done: list[ActionItem] = field(default_factory=list)
    # The progress window: from the start of the previous meeting (None: from the first entry)
    # up to the start of this meeting; ``started``: this meeting has started, so entries
    # recorded from ``until`` on (``later`` of them) belong to the next meeting's brief.
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    started: bool = False
    later: int = 0
    unbudgeted: list[Commitment] = field(default_factory=list)
    # the reporting calendar's completeness of the year, as of the brief's day (issue 19)
    completeness: list[Matrix] = field(default_factory=list)
    pair: list[dict] = field(default_factory=list)  # own money by regency (the dashboard's)
    without_own_money: list = field(default_factory=list)
    without_commitment: list[Region] = field(default_factory=list)

    @property
    def is_regency_meeting(self) -> bool:
        return self.meeting.level == MeetingLevel.REGION

    @property
    def lines(self) -> list[RegionLine]:
        """Section 1: the regencies, then the province."""
        return self.regions + ([self.total] if self.total else [])

    @property
    def approved_count(self) -> int:
        return sum(1 for r in self.regions if r.approved)

    @property
    def all_approved(self) -> bool:
        return bool(self.regions) and self.approved_count == len(self.regions)

    @property
    def commitment_years(self) -> tuple[int, int]:
        return (self.year, self.year + 1)

    @property
    def timing(self) -> str:
        """``past``, ``today`` or ``upcoming``: the meeting seen on the brief's day."""
        return self.meeting.timing(self.today)


def _first_day_from(moment: dt.datetime) -> dt.date:
    """The first local day that starts at or after ``moment``."""
    local = timezone.localtime(moment)
    return local.date() if local.time() == dt.time.min else local.date() + dt.timedelta(days=1)


def baseline_month(province: Region, previous: Meeting | None) -> dt.date | None:
    """The latest month with participation in the province on or before the previous
    meeting's date."""
    if previous is None:
        return None
    return (ParticipationSnapshot.objects.filter(region__parent=province,
                                                 month__lte=previous.date)
            .aggregate(m=Max("month"))["m"])


def _region_lines(meeting: Meeting, board: Dashboard, base: Dashboard | None, approved: set[int]
                  ) -> tuple[list[RegionLine], RegionLine]:
    base_values = {r.region.pk: r.values for r in base.rows} if base else {}
    lines = []
    for row in sorted(board.rows, key=lambda r: r.region.code):
        if meeting.level == MeetingLevel.REGION and row.region.pk != meeting.region_id:
            continue
        lines.append(RegionLine(region=row.region, values=row.values,
                                base=base_values.get(row.region.pk, {}) if base else None,
                                approved=row.region.pk in approved, submitted=row.submitted,
                                synthetic=row.synthetic))
    total = RegionLine(region=board.province, values=board.total,
                       base=base.total if base else None, is_total=True,
                       approved=all(r.region.pk in approved for r in board.rows),
                       submitted=all(r.submitted for r in board.rows),
                       synthetic=board.synthetic)
    return lines, total


def _challenges(user, meeting: Meeting, values: dict[int, dict], as_of: dt.date,
                past: bool = False) -> list[ChallengeGroup]:
    """The challenges raised up to the meeting's date and still open on ``as_of`` (with their
    status then when the meeting is ``past``)."""
    found = (selectors.challenges(user)
             .filter(within_q(meeting.region.code), asof.agreed_by_q(meeting.date),
                     asof.unresolved_on_q(as_of))
             .order_by("region__code", "-meeting__date", "id"))
    groups: list[ChallengeGroup] = []
    for challenge in asof.unresolved(asof.challenges_as_of(found, as_of if past else None)):
        figures = values.get(challenge.region_id, {})
        indicators = [IndicatorValue(key=key, label=str(ind.LABELS.get(key, key)),
                                     value=figures.get(key),
                                     text=indicator_text(key, figures.get(key)))
                      for key in challenge.indicators]
        if not groups or groups[-1].region.pk != challenge.region_id:
            groups.append(ChallengeGroup(region=challenge.region, items=[]))
        groups[-1].items.append(ChallengeLine(challenge=challenge, indicators=indicators))
    return groups


def _meeting_actions(user, meeting: Meeting):
    """Action items the user reads that belong to the meeting's region: agreed in its forums
    (or those of a region below), or owned by it (or a region below); agreed in meetings up to
    this meeting's date."""
    return _region_actions(user, meeting).filter(asof.agreed_by_q(meeting.date))


def _region_actions(user, meeting: Meeting):
    code = meeting.region.code
    return selectors.actions(user).filter(within_q(code, path="meeting__region")
                                          | within_q(code, path="owner_region"))


def _pending(items, as_of: dt.date, due_until: dt.date, until: dt.datetime | None
             ) -> list[ActionItem]:
    """Items not done on ``as_of`` (at ``until``; None: now) that are overdue then or due up
    to ``due_until``, with their status then."""
    candidates = items.filter(due_date__lte=due_until)
    if until is None:
        candidates = candidates.filter(selectors.NOT_DONE)
    pending = [item for item in asof.actions_as_of(candidates.order_by("due_date", "id"), until)
               if item.status != ActionStatus.DONE]
    for item in pending:
        item.days_late = (as_of - item.due_date).days
        item.days_to_go = -item.days_late
    return pending


UPDATE_RELATED = ("action__owner_region", "action__owner_agency", "author",
                  "commitment__region", "allocation__region", "realization__allocation__region")
UPDATE_DEFERRED = ("action__owner_region__geometry", "commitment__region__geometry",
                   "allocation__region__geometry", "realization__allocation__region__geometry")
RECORD_DATASETS = {"realization": "realizations", "allocation": "allocations",
                   "commitment": "commitments"}


def _window_q(since: dt.datetime | None, until: dt.datetime, path: str = "at") -> Q:
    """``since`` (inclusive) ≤ moment < ``until``: consecutive windows share no entry."""
    q = Q(**{f"{path}__lt": until})
    return q & Q(**{f"{path}__gte": since}) if since is not None else q


def _updates(user, items, since: dt.datetime | None, until: dt.datetime) -> list[ActionUpdate]:
    updates = list(ActionUpdate.objects.filter(_window_q(since, until),
                                               action__in=items.values("pk"))
                   .select_related(*UPDATE_RELATED).defer(*UPDATE_DEFERRED)
                   .order_by("at", "id"))
    for update in updates:
        # The linked record: a link only for readers of its region (the page would be a 404).
        update.record_dataset = update.record_label = ""
        for attr, dataset in RECORD_DATASETS.items():
            record = getattr(update, attr)
            if record is not None:
                update.record_label = str(record)
                if can_read(user, record.region):
                    update.record_dataset = dataset
                break
    return updates


def _done(items, since: dt.datetime | None, until: dt.datetime) -> list[ActionItem]:
    """Items done whose (latest) completion falls in the window: the moment of the update that
    made them done; for an item done without one (written outside the services), the start of
    its ``done_at`` day. An item done, reopened and done again is counted once, at the end."""
    completed = (ActionUpdate.objects.filter(action=OuterRef("pk"),
                                             status_after=ActionStatus.DONE)
                 .exclude(status_before=ActionStatus.DONE).order_by("-at", "-id").values("at")[:1])
    by_day = Q(done_at__lt=_first_day_from(until))
    if since is not None:
        by_day &= Q(done_at__gte=_first_day_from(since))
    return list(items.filter(status=ActionStatus.DONE)
                .annotate(completed_at=Subquery(completed))
                .filter(_window_q(since, until, "completed_at")
                        | (Q(completed_at__isnull=True) & by_day))
                .order_by("done_at", "id"))


def _commitments(user, meeting: Meeting, year: int) -> tuple[list[Commitment], list[Region]]:

    code = meeting.region.code
    # Budgeted: the commitment's region put money of its own into the year's budget, enacted by
    # the meeting's day. A regency's own money is on its row with the regency as payer (the
    # province's DBHCHT on its workers is not its budgeting); the province's is any allocation
    # the province pays, on its row or a regency's.
    budgeted = Allocation.objects.filter(
        enacted_by_day(meeting.date),
        Q(region=OuterRef("region"), payer=OuterRef("region__level"))
        | Q(region__parent=OuterRef("region"), payer=OuterRef("region__level")),
        fiscal_year=OuterRef("year"))
    unbudgeted = list(visible(user, Commitment.objects.select_related("region")
                              .defer("region__geometry"))
                      .filter(within_q(code), year__in=[year, year + 1])
                      .filter(~Exists(budgeted)).order_by("year", "region__code"))
    for commitment in unbudgeted:
        commitment.target_ratio = commitment.target_coverage / 100
    # Which regencies have no commitment for the year: a fact of monev, like "regions without
    # allocation" on the dashboard, shown to every reader of the meeting.
    regencies = (Region.objects.filter(within_q(code, path=""), level=Level.REGENCY)
                 .exclude(commitments__year=year).defer("geometry").order_by("code"))
    return unbudgeted, list(regencies)


def meeting_brief(meeting: Meeting, user, *, today: dt.date | None = None,
                  now: dt.datetime | None = None) -> Brief:
    """Everything the brief shows, for a meeting the user may read (the caller checks), as on
    the local day ``today`` at the moment ``now`` (both default to the present)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    province = province_of(meeting.region)  # a meeting's region has its level (services)
    previous = selectors.previous_meeting(meeting)
    past = meeting.date < today
    # A past meeting saw the figures of its day, not those of the months since: the latest
    # month on or before its date (the rule of the baseline month).
    data_month = ind.latest_month(province, until=meeting.date if past else None)
    base_month = baseline_month(province, previous) if data_month else None
    brief = Brief(meeting=meeting, province=province, today=today,
                  as_of=meeting.date if past else today,
                  generated_at=timezone.localtime(now), generated_by=user, previous=previous,
                  data_month=data_month, baseline_month=base_month,
                  year=data_month.year if data_month else meeting.date.year)
    values: dict[int, dict] = {}
    if data_month:
        board = dashboard(province=province, month=data_month, sort="name")
        base = dashboard(province=province, month=base_month, sort="name") if base_month else None
        approved = approved_regions({"participation": f"{data_month:%Y-%m}"},
                                    states=(State.APPROVED,))["participation"]
        brief.regions, brief.total = _region_lines(meeting, board, base, approved)
        brief.synthetic = board.synthetic
        brief.pair, brief.without_own_money = board.pair, board.without_own_money
        values = {row.region.pk: row.values for row in board.rows}
        values[province.pk] = board.total
    brief.challenges = _challenges(user, meeting, values, brief.as_of, past)

    items = _meeting_actions(user, meeting)
    days = forum_due_soon_days(province)
    brief.due_until = max(meeting.date, brief.as_of + dt.timedelta(days=days))
    pending = _pending(items, brief.as_of, brief.due_until, meeting.starts_at if past else None)
    brief.overdue = [a for a in pending if a.due_date < brief.as_of]
    brief.due_soon = [a for a in pending if a.due_date >= brief.as_of]
    brief.since = previous.starts_at if previous else None
    brief.until = meeting.starts_at
    brief.started = brief.until <= now
    brief.updates = _updates(user, items, brief.since, brief.until)
    brief.done = _done(items, brief.since, brief.until)
    if brief.started:
        brief.later = ActionUpdate.objects.filter(action__in=_region_actions(user, meeting)
                                                  .values("pk"),
                                                  at__gte=brief.until).count()
    brief.unbudgeted, brief.without_commitment = _commitments(user, meeting, brief.year)
    brief.completeness = completeness(
        user, year=brief.year, today=brief.as_of,
        region=meeting.region if brief.is_regency_meeting else None)
    return brief
