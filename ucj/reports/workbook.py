"""The data workbook of a report period (.xlsx): every indicator of the engine for every region
and month of the period, and the records they come from — participation, denominators,
commitments, allocations, realizations and forum action items — one sheet per dataset.

Figures are real cells: ratios as numbers with a percent format (0.307 → 30,7%), money as whole
Rupiah with a Rupiah format, counts as integers, months and dates as date cells. "No data" is an
empty cell, never 0. Only aggregates and records: no NIK, no names of persons.

``region`` None is the whole province (its regencies and the province total); a regency's
workbook holds that regency and below, with the province total beside it in "Indikator". The
scope of the records is the one ``ucj.reports.selectors.data_versions`` counts, so the versions
table on "Tentang" describes exactly what the sheets hold."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ucj.budget.models import Allocation, Commitment, Realization
from ucj.budget.selectors import enacted_by
from ucj.core.datasets import get_dataset
from ucj.core.formatting import format_date, format_month
from ucj.coverage.models import ParticipationSnapshot, Segment, WorkforceDenominator
from ucj.forums import asof
from ucj.forums.models import ActionItem, ActionStatus
from ucj.indicators import selectors as ind
from ucj.regions.hierarchy import within_q
from ucj.regions.models import Level, Region
from ucj.reports.periods import Period, province_of, reference_month
from ucj.reports.selectors import data_versions, digest, region_for_code
from ucj.submissions.models import State
from ucj.submissions.selectors import approval_labels, region_id_of, states_for

# Sheet names are fixed (formulas and readers refer to them), in Indonesian.
SHEETS = {
    "about": "Tentang",
    "indicators": "Indikator",
    "participation": "Kepesertaan",
    "denominators": "Denominator",
    "commitments": "Komitmen",
    "allocations": "Alokasi",
    "realizations": "Realisasi",
    "actions": "Langkah strategis",
}

# Number formats. [$-421] is the Indonesian locale: month names "Jun", "Agu", "Des".
RUPIAH = '"Rp" #,##0'
WHOLE = "#,##0"
PERCENT = "0.0%"
PERCENT_2 = "0.00%"  # targets are set to two decimals (62,22%)
PERCENT_0 = "0%"
YEAR = "0"
MONTH = "[$-421]mmm yyyy"
DATE = "[$-421]d mmm yyyy"
DATETIME = "[$-421]d mmm yyyy hh:mm"
LONG_MONTH = "[$-421]mmmm yyyy"
LONG_DATETIME = "[$-421]d mmmm yyyy hh:mm"

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
# The workbook's default font, named: a font without a name prints in another typeface.
FONT = "Calibri"
BOLD = Font(name=FONT, bold=True)
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
TOTAL_FILL = PatternFill("solid", fgColor="EEF3F8")
TITLE_FONT = Font(name=FONT, bold=True, size=14)
SUBTITLE_FONT = Font(name=FONT, bold=True, size=12)
SECTION_FONT = Font(name=FONT, bold=True, size=11, color="1F4E79")
NOTE_FONT = Font(name=FONT, italic=True, size=9, color="555555")
WARNING_FONT = Font(name=FONT, bold=True, color="9C0006")
TOP = Alignment(vertical="top", wrap_text=True)

MIN_WIDTH, MAX_WIDTH, MAX_TEXT_WIDTH = 8, 60, 45
# Indicator columns with two decimals of percent; the others show one.
TWO_DECIMALS = {"target_coverage", "target_trajectory"}
ABOUT_TEXT_WIDTH = 6  # columns B:G hold the text of the "Tentang" block


@dataclass
class Col:
    header: str
    fmt: str | None = None  # a number format: the column holds numbers or dates
    width: int | None = None  # fixed width; else from the header and the values
    wrap: bool = False  # long text wrapped within the width

    @property
    def alignment(self) -> Alignment:
        if self.fmt:
            return Alignment(vertical="top")
        # Text a little off the number to its left, which is aligned right.
        return Alignment(horizontal="left", vertical="top", indent=1, wrap_text=self.wrap)

    @property
    def header_alignment(self) -> Alignment:
        return Alignment(horizontal="right" if self.fmt else "left", vertical="center",
                         wrap_text=True, indent=0 if self.fmt else 1)


def _region_q(region: Region, path: str) -> Q:
    """The region and everything below it (by code), as ``data_versions`` selects records."""
    return within_q(region.code, path=path)


def _cell_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):  # Excel has no time zones: local wall-clock time
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) \
            else value
    return value


def _display_length(value, fmt: str | None) -> int:
    """Roughly how many characters a value shows as, for the column width."""
    if value is None:
        return 0
    if fmt in (MONTH,):
        return 8
    if fmt in (DATE,):
        return 11
    if fmt in (DATETIME,):
        return 17
    if isinstance(value, int | float) and fmt and "%" in fmt:
        return len(f"{value * 100:.2f}") + 1
    if fmt == YEAR:
        return len(str(value))
    if isinstance(value, int | float):
        text = f"{value:,.0f}"
        return len(text) + (3 if fmt == RUPIAH else 0)
    return min(len(str(value)), MAX_TEXT_WIDTH)


def _print_setup(ws, header_row: int) -> None:
    """Offices print: landscape, the columns on one page width, the header on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def _table(ws, columns: list[Col], rows: list[list], *, header_row: int = 1,
           freeze_column: int = 1, total_rows: set[int] | None = None,
           set_widths: bool = True) -> None:
    """A table: a bold filled header, typed cells with their formats, frozen below the header,
    an autofilter over it and column widths fitting header and values."""
    lengths = [0] * len(columns)
    alignments = [col.alignment for col in columns]
    for index, col in enumerate(columns, start=1):
        cell = ws.cell(header_row, index, col.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, col.header_alignment
    for offset, values in enumerate(rows, start=1):
        r = header_row + offset
        for index, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            value = _cell_value(value)
            cell = ws.cell(r, index, value)
            if cell.data_type == "f":  # text starting with "=" stays text
                cell.data_type = "s"
            if col.fmt:
                cell.number_format = col.fmt
            cell.alignment = alignments[index - 1]
            if total_rows and offset - 1 in total_rows:
                cell.font, cell.fill = BOLD, TOTAL_FILL
            lengths[index - 1] = max(lengths[index - 1], _display_length(value, col.fmt))
    last_row = header_row + max(len(rows), 1)
    last_col = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{header_row}:{last_col}{last_row}"
    ws.freeze_panes = ws.cell(header_row + 1, freeze_column).coordinate
    if not set_widths:
        return
    widths, header_lines = [], 1
    for index, col in enumerate(columns, start=1):
        longest_word = max((len(w) for w in col.header.split()), default=0)
        width = max(col.width or 0, longest_word + 4) if col.width else max(
            MIN_WIDTH, lengths[index - 1] + 3, longest_word + 4, min(len(col.header), 16) + 3)
        width = min(width, MAX_WIDTH)
        widths.append(width)
        ws.column_dimensions[get_column_letter(index)].width = width
        # Bold, indented, and the filter button takes about three characters.
        header_lines = max(header_lines, _lines(col.header, width - 4))
    ws.row_dimensions[header_row].height = 15 * min(header_lines, 4) + 3
    # Spreadsheets do not size rows of wrapped text when they open a file: say how high.
    wrapped = [(index, widths[index]) for index, col in enumerate(columns) if col.wrap]
    if wrapped:
        for offset, values in enumerate(rows, start=1):
            lines = max(_lines(str(values[i] or ""), w - 2) for i, w in wrapped)
            if lines > 1:
                ws.row_dimensions[header_row + offset].height = 15 * lines
    _print_setup(ws, header_row)


def _lines(text: str, capacity: int) -> int:
    """How many lines ``text`` wraps to at ``capacity`` characters a line (word by word)."""
    capacity = max(capacity, 1)
    lines, used = 1, 0
    for word in text.split():
        needed = len(word) if not used else used + 1 + len(word)
        if needed <= capacity:
            used = needed
        else:
            lines += 1 if used else 0
            used = len(word)
            while used > capacity:  # a word longer than a line breaks inside
                lines, used = lines + 1, used - capacity
    return lines


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _state_label(state: str) -> str:
    return str(State(state).label) if state in State.values else state


# --- the data --------------------------------------------------------------------------------

@dataclass
class Scope:
    period: Period
    province: Region
    region: Region  # the province itself, or the regency of a regency workbook
    today: dt.date

    @property
    def is_province(self) -> bool:
        return self.region.pk == self.province.pk

    @property
    def as_of(self) -> dt.date:
        """The forum's day: the period's last day, or today for a period not over."""
        return min(self.period.last_day, self.today)

    def q(self, path: str) -> Q:
        return _region_q(self.region, path)


def _data_months(scope: Scope) -> list[dt.date]:
    """The months of the period with participation data in the province (as the engine reads
    them: a regency's figures, the province total beside them)."""
    return list(ParticipationSnapshot.objects
                .filter(region__parent=scope.province, month__gte=scope.period.start,
                        month__lte=scope.period.end)
                .order_by("month").values_list("month", flat=True).distinct())


def _indicator_rows(scope: Scope, months: list[dt.date]) -> tuple[list[list], set[int], bool]:
    """One row per region and month: the engine's figures (as ``dashboard`` computes them:
    ``inputs_for`` and ``figures``), with the participation's approval state."""
    limits = ind.thresholds(scope.province)
    participation = get_dataset("participation")
    regions = [scope.region] if not scope.is_province else None
    rows, totals, synthetic = [], set(), False
    level_labels = {Level.PROVINCE: _("Province"), Level.REGENCY: _("Regency/city")}
    target_sources = {"commitment": _("the region's commitment"),
                      "province": _("the province's target")}
    for month in months:
        total, inputs = ind.inputs_for(scope.province, month)
        chosen = list(inputs.values()) if regions is None else [inputs[scope.region.pk]]
        states = states_for(participation.slug,
                            [(i.region.pk, f"{month:%Y-%m}") for i in inputs.values()])
        approved = sum(1 for i in inputs.values()
                       if (s := states.get((i.region.pk, f"{month:%Y-%m}")))
                       and s.state == State.APPROVED)
        for item in [*chosen, total]:
            is_total = item is total
            values = ind.figures(item, total, limits)
            if is_total:
                state = _("%(approved)s of %(total)s regions approved") % {
                    "approved": approved, "total": len(inputs)}
            else:
                found = states.get((item.region.pk, f"{month:%Y-%m}"))
                state = _state_label(found.state if found else State.DRAFT)
            synthetic |= item.synthetic
            row = [item.region.code, item.region.short_name, level_labels.get(item.region.level),
                   month]
            for key in ind.SCALAR_KEYS:
                value = values[key]
                if key in ind.STATUS_KEYS:
                    value = str(ind.STATUS_LABELS[value]) if value else None
                row.append(value)
            row += [target_sources.get(item.target_from), state, _yes_no(item.synthetic)]
            if is_total:
                totals.add(len(rows))
            rows.append(row)
    return rows, totals, synthetic


def _indicator_columns() -> list[Col]:
    columns = [Col(_("Region code"), width=12), Col(_("Region name")),
               Col(_("Level"), width=15), Col(_("Month"), MONTH, width=11)]
    for key in ind.SCALAR_KEYS:
        if key in ind.RATIO_KEYS:
            fmt = PERCENT_2 if key in TWO_DECIMALS else PERCENT
        elif key in ind.MONEY_KEYS:
            fmt = RUPIAH
        elif key in ind.STATUS_KEYS:
            fmt = None
        else:
            fmt = WHOLE
        columns.append(Col(str(ind.LABELS[key]), fmt))
    columns += [Col(_("Target from")), Col(_("Participation approval")),
                Col(_("Synthetic data"), width=11)]
    return columns


FUNDED = [("funded_apbd_prov", gettext_noop("Funded: APBD provinsi")),
          ("funded_apbd_kabkota", gettext_noop("Funded: APBD kabupaten/kota")),
          ("funded_dbhcht", gettext_noop("Funded: DBHCHT of the regency/city")),
          ("funded_dbhcht_prov", gettext_noop("Funded: DBHCHT of the province")),
          ("funded_dana_desa", gettext_noop("Funded: Dana Desa/APBDes")),
          ("funded_other", gettext_noop("Funded: CSR/other"))]


def _participation(scope: Scope) -> tuple[list[Col], list[list], list]:
    records = list(ParticipationSnapshot.objects
                   .filter(scope.q("region"), month__gte=scope.period.start,
                           month__lte=scope.period.end)
                   .select_related("region").defer("region__geometry")
                   .order_by("month", "region__code", "segment"))
    states = approval_labels(get_dataset("participation"), records)
    segments = dict(Segment.choices)
    columns = [Col(_("Region code"), width=12), Col(_("Region name")),
               Col(_("Month"), MONTH, width=11), Col(_("Segment")),
               Col(_("Active participants"), WHOLE), Col(_("New participants"), WHOLE),
               Col(_("Lapsed participants"), WHOLE),
               *(Col(_(label), WHOLE) for _field, label in FUNDED),
               Col(_("Government-funded, total"), WHOLE), Col(_("Source"), width=40),
               Col(_("Approval state")), Col(_("Synthetic data"), width=11)]
    rows = [[r.region.code, r.region.short_name, r.month, str(segments.get(r.segment, r.segment)),
             r.active, r.new, r.lapsed, *(getattr(r, f) for f, _label in FUNDED),
             r.funded_total, r.source_note or None, _state_label(states[r.pk]),
             _yes_no(r.is_synthetic)] for r in records]
    return columns, rows, records


def _denominators(scope: Scope) -> tuple[list[Col], list[list], list]:
    records = list(WorkforceDenominator.objects
                   .filter(scope.q("region"), year=scope.period.year)
                   .select_related("region").defer("region__geometry").order_by("region__code"))
    states = approval_labels(get_dataset("denominators"), records)
    columns = [Col(_("Region code"), width=12), Col(_("Region name")),
               Col(_("Year"), YEAR), Col(_("Workforce potential"), WHOLE),
               Col(_("Employed population"), WHOLE), Col(_("Informal workers"), WHOLE),
               Col(_("Vulnerable-worker target population"), WHOLE), Col(_("Source"), width=40),
               Col(_("Approval state")), Col(_("Synthetic data"), width=11)]
    rows = [[r.region.code, r.region.short_name, r.year, r.workforce_potential, r.employed,
             r.informal, r.vulnerable_target, r.source_note or None,
             _state_label(states[r.pk]), _yes_no(r.is_synthetic)] for r in records]
    return columns, rows, records


def _commitments(scope: Scope) -> tuple[list[Col], list[list], list]:
    records = list(Commitment.objects.filter(scope.q("region"), year=scope.period.year)
                   .select_related("region").defer("region__geometry").order_by("region__code"))
    states = approval_labels(get_dataset("commitments"), records)
    columns = [Col(_("Region code"), width=12), Col(_("Region name")),
               Col(_("Year"), YEAR), Col(_("Target coverage"), PERCENT_2),
               Col(_("Target government-funded vulnerable workers"), WHOLE),
               Col(_("Perkada number")), Col(_("Perkada date"), DATE),
               Col(_("PKS number")), Col(_("PKS date"), DATE),
               Col(_("Commitment status")), Col(_("Signed document"), width=11),
               Col(_("Approval state")), Col(_("Synthetic data"), width=11)]
    rows = [[r.region.code, r.region.short_name, r.year,
             r.target_coverage / 100 if r.target_coverage is not None else None,
             r.target_funded_workers, r.perkada_number or None, r.perkada_date,
             r.pks_number or None, r.pks_date, r.get_status_display(),
             _yes_no(bool(r.document)), _state_label(states[r.pk]), _yes_no(r.is_synthetic)]
            for r in records]
    return columns, rows, records


def _allocations(scope: Scope) -> tuple[list[Col], list[list], list]:
    # As of the period: the allocations enacted by its last month (ucj.budget.selectors).
    records = list(Allocation.objects.filter(scope.q("region"), enacted_by(scope.period.end),
                                             fiscal_year=scope.period.year)
                   .select_related("region", "package").defer("region__geometry")
                   .annotate(paid=Sum("realizations__amount_paid",
                                      filter=Q(realizations__month__lte=scope.period.end)))
                   .order_by("region__code", "stage", "funding_source", "payer"))
    states = approval_labels(get_dataset("allocations"), records)
    columns = [Col(_("Region code"), width=12), Col(_("Region name")),
               Col(_("Fiscal year"), YEAR), Col(_("Budget stage")), Col(_("Funding source")),
               Col(_("Payer")), Col(_("Enacted on"), DATE),
               Col(_("Amount allocated"), RUPIAH), Col(_("Workers planned"), WHOLE),
               Col(_("First month covered"), WHOLE), Col(_("Months covered"), WHOLE),
               Col(_("Contribution package")),
               Col(_("Realized up to %(month)s") % {"month": format_month(scope.period.end)},
                   RUPIAH),
               Col(_("Approval state")), Col(_("Synthetic data"), width=11)]
    rows = [[r.region.code, r.region.short_name, r.fiscal_year, r.get_stage_display(),
             r.get_funding_source_display(), r.get_payer_display(), r.enacted_on, r.amount,
             r.workers_planned, r.start_month, r.months_covered, r.package.name, r.paid or 0,
             _state_label(states[r.pk]), _yes_no(r.is_synthetic)] for r in records]
    return columns, rows, records


def _realizations(scope: Scope) -> tuple[list[Col], list[list], list]:
    records = list(Realization.objects
                   .filter(scope.q("allocation__region"), allocation__fiscal_year=scope.period.year,
                           month__lte=scope.period.end)
                   .select_related("allocation__region").defer("allocation__region__geometry")
                   .order_by("month", "allocation__region__code", "allocation__stage",
                             "allocation__funding_source", "allocation__payer"))
    states = approval_labels(get_dataset("realizations"), records)
    columns = [Col(_("Region code"), width=12), Col(_("Region name")),
               Col(_("Fiscal year"), YEAR), Col(_("Budget stage")), Col(_("Funding source")),
               Col(_("Payer")), Col(_("Month"), MONTH, width=11), Col(_("Amount paid"), RUPIAH),
               Col(_("Workers paid"), WHOLE), Col(_("Approval state")),
               Col(_("Synthetic data"), width=11)]
    rows = [[r.allocation.region.code, r.allocation.region.short_name, r.allocation.fiscal_year,
             r.allocation.get_stage_display(), r.allocation.get_funding_source_display(),
             r.allocation.get_payer_display(), r.month, r.amount_paid, r.workers_paid,
             _state_label(states[r.pk]), _yes_no(r.is_synthetic)] for r in records]
    return columns, rows, records


def _actions(scope: Scope) -> tuple[list[Col], list[list], list]:
    """The action items agreed by the period's end, as they stood then (ucj.forums.asof)."""
    today = scope.as_of
    records = asof.actions_as_of(
        ActionItem.objects
        .filter(scope.q("meeting__region") | scope.q("owner_region"), asof.agreed_by_q(today))
        .select_related("meeting__region", "owner_region", "owner_agency")
        .defer("meeting__region__geometry", "owner_region__geometry")
        .order_by("due_date", "id"), asof.day_end(today))
    columns = [Col(_("Meeting"), width=30, wrap=True), Col(_("Meeting date"), DATE),
               Col(_("Meeting region")), Col(_("Strategic step"), width=50, wrap=True),
               Col(_("Owner agency")), Col(_("Owner region code"), width=12),
               Col(_("Owner region")), Col(_("Due date"), DATE),
               Col(_("Status")), Col(_("Progress"), PERCENT_0, width=11),
               Col(_("Overdue on %(date)s") % {"date": format_date(today)}, width=16),
               Col(_("Done on"), DATE), Col(_("Synthetic data"), width=11)]
    rows = [[a.meeting.title, a.meeting.date, a.meeting.region.short_name, a.title,
             a.owner_agency.name if a.owner_agency_id else None,
             a.owner_region.code if a.owner_region_id else None,
             a.owner_region.short_name if a.owner_region_id else None, a.due_date,
             str(ActionStatus(a.status).label), a.progress / 100,
             _yes_no(a.is_overdue(today)), a.done_at, _yes_no(a.is_synthetic)]
            for a in records]
    return columns, rows, records


# --- the "Tentang" sheet ---------------------------------------------------------------------

def _approval_summary(sets: dict[str, tuple[str, list]]) -> list[list]:
    """Per dataset and period: the region-periods with data and their approval states."""
    rows = []
    for slug, (label, records) in sets.items():
        ds = get_dataset(slug)
        pairs: dict[str, set[int]] = {}
        for record in records:
            pairs.setdefault(ds.period_key(record), set()).add(region_id_of(ds, record))
        found = states_for(slug, [(r, p) for p, regions in pairs.items() for r in regions])
        for period_key in sorted(pairs):
            counts = Counter(found[(r, period_key)].state if (r, period_key) in found
                             else State.DRAFT for r in pairs[period_key])
            rows.append([label, _period_key_label(period_key), len(pairs[period_key]),
                         counts[State.APPROVED], counts[State.SUBMITTED],
                         counts[State.RETURNED], counts[State.DRAFT]])
    return rows


def _period_key_label(key: str) -> str:
    if len(key) == 7:
        return format_month(dt.date(int(key[:4]), int(key[5:]), 1))
    return key


VERSION_LABELS = {
    "participation": gettext_noop("Participation"),
    "denominators": gettext_noop("Workforce denominators"),
    "commitments": gettext_noop("Commitments"),
    "allocations": gettext_noop("Budget allocations"),
    "realizations": gettext_noop("Realizations"),
    "action_items": gettext_noop("Forum action items"),
    "tariffs": gettext_noop("Tariffs"),
}


def _about(ws, scope: Scope, *, months: list[dt.date], generated: dt.datetime,
           synthetic: bool, summary: list[list], counts: dict[str, int]) -> None:
    period, region = scope.period, scope.region
    ws.column_dimensions["A"].width = 32
    for letter, width in zip("BCDEFG", (20, 18, 14, 14, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    text_chars = int(sum((20, 18, 14, 14, 14, 14)) * 1.1)  # characters of B:G, roughly
    ws.cell(1, 1, _("Universal Coverage Jamsostek (UCJ) monitoring data")).font = TITLE_FONT
    place = (_("Province of %(name)s") % {"name": region.name} if scope.is_province
             else region.name)
    ws.cell(2, 1, f"{place} · {period.label}").font = SUBTITLE_FONT
    row = 4

    def line(label: str, value, fmt: str | None = None, *, font: Font | None = None):
        nonlocal row
        ws.cell(row, 1, label).font = BOLD
        ws.cell(row, 1).alignment = TOP
        cell = ws.cell(row, 2, _cell_value(value))
        # The value spans B:G (a date too: B alone is narrower than a long date).
        ws.merge_cells(start_row=row, start_column=2, end_row=row,
                       end_column=1 + ABOUT_TEXT_WIDTH)
        if fmt:
            cell.number_format = fmt
            cell.alignment = Alignment(horizontal="left", vertical="top")
        else:
            cell.alignment = TOP
            lines = max(1, math.ceil(len(str(value or "")) / text_chars))
            if lines > 1:
                ws.row_dimensions[row].height = 15 * lines
        if font:
            cell.font = font
        row += 1

    def section(title: str):
        nonlocal row
        row += 1
        ws.cell(row, 1, title).font = SECTION_FONT
        row += 1

    line(_("Region"), f"{region.code} {region.name}")
    line(_("Regions covered"),
         _("The province and all its regencies/cities") if scope.is_province else
         _("%(name)s and the areas below it; the province total for comparison") % {
             "name": region.name})
    line(_("Period code"), period.code)
    line(_("Period"), period.label)
    reference = reference_month(scope.province, period)
    if reference:
        line(_("Reference month"), reference, LONG_MONTH)
    else:
        line(_("Reference month"), _("none: there is no participation data in this period"))
    line(_("Months with data"), ", ".join(format_month(m) for m in months) or "–")
    line(_("Generated at"), generated, LONG_DATETIME)
    line(_("Generated with"), "UCJ Monitor")
    versions = data_versions(period=period, region=region)
    line(_("Data fingerprint (SHA-256)"), digest(versions))
    line(_("Empty cells"), _("An empty cell means no data (for example a ratio whose "
                             "denominator is missing), never zero."))
    line(_("Personal data"), _("None: aggregates and records of regions only, no NIK and no "
                               "names of persons."))
    if synthetic:
        line(_("Synthetic data"), _("Contains synthetic demonstration data: not published "
                                    "figures."), font=WARNING_FONT)
    participation = [r for r in summary if r[0] == _("Participation")]
    if participation:
        last = participation[-1]
        line(_("Approval"), _("Participation of %(period)s: %(approved)s of %(n)s regions "
                              "approved, %(submitted)s submitted, %(returned)s returned, "
                              "%(draft)s draft.") % {
            "period": last[1], "n": last[2], "approved": last[3], "submitted": last[4],
            "returned": last[5], "draft": last[6]})

    section(_("Sheets"))
    contents = [
        (SHEETS["indicators"], _("Every indicator of the engine per region and month with data "
                                 "(regencies and the province total): ratios as percentages, "
                                 "money in Rupiah, the status and where the target comes "
                                 "from.")),
        (SHEETS["participation"], _("Participation snapshots of the period's months: active, "
                                    "new and lapsed participants per segment, government-funded "
                                    "by funding source.")),
        (SHEETS["denominators"], _("Workforce denominators of the year.")),
        (SHEETS["commitments"], _("Commitments of the year: coverage target, funded workers and "
                                  "legal basis.")),
        (SHEETS["allocations"], _("Budget allocations of the year by stage and funding source, "
                                  "with what was realized up to the end of the period.")),
        (SHEETS["realizations"], _("Realizations of the year up to the end of the period, per "
                                   "allocation and month.")),
        (SHEETS["actions"], _("Strategic steps agreed in coordination forums: owner, due date, "
                              "status and progress as of the generation date.")),
    ]
    for name, text in contents:
        counted = counts.get(name)
        suffix = (" " + _("(%(n)s rows)") % {"n": counted}) if counted is not None else ""
        line(name, text + suffix)

    section(_("Approval of the data"))
    _table(ws, [Col(_("Dataset")), Col(_("Period")), Col(_("Regions with data"), WHOLE),
                Col(_("Approved"), WHOLE), Col(_("Submitted"), WHOLE), Col(_("Returned"), WHOLE),
                Col(_("Draft"), WHOLE)],
           summary or [[None] * 7], header_row=row, set_widths=False)
    ws.auto_filter.ref = None  # one filter per sheet: on the versions table below
    row += max(len(summary), 1) + 1

    section(_("Data versions"))
    ws.cell(row, 1, _("Records of the previous and the current year and their last change per "
                      "dataset when the workbook was made: equal versions, equal figures."
                      )).font = NOTE_FONT
    row += 1
    version_rows = []
    for key, label in VERSION_LABELS.items():
        found = versions.get(key, {})
        version_rows.append([_(label), found.get("count"),
                             dt.datetime.fromisoformat(found["last_changed"])
                             if found.get("last_changed") else None])
    for key, found in sorted(versions.get("approval", {}).items()):
        dataset, state = key.split(":")
        version_rows.append([_("Approval: %(dataset)s, %(state)s") % {
            "dataset": _(VERSION_LABELS.get(dataset, dataset)), "state": _state_label(state)},
            found["count"], dt.datetime.fromisoformat(found["last_changed"])])
    _table(ws, [Col(_("Dataset")), Col(_("Records"), WHOLE), Col(_("Last changed"), DATETIME)],
           version_rows, header_row=row, set_widths=False)
    # Frozen below the title block (the tables on this sheet have headers of their own).
    ws.freeze_panes = "A3"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# --- the workbook ------------------------------------------------------------------------------

def build_workbook(*, period: Period, region: Region | None = None) -> bytes:
    """The .xlsx of a period for the province (``region`` None) or one regency and below."""
    province = region_for_code(None) if region is None else province_of(region)
    scope = Scope(period=period, province=province, region=region or province,
                  today=timezone.localdate())
    with translation.override(settings.LANGUAGE_CODE):
        return _build(scope)


def _build(scope: Scope) -> bytes:
    generated = timezone.localtime()
    wb = Workbook()
    about = wb.active
    about.title = SHEETS["about"]

    months = _data_months(scope)
    ws = wb.create_sheet(SHEETS["indicators"])
    rows, totals, synthetic = _indicator_rows(scope, months)
    _table(ws, _indicator_columns(), rows, freeze_column=5, total_rows=totals)
    # 25 columns: two pages wide on paper, region and month repeated on each.
    ws.page_setup.fitToWidth = 2
    ws.print_title_cols = "A:D"

    counts = {SHEETS["indicators"]: len(rows)}
    summary_sets = {}
    builders = [("participation", _participation, _("Participation")),
                ("denominators", _denominators, _("Workforce denominators")),
                ("commitments", _commitments, _("Commitments")),
                ("allocations", _allocations, _("Budget allocations")),
                ("realizations", _realizations, _("Realizations")),
                ("actions", _actions, None)]
    for key, builder, label in builders:
        ws = wb.create_sheet(SHEETS[key])
        columns, rows, records = builder(scope)
        _table(ws, columns, rows, freeze_column=3 if key != "actions" else 1)
        counts[SHEETS[key]] = len(rows)
        synthetic |= any(getattr(r, "is_synthetic", False) for r in records)
        if label:
            summary_sets[key] = (label, records)
    _about(about, scope, months=months, generated=generated, synthetic=synthetic,
           summary=_approval_summary(summary_sets), counts=counts)
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
