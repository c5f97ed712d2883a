"""Reads of the reports app: what a report's figures depend on (its *data versions* and their
digest, so a report knows whether the data has changed since it was made), the region of a
report by code, and the reports a user sees. Who may see which report is decided in
``ucj.accounts.scope`` (``visible_reports``, ``can_read_brief``); nothing here writes."""

from __future__ import annotations

import hashlib
import json

from django.db.models import Count, Max, Q, QuerySet

from ucj.accounts.scope import aggregates_q, can_read_brief, readable_regions, visible_reports
from ucj.budget.models import Allocation, Commitment, Realization, TariffRate
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.forums.models import ActionItem, ActionUpdate, Challenge, Meeting
from ucj.policy.tenancy import in_force_q
from ucj.regions.hierarchy import province_code, within_q
from ucj.regions.models import Level, Region
from ucj.reports.models import Kind, Report
from ucj.reports.periods import Period, parse_period
from ucj.submissions.models import Submission


def _subtree_q(region: Region, path: str) -> Q:
    return within_q(region.code, path=path)


def _version(queryset: QuerySet, field: str) -> dict:
    row = queryset.aggregate(count=Count("pk"), last=Max(field))
    return {"count": row["count"], "last_changed": row["last"].isoformat() if row["last"] else None}


def data_versions(*, period: Period, region: Region) -> dict:
    """What the report's figures depend on, as counts and last-change times per dataset, and
    the approval states of the period's submissions: equal versions, equal figures."""
    years = [period.year - 1, period.year]
    sets = {
        "participation": ParticipationSnapshot.objects.filter(
            _subtree_q(region, "region"), month__year__in=years, month__lte=period.end),
        "denominators": WorkforceDenominator.objects.filter(_subtree_q(region, "region"),
                                                            year__in=years),
        "commitments": Commitment.objects.filter(_subtree_q(region, "region"), year__in=years),
        "allocations": Allocation.objects.filter(_subtree_q(region, "region"),
                                                 fiscal_year__in=years),
        "realizations": Realization.objects.filter(_subtree_q(region, "allocation__region"),
                                                   allocation__fiscal_year__in=years,
                                                   month__lte=period.end),
        "action_items": ActionItem.objects.filter(_subtree_q(region, "meeting__region")
                                                  | _subtree_q(region, "owner_region")),
        # the national rates and the province's own (issue 21), not another province's
        "tariffs": TariffRate.objects.filter(in_force_q(province_code(region.code))),
    }
    versions = {}
    for name, queryset in sets.items():
        versions[name] = _version(queryset, "updated_at" if name != "tariffs" else "valid_from")
    periods = [str(y) for y in years] + [f"{m:%Y-%m}" for m in period.months]
    states = (Submission.objects.filter(_subtree_q(region, "region"), period__in=periods)
              .values("dataset", "state").annotate(n=Count("pk"), last=Max("updated_at"))
              .order_by("dataset", "state"))
    versions["approval"] = {f"{s['dataset']}:{s['state']}": {
        "count": s["n"], "last_changed": s["last"].isoformat()} for s in states}
    return versions


def digest(versions: dict) -> str:
    return hashlib.sha256(json.dumps(versions, sort_keys=True).encode()).hexdigest()


def brief_versions(report: Report) -> dict:
    """The monev report's data versions for the meeting's month and region, and what only the
    brief shows: the challenges, the progress recorded on action items, the meeting itself."""
    region = report.region
    versions = data_versions(period=parse_period(report.period), region=region)
    for name, queryset, field in (
            ("challenges", Challenge.objects.filter(_subtree_q(region, "region")), "updated_at"),
            ("action_updates", ActionUpdate.objects.filter(
                _subtree_q(region, "action__meeting__region")
                | _subtree_q(region, "action__owner_region")), "at")):
        versions[name] = _version(queryset, field)
    meeting = (Meeting.objects.filter(pk=report.meeting_id).values("updated_at").first()
               if report.meeting_id is not None else None)  # a brief always has its meeting
    versions["meeting"] = {"count": 1, "last_changed":
                           meeting["updated_at"].isoformat() if meeting else None}
    return versions


def report_is_current(report: Report) -> bool:
    """Whether the data the report used is unchanged since it was made."""
    if report.kind == Kind.BRIEF_PDF:
        return report.data_digest == digest(brief_versions(report))
    return report.data_digest == digest(data_versions(period=parse_period(report.period),
                                                      region=report.region))


def region_for_code(code: str | None) -> Region:
    """The region of a report by code; without a code, the one province in the database."""
    if code:
        return Region.objects.get(code=code)
    provinces = list(Region.objects.filter(level=Level.PROVINCE)[:2])
    if len(provinces) > 1:  # the national master loaded: the one province with figures
        provinces = list(Region.objects.filter(  # (issue 21)
            level=Level.PROVINCE, pk__in=ParticipationSnapshot.objects.values(
                "region__parent_id")).distinct()[:2])
    if len(provinces) != 1:
        raise Region.DoesNotExist("more than one province: give the region code")
    return provinces[0]


# --- the pages ----------------------------------------------------------------------------------

def orderable_regions(user) -> list[Region]:
    """The province and the regencies a user may order reports for."""
    roots = readable_regions(user).filter(level__in=[Level.PROVINCE, Level.REGENCY])
    provinces = Region.objects.filter(aggregates_q(user, path=""),
                                      level=Level.PROVINCE).defer("geometry")
    wanted = {r.pk: r for r in roots.defer("geometry")}
    for province in provinces:  # every user of a province may have its report (issue 21)
        wanted.setdefault(province.pk, province)
    return sorted(wanted.values(), key=lambda r: r.code)


def default_period() -> str:
    """The quarter of the latest participation month."""
    latest = ParticipationSnapshot.objects.order_by("-month").values_list("month", flat=True).first()
    if latest is None:
        return ""
    return f"{latest.year}-Q{(latest.month - 1) // 3 + 1}"


def reports_for(user) -> QuerySet[Report]:
    """The reports a user sees: those of the regions in or above their scope; of the meeting
    briefs (made with their orderer's scope), only their own, or all to who runs the forums
    (the meeting's region is then within their scope)."""
    return visible_reports(user, Report.objects.select_related("region", "requested_by")
                           .defer("region__geometry", "data_versions"),
                           orderer_only=Q(kind=Kind.BRIEF_PDF))


def report_for(user, pk) -> Report | None:
    """One report the user may read, with its data versions; None when it is not theirs."""
    report = reports_for(user).defer(None).defer("region__geometry").filter(pk=pk).first()
    if report is None or (report.kind == Kind.BRIEF_PDF and not can_read_brief(user, report)):
        return None
    return report
