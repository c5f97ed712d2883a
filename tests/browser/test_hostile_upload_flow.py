"""The 1.7 KB workbook that used to take the server down (one cell at XFD1048576: a grid of
512 GiB, and the process aborted): an operator uploads it through the import page and through
the registry's list upload, reads the Indonesian refusal each time, and the server is still
there to serve the home page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import hostile_files as hf
from tests.browser.test_allocation_flow import sign_in
from ucj.imports.models import ImportJob, ImportStatus
from ucj.registry.models import SourceFile

pytestmark = pytest.mark.django_db(transaction=True)
REFUSAL = "Lembar “Data” memiliki sel di XFD1048576; batasnya 200.000 baris × 60 kolom"


@pytest.fixture
def registry_dir(settings, tmp_path):
    settings.REGISTRY_DIR = tmp_path / "registry"
    return settings.REGISTRY_DIR


def test_the_dimension_bomb_is_refused_in_indonesian_and_the_server_stays_up(
        page: Page, live_server, ntb, op_a, registry_dir, tmp_path):
    bomb = tmp_path / "data_pekerja.xlsx"
    bomb.write_bytes(hf.dimension_bomb())
    base = live_server.url
    sign_in(page, base, "op.lotim")

    page.goto(f"{base}/impor/")
    page.get_by_label("Jenis data").select_option("denominators")
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(str(bomb))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_text(REFUSAL)).to_be_visible()
    page.screenshot(path=str(tmp_path / "import-refused.png"), full_page=True)
    assert ImportJob.objects.get().status == ImportStatus.INVALID

    page.goto(f"{base}/registri/")
    page.locator("#id_region").select_option("52.03")
    page.get_by_label("Tahun").fill("2026")
    page.locator("#id_file").set_input_files(str(bomb))
    page.locator("form[action$='/registri/unggah/'] button[type=submit]").click()
    expect(page).to_have_url(f"{base}/registri/")
    expect(page.get_by_text(REFUSAL)).to_be_visible()
    page.screenshot(path=str(tmp_path / "registry-refused.png"), full_page=True)
    assert not SourceFile.objects.exists()
    assert not any((registry_dir / "uploads").iterdir())

    # the same server process, still serving
    response = page.goto(f"{base}/")
    assert response.status == 200
    expect(page.locator("nav").first).to_be_visible()
