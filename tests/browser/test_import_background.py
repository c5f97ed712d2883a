"""A big upload in a browser: the page says the file is being checked and polls its progress;
when the worker has checked it, the page shows the preview by itself; the apply button queues
the apply, the page follows it and shows the result when the worker has written the rows."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_allocation_flow import sign_in
from ucj.core.worker import Worker
from ucj.coverage.models import WorkforceDenominator
from ucj.imports.models import ImportJob, ImportStatus

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    """The worker takes every queued task, then stops."""
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
           startup_delay=False, max_tasks=None, worker_id="browser-test",
           excluded_queue_names=[], housekeeping_seconds=0).run()


def test_a_big_upload_is_checked_in_the_background_and_the_page_follows(
        page: Page, live_server, ntb, op_a, settings, tmp_path):
    settings.UCJ_IMPORT_BACKGROUND_BYTES = 10  # every file is "big"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path
    buffer = io.StringIO()
    csv.writer(buffer).writerows([
        ["Kode wilayah", "Tahun", "Potensi tenaga kerja"],
        *[["52.03", year, f"{450_000 + year}"] for year in range(2017, 2027)]])
    path = tmp_path / "denominator.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")

    base = live_server.url
    sign_in(page, base, "op.lotim")
    page.goto(f"{base}/impor/")
    page.get_by_label("Jenis data").select_option("denominators")
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_role("heading", name="Memeriksa berkas")).to_be_visible()
    expect(page.get_by_text("menunggu pekerja latar belakang")).to_be_visible()
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKING

    # The worker takes the queued check; the page, polling, shows the preview by itself.
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED
    expect(page.get_by_text("Pratinjau: belum ada yang disimpan")).to_be_visible(timeout=15_000)
    expect(page.locator(".kpi", has_text="Baru")).to_contain_text("10")
    page.get_by_role("button", name="Terapkan").click()

    # Applying is queued: the page says so and polls; nothing is written until the worker runs.
    expect(page.get_by_role("heading", name="Menerapkan berkas")).to_be_visible()
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLYING
    assert not WorkforceDenominator.objects.filter(region__code="52.03").exists()
    run_worker()
    expect(page.get_by_text("Diterapkan: 10 baris: 10 baru")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("heading", name="Menerapkan berkas")).to_have_count(0)
    assert WorkforceDenominator.objects.filter(region__code="52.03").count() == 10
