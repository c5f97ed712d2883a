"""A coordination meeting held today reads "hari ini" everywhere; the owner region's operator
records progress the same day; that progress is in the next meeting's brief (page and PDF), and
today's brief says it went there (issue 15, item 7; docs/decisions.md 51)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.test_allocation_flow import sign_in, sign_out
from ucj.forums import services
from ucj.forums.models import ActionUpdate, Meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_progress_recorded_on_a_meetings_day_is_in_the_next_meetings_brief(
        page: Page, live_server, ntb, agency, admin_user, op_a):
    base = live_server.url
    today = timezone.localdate()

    # The province admin records today's rakor (no start time) …
    sign_in(page, base, "admin.prov")
    page.goto(f"{base}/forum/")
    page.get_by_role("link", name="+ Rapat baru").click()
    page.locator("#id_title").fill("Rakor UCJ hari ini")
    page.locator("#id_date").fill(today.isoformat())
    page.locator("#id_level").select_option("province")
    page.locator("#id_region").select_option(label="52 Nusa Tenggara Barat")
    page.locator("#id_place").fill("Kantor Gubernur NTB, Mataram")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("h1")).to_have_text("Rakor UCJ hari ini")
    # … which is today's, not upcoming, on its page and in the list.
    expect(page.locator(".meeting-facts .meeting-when")).to_have_text("hari ini")
    page.goto(f"{base}/forum/")
    row = page.locator("tbody tr", has_text="Rakor UCJ hari ini")
    expect(row.locator(".meeting-when")).to_have_text("hari ini")
    expect(row).not_to_contain_text("akan datang")
    expect(page.locator(".meeting-next-label")).to_contain_text("hari ini")
    sign_out(page)

    meeting = Meeting.objects.get(title="Rakor UCJ hari ini")
    item = services.action_create(actor=admin_user, meeting=meeting,
                                  title="Usulkan iuran pekerja rentan di APBD-P",
                                  due_date=today + dt.timedelta(days=10),
                                  owner_region=ntb["52.03"], owner_agency=agency["bpkad"])

    # Lombok Timur's operator records progress the same day, from its task list.
    sign_in(page, base, "op.lotim")
    page.goto(f"{base}/forum/tugas/")
    page.get_by_role("link", name="Usulkan iuran pekerja rentan di APBD-P").click()
    form = page.locator("form#perbarui")
    form.locator("#id_progress").fill("30")
    form.locator("#id_comment").fill("Nota dinas ke TAPD dikirim sore ini")
    form.get_by_role("button", name="Simpan pembaruan").click()
    expect(page.locator(".msg-success")).to_be_visible()
    update = ActionUpdate.objects.get(action=item)
    assert timezone.localdate(update.at) == today
    sign_out(page)

    # The next rakor's brief shows it; today's brief says it went to the next one.
    upcoming = services.meeting_create(actor=admin_user, title="Rakor UCJ bulan depan",
                                       date=today + dt.timedelta(days=30), level="province",
                                       region=ntb["52"], place="Aula Bappeda NTB")
    sign_in(page, base, "admin.prov")
    page.goto(f"{base}/forum/rapat/{upcoming.pk}/")
    page.get_by_role("link", name="Bahan rapat").click()
    updates = page.locator("table.brief-updates")
    expect(updates).to_contain_text("Usulkan iuran pekerja rentan di APBD-P")
    expect(updates).to_contain_text("Nota dinas ke TAPD dikirim sore ini")
    expect(updates).to_contain_text("0% → 30%")
    expect(page.locator(".brief-window")).to_contain_text("(awal rapat sebelumnya)")
    expect(page.locator(".brief-facts .meeting-when")).to_have_text("akan datang")
    # The PDF is made by the worker (issue 19): ordered here, fetched from its progress page.
    page.get_by_role("button", name="Buat PDF").click()
    expect(page.locator("h1")).to_contain_text("Bahan rapat (PDF)")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh bahan-rapat-").click()
    with open(download.value.path(), "rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Nota dinas ke TAPD dikirim sore ini" in " ".join(text.split())

    page.goto(f"{base}/forum/rapat/{meeting.pk}/bahan/")
    expect(page.locator(".brief-facts .meeting-when")).to_have_text("hari ini")
    expect(page.locator("table.brief-updates")).to_have_count(0)
    expect(page.locator(".brief-window")).to_contain_text(
        "1 catatan yang dibuat sejak rapat ini dimulai dihitung di bahan rapat berikutnya")
