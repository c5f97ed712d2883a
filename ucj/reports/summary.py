"""The executive summary of the monev report: short paragraphs in the interface language
(Indonesian by default) written from the report's figures.

Every number is the indicator engine's value as the report holds it (the dashboard of the
reference month, the baseline month's figures, the budget tables, the forum's action items),
formatted with ``ucj.core.formatting``: nothing is computed here but differences of two
engine values and counts."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ucj.core.formatting import (
    format_date,
    format_decimal,
    format_int,
    format_month,
    format_ratio_pct,
    format_rupiah,
)
from ucj.indicators.selectors import STATUS_LABELS, stage_name
from ucj.reports.content import MonevReport, RegionPage


def target_pct(ratio) -> str:
    """A target with its decimals only when it has them: 62,22% / 65%."""
    return format_ratio_pct(ratio, 2).replace(",00%", "%").replace(".00%", "%")


def names(items: list[str]) -> str:
    """"A", "A dan B", "A, B, dan C" (in the interface language)."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return _("%(a)s and %(b)s") % {"a": items[0], "b": items[1]}
    return _("%(list)s, and %(last)s") % {"list": ", ".join(items[:-1]), "last": items[-1]}


def coverage_sentences(name: str, values: dict, month, year: int) -> list[str]:
    """Coverage against the target, the workers still to cover and the trajectory."""
    coverage, target = values["coverage"], values["target_coverage"]
    if coverage is None:
        return [_("There are no coverage figures for %(name)s for %(month)s.") % {
            "name": name, "month": format_month(month)}]
    if target is None:
        return [_("UCJ coverage of %(name)s at the end of %(month)s reached %(coverage)s: "
                  "%(active)s active participants of a workforce potential of %(workforce)s. "
                  "No target has been set for %(year)s.") % {
            "name": name, "month": format_month(month), "coverage": format_ratio_pct(coverage),
            "active": format_int(values["active_participants"]),
            "workforce": format_int(values["workforce_potential"]), "year": year}]
    text = [_("UCJ coverage of %(name)s at the end of %(month)s reached %(coverage)s, an "
              "attainment of %(attainment)s of its target of %(target)s for %(year)s: "
              "%(active)s active participants of a workforce potential of %(workforce)s.") % {
        "name": name, "month": format_month(month), "coverage": format_ratio_pct(coverage),
        "target": target_pct(target), "year": year,
        "attainment": format_ratio_pct(values["target_attainment"]),
        "active": format_int(values["active_participants"]),
        "workforce": format_int(values["workforce_potential"])}]
    gap = values["target_gap_workers"]
    if gap:
        text.append(_("To reach the target, %(gap)s more workers must be covered; on the target "
                      "trajectory, coverage should stand at %(trajectory)s in %(month)s.") % {
            "gap": format_int(gap), "trajectory": format_ratio_pct(values["target_trajectory"]),
            "month": format_month(month)})
    else:
        text.append(_("The target has been reached."))
    return text


def change_sentence(values: dict, base: dict | None, base_month) -> str:
    """The change of coverage and participants since the baseline month."""
    if not base or base.get("coverage") is None or values["coverage"] is None:
        return ""
    points = (values["coverage"] - base["coverage"]) * 100
    shown = format_decimal(abs(points), 1)
    if shown.strip("0,.") == "":
        coverage_change = _("coverage was unchanged")
    elif points > 0:
        coverage_change = _("coverage rose by %(points)s percentage points") % {"points": shown}
    else:
        coverage_change = _("coverage fell by %(points)s percentage points") % {"points": shown}
    change = None
    if values["active_participants"] is not None and base["active_participants"] is not None:
        change = values["active_participants"] - base["active_participants"]
    if change is None:
        participants = ""
    elif change > 0:
        participants = _("active participants grew by %(n)s") % {"n": format_int(change)}
    elif change < 0:
        participants = _("active participants fell by %(n)s") % {"n": format_int(-change)}
    else:
        participants = _("the number of active participants was unchanged")
    if participants:
        return _("Compared with %(month)s (%(before)s), %(coverage)s and %(participants)s.") % {
            "month": format_month(base_month), "before": format_ratio_pct(base["coverage"]),
            "coverage": coverage_change, "participants": participants}
    return _("Compared with %(month)s (%(before)s), %(coverage)s.") % {
        "month": format_month(base_month), "before": format_ratio_pct(base["coverage"]),
        "coverage": coverage_change}


def budget_sentence(values: dict, year: int, month, *, split: tuple[int, int] | None = None
                    ) -> str:
    """Allocated (and whose money) against the APBD need, and realized against allocated.
    ``split``: for the province, the regencies' own money and the province's."""
    allocated, need = values["allocated"], values["apbd_need"]
    if not allocated:
        return _("No budget enacted by %(month)s pays for %(year)s.") % {
            "year": year, "month": format_month(month)}
    common = {"year": year, "allocated": format_rupiah(allocated),
              "realized": format_rupiah(values["realized"]), "month": format_month(month),
              "rate": format_ratio_pct(values["realization_rate"]),
              "schedule": format_ratio_pct(values["realization_schedule"])}
    if split is not None:
        whose = _("the regencies' and cities' own money %(regencies)s, the province's "
                  "%(province)s") % {"regencies": format_rupiah(split[0]),
                                     "province": format_rupiah(split[1])}
    else:
        whose = _("%(own)s of it the region's own money") % {
            "own": format_rupiah(values["own_allocated"])}
    text = _("The budgets of %(year)s enacted by %(month)s allocate %(allocated)s (%(whose)s); "
             "%(realized)s was paid up to %(month)s, a realization rate of %(rate)s and "
             "%(schedule)s of the schedule.") % {**common, "whose": whose}
    if need and split is not None:
        # Money left in one regency's budget does not pay for another's workers: name the
        # regencies whose own money falls short, rather than add the surpluses up.
        return text + " " + _("The vulnerable workers committed and not yet funded need "
                              "%(need)s to December.") % {"need": format_rupiah(need)}
    if need:
        money = {"need": format_rupiah(need), "free": format_rupiah(values["free_money"]),
                 "adequacy": format_ratio_pct(values["adequacy"])}
        if values["adequacy"] is not None and values["adequacy"] >= 1:
            text += " " + _("The vulnerable workers committed and not yet funded need %(need)s "
                            "to December; the money not yet committed to funded workers "
                            "(%(free)s) covers it.") % money
        else:
            text += " " + _("The vulnerable workers committed and not yet funded need %(need)s "
                            "to December; the money not yet committed to funded workers "
                            "(%(free)s) covers only %(adequacy)s of it.") % money
    return text


def own_money_sentences(report: MonevReport) -> list[str]:
    """Who put money of their own into the stages the province asks for, as enacted by the
    report's month: APBD murni of the year always; APBD-P of the year and APBD murni of the
    next once due. Province money on a regency's workers is not the regency's budgeting."""
    board = report.board
    if board is None:
        return []
    year = report.year
    text = []
    missing = board.without_own_money
    if missing:
        text.append(ngettext(
            "%(n)s regency or city put no money of its own into APBD %(year)s: %(names)s.",
            "%(n)s regencies and cities put no money of their own into APBD %(year)s: "
            "%(names)s.", len(missing)) % {
            "n": format_int(len(missing)), "year": year,
            "names": names([r.region.short_name for r in missing])})
    else:
        text.append(_("Every regency and city put money of its own into APBD %(year)s.") % {
            "year": year})
    for index, label in ((1, stage_name(year, "perubahan")), (2, stage_name(year + 1, "murni"))):
        if not board.due_stages[index]:
            continue
        lacking = [row.region.short_name for row in board.lacking(index)]
        if lacking:
            text.append(_("Without money of their own in %(stage)s: %(names)s.") % {
                "stage": label, "names": names(lacking)})
        else:
            text.append(_("Every regency and city has money of its own in %(stage)s.") % {
                "stage": label})
    if board.unassigned_target_text:
        text.append(board.unassigned_target_text)
    return text


def forum_sentence(report: MonevReport, forum) -> str:
    """The forum's follow-up as of the report's day (the period's end, or today)."""
    as_of = format_date(forum.as_of)
    if not forum.total:
        text = _("No action items had been agreed in the coordination forums by %(date)s.") % {
            "date": as_of}
    else:
        text = _("Of the %(total)s action items agreed in the coordination forums, %(done)s are "
                 "done and %(overdue)s are overdue as of %(today)s.") % {
            "total": format_int(forum.total), "done": format_int(forum.done),
            "overdue": format_int(len(forum.overdue)), "today": as_of}
    if forum.challenges:
        n = len(forum.challenges)
        text += " " + ngettext("%(n)s challenge mapped in the forums is still open.",
                               "%(n)s challenges mapped in the forums are still open.",
                               n) % {"n": format_int(n)}
    return text


def executive_summary(report: MonevReport) -> list[str]:
    """The summary's paragraphs."""
    if not report.has_data:
        return [_("There are no participation figures for %(period)s: this report holds no "
                  "coverage, targets or budget figures for it.") % {"period": report.period.label},
                forum_sentence(report, report.forum)]
    if report.is_regency:
        return _regency_summary(report)
    month, year, total = report.month, report.year, report.total
    name = report.province.name
    paragraphs = [" ".join(coverage_sentences(name, total, month, year)
                           + [change_sentence(total, report.base_total, report.base_month)]
                           ).strip()]
    ranked = [r for r in report.ranking if r.values["coverage"] is not None]
    regions = []
    if ranked:
        best, lowest = ranked[0], ranked[-1]
        regions.append(_("Among the %(n)s regencies and cities, coverage is highest in "
                         "%(best)s (%(best_coverage)s) and lowest in %(lowest)s "
                         "(%(lowest_coverage)s).") % {
            "n": format_int(len(report.rows)), "best": best.region.short_name,
            "best_coverage": format_ratio_pct(best.values["coverage"]),
            "lowest": lowest.region.short_name,
            "lowest_coverage": format_ratio_pct(lowest.values["coverage"])})
    counts = report.status_counts
    status = _("Status of the regions: %(red)s red, %(amber)s amber and %(green)s green.") % {
        "red": format_int(counts["red"]), "amber": format_int(counts["amber"]),
        "green": format_int(counts["green"])}
    if counts["none"]:
        status = status[:-1] + " " + _("(%(n)s without data).") % {
            "n": format_int(counts["none"])}
    regions.append(status)
    with_share = [r for r in report.rows if r.values["gap_share"] is not None]
    if with_share:
        largest = max(with_share, key=lambda r: r.values["gap_share"])
        if largest.values["gap_share"]:
            regions.append(_("The largest share of the province's gap lies in %(region)s: "
                             "%(share)s of the workers the regencies still have to cover "
                             "(%(gap)s).") % {
                "region": largest.region.short_name,
                "share": format_ratio_pct(largest.values["gap_share"]),
                "gap": format_int(largest.values["target_gap_workers"])})
    if total["collective_effect_all"] is not None:
        regions.append(_("If every regency and city reached its own target, provincial "
                         "coverage would be %(all)s.") % {
            "all": format_ratio_pct(total["collective_effect_all"])})
    paragraphs.append(" ".join(regions))
    regencies_own = sum(r.values["own_allocated"] for r in report.rows)
    budget = [budget_sentence(total, year, month,
                              split=(regencies_own, total["own_allocated"]))]
    short = [f"{r.region.short_name} ({format_ratio_pct(r.values['adequacy'])})"
             for r in sorted(report.rows, key=lambda r: r.region.code)
             if r.values["apbd_need"] and r.values["adequacy"] is not None
             and r.values["adequacy"] < 1]
    if short:
        budget.append(_("The money not yet committed to funded workers falls short of the APBD "
                        "need in %(regions)s.") % {"regions": names(short)})
    budget += own_money_sentences(report)
    paragraphs.append(" ".join(budget))
    paragraphs.append(forum_sentence(report, report.forum))
    return paragraphs


def _regency_summary(report: MonevReport) -> list[str]:
    page = report.pages[0]
    values, month, year = page.values, report.month, report.year
    name = page.region.short_name
    first = coverage_sentences(name, values, month, year)
    first.append(change_sentence(values, page.base, report.base_month))
    second = []
    if page.rank is not None:
        second.append(_("By coverage, %(region)s ranks %(rank)s of %(n)s regencies and cities; "
                        "its status is %(status)s.") % {
            "region": name, "rank": format_int(page.rank), "n": format_int(page.of),
            "status": STATUS_LABELS.get(values["status"], "–")})
    total = report.total
    second.append(_("Provincial coverage is %(coverage)s against a target of %(target)s.") % {
        "coverage": format_ratio_pct(total["coverage"]),
        "target": target_pct(total["target_coverage"])})
    if values["collective_effect_alone"] is not None and values["target_gap_workers"]:
        second.append(_("If %(region)s alone reached its target, provincial coverage would rise "
                        "to %(alone)s.") % {
            "region": name, "alone": format_ratio_pct(values["collective_effect_alone"])})
    return [" ".join(t for t in first if t), " ".join(second),
            budget_sentence(values, year, month), forum_sentence(report, report.forum)]


def region_paragraph(report: MonevReport, page: RegionPage) -> str:
    """The few sentences at the top of a regency's page."""
    values = page.values
    text = coverage_sentences(page.region.short_name, values, report.month, report.year)
    text.append(change_sentence(values, page.base, report.base_month))
    if values["collective_effect_alone"] is not None and values["target_gap_workers"]:
        text.append(_("If %(region)s alone reached its target, provincial coverage would rise "
                      "to %(alone)s.") % {"region": page.region.short_name,
                                          "alone": format_ratio_pct(
                                              values["collective_effect_alone"])})
    return " ".join(t for t in text if t)
