"""The journey of issue 19's "done when": the Lombok Timur operator signs in, sees on its home
that the allocations are due, downloads the template from there, fills one row, uploads it
without choosing a dataset (the template says which it is), applies and submits: at most 8
actions in the browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.test_allocation_flow import sign_in
from ucj.budget.models import Allocation
from ucj.submissions.models import State, Submission
from ucj.submissions.selectors import todo

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite",  # the suite's time budget (make test)
                       reason="the same pages on every database: checked in the SQLite pass; "
                              "tests/test_import_detect.py runs on both"),
]


def test_operator_enters_the_due_allocations_in_eight_actions_choosing_no_dataset(
        page: Page, live_server, ntb, op_a, package, tmp_path: Path):
    base = live_server.url
    due = next(g.latest for g in todo(op_a, today=timezone.localdate()).groups
               if g.latest.ds.slug == "allocations")
    actions = 0

    sign_in(page, base, "op.lotim")  # 1: sign in (the form)
    actions += 1
    row = page.locator('tr.todo-item[data-dataset="allocations"]')
    expect(row).to_contain_text(f"Alokasi anggaran · Lombok Timur · {due.period}")
    with page.expect_download() as info:  # 2: the template of what is due
        row.get_by_role("link", name=re.compile("Unduh templat")).click()
    actions += 1
    template = tmp_path / info.value.suggested_filename
    info.value.save_as(template)

    # filled in the spreadsheet program (not a browser action): one row
    wb = load_workbook(template)
    ws = wb["Data"]
    headers = [c.value for c in ws[1]]
    values = {"Tahap APBD *": "APBD murni", "Sumber dana *": "APBD kabupaten/kota",
              "Jumlah anggaran (Rp) *": "Rp 201.600.000", "Jumlah pekerja *": 1000,
              "Jumlah bulan *": 12, "Paket iuran *": "bpu-jkk-jkm"}
    for header, value in values.items():
        ws.cell(row=2, column=headers.index(header) + 1, value=value)
    filled = tmp_path / "alokasi.xlsx"
    wb.save(filled)

    page.locator("summary", has_text="Data").click()  # 3, 4: the import page, from the menu
    page.get_by_role("link", name=re.compile("^Impor")).click()
    actions += 2
    expect(page.get_by_label("Jenis data")).to_have_value("")  # nothing chosen by hand
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(str(filled))  # 5
    page.get_by_role("button", name="Unggah dan periksa").click()  # 6
    actions += 2
    expect(page.get_by_text("Pratinjau: belum ada yang disimpan")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"templat periode {due.period}")
    page.get_by_role("button", name="Terapkan").click()  # 7
    actions += 1
    expect(page.get_by_text("Diterapkan:")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Kirim untuk verifikasi").click()  # 8: from the result
    actions += 1
    expect(page.locator("main")).to_contain_text("dikirim")

    assert actions <= 8
    allocation = Allocation.objects.get()
    assert (allocation.region.code, str(allocation.fiscal_year)) == ("52.03", due.period)
    assert Submission.objects.get(dataset="allocations").state == State.SUBMITTED
