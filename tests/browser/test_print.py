"""Printing the pages (issue 19, item 6; ucj/static/ucj/page-print.css): with Chromium's print
emulation the navigation and the controls are gone, and every column of every table of the
forum brief (and of a record list and the dashboard) lies inside the printable width of its A4
page — portrait, or landscape for a table of nine columns or more; Chromium's own A4 PDF of the
brief holds every column heading and a landscape page. The pages are the same on every
database: the check runs in the SQLite pass of scripts/run-tests only."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.test_allocation_flow import sign_in
from ucj.budget.models import Commitment
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.forums import services
from ucj.forums.models import ChallengeCategory, MeetingLevel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite",
                       reason="the same pages on every database: checked in the SQLite pass"),
]

MM = 96 / 25.4  # CSS pixels per millimetre
# A4 less the margins of page-print.css (portrait 10 mm each side, landscape 10 mm)
PORTRAIT = round((210 - 20) * MM)
LANDSCAPE = round((297 - 20) * MM)

# For each table in <main>: whether it prints on a landscape page (its own or an ancestor's
# `page`), the right edge of its widest cell and of itself, the cells whose content overflows
# them, and its column headings.
TABLES = """() => [...document.querySelectorAll('main table')].map((table) => {
  let landscape = false;
  for (let el = table; el; el = el.parentElement) {
    if (getComputedStyle(el).page === 'landscape') { landscape = true; break; }
  }
  const cells = [...table.querySelectorAll('th, td')].filter((c) => c.offsetParent !== null);
  const right = Math.max(table.getBoundingClientRect().right,
                         ...cells.map((c) => c.getBoundingClientRect().right));
  const clipped = cells.filter((c) => c.scrollWidth > c.clientWidth + 1)
    .map((c) => `${c.outerHTML.slice(0, 200)} (${c.scrollWidth} > ${c.clientWidth})`);
  const headers = [...table.querySelectorAll('thead th')].map((th) => th.innerText.trim());
  return {cls: table.className, landscape, right, clipped, headers};
})"""


@pytest.fixture
def brief_meeting(ntb, admin_user, agency, records):
    """A province meeting with every part of the brief: figures, a challenge, action items."""
    Commitment.objects.create(region=ntb["52"], year=2025, target_coverage=Decimal("62.22"))
    for code, active, potential in [("52.01", 30_000, 240_000), ("52.02", 60_000, 360_000),
                                    ("52.71", 70_000, 150_000)]:
        for month in (5, 6):
            ParticipationSnapshot.objects.create(region=ntb[code], month=dt.date(2025, month, 1),
                                                 segment="BPU", active=active + month)
        WorkforceDenominator.objects.create(region=ntb[code], year=2025,
                                            workforce_potential=potential)
    today = timezone.localdate()
    meeting = services.meeting_create(actor=admin_user, title="Rakor UCJ NTB untuk dicetak",
                                      date=today + dt.timedelta(days=7),
                                      level=MeetingLevel.PROVINCE, region=ntb["52"],
                                      place="Kantor Gubernur NTB, Mataram")
    challenge = services.challenge_create(
        actor=admin_user, meeting=meeting, region=ntb["52.03"],
        category=ChallengeCategory.BUDGET, title="Efisiensi anggaran memangkas belanja iuran",
        description="Belanja iuran tidak tertampung dalam APBD murni tahun berjalan.")
    for days, title in [(-20, "Mengusulkan iuran 1.200 pekerja rentan dalam APBD-P"),
                        (10, "Menyampaikan daftar 22.000 pekerja rentan tervalidasi ke BPKAD")]:
        services.action_create(actor=admin_user, meeting=meeting, title=title,
                               due_date=today + dt.timedelta(days=days),
                               owner_region=ntb["52.03"], owner_agency=agency["bpkad"],
                               challenge=challenge)
    return meeting


def _check_tables(page: Page, where: str) -> list[dict]:
    """Every table inside the printable width of its page (portrait or landscape)."""
    found = []
    for orientation, width in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        page.set_viewport_size({"width": width, "height": 1000})
        for table in page.evaluate(TABLES):
            if table["landscape"] != (orientation == "landscape"):
                continue
            assert table["right"] <= width + 0.5, (where, orientation, table)
            assert table["clipped"] == [], (where, orientation, table)
            found.append(table)
    return found


def test_printed_pages_keep_every_column_on_a4_and_leave_out_the_navigation(
        page: Page, live_server, brief_meeting):
    base = live_server.url
    sign_in(page, base, "admin.prov")
    page.goto(f"{base}/forum/rapat/{brief_meeting.pk}/bahan/")
    skip_text = page.locator(".skip-link").inner_text().strip()
    page.emulate_media(media="print")

    for hidden in ("header.topbar", ".skip-link", "footer.site", ".page-head .actions",
                   ".forum-tabs"):
        expect(page.locator(hidden).first).to_be_hidden()
    tables = _check_tables(page, "brief")
    kinds = {t["cls"].split()[-1] for t in tables}
    assert {"brief-status", "brief-challenges", "brief-actions"} <= kinds, kinds
    status = next(t for t in tables if "brief-status" in t["cls"])
    assert status["landscape"] and len(status["headers"]) >= 9  # the wide one: landscape

    # Chromium's own A4 print of the brief: a landscape page for the status table, every
    # column heading of every table on paper, nothing of the navigation.
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    shapes = {"landscape" if p.mediabox.width > p.mediabox.height else "portrait"
              for p in pdf.pages}
    assert shapes == {"portrait", "landscape"}
    assert all(min(p.mediabox.width, p.mediabox.height) == pytest.approx(595, abs=1)
               for p in pdf.pages)  # A4: 210 mm = 595 pt
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    words = {w for t in tables for h in t["headers"] for w in h.split()}
    assert words and not [w for w in words if w not in text]
    assert skip_text and skip_text not in text

    # A record list (a landscape page of its own) and the dashboard print the same way.
    for path in ("/data/allocations/", "/dasbor/"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.emulate_media(media="screen")
        page.goto(base + path)
        page.emulate_media(media="print")
        expect(page.locator("header.topbar")).to_be_hidden()
        assert _check_tables(page, path)
