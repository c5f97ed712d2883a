"""What a sheet shows beyond its values, read from the parsed workbook (ucj.core.sheetfacts):
the same from openpyxl, XlsxWriter and a prefixed hand-written workbook."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import Workbook

from tests.fixtures.bad_imports.make_corpus import HEADERS, raw_xlsx, save
from tests.fixtures.read_exactly.make_corpus import xlsxwriter_book
from tests.import_helpers import upload
from ucj.core.safefiles import inspect_xlsx
from ucj.core.sheetfacts import is_percent_format, sheet_facts
from ucj.imports.readers import ReadError, read_xlsx


def facts_of(data: bytes):
    return sheet_facts(inspect_xlsx(data), "Data")


@pytest.mark.parametrize("code, percent", [
    ("0%", True), ("0.00%", True), ("#,##0.0%;[Red]-#,##0.0%", True), ('0.0"%"', False),
    ("0\\%", False), ("#,##0", False), ("[$%-421]#,##0", False), ("General", False),
    ('"%" 0', False), ("yyyy-mm-dd", False),
])
def test_a_percent_format_is_a_percent_sign_outside_quotes_and_escapes(code, percent):
    assert is_percent_format(code) is percent


def test_openpyxl_hidden_rows_columns_and_percent_cells_are_found():
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in [["a", "b", "c"], [1, 0.45, "x"], [2, 1, "y"], [3, 0.5, "z"]]:
        ws.append(row)
    ws["B2"].number_format = "0%"
    ws["B3"].number_format = "0.00%"
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["C"].hidden = True
    facts = facts_of(save(wb))
    assert facts.hidden_rows == {2}
    assert 2 in facts.hidden_columns and 1 not in facts.hidden_columns
    assert facts.percent_cells == {(1, 1), (2, 1)}
    assert facts.formulas == [] and facts.merged == []


def test_xlsxwriter_and_open_xml_sdk_percent_cells_are_found():
    rows = [["a", "b"], [1, 0.45], [2, 1]]
    assert facts_of(xlsxwriter_book(rows, formats={"B2": "0%", "B3": "0.0%"})).percent_cells == {
        (1, 1), (2, 1)}
    prefixed = raw_xlsx(rows, prefix="x:", styles={"B2": 1, "B3": 3}, attribute_order="sr",
                        number_formats='<x:numFmts count="1"><x:numFmt numFmtId="164" '
                                       'formatCode="0.0&quot;%&quot;"/></x:numFmts>')
    assert facts_of(prefixed).percent_cells == {(1, 1)}  # "%" in quotes is text, not a percent


def test_formulas_are_found_in_any_form_and_the_workbook_is_refused():
    plain = raw_xlsx([["a", "b"], [1, None]], formulas={"B2": "A2*2"})
    prefixed = raw_xlsx([["a", "b"], [1, None]], prefix="x:", formulas={"B2": "A2*2"},
                        styles={"B2": 0}, attribute_order="sr")
    with translation.override("en"):
        for data in (plain, prefixed):
            assert facts_of(data).formulas == ["B2"]
            with pytest.raises(ReadError, match=r"formulas \(e.g. in B2\)"):
                read_xlsx(data)


def test_a_prefixed_workbook_reads_the_same_values_as_a_plain_one():
    rows = [["Kode wilayah", "Tahun"], ["52.03", 2026], ["52.01", 2025]]
    assert read_xlsx(raw_xlsx(rows, prefix="x:")).rows == read_xlsx(raw_xlsx(rows)).rows


def test_a_filled_hidden_column_is_a_warning_naming_it(client, records, admin_user):
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(HEADERS["denominators"])
    ws.append(["52.03", "Lombok Timur", 2026, 460_000, 440_000, 330_000, 72_000, "BPS"])
    ws.append(["52.01", "Lombok Barat", 2026, 400_000, None, None, None, None])
    ws.column_dimensions["F"].hidden = True
    client.force_login(admin_user)
    with translation.override("en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        _response, job = upload(client, "denominators", "hidden.xlsx", save(wb))
    warned = {w["row"]: " ".join(w["warnings"]) for w in job.report["warnings"]}
    assert "column F (“Pekerja informal”) is hidden" in warned[2]
    assert "hidden" not in warned.get(3, "")  # its F is empty: nothing hidden is read from it
