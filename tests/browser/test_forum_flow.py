"""The province admin records a coordination meeting with a challenge and an action item; the
regency operator who owns the item records progress with evidence from its task list; the
brief of the next meeting shows the update, and its PDF downloads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_allocation_flow import sign_in, sign_out
from ucj.forums import services
from ucj.forums.models import ActionItem, ActionUpdate, Challenge, Meeting

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_admin_records_a_meeting_operator_reports_progress_and_the_brief_shows_it(
        page: Page, live_server, records, agency, admin_user, op_a, op_b, tmp_path):
    base = live_server.url
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    due = today + dt.timedelta(days=10)

    # The province admin records yesterday's rakor.
    sign_in(page, base, "admin.prov")
    page.locator("#main-nav summary", has_text="Forum").click()
    page.locator("#main-nav").get_by_role("link", name="Rapat").click()
    page.get_by_role("link", name="+ Rapat baru").click()
    page.locator("#id_title").fill("Rakor UCJ Desember")
    page.locator("#id_date").fill(yesterday.isoformat())
    page.locator("#id_level").select_option("province")
    page.locator("#id_region").select_option(label="52 Nusa Tenggara Barat")
    page.locator("#id_place").fill("Kantor Gubernur NTB, Mataram")
    page.locator("#id_minutes").fill("## Kesimpulan\n- Lombok Timur **menambah** anggaran iuran")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("h1")).to_have_text("Rakor UCJ Desember")
    expect(page.locator("strong", has_text="menambah")).to_be_visible()  # Markdown rendered

    # … maps a challenge of Lombok Timur, linked to the coverage indicator …
    page.get_by_role("link", name="+ Tantangan").click()
    page.locator("#id_region").select_option(label="52.03 Kabupaten Lombok Timur")
    page.locator("#id_category").select_option("budget")
    page.locator("#id_title").fill("Efisiensi APBD 2026")
    page.get_by_label("Cakupan", exact=True).check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("body")).to_contain_text("Efisiensi APBD 2026")

    # … and agrees an action item owned by Lombok Timur's BPKAD.
    page.get_by_role("link", name="+ Langkah strategis").click()
    page.locator("#id_title").fill("Usulkan iuran 3.000 pekerja rentan di APBD-P")
    page.locator("#id_challenge").select_option(label="Lombok Timur · Efisiensi APBD 2026")
    page.locator("#id_owner_region").select_option("52.03")
    page.locator("#id_owner_agency").select_option("bpkad")
    page.locator("#id_due_date").fill(due.isoformat())
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator("body")).to_contain_text("Usulkan iuran 3.000 pekerja rentan di APBD-P")
    meeting = Meeting.objects.get(title="Rakor UCJ Desember")
    item = ActionItem.objects.get(meeting=meeting)
    assert (item.owner_region.code, item.owner_agency.code, item.due_date) == ("52.03", "bpkad", due)
    assert Challenge.objects.get(meeting=meeting).indicators == ["coverage"]
    sign_out(page)

    # Another region's operator reads the province meeting's item but cannot update it.
    sign_in(page, base, "op.loteng")
    page.goto(f"{base}/forum/langkah/{item.pk}/")
    expect(page.locator("h1")).to_contain_text("Usulkan iuran")
    expect(page.locator("form#perbarui")).to_have_count(0)
    sign_out(page)

    # The owner region's operator finds it among its tasks and reports progress with evidence.
    sign_in(page, base, "op.lotim")
    expect(page.locator("#main-nav summary", has_text="Forum")).to_contain_text("1")  # reminders
    page.goto(f"{base}/forum/tugas/")
    page.get_by_role("link", name="Usulkan iuran 3.000 pekerja rentan di APBD-P").click()
    evidence = tmp_path / "surat-usulan-bpkad.pdf"
    evidence.write_bytes(PDF)
    form = page.locator("form#perbarui")
    form.locator("#id_progress").fill("50")
    form.locator("#id_comment").fill("Usulan dikirim ke TAPD")
    form.locator("#id_evidence_file").set_input_files(str(evidence))
    form.get_by_role("button", name="Simpan pembaruan").click()
    expect(page.locator(".msg-success")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Usulan dikirim ke TAPD")
    expect(page.get_by_role("link", name="surat-usulan-bpkad.pdf")).to_be_visible()
    update = ActionUpdate.objects.get(action=item)
    assert (update.status_after, update.progress_after, update.evidence_name) == (
        "in_progress", 50, "surat-usulan-bpkad.pdf")
    sign_out(page)

    # Before the next rakor the admin opens its brief: the update is there.
    upcoming = services.meeting_create(actor=admin_user, title="Rakor UCJ Januari",
                                       date=today + dt.timedelta(days=14), level="province",
                                       region=records["commitments"].region.parent,
                                       place="Kantor Gubernur NTB")
    sign_in(page, base, "admin.prov")
    page.goto(f"{base}/forum/rapat/{upcoming.pk}/")
    page.get_by_role("link", name="Bahan rapat").click()
    updates = page.locator("table.brief-updates")
    expect(updates).to_contain_text("Usulkan iuran 3.000 pekerja rentan di APBD-P")
    expect(updates).to_contain_text("Usulan dikirim ke TAPD")
    expect(updates).to_contain_text("surat-usulan-bpkad.pdf")
    expect(updates).to_contain_text("50%")
    expect(page.locator("body")).to_contain_text("Efisiensi APBD 2026")  # the open challenge
    page.get_by_role("button", name="Buat PDF").click()  # made by the worker (issue 19)
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh bahan-rapat-").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
