"""The monev report (laporan monitoring dan evaluasi, DESIGN §1 job 6) as an A4 PDF, for the
province or one regency/city, for a month, a quarter or a year.

``monev_report`` builds the content from the indicator engine and the records; the template
``reports/monev_pdf.html`` lays it out; ``render_monev_pdf`` draws it with WeasyPrint. Every
figure is the engine's own value for the period's *reference month* (the latest month with
participation within the period, ``periods.reference_month``): the dashboard of that month
gives each regency's and the province's indicators, so the report never recomputes one.
Budget tables split the engine's ``allocated`` (the year's allocations) and ``realized`` (the
year's payments up to the reference month) by stage and funding source with the same filters,
so their totals are the engine's.

Contents: cover; executive summary (``summary.py``); the map and the ranking; one page per
regency with its figures, charts (``charts.py``), budget, challenges and action items; the
budget by stage and source; the forum's action items; data sources and approval states.
A regency's report holds only its own page, with the province's figures beside its own.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ucj.budget.models import Allocation, Realization, Stage
from ucj.budget.selectors import enacted_by, tariff_in_force
from ucj.core.datasets import get_dataset
from ucj.core.formatting import format_month
from ucj.core.models import FundingSource
from ucj.core.pdf import render_pdf
from ucj.coverage.models import ParticipationSnapshot
from ucj.coverage.selectors import segment_coverages
from ucj.forums import asof
from ucj.forums.models import ActionItem, Challenge
from ucj.indicators import selectors as ind
from ucj.indicators.dashboard import Dashboard, dashboard, sort_rows
from ucj.regions.hierarchy import within_q
from ucj.regions.models import Level, Region
from ucj.reports import charts, summary
from ucj.reports.content import (
    ActionLine,
    BudgetLine,
    BudgetTable,
    Chart,
    ForumSummary,
    MonevReport,
    RegionPage,
    SourceLine,
)
from ucj.reports.periods import Period, parse_period, province_of, reference_month
from ucj.reports.selectors import region_for_code
from ucj.reports.svgmap import areas, choropleth_svg
from ucj.submissions.models import State, Submission
from ucj.submissions.selectors import approved_regions

DATASETS = ["participation", "denominators", "commitments", "allocations", "realizations"]
COLOURS = {"coverage": "#05603a", "trajectory": "#b54708", "province": "#98a2b3",
           "allocated": "#a6d8bd", "realized": "#0a7a4f"}


# --- budget by stage and funding source ---------------------------------------------------------


def budget_lines(province: Region, year: int, month: dt.date) -> dict[int, BudgetTable]:
    """Region id → its budget table, for the province (province-level allocations) and each
    regency: allocations of ``year`` and realizations of them up to ``month``, exactly the
    engine's filters (two queries)."""
    in_province = Q(region=province) | Q(region__parent=province, region__level=Level.REGENCY)
    lines: dict[tuple[int, str, str, str], BudgetLine] = {}
    for item in (Allocation.objects.filter(in_province, enacted_by(month), fiscal_year=year)
                 .values("region_id", "stage", "funding_source", "payer")
                 .annotate(total=Sum("amount"))):
        key = (item["region_id"], item["stage"], item["funding_source"], item["payer"])
        lines[key] = BudgetLine(stage=item["stage"], source=item["funding_source"],
                                payer=item["payer"], allocated=item["total"] or 0)
    in_province_allocation = (Q(allocation__region=province)
                              | Q(allocation__region__parent=province,
                                  allocation__region__level=Level.REGENCY))
    for item in (Realization.objects.filter(in_province_allocation,
                                            enacted_by(month, prefix="allocation__"),
                                            allocation__fiscal_year=year, month__lte=month)
                 .values("allocation__region_id", "allocation__stage",
                         "allocation__funding_source", "allocation__payer")
                 .annotate(total=Sum("amount_paid"))):
        key = (item["allocation__region_id"], item["allocation__stage"],
               item["allocation__funding_source"], item["allocation__payer"])
        lines[key].realized = item["total"] or 0
    order = {s: i for i, s in enumerate(Stage.values)}
    source_order = {s: i for i, s in enumerate(FundingSource.values)}
    tables: dict[int, BudgetTable] = {}
    for (region_id, _stage, _source, _payer), line in sorted(
            lines.items(), key=lambda kv: (order[kv[0][1]], source_order[kv[0][2]], kv[0][3])):
        tables.setdefault(region_id, BudgetTable(year=year, month=month)).lines.append(line)
    return tables


def merged(tables: list[BudgetTable], year: int, month: dt.date) -> BudgetTable:
    """The sum of several regions' tables, line by line (the province's budget)."""
    lines: dict[tuple[str, str, str], BudgetLine] = {}
    for table in tables:
        for line in table.lines:
            total = lines.setdefault((line.stage, line.source, line.payer),
                                     BudgetLine(stage=line.stage, source=line.source,
                                                payer=line.payer))
            total.allocated += line.allocated
            total.realized += line.realized
    order = {s: i for i, s in enumerate(Stage.values)}
    source_order = {s: i for i, s in enumerate(FundingSource.values)}
    return BudgetTable(year=year, month=month, lines=sorted(
        lines.values(), key=lambda line: (order[line.stage], source_order[line.source],
                                          line.payer)))


# --- forum follow-up ----------------------------------------------------------------------------


def forum_summary(subject: Region, today: dt.date, as_of: dt.date | None = None
                  ) -> ForumSummary:
    """The action items agreed in the forums of ``subject`` (or below) or owned by it (or a
    region below), its open challenges and the steps agreed on them, as they stood on
    ``as_of`` (a past day; None or a later day: ``today``): only what meetings held by then
    agreed or raised, with the status each item had at the end of that day, overdue counted
    on it, each challenge with its status then (``ucj.forums.asof``). Five queries."""
    as_of = min(as_of or today, today)
    until = asof.day_end(as_of)
    code = subject.code
    related = ("meeting", "owner_region", "owner_agency")
    items = (ActionItem.objects.filter(within_q(code, path="meeting__region")
                                       | within_q(code, path="owner_region"),
                                       asof.agreed_by_q(as_of))
             .select_related(*related)
             .defer("owner_region__geometry").order_by("due_date", "id"))
    challenges = asof.unresolved(asof.challenges_as_of(
        Challenge.objects.filter(within_q(code), asof.agreed_by_q(as_of),
                                 asof.unresolved_on_q(as_of))
        .select_related("meeting").order_by("region__code", "-meeting__date", "id"), as_of))
    steps = (ActionItem.objects.filter(challenge__in=[c.pk for c in challenges],
                                       meeting__date__lte=as_of)
             .select_related(*related).defer("owner_region__geometry")
             .order_by("due_date", "id")) if challenges else []
    items, steps = list(items), list(steps)
    asof.actions_as_of(items + steps, until)
    by_challenge: dict[int, list[ActionLine]] = {}
    for item in steps:
        by_challenge.setdefault(item.challenge_id, []).append(ActionLine(item=item, as_of=as_of))
    return ForumSummary(as_of=as_of, items=[ActionLine(item=i, as_of=as_of) for i in items],
                        challenges=challenges, steps=by_challenge)


# --- data sources and approval ------------------------------------------------------------------


def _month_key(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def source_lines(regions: list[Region], year: int, month: dt.date | None) -> list[SourceLine]:
    """Per dataset, the region × period units the report's figures come from, their approval
    states, their last change and how many records are synthetic: participation of the
    reference month, realizations of the year's months up to it, the year's commitments and
    allocations, and the denominators of the year the engine uses (its own or an earlier
    one). One query per dataset and one for the submissions."""
    ids = [r.pk for r in regions]
    months = ([dt.date(year, m, 1) for m in range(1, month.month + 1)] if month else [])
    lines: list[SourceLine] = []
    keys_of: dict[str, list[str]] = {}
    for slug in DATASETS:
        ds = get_dataset(slug)
        base = ds.model.objects.filter(**{f"{ds.region_id_path}__in": ids})
        if slug == "participation":
            keys = [_month_key(month)] if month else []
            text = format_month(month) if month else "–"
            found = base.filter(month=month) if month else base.none()
        elif slug == "realizations":
            keys = [_month_key(m) for m in months]
            text = (f"{format_month(months[0])} – {format_month(months[-1])}" if months
                    else "–")
            found = base.filter(month__in=months, allocation__fiscal_year=year)
        elif slug == "denominators":
            used = base.filter(year__lte=year).aggregate(y=Max("year"))["y"] or year
            keys, text = [str(used)], str(used)
            found = base.filter(year=used)
        else:
            keys, text = [str(year)], str(year)
            found = base.filter(**{ds.period_field: year})
            if slug == "allocations" and month:  # those enacted by the month, as the figures
                found = found.filter(enacted_by(month))
        keys_of[slug] = keys
        line = SourceLine(slug=slug, label=str(ds.label), periods=text)
        for row in (found.values(ds.region_id_path, ds.period_field)
                    .annotate(n=Count("pk"), last=Max("updated_at"),
                              synthetic=Count("pk", filter=Q(is_synthetic=True)))):
            value = row[ds.period_field]
            key = _month_key(value) if isinstance(value, dt.date) else str(value)
            line.pairs += 1
            line.records += row["n"]
            line.synthetic += row["synthetic"]
            if line.last_changed is None or row["last"] > line.last_changed:
                line.last_changed = row["last"]
            line.states[(row[ds.region_id_path], key)] = State.DRAFT  # until a submission says
        lines.append(line)
    wanted = Q(pk__in=[])
    for slug, keys in keys_of.items():
        if keys:
            wanted |= Q(dataset=slug, period__in=keys)
    by_slug = {line.slug: line for line in lines}
    for slug, region_id, period, state in (Submission.objects.filter(wanted, region_id__in=ids)
                                           .values_list("dataset", "region_id", "period",
                                                        "state")):
        if (region_id, period) in by_slug[slug].states:
            by_slug[slug].states[(region_id, period)] = state
    for line in lines:  # from units to counts per state
        line.states = Counter(line.states.values())
    return lines


# --- the report ---------------------------------------------------------------------------------


def month_label(month: dt.date) -> str:
    """The short month name of an axis (Jan, Feb, …, Des)."""
    return date_format(month, "M")


def baseline_month(province: Region, period: Period, month: dt.date) -> dt.date | None:
    """What the period's change is counted from: the latest month with participation before
    the period (the end of the previous period); else the first month with data within it,
    when that is earlier than the reference month."""
    months = ParticipationSnapshot.objects.filter(region__parent=province)
    before = months.filter(month__lt=period.start).aggregate(m=Max("month"))["m"]
    if before is not None:
        return before
    first = months.filter(month__gte=period.start, month__lte=month).aggregate(
        m=Min("month"))["m"]
    return first if first is not None and first < month else None


def trajectory_line(values: dict, base_coverage: Decimal | None, year: int) -> list:
    """The target trajectory of each month of ``year`` (as the engine draws it: a straight line
    from last December's coverage to the year's target; without it, the target itself)."""
    return [ind.trajectory_at(base_coverage, values["target_coverage"], m) for m in range(1, 13)]



def svg_image(svg: str, *, alt: str, css_class: str = "chart") -> SafeString:
    """An SVG as an ``<img>`` with a data URL: WeasyPrint draws it the same, but its elements
    stay out of the HTML document (no styles to compute for each line and label)."""
    data = base64.b64encode(str(svg).encode()).decode()
    return format_html('<img class="{}" src="data:image/svg+xml;base64,{}" alt="{}">',
                       css_class, data, alt)


def _chart(svg_function, items, *, title: str, **kwargs) -> Chart:
    """A chart without its legend in the SVG, and the legend as HTML (WeasyPrint lays SVG
    text out letter by letter)."""
    return Chart(svg=svg_image(svg_function(legend=False, title=title, **kwargs), alt=title),
                 legend=charts.legend_html(items))


def _coverage_chart(series: list, values: dict, year: int, province_series: list | None = None,
                    title: str = "") -> Chart:
    """Coverage by month of the year up to the reference month, the target trajectory to
    December (and the province's coverage for a regency)."""
    december = dt.date(year - 1, 12, 1)
    base = next((c for m, _p, _w, c in series if m == december), None)
    by_month = {m: c for m, _p, _w, c in series if m.year == year}
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    lines = [charts.Line(name=_("Target trajectory"), values=trajectory_line(values, base, year),
                         colour=COLOURS["trajectory"], dashed=True, width=1.3, markers=False,
                         label_last=True)]
    if province_series is not None:
        by_month_province = {m: c for m, _p, _w, c in province_series if m.year == year}
        lines.append(charts.Line(name=_("Province"), colour=COLOURS["province"], width=1.2,
                                 markers=False,
                                 values=[by_month_province.get(m) for m in months]))
    lines.append(charts.Line(name=_("Coverage"), values=[by_month.get(m) for m in months],
                             colour=COLOURS["coverage"], markers=True, label_last=True))
    items = [(line.name, line.colour, "dash" if line.dashed else "line") for line in lines]
    return _chart(charts.line_chart_svg, items, labels=[month_label(m) for m in months],
                  lines=lines, title=title)


def _budget_chart(table: BudgetTable, title: str = "") -> Chart:
    allocated, realized = table.stage_amounts()
    bars = [charts.Bars(name=_("Allocated"), values=allocated, colour=COLOURS["allocated"]),
            charts.Bars(name=_("Realized (to %(month)s)") % {
                "month": format_month(table.month)}, values=realized, colour=COLOURS["realized"])]
    return _chart(charts.bar_chart_svg, [(b.name, b.colour, "box") for b in bars],
                  groups=[str(label) for label in Stage.labels], bars=bars,
                  title=title)


def _map(board: Dashboard, title: str) -> SafeString:
    shapes = areas([(row.region, row.values["coverage"])
                    for row in sorted(board.rows, key=lambda r: r.region.code)])
    svg = str(choropleth_svg(shapes, width=600, title=title, legend_title=_("Coverage")))
    if not svg.startswith("<svg"):
        return mark_safe(svg)  # no boundaries: the map's own message  # noqa: S308
    return svg_image(svg, alt=title, css_class="map")


def monev_report(*, period: Period | str, region: Region | None = None,
                 now: dt.datetime | None = None) -> MonevReport:
    """The report's content for a period: the province's (``region`` None or the province) or
    a regency's."""

    period = period if isinstance(period, Period) else parse_period(period)
    if region is None:
        region = region_for_code(None)
    if region.level not in (Level.PROVINCE, Level.REGENCY):
        raise ValueError("a monev report is made for the province or a regency/city")
    province = province_of(region)
    province = Region.objects.defer("geometry").get(pk=province.pk)
    regency = None if region.pk == province.pk else region
    now = timezone.localtime(now)
    report = MonevReport(period=period, province=province, region=regency,
                         month=reference_month(province, period), generated_at=now,
                         today=now.date())
    report.as_of = min(period.last_day, report.today)
    subject = report.subject
    report.forum = forum_summary(subject, report.today, as_of=report.as_of)
    scope = ([regency] if regency else
             [province, *Region.objects.filter(parent=province, level=Level.REGENCY)
              .defer("geometry")])
    month = report.month
    report.sources = source_lines(scope, report.year, month)
    if month is None:
        report.summary = summary.executive_summary(report)
        return report

    board = dashboard(province=province, month=month, sort="-coverage")
    report.board = board
    report.ranking = sort_rows(board.rows, "-coverage")
    report.synthetic = board.synthetic or any(line.synthetic for line in report.sources)
    package = ind.need_package(province)
    report.tariff = (tariff_in_force(package=package, on=month, province=province)
                     if package else None)

    approved = approved_regions({"participation": _month_key(month),
                                 "allocations": str(month.year)})
    report.approved_participation = approved["participation"]
    report.approved_allocations = approved["allocations"]

    report.base_month = baseline_month(province, period, month)
    base_rows: dict[int, dict] = {}
    if report.base_month:
        base_total, base_inputs = ind.inputs_for(province, report.base_month)
        limits = ind.thresholds(province)
        report.base_total = ind.figures(base_total, base_total, limits)
        base_rows = {pk: ind.figures(i, base_total, limits) for pk, i in base_inputs.items()}

    tables = budget_lines(province, month.year, month)
    report.segments, segments_of = segment_coverages(province=province, month=month)
    empty = BudgetTable(year=month.year, month=month)
    series = ind.coverage_series(province, dt.date(month.year - 1, 12, 1), month,
                                 codes={regency.code} if regency else None)
    ranked = [row for row in report.ranking if row.values["coverage"] is not None]
    ranks = {row.region.pk: index + 1 for index, row in enumerate(ranked)}
    rows = [r for r in report.ranking if regency is None or r.region.pk == regency.pk]
    for row in sorted(rows, key=lambda r: r.region.code):
        table = tables.get(row.region.pk, empty)
        page = RegionPage(
            row=row, rank=ranks.get(row.region.pk), of=len(board.rows),
            base=base_rows.get(row.region.pk) if report.base_month else None,
            participation_approved=row.region.pk in report.approved_participation,
            allocations_approved=row.region.pk in report.approved_allocations,
            budget=table, forum=report.forum.of_region(row.region),
            segments=segments_of.get(row.region.pk),
            coverage_chart=_coverage_chart(
                series.get(row.region.code, []), row.values, month.year,
                province_series=series[province.code],
                title=_("Coverage of %(region)s by month") % {"region": row.region.short_name}),
            budget_chart=_budget_chart(table, title=_("Budget of %(region)s by stage") % {
                "region": row.region.short_name}))
        page.text = summary.region_paragraph(report, page)
        report.pages.append(page)
    if regency:
        report.budget = tables.get(regency.pk, empty)
    else:
        report.budget = merged(list(tables.values()), month.year, month)
        report.map_svg = _map(board, _("Coverage by regency/city, %(month)s") % {
            "month": format_month(month)})
        report.coverage_chart = _coverage_chart(
            series[province.code], board.total, month.year,
            title=_("Coverage of the province by month"))
        report.budget_chart = _budget_chart(report.budget,
                                            title=_("Budget of the province by stage"))
    report.summary = summary.executive_summary(report)
    return report


def render_monev_pdf(*, period: Period | str, region: Region | None = None) -> bytes:
    """The monev report as an A4 PDF (the province's when ``region`` is None)."""
    report = monev_report(period=period, region=region)
    return render_pdf("reports/monev_pdf.html", {"report": report})
