"""A regency operator signs in, creates an allocation and a realization and sees them in the
list; another regency's operator does not."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{base}/")


def sign_out(page: Page) -> None:
    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Keluar").click()


def test_operator_budgets_and_pays_and_the_other_region_sees_nothing(
        page: Page, live_server, ntb, op_a, op_b, package):
    base = live_server.url
    sign_in(page, base, "op.lotim")

    page.goto(f"{base}/data/allocations/baru/")
    page.get_by_label("Daerah").select_option(label="52.03 Kabupaten Lombok Timur")
    page.get_by_label("Tahun anggaran").fill("2026")
    page.get_by_label("Tahap anggaran").select_option("murni")
    page.get_by_label("Sumber dana").select_option("apbd_kabkota")
    page.get_by_label("Paket iuran").select_option(label="BPU JKK + JKM")
    page.get_by_label("Jumlah (Rp)").fill("Rp 201.600.000")
    page.get_by_label("Jumlah pekerja direncanakan").fill("1.000")
    page.get_by_label("Jumlah bulan").fill("12")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("h1")).to_contain_text("Lombok Timur 2026")
    expect(page.get_by_text("Rp 201.600.000")).to_be_visible()
    allocation_url = page.url

    page.get_by_role("link", name=re.compile("Tambah realisasi")).click()
    page.get_by_label("Bulan").fill("2026-01")
    page.get_by_label("Jumlah dibayar (Rp)").fill("16.800.000")
    page.get_by_label("Pekerja dibayar").fill("1.000")
    page.get_by_role("button", name="Simpan").click()
    # 1.000 workers × Rp 16.800 = Rp 16.800.000: no warning, saved at once
    expect(page.locator("h1")).to_contain_text("Januari 2026")

    page.goto(f"{base}/data/allocations/")
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    expect(page.locator("table.data")).to_contain_text("Rp 201.600.000")
    page.goto(f"{base}/data/realizations/")
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    expect(page.locator("table.data")).to_contain_text("Rp 16.800.000")
    sign_out(page)

    sign_in(page, base, "op.loteng")
    page.goto(f"{base}/data/allocations/")
    expect(page.get_by_text("Belum ada data.")).to_be_visible()
    expect(page.locator("table.data")).to_have_count(0)
    page.goto(f"{base}/data/realizations/")
    expect(page.get_by_text("Belum ada data.")).to_be_visible()
    page.goto(allocation_url)
    expect(page.locator("h1")).to_contain_text("Halaman tidak ditemukan")
