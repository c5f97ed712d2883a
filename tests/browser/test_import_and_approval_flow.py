"""The spreadsheet round trip and the approval workflow, as the people do it in a browser:

the Lombok Timur operator downloads the template, fills it, uploads it, sees the preview,
applies it and submits; the province admin returns it with a reason; the operator corrects it
(a second upload, a changed value in the preview) and resubmits; the admin approves; the
operator can no longer change it (neither by the form nor by a new upload); the admin
reopens it with a reason, and the operator can change it again."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.test_allocation_flow import sign_in, sign_out
from ucj.budget.models import Allocation
from ucj.submissions.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)


def download_template(page: Page, base: str, tmp_path: Path) -> Path:
    page.goto(f"{base}/impor/")
    row = page.locator("tr", has_text="Alokasi anggaran")
    with page.expect_download() as info:
        row.get_by_role("button", name=re.compile("Templat")).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def fill_allocation(template: Path, target: Path, *, workers: int, amount: str) -> Path:
    wb = load_workbook(template)
    ws = wb["Data"]
    headers = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=1).value == "52.03"  # pre-filled with the user's own region
    values = {"Tahap APBD *": "APBD murni", "Sumber dana *": "APBD kabupaten/kota",
              "Jumlah anggaran (Rp) *": amount, "Jumlah pekerja *": workers,
              "Jumlah bulan *": 12, "Paket iuran *": "bpu-jkk-jkm"}
    for header, value in values.items():
        ws.cell(row=2, column=headers.index(header) + 1, value=value)
    wb.save(target)
    return target


def upload(page: Page, base: str, path: Path) -> None:
    page.goto(f"{base}/impor/")  # no dataset chosen: the template says which it is
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_text("Pratinjau: belum ada yang disimpan")).to_be_visible()


def applied(page: Page) -> None:
    """The apply is queued; the job's page follows it (polling while the worker writes, here
    the immediate backend) and shows the result."""
    expect(page.get_by_text("Diterapkan:")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("heading", name="Menerapkan berkas")).to_have_count(0)


def test_upload_preview_apply_submit_return_correct_approve_lock_reopen(
        page: Page, live_server, ntb, op_a, admin_user, package, tmp_path):
    base = live_server.url
    year = dt.date.today().year
    submission_url = f"{base}/pengiriman/allocations/52.03/{year}/"

    # The operator fills the template and uploads it: the preview shows one new record.
    sign_in(page, base, "op.lotim")
    template = download_template(page, base, tmp_path)
    first = fill_allocation(template, tmp_path / "alokasi.xlsx", workers=1000,
                            amount="Rp 201.600.000")
    upload(page, base, first)
    expect(page.locator(".kpi", has_text="Baru")).to_contain_text("1")
    expect(page.get_by_role("heading", name="1 data baru")).to_be_visible()
    expect(page.locator("table", has_text="Lombok Timur")).to_contain_text("Rp 201.600.000")
    assert not Allocation.objects.exists()  # nothing is written before applying
    page.get_by_role("button", name="Terapkan").click()
    applied(page)
    assert Allocation.objects.get().amount == 201_600_000

    # … and submits the period for verification.
    page.get_by_role("link", name=re.compile("Lombok Timur")).click()
    expect(page).to_have_url(submission_url)
    page.get_by_role("button", name="Kirim untuk verifikasi").click()
    expect(page.locator("main")).to_contain_text("dikirim")
    sign_out(page)

    # The province returns it, with a reason.
    sign_in(page, base, "admin.prov")
    page.goto(submission_url)
    page.get_by_label("Alasan pengembalian").fill("Jumlah pekerja harus 1.200 sesuai DPA.")
    page.get_by_role("button", name=re.compile("Kembalikan")).click()
    expect(page.locator("main")).to_contain_text("dikembalikan")
    sign_out(page)

    # The operator reads the reason, corrects the file, sees the change side by side, applies
    # it (confirming nothing: the amount matches 1.200 workers × tariff × 12) and resubmits.
    sign_in(page, base, "op.lotim")
    page.goto(submission_url)
    expect(page.locator("main")).to_contain_text("Jumlah pekerja harus 1.200 sesuai DPA.")
    second = fill_allocation(template, tmp_path / "alokasi-koreksi.xlsx", workers=1200,
                             amount="241.920.000")
    upload(page, base, second)
    changes = page.locator("table.changes")
    expect(changes).to_contain_text("1.000")
    expect(changes).to_contain_text("1.200")
    expect(changes).to_contain_text("Rp 241.920.000")
    page.get_by_role("button", name="Terapkan").click()
    applied(page)
    page.goto(submission_url)
    page.get_by_role("button", name="Kirim untuk verifikasi").click()
    expect(page.locator("main")).to_contain_text("dikirim")
    sign_out(page)

    # The province approves.
    sign_in(page, base, "admin.prov")
    page.goto(submission_url)
    page.get_by_role("button", name=re.compile("Setujui")).click()
    expect(page.locator("main")).to_contain_text("disetujui")
    sign_out(page)

    # Approved figures are locked: the form and a new upload are both refused.
    sign_in(page, base, "op.lotim")
    allocation = Allocation.objects.get()
    page.goto(f"{base}/data/allocations/{allocation.pk}/ubah/")
    page.get_by_label("Jumlah pekerja direncanakan").fill("1.300")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("main")).to_contain_text("sudah disetujui dan dikunci")
    page.goto(f"{base}/impor/")
    third = fill_allocation(template, tmp_path / "alokasi-lagi.xlsx", workers=1300,
                            amount="262.080.000")
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(str(third))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_text("Berkas mengandung kesalahan. Tidak ada yang disimpan.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("terkunci")
    allocation.refresh_from_db()
    assert allocation.workers_planned == 1200
    sign_out(page)

    # The province reopens it with a reason; the region may change it again.
    sign_in(page, base, "admin.prov")
    page.goto(submission_url)
    page.get_by_label("Alasan dibuka kembali").fill("Ada perubahan DPA.")
    page.get_by_role("button", name="Buka kembali").click()
    expect(page.locator("main")).to_contain_text("draf")
    sign_out(page)
    sign_in(page, base, "op.lotim")
    page.goto(f"{base}/data/allocations/{allocation.pk}/ubah/")
    page.get_by_label("Jumlah pekerja direncanakan").fill("1.300")
    page.get_by_label("Jumlah (Rp)").fill("262.080.000")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("h1")).to_contain_text("Lombok Timur")
    allocation.refresh_from_db()
    assert allocation.workers_planned == 1300
    assert Submission.objects.get().state == "draft"
