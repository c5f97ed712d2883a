"""The rincian belanja a BPKAD types into SIPD (issue 17, item 5): for a saved scenario (the RKA
attachment) and for an enacted allocation (the DPA), lines of uraian, koefisien ("N orang × M
bulan"), satuan, harga satuan and jumlah under the region's budget codes, adding up exactly to
the plan's total or to the allocation's amount.

The figures are read, never recomputed: a scenario's lines come from its saved result (its
continuing/new split and the contribution each funding source pays); an allocation's from its
workers, months and package priced at the tariff in force in its first month. The codes come
from ``BudgetCoding`` (region × fiscal year), which the region enters; nothing here invents a
code.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from ucj.budget.selectors import discount_in_force, tariff_in_force
from ucj.core.formatting import format_date, format_int
from ucj.core.models import PUBLIC_FUNDING_SOURCES, FundingSource, Payer
from ucj.planner.models import BudgetCoding
from ucj.regions.hierarchy import province_of
from ucj.regions.models import Level, Region

RUPIAH = '"Rp" #,##0;-"Rp" #,##0'
BOLD = Font(bold=True)
HEAD = PatternFill("solid", fgColor="DCE6F1")
MISSING = Font(italic=True, color="C00000")
THIN = Side(style="thin", color="808080")
DOUBLE = Side(style="double", color="000000")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
# Columns of the rincian: kode rekening, uraian, koefisien, satuan, harga satuan, jumlah.
WIDTHS = {"A": 26, "B": 52, "C": 24, "D": 13, "E": 15, "F": 20}
URAIAN_CHARS = 56  # per line of column B at its width (as LibreOffice wraps it)
HEADER_CHARS = 110  # per line of columns B:F merged
NOTE_CHARS = 160  # per line of a note (A:F merged, small type)
LABEL_CHARS = 24  # per line of a header label in column A

# The programmes a package name names, in the order the uraian lists them.
PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")


def programme_names() -> dict[str, str]:
    return {"JKK": _("Work Accident Insurance"), "JKM": _("Death Insurance"),
            "JHT": _("Old-Age Savings"), "JP": _("Pension Insurance"),
            "JKP": _("Job Loss Insurance")}


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def uraian_base(*, package_code: str, package_name: str) -> str:
    """What the contributions pay for, as a budget line names it: "Iuran Jaminan Kecelakaan
    Kerja dan Jaminan Kematian pekerja rentan bukan penerima upah"."""
    found = [p for p in PROGRAMMES if re.search(rf"\b{p}\b", package_name)]
    names = programme_names()
    group = (_("vulnerable non-wage workers") if package_code.startswith("bpu")
             else _("wage workers"))
    if found:
        return _("Contributions of %(programmes)s for %(group)s") % {
            "programmes": _join([names[p] for p in found]), "group": group}
    return _("Contributions of employment social security (%(package)s) for %(group)s") % {
        "package": package_name, "group": group}


@dataclass
class Line:
    uraian: str
    amount: int
    workers: int | None = None
    months: int | None = None
    tariff: int | None = None  # harga satuan: per worker per month (or for all the months)
    per_period: bool = False  # the price is of one worker for all the months

    @property
    def koefisien(self) -> str:
        if self.workers is None:
            return ""
        if self.per_period:
            return _("%(workers)s persons (%(months)s months)") % {
                "workers": format_int(self.workers), "months": self.months}
        return _("%(workers)s persons × %(months)s months") % {
            "workers": format_int(self.workers), "months": self.months}

    @property
    def satuan(self) -> str:
        if self.workers is None:
            return ""
        return _("person") if self.per_period else _("person/month")

    def multiplies_out(self) -> bool:
        if self.workers is None or self.tariff is None:
            return True
        return self.amount == self.workers * self.tariff * (1 if self.per_period
                                                            else self.months)


@dataclass
class Rincian:
    kind: str  # "rka" or "dpa"
    region: Region  # whose workers
    year: int
    stage_label: str
    first_month: int
    months: int
    coding_region: Region | None  # whose budget (None: not a regional government's budget)
    coding: BudgetCoding | None
    sources: list[str]
    package_name: str
    tariff_basis: str
    tariff_valid_from: dt.date | None
    lines: list[Line] = field(default_factory=list)
    total: int = 0  # what the lines must add up to
    notes: list[str] = field(default_factory=list)
    origin: str = ""  # the scenario or allocation it was made from

    @property
    def lines_total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def period(self) -> str:
        last = self.first_month + self.months - 1
        return _("%(first)s – %(last)s %(year)s (%(months)s months)") % {
            "first": MONTHS[self.first_month], "last": MONTHS[last], "year": self.year,
            "months": self.months}


def coding_for(region: Region | None, year: int) -> BudgetCoding | None:
    if region is None:
        return None
    return BudgetCoding.objects.filter(region=region, fiscal_year=year).first()


# --- a saved scenario: the RKA -----------------------------------------------------------------

def scenario_rincian(scenario) -> Rincian:
    """The RKA lines of a saved scenario: its continuing cohort ("lanjutan") and its new
    workers ("baru") at the contribution the scenario's funding sources pay. When the sources
    pay different contributions (a discount that applies to one of them), a line per source:
    the saved result does not split the continuing cohort by source."""
    f = scenario.result
    months = f["months"]
    base = uraian_base(package_code=f["package"], package_name=f["package_name"])
    # in the funding sources' own order (a JSON column of PostgreSQL does not keep key order)
    sources = [s for s in FundingSource.values if f["workers_by_source"].get(s)]
    tariffs = {f["tariff_by_source"][s] for s in sources}
    r = Rincian(
        kind="rka", region=scenario.region, year=scenario.year,
        stage_label=str(scenario.get_stage_display()), first_month=f["first_month"],
        months=months, coding_region=scenario.region,
        coding=coding_for(scenario.region, scenario.year),
        sources=[str(FundingSource(s).label) for s in sources], package_name=f["package_name"],
        tariff_basis=f.get("tariff_legal_basis") or "",
        tariff_valid_from=_date(f.get("tariff_valid_from")), total=f["total_cost"],
        origin=_("budget scenario “%(name)s”, saved %(date)s") % {
            "name": scenario.name, "date": format_date(scenario.created_at.date())})
    split_known = "continuing_workers" in f
    per_worker = f.get("cost_per_worker_by_source") or {}

    def flat(s: str) -> bool:  # the same contribution every month of the plan
        return per_worker.get(s, f["tariff_by_source"][s] * months) == \
            f["tariff_by_source"][s] * months

    uniform = len(tariffs) <= 1 and all(flat(s) for s in sources)
    if uniform:
        tariff = tariffs.pop() if tariffs else f["monthly_tariff"]
        cohorts = ([(pgettext("rka cohort", "continuing"), f["continuing_workers"],
                     f["continuing_cost"]),
                    (pgettext("rka cohort", "new"), f["new_workers"], f["new_cost"])]
                   if split_known else [("", f["workers"], f["total_cost"])])
        for label, workers, amount in cohorts:
            if workers:
                r.lines.append(Line(uraian=f"{base} – {label}" if label else base,
                                    amount=amount, workers=workers, months=months,
                                    tariff=tariff))
        uniform = all(line.workers * months * line.tariff == line.amount for line in r.lines)
        if not uniform:  # a result that does not multiply out: a line per source instead
            r.lines.clear()
        elif not split_known:
            r.notes.append(_("This scenario was saved before the planner told continuing and "
                             "new workers apart: one line for all its workers."))
    if not uniform:
        for s in sources:
            label = _("%(base)s – funding source %(source)s") % {
                "base": base, "source": FundingSource(s).label}
            workers = f["workers_by_source"][s]
            if flat(s):
                r.lines.append(Line(uraian=label, amount=f["by_source"][s], workers=workers,
                                    months=months, tariff=f["tariff_by_source"][s]))
            else:  # relief in some months only: the price of a worker for all the months
                r.lines.append(Line(uraian=label, amount=f["by_source"][s], workers=workers,
                                    months=months, tariff=per_worker[s], per_period=True))
        if split_known and f["continuing_workers"]:
            r.notes.append(_(
                "The funding sources pay different contributions, so there is a line per "
                "source; of all the workers, %(continuing)s are continuing (lanjutan) and "
                "%(new)s new (baru).") % {"continuing": format_int(f["continuing_workers"]),
                                          "new": format_int(f["new_workers"])})
    if len(sources) > 1:
        r.notes.append(_("By funding source: %(parts)s.") % {"parts": "; ".join(
            f"{FundingSource(s).label} {format_int(f['workers_by_source'][s])} "
            f"{_('workers')} = Rp {format_int(f['by_source'][s])}" for s in sources)})
    _discount_note(r, f.get("discount"), priced_below=any(
        line.per_period or (line.tariff is not None and line.tariff < f["monthly_tariff"])
        for line in r.lines))
    _check(r)
    return r


# --- an enacted allocation: the DPA ------------------------------------------------------------

def allocation_coding_region(allocation) -> Region | None:
    """Whose budget holds the allocation, hence whose codes its DPA carries: the province's
    for province money (its DBHCHT on a regency's workers), the regency's for the regency's
    own; a village's or another party's money is in no regional government's DPA."""
    region = allocation.region
    if allocation.payer == Payer.PROVINCE:
        return province_of(region)
    if allocation.payer == Payer.REGENCY:
        return region if region.level == Level.REGENCY else None
    return None


def allocation_rincian(allocation) -> Rincian:
    """The DPA lines of an allocation: its workers × months at the contribution in force in its
    first month, adding up to its amount. When the amount differs from workers × months ×
    contribution, the difference is a line of its own (decision in docs/decisions.md), so the
    lines always add up to the enacted amount and the difference is never hidden."""
    package = allocation.package
    on = dt.date(allocation.fiscal_year, allocation.start_month, 1)
    province = province_of(allocation.region)  # its own tariff and relief (issue 21)
    rate = tariff_in_force(package=package, on=on, province=province)
    tariff = rate.per_worker() if rate else None
    coding_region = allocation_coding_region(allocation)
    r = Rincian(
        kind="dpa", region=allocation.region, year=allocation.fiscal_year,
        stage_label=str(allocation.get_stage_display()), first_month=allocation.start_month,
        months=allocation.months_covered, coding_region=coding_region,
        coding=coding_for(coding_region, allocation.fiscal_year),
        sources=[str(allocation.get_funding_source_display())], package_name=package.name,
        tariff_basis=rate.legal_basis if rate else "",
        tariff_valid_from=rate.valid_from if rate else None, total=allocation.amount,
        origin=_("budget allocation %(what)s") % {"what": str(allocation)})
    base = uraian_base(package_code=package.code, package_name=package.name)
    workers, months = allocation.workers_planned, allocation.months_covered
    if coding_region is None:
        r.notes.append(_("This allocation is paid by %(payer)s: it is in no regional "
                         "government's DPA. The sheet shows its figures only.") % {
            "payer": allocation.get_payer_display()})
    if tariff is None:
        r.lines.append(Line(uraian=base, amount=allocation.amount, workers=workers,
                            months=months))
        r.notes.append(_("The contribution per worker cannot be priced for this package "
                         "without a wage: the line carries the allocated amount."))
        _check(r)
        return r
    computed = workers * months * tariff
    r.lines.append(Line(uraian=base, amount=computed, workers=workers, months=months,
                        tariff=tariff))
    difference = allocation.amount - computed
    if difference > 0:
        r.lines.append(Line(uraian=_("Allocated above the contributions of the planned "
                                     "workers (pays no further worker)"), amount=difference))
        r.notes.append(_("The allocation is Rp %(diff)s more than %(workers)s workers × "
                         "%(months)s months × Rp %(tariff)s.") % {
            "diff": format_int(difference), "workers": format_int(workers), "months": months,
            "tariff": format_int(tariff)})
    elif difference < 0:
        paid = allocation.amount // (months * tariff) if months * tariff else 0
        r.lines.append(Line(uraian=_("Shortfall of the allocation against the contributions "
                                     "of the planned workers"), amount=difference))
        r.notes.append(_("The allocation is Rp %(diff)s short of %(workers)s workers × "
                         "%(months)s months × Rp %(tariff)s: it pays %(paid)s workers for "
                         "%(months)s months.") % {
            "diff": format_int(-difference), "workers": format_int(workers), "months": months,
            "tariff": format_int(tariff), "paid": format_int(paid)})
    discount = discount_in_force(package=package, on=on, province=province)
    if discount and (discount.applies_to_public_funds
                     or allocation.funding_source not in PUBLIC_FUNDING_SOURCES):
        r.notes.append(_("A discount of the contribution (%(basis)s) may apply to this "
                         "funding source; the lines price the full contribution.") % {
            "basis": discount.legal_basis or "–"})
    elif discount:
        _discount_note(r, {"percent": discount.percent, "legal_basis": discount.legal_basis,
                           "applies_to_public_funds": False}, priced_below=False)
    _check(r)
    return r


def _discount_note(r: Rincian, discount: dict | None, *, priced_below: bool) -> None:
    if not discount:
        return
    if priced_below:
        r.notes.append(_("The unit price is the contribution after the discount of %(basis)s "
                         "where it applies.") % {"basis": discount.get("legal_basis") or "–"})
    elif not discount.get("applies_to_public_funds"):
        r.notes.append(_("The discount of %(basis)s does not apply to contributions paid from "
                         "APBN/APBD: the unit price is the full contribution.") % {
            "basis": discount.get("legal_basis") or "–"})


def _check(r: Rincian) -> None:
    """The lines add up to the total: a broken invariant is a bug, never a silent sheet."""
    if r.lines_total != r.total or not all(line.multiplies_out() for line in r.lines):
        raise AssertionError(f"rincian lines {r.lines_total} != total {r.total}")


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


# --- the sheet ---------------------------------------------------------------------------------

class _Writer:
    """The rincian sheet written top to bottom: merged text rows and labelled header rows."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.row = 1
        self.missing = _("(not entered)")

    def merged(self, text, *, font=None, align="left", height_chars=HEADER_CHARS, first_col=1):
        ws, row = self.ws, self.row
        cell = ws.cell(row, first_col, text)
        ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=6)
        cell.alignment = Alignment(horizontal=align, vertical="top", wrap_text=True)
        if font:
            cell.font = font
        lines = max(1, math.ceil(len(str(text)) / height_chars))
        if lines > 1:
            ws.row_dimensions[row].height = 15 * lines
        self.row += 1
        return cell

    def header(self, label, value, *, coded=True):
        ws = self.ws
        ws.cell(self.row, 1, label).font = BOLD
        ws.cell(self.row, 1).alignment = Alignment(vertical="top", wrap_text=True)
        label_row = self.row
        cell = self.merged(value if value else self.missing, first_col=2)
        lines = math.ceil(len(label) / LABEL_CHARS)
        if lines > 1 and (ws.row_dimensions[label_row].height or 15) < 15 * lines:
            ws.row_dimensions[label_row].height = 15 * lines
        if coded and not value:
            cell.font = MISSING


def _title(w: _Writer, r: Rincian, coding_url: str) -> None:
    """The title, the government and year, and a warning when the budget codes are missing."""
    title = (_("RINCIAN BELANJA — attachment to the RKA") if r.kind == "rka"
             else _("RINCIAN BELANJA — for the DPA"))
    w.merged(title, font=Font(bold=True, size=13), align="center")
    owner_region = r.coding_region or r.region
    owner = owner_region.name
    if owner_region.level == Level.PROVINCE and not owner.lower().startswith("provinsi"):
        owner = _("Province of %(name)s") % {"name": owner}
    w.merged(_("Government of %(region)s · fiscal year %(year)s · %(stage)s") % {
        "region": owner, "year": r.year, "stage": r.stage_label}, align="center")
    w.row += 1
    if r.coding is None and r.coding_region is not None:
        w.merged(_("The budget codes of %(region)s for %(year)s have not been entered: enter "
                   "them once for the year in UCJ Monitor (Budget codes)%(url)s, then "
                   "download this workbook again.") % {
            "region": r.coding_region.name, "year": r.year,
            "url": f": {coding_url}" if coding_url else ""},
            font=Font(bold=True, color="C00000"))
        w.row += 1


def _headers(w: _Writer, r: Rincian) -> None:
    """The unit, programme, activity, sub-activity, funding, place, time and target group."""
    c, header = r.coding, w.header
    header(_("Regional government unit (SKPD)"), c.skpd_name if c else "")
    header(_("Programme"), f"{c.program_code} {c.program_name}" if c else "")
    header(_("Activity"), f"{c.kegiatan_code} {c.kegiatan_name}" if c else "")
    header(_("Sub-activity"), f"{c.sub_kegiatan_code} {c.sub_kegiatan_name}" if c else "")
    header(_("Funding source"), "; ".join(r.sources) or "–", coded=False)
    header(_("Location"), r.region.name, coded=False)
    header(_("Time of implementation"), r.period, coded=False)
    header(_("Target group"), _("%(group)s (package %(package)s)") % {
        "group": _("vulnerable non-wage workers") if "BPU" in r.package_name
        else _("workers"), "package": r.package_name}, coded=False)
    if c and c.note:
        header(_("Note"), c.note, coded=False)
    w.row += 1


def _table(w: _Writer, r: Rincian) -> int:
    """The account, its lines and the total; the row of the table's head."""
    ws, c, missing = w.ws, r.coding, w.missing
    head_row = w.row
    for col, text in enumerate([_("Account code"), _("Description (uraian)"),
                                _("Coefficient"), _("Unit"), _("Unit price"), _("Amount")],
                               start=1):
        cell = ws.cell(w.row, col, text)
        cell.font, cell.fill, cell.border = BOLD, HEAD, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[w.row].height = 30
    w.row += 1
    # the account, with its sum (SIPD shows the account row above its items)
    account = [c.account_code if c else missing, c.account_name if c else missing]
    for col, value in enumerate([*account, None, None, None, r.total], start=1):
        cell = ws.cell(w.row, col, value)
        cell.border = BOX
        cell.font = BOLD if c or col > 2 else MISSING
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.cell(w.row, 6).number_format = RUPIAH
    _fit(ws, w.row, max(len(account[1]) / URAIAN_CHARS, len(account[0]) / 20))
    w.row += 1
    for line in r.lines:
        _line(ws, w.row, line)
        w.row += 1
    total_border = Border(top=DOUBLE, bottom=THIN, left=THIN, right=THIN)
    for col in range(1, 7):
        ws.cell(w.row, col).border = total_border
    ws.cell(w.row, 2, _("Total")).font = BOLD
    cell = ws.cell(w.row, 6, r.total)
    cell.font, cell.number_format = BOLD, RUPIAH
    w.row += 2
    return head_row


def _line(ws: Worksheet, row: int, line) -> None:
    """One line of the rincian under its account."""
    values = [None, line.uraian, line.koefisien, line.satuan,
              line.tariff, line.amount]
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row, col, value)
        cell.border = BOX
        cell.alignment = Alignment(vertical="top", wrap_text=col in (2, 3),
                                   indent=1 if col == 2 else 0,
                                   horizontal="right" if col >= 5 else None)
    ws.cell(row, 5).number_format = RUPIAH
    ws.cell(row, 6).number_format = RUPIAH
    _fit(ws, row, max(len(line.uraian) / URAIAN_CHARS, len(line.koefisien) / 22))


def _notes(w: _Writer, r: Rincian) -> None:
    notes = [*r.notes]
    if r.tariff_basis:
        notes.append(_("Contribution per worker per month: %(basis)s, valid from %(date)s.") % {
            "basis": r.tariff_basis, "date": format_date(r.tariff_valid_from)})
    notes.append(_("Made with UCJ Monitor from the %(origin)s.") % {"origin": r.origin})
    w.ws.cell(w.row, 1, _("Notes")).font = BOLD
    w.row += 1
    for note in notes:
        w.merged(f"– {note}", font=Font(size=9), height_chars=NOTE_CHARS)


def write_rincian(ws: Worksheet, r: Rincian, *, coding_url: str = "") -> None:
    """The rincian belanja laid out as SIPD's RKA/DPA rincian reads: a header block with the
    unit, programme, activity, sub-activity and funding, then the account and its lines, then
    the total; printable on A4 landscape."""
    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width
    w = _Writer(ws)
    _title(w, r, coding_url)
    _headers(w, r)
    head_row = _table(w, r)
    _notes(w, r)

    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.print_area = f"A1:F{w.row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.sheet_view.showGridLines = False


def _fit(ws: Worksheet, row: int, lines: float) -> None:
    lines = max(1, math.ceil(lines))
    if lines > 1:
        ws.row_dimensions[row].height = 15 * lines


def allocation_workbook(allocation, *, user, coding_url: str = "") -> bytes:
    """The DPA rincian of an allocation as an .xlsx workbook of one sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Budget detail")[:31]
    write_rincian(ws, allocation_rincian(allocation), coding_url=coding_url)
    ws.oddFooter.left.text = _("Exported by %(user)s on %(date)s") % {
        "user": getattr(user, "full_name", "") or user.username,
        "date": format_date(dt.date.today())}
    ws.oddFooter.right.text = "&P / &N"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
