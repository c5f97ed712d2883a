"""A saved budget scenario as an .xlsx workbook to attach to the budget work plan (RKA): the
figures as computed when saved, the tariff and its legal basis, and the assumptions."""

from __future__ import annotations

import io
import math

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ucj.core.formatting import format_date, format_month, format_ratio_pct
from ucj.planner.rka import scenario_rincian, write_rincian
from ucj.planner.selectors import scenario_figures

RUPIAH = '"Rp" #,##0'
WHOLE = "#,##0"
PERCENT = "0.00%"
BOLD = Font(bold=True)
HEAD = PatternFill("solid", fgColor="DCE6F1")
THIN = Side(style="thin", color="999999")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
TEXT_CHARS_PER_LINE = 80  # of columns B:E at their widths


class _Sheet:
    """The scenario sheet written top to bottom: labelled values, headings and table rows."""

    def __init__(self, ws):
        self.ws = ws
        self.row = 1

    def put(self, label, value=None, fmt=None, bold=False):
        ws, row = self.ws, self.row
        ws.cell(row, 1, label).font = BOLD if bold else Font()
        if value is not None:
            cell = ws.cell(row, 2, value)
            if fmt:
                cell.number_format = fmt
            else:  # text spans B:E, wrapped, with room for its lines (no auto height in files)
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
                lines = max(1, math.ceil(len(str(value)) / TEXT_CHARS_PER_LINE))
                if lines > 1:
                    ws.row_dimensions[row].height = 15 * lines
            cell.alignment = Alignment(horizontal="right" if fmt else "left", wrap_text=not fmt,
                                       vertical="top")
            if bold:
                cell.font = BOLD
        self.row += 1

    def heading(self, text):
        self.row += 1
        self.ws.cell(self.row, 1, text).font = Font(bold=True, size=12)
        self.row += 1

    def line(self, text, font=None):
        cell = self.ws.cell(self.row, 1, text)
        if font is not None:
            cell.font = font
        self.row += 1

    def table_row(self, values, formats, *, font=None, fill=None):
        for col, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
            cell = self.ws.cell(self.row, col, value)
            cell.border = BOX
            if font:
                cell.font = font
            if fill:
                cell.fill = fill
            if fmt:
                cell.number_format = fmt
        self.row += 1


def _budget(sheet: _Sheet, scenario, f: dict) -> None:
    put = sheet.put
    sheet.heading(_("Budget"))
    put(_("Region"), f"{f['region']} {f['region_name']}")
    put(_("Fiscal year"), f["year"])
    put(_("Budget stage"), scenario.get_stage_display())
    put(_("Months paid"), _("%(months)s months (month %(first)s to %(last)s)") % {
        "months": f["months"], "first": f["first_month"], "last": f["last_month"]})
    put(_("Contribution package"), f["package_name"])
    put(_("Contribution per worker per month"), f["monthly_tariff"], RUPIAH)
    if f.get("wage"):
        put(_("Monthly wage assumed"), f["wage"], RUPIAH)


def _result(sheet: _Sheet, f: dict) -> None:
    put = sheet.put
    sheet.heading(_("Result"))
    put(_("Workers to fund"), f["workers"], WHOLE, bold=True)
    put(_("Cost per month"), f["monthly_cost"], RUPIAH)
    put(_("Total cost"), f["total_cost"], RUPIAH, bold=True)
    if f.get("budget") is not None:
        put(_("Budget"), f["budget"], RUPIAH)
        put(_("Left over (does not buy a whole worker)"), f["left_over"], RUPIAH)
    put(_("Coverage now"), float(f["coverage_now"]) if f["coverage_now"] is not None else "–",
        PERCENT if f["coverage_now"] is not None else None)
    put(_("Coverage reached"),
        float(f["coverage_reached"]) if f["coverage_reached"] is not None else "–",
        PERCENT if f["coverage_reached"] is not None else None, bold=True)


def _sources(sheet: _Sheet, f: dict) -> None:
    sheet.heading(_("By funding source"))
    sheet.table_row([_("Funding source"), _("Workers"), _("Per worker per month"), _("Months"),
                     _("Amount")], [None] * 5, font=BOLD, fill=HEAD)
    for item in f["sources"]:
        sheet.table_row([str(item["label"]), item["workers"], item["tariff"], f["months"],
                         item["amount"]], [None, WHOLE, RUPIAH, WHOLE, RUPIAH])
    sheet.table_row([_("Total"), f["workers"], None, None, f["total_cost"]],
                    [None, WHOLE, None, None, RUPIAH], font=BOLD)
    sheet.line(_("Check: workers × per worker per month × months; the parts add up to "
                 "the total."), font=Font(italic=True, size=9))


def _tariff(sheet: _Sheet, f: dict) -> None:
    put = sheet.put
    sheet.heading(_("Tariff and legal basis"))
    put(_("Tariff valid from"), format_date(f["tariff_valid_from"]))
    put(_("Legal basis"), f["tariff_legal_basis"] or "–")
    put(_("Source"), f["tariff_source"] or "–")
    if f.get("percent_of_wage") is not None:
        put(_("Percent of the monthly wage"), float(f["percent_of_wage"]) / 100, PERCENT)
    discount = f.get("discount")
    if discount:
        discount = {**discount, "percent": floatformat(discount["percent"], -2)}
        put(_("Discount in force"), _(
            "%(percent)s%% (%(basis)s); it does not apply to contributions paid from "
            "APBN/APBD") % {"percent": discount["percent"], "basis": discount["legal_basis"]}
            if not discount["applies_to_public_funds"] else _(
            "%(percent)s%% (%(basis)s)") % {"percent": discount["percent"],
                                           "basis": discount["legal_basis"]})


def _assumptions(sheet: _Sheet, f: dict) -> None:
    put = sheet.put
    sheet.heading(_("Assumptions"))
    put(_("Active participants (P)"),
        f["active_participants"] if f["active_participants"] is not None else "–", WHOLE)
    put(_("Participation data of"), format_month(f["data_month"]) if f["data_month"] else "–")
    put(_("Workforce potential (W)"),
        f["workforce_potential"] if f["workforce_potential"] is not None else "–", WHOLE)
    if f.get("target_coverage") is not None:
        put(_("Target coverage"), format_ratio_pct(f["target_coverage"], 2))
    put(_("Coverage reached"), _("(P + workers funded) ÷ W, once the funded workers are "
                                 "active"))
    put(_("Rounding"), _("Workers to reach a target are rounded up; workers a budget buys are "
                         "rounded down; money is in whole Rupiah."))
    put(_("Continuity"), _("A BPU participant who dies in the first 3 months of membership "
                           "receives Rp 10 million instead of Rp 42 million: pay continuous "
                           "blocks of months."))
    if "short_block" in f["flags"]:
        put(_("Warning"), _("Fewer than 3 months are paid."))
    if "gap_between_stages" in f["flags"]:
        put(_("Warning"), _("There is a gap between the months the APBD murni allocation pays "
                            "and this stage."))


def _record(sheet: _Sheet, scenario, user) -> None:
    put = sheet.put
    sheet.heading(_("Record"))
    put(_("Saved by"), getattr(scenario.created_by, "full_name", "") or
        getattr(scenario.created_by, "username", "–"))
    put(_("Saved at"), format_date(timezone.localtime(scenario.created_at)))
    put(_("Exported by"), getattr(user, "full_name", "") or user.username)
    put(_("Exported at"), format_date(timezone.localtime()))
    put(_("Made with"), "UCJ Monitor")


def scenario_workbook(scenario, *, user, coding_url: str = "") -> bytes:
    f = scenario_figures(scenario)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Scenario")[:31]
    ws.column_dimensions["A"].width = 40
    for col in "BCDE":
        ws.column_dimensions[col].width = 20
    sheet = _Sheet(ws)
    sheet.line(_("Budget scenario: %(name)s") % {"name": scenario.name},
               font=Font(bold=True, size=14))
    sheet.line(_("Contributions of BPJS Ketenagakerjaan for vulnerable workers, "
                 "%(region)s, fiscal year %(year)s") % {
        "region": f["region_name"], "year": f["year"]})
    _budget(sheet, scenario, f)
    _result(sheet, f)
    _sources(sheet, f)
    _tariff(sheet, f)
    _assumptions(sheet, f)
    _record(sheet, scenario, user)

    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # --- rka: the rincian belanja to type into SIPD (issue 17, item 5) ---
    write_rincian(wb.create_sheet(_("Budget detail")[:31]), scenario_rincian(scenario),
                  coding_url=coding_url)
    # --- end rka ---
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
