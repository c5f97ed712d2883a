"""Workbooks written with openpyxl: the template of a dataset (the user's regions, the chosen
period and the current values, drop-down lists, protected header, Indonesian instructions),
and an uploaded file handed back with its problems marked."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ucj.accounts.scope import writable_regions
from ucj.budget.models import Allocation, ContributionPackage
from ucj.core.datasets import get_dataset
from ucj.core.formatting import format_date, format_month
from ucj.imports.detect import DATASET_PROPERTY, PERIOD_PROPERTY
from ucj.imports.plan import Problem
from ucj.imports.readers import Table
from ucj.imports.specs import (
    CHOICE,
    DATE,
    INT,
    MONEY,
    MONTH,
    NAME,
    PACKAGE,
    REGION,
    YEAR,
    Col,
    Spec,
    get_spec,
)

EXTRA_ROWS = 200  # empty, unlocked rows under the data for more records
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
PREFILL_FILL = PatternFill("solid", fgColor="EEF3F8")
ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
ERROR_FONT = Font(color="9C0006", bold=True)
COMMENT_LIMIT = 1000  # marked cells of an error workbook that also get a comment
UNLOCKED = Protection(locked=False)


def _put(ws, row: int, column: int, value, col: Col | None = None):
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value
    if cell.data_type == "f":  # openpyxl would store "=…" as a formula: keep it as text
        cell.data_type = "s"
    if col is not None:
        if col.kind in (INT, MONEY):
            cell.number_format = "#,##0"
        elif col.kind == DATE:
            cell.number_format = "yyyy-mm-dd"
        elif col.kind in (REGION, MONTH, YEAR):
            cell.number_format = "@"
    return cell


def _header_text(col: Col) -> str:
    return f"{col.label} *" if col.required else col.label


def _to_cell(col: Col, value):
    """A record's value as the template shows it (what the importer reads back the same)."""
    if value is None:
        return None
    if col.kind == REGION:
        return value.code
    if col.kind == NAME:
        return value.short_name
    if col.kind == MONTH:
        return f"{value:%Y-%m}"
    if col.kind == CHOICE and col.choices:
        return dict(zip(col.choices.values, col.choice_labels(), strict=True)).get(value, value)
    if col.kind == PACKAGE:
        return value.code
    if col.kind == DATE:
        return dt.datetime.combine(value, dt.time())
    return value


def _record_values(spec: Spec, record) -> dict[str, object]:
    values = {}
    region = record.allocation.region if spec.slug == "realizations" else record.region
    for col in spec.columns:
        if col.key in ("region_code", "region_name"):
            values[col.key] = _to_cell(col, region)
        elif spec.slug == "realizations" and col.key in ("fiscal_year", "stage", "funding_source",
                                                         "payer"):
            values[col.key] = _to_cell(col, getattr(record.allocation, col.key))
        else:
            values[col.key] = _to_cell(col, getattr(record, col.key))
    return values


def _placeholder(spec: Spec, region, **keys) -> dict[str, object]:
    values = {"region_code": region.code, "region_name": region.short_name}
    for key, value in keys.items():
        values[key] = _to_cell(spec.column(key), value)
    return values


def template_rows(*, actor, dataset: str, period: str) -> list[dict[str, object]]:
    """The rows of the template: every record of the user's regions in the period, and an
    empty row (pre-filled with its region and keys) for what has no record yet."""
    spec, ds = get_spec(dataset), get_dataset(dataset)
    regions = list(writable_regions(actor, dataset=dataset, levels=ds.region_levels)
                   .defer("geometry").order_by("code"))
    filters = ds.period_filter(period)
    records = (ds.model.objects.filter(**{f"{ds.region_path}__in": regions}, **filters)
               .select_related(*ds.select_related).defer(f"{ds.region_path}__geometry"))
    by_region: dict[int, list] = {}
    for record in records:
        region = record.allocation.region if dataset == "realizations" else record.region
        by_region.setdefault(region.pk, []).append(record)
    period_value = next(iter(filters.values()))
    rows = []
    for region in regions:
        found = by_region.get(region.pk, [])
        if dataset == "participation":
            have = {r.segment: r for r in found}
            for segment in spec.column("segment").choices.values:
                rows.append(_record_values(spec, have[segment]) if segment in have
                            else _placeholder(spec, region, month=period_value, segment=segment))
        elif dataset == "realizations":
            have = {r.allocation_id: r for r in found}
            allocations = Allocation.objects.filter(region=region, fiscal_year=period_value.year)
            for allocation in allocations.order_by("stage", "funding_source", "payer"):
                rows.append(_record_values(spec, have[allocation.pk]) if allocation.pk in have
                            else _placeholder(spec, region, fiscal_year=allocation.fiscal_year,
                                              stage=allocation.stage,
                                              funding_source=allocation.funding_source,
                                              payer=allocation.payer, month=period_value))
        else:
            ordered = sorted(found, key=lambda r: [str(getattr(r, k)) for k in ds.row_key])
            rows.extend(_record_values(spec, r) for r in ordered)
            if not found:
                rows.append(_placeholder(spec, region, **{spec.period_key: period_value}))
    return rows


def _validations(ws, spec: Spec, *, actor, last_row: int, region_codes: list[str]) -> None:
    lists: dict[str, list[str]] = {}
    for col in spec.columns:
        if col.kind == CHOICE:
            lists[col.key] = col.choice_labels()
        elif col.kind == PACKAGE:
            lists[col.key] = list(ContributionPackage.objects.order_by("code")
                                  .values_list("code", flat=True))
        elif col.kind == REGION and region_codes and len(",".join(region_codes)) < 250:
            lists[col.key] = region_codes
    for index, col in enumerate(spec.columns, start=1):
        options = lists.get(col.key)
        if not options:
            continue
        validation = DataValidation(
            type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
            showErrorMessage=True, errorTitle="Isian tidak valid",
            error=f"Pilih salah satu isian dari daftar kolom “{col.label}”.",
            promptTitle=col.label, prompt="Pilih dari daftar.", showInputMessage=True,
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{last_row}")
        ws.add_data_validation(validation)


def _print_setup(ws) -> None:
    """Offices print: landscape, all columns on one page width, the header on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _instructions(wb: Workbook, spec: Spec, *, ds, period: str, actor) -> None:
    ws = wb.create_sheet("Petunjuk")
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 90
    period_text = (format_month(dt.date(int(period[:4]), int(period[5:7]), 1)) if ds.is_monthly
                   else period)
    lines = [
        ("UCJ Monitor — templat impor", Font(bold=True, size=14)),
        (spec.title, Font(bold=True)),
        (f"Periode: {period_text} · dibuat untuk {actor.get_full_name() or actor.username} "
         f"pada {format_date(timezone.localdate())}", None),
        (f"Kode templat: {spec.slug} {period} (disimpan juga di properti berkas; UCJ Monitor "
         "mengenali datanya dari sini, jadi tidak perlu memilih data saat mengunggah)",
         Font(color="595959")),
        ("", None),
        ("Cara mengisi", Font(bold=True)),
        ("1. Isi angka di lembar “Data”. " + spec.rows_note, None),
        ("2. Jangan mengubah, memindahkan atau menghapus baris judul (baris 1); lembar ini "
         "dilindungi tanpa kata sandi agar judul tidak berubah.", None),
        ("3. Kolom bertanda * wajib diisi. Baris yang hanya berisi kolom yang sudah terisi "
         "otomatis (wilayah, periode) diabaikan.", None),
        ("4. Angka boleh ditulis 1234567, 1.234.567 atau Rp 1.234.567; tanpa desimal untuk "
         "orang dan rupiah. Persen boleh ditulis 62,22 atau 62.22.", None),
        ("5. Kode wilayah ditulis 52.03 atau 5203. Pilih segmen, tahap, sumber dana dan "
         "pembayar dari daftar pilihan.", None),
        ("6. Jangan menggabungkan sel, jangan memakai rumus (tempel sebagai nilai), dan jangan "
         "menambah lembar lain.", None),
        ("7. Unggah berkas di UCJ Monitor › Impor. Anda akan melihat pratinjau (baru, berubah, "
         "tetap) sebelum data disimpan. Jika ada satu baris salah, tidak ada yang disimpan; "
         "unduh berkas kesalahan untuk melihat sel yang bermasalah.", None),
        ("8. Setelah data lengkap, kirim untuk verifikasi di halaman Verifikasi data. Data yang sudah "
         "dikirim atau disetujui terkunci.", None),
        ("", None),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text)
        if font:
            cell.font = font
    start = len(lines) + 1
    for index, text in enumerate(("Kolom", "Wajib", "Keterangan")):
        cell = ws.cell(row=start, column=index + 1, value=text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for offset, col in enumerate(spec.columns, start=1):
        ws.cell(row=start + offset, column=1, value=col.label)
        ws.cell(row=start + offset, column=2, value="ya" if col.required else "")
        help_text = col.help
        if col.kind == CHOICE:
            help_text += " Pilihan: " + "; ".join(col.choice_labels()) + "."
        cell = ws.cell(row=start + offset, column=3, value=help_text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = -(-len(help_text) // 85)  # spreadsheets do not size wrapped rows themselves
        if lines > 1:
            ws.row_dimensions[start + offset].height = 15 * lines
    _print_setup(ws)


def mark_template(wb: Workbook, *, dataset: str, period: str) -> None:
    """The dataset and period as custom document properties (ucj.imports.detect reads them):
    not in a cell, so editing cannot break them; Excel and LibreOffice keep them."""
    wb.custom_doc_props.append(StringProperty(name=DATASET_PROPERTY, value=dataset))
    wb.custom_doc_props.append(StringProperty(name=PERIOD_PROPERTY, value=period))


def template_workbook(*, actor, dataset: str, period: str) -> bytes:
    spec, ds = get_spec(dataset), get_dataset(dataset)
    rows = template_rows(actor=actor, dataset=dataset, period=period)
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for index, col in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=index, value=_header_text(col))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        longest = max([len(col.label), *(len(label) for label in col.choice_labels())])
        ws.column_dimensions[get_column_letter(index)].width = max(12, min(34, longest + 4))
    ws.row_dimensions[1].height = 32
    for r, values in enumerate(rows, start=2):
        for index, col in enumerate(spec.columns, start=1):
            cell = _put(ws, r, index, values.get(col.key), col)
            cell.protection = UNLOCKED
            if col.prefill:
                cell.fill = PREFILL_FILL
    last_row = len(rows) + 1 + EXTRA_ROWS
    for r in range(len(rows) + 2, last_row + 1):
        for index, col in enumerate(spec.columns, start=1):
            cell = ws.cell(row=r, column=index)
            cell.protection = UNLOCKED
            if col.kind in (REGION, MONTH):
                cell.number_format = "@"
    ws.freeze_panes = "C2"
    _print_setup(ws)
    region_codes = sorted({str(v["region_code"]) for v in rows})
    _validations(ws, spec, actor=actor, last_row=last_row, region_codes=region_codes)
    # The header row is locked; data cells are not. No password: this prevents accidents.
    ws.protection.sheet = True
    for option in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows",
                   "sort", "autoFilter"):
        setattr(ws.protection, option, False)
    _instructions(wb, spec, ds=ds, period=period, actor=actor)
    mark_template(wb, dataset=dataset, period=period)
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def error_workbook(*, table: Table, problems: list[Problem], path=None) -> bytes | None:
    """The uploaded rows, as read, with each problem marked: the cell in red with the reason as
    a comment, every reason of a row in a “Kesalahan” column, problems of the whole file on the
    header row. Corrected, it can be uploaded again as it is.

    Written row by row (openpyxl's write-only mode), so its memory is that of the problems,
    not of the rows: to ``path`` when given (then nothing is returned), else as bytes. Only the
    first ``COMMENT_LIMIT`` marked cells carry their reason as a comment (comments are costly
    to write and to open); every reason is in the “Kesalahan” column."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    header = list(table.rows[0]) if table.rows else []
    error_col = next((i for i, v in enumerate(header) if str(v or "").strip().lower() == "kesalahan"),
                     None)
    if error_col is None:
        error_col = max((len(r) for r in table.rows), default=0)
    by_row: dict[int, list[Problem]] = {}
    file_level = []
    for problem in problems:
        if problem.row is None:
            file_level.append(problem.message)
        else:
            by_row.setdefault(problem.row, []).append(problem)
    ws.freeze_panes = "A2"
    ws.column_dimensions[get_column_letter(error_col + 1)].width = 80
    comments = [0]  # marked cells given a comment so far
    for r, row in enumerate(table.rows, start=1):
        ws.append(_marked_row(ws, r, row, by_row.get(r, []), error_col=error_col,
                              file_level=file_level, comments=comments))
    if not table.rows:
        ws.append([WriteOnlyCell(ws, value="Kesalahan")])
    if path is not None:
        wb.save(path)
        return None
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _marked_row(ws, r: int, row, found: list[Problem], *, error_col: int,
                file_level: list[str], comments: list[int]) -> list:
    """One row of the error workbook: its values, its bad cells marked, its reasons."""
    marked = {p.column: p.reason for p in found if p.column is not None}
    cells = [None] * max(len(row), error_col + 1, *(c + 1 for c in marked))
    for c, value in enumerate(row):
        if c != error_col and value is not None and value != "":
            if value.__class__ is str and value.startswith("="):
                value = _text_cell(ws, value)  # never a formula
            elif isinstance(value, Decimal):
                value = float(value)
            cells[c] = value
    for c, reason in marked.items():
        value = cells[c]
        cell = value if isinstance(value, Cell) else WriteOnlyCell(ws, value=value)
        cell.fill = ERROR_FILL
        if comments[0] < COMMENT_LIMIT:
            cell.comment = Comment(reason, "UCJ Monitor")
            comments[0] += 1
        cells[c] = cell
    if r == 1 or found:
        cells[error_col] = _reasons_cell(ws, r, found, file_level)
    return cells


def _reasons_cell(ws, r: int, found: list[Problem], file_level: list[str]):
    """The “Kesalahan” cell of a row: its heading on row 1 (with the file's problems), the
    reasons of the row's problems below."""
    if r == 1:
        text = "Kesalahan"
    else:
        text = " · ".join((f"{p.letter} {p.label}: {p.reason}" if p.column is not None
                           else p.reason) for p in found)
    cell = WriteOnlyCell(ws, value=text)
    cell.font = ERROR_FONT
    if r == 1 and file_level:
        cell.fill = ERROR_FILL
        cell.comment = Comment("\n".join(file_level), "UCJ Monitor", width=400, height=200)
    elif r > 1:
        cell.alignment = Alignment(wrap_text=True)
    return cell


def _text_cell(ws, value: str):
    """A cell of a write-only sheet holding text that openpyxl would take for a formula."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell
