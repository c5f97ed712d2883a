"""The monev report's forum follow-up is as of its period: what the forums agreed by the
period's end, overdue counted on that day with each item's status then, and "Permasalahan dan
rekomendasi" per regency from the challenges recorded by then.

Data (through the services): four regencies with participation in June and December 2025; a
rakor on 10 April 2025 maps a budget challenge of Lombok Timur and agrees one step on it, due
1 May 2025, moved to 50% on 20 May 2025 and done on 1 September 2025; a rakor on 19 February
2026 maps another challenge of Lombok Timur and agrees another step (both later than 2025).
The timeline's ``at`` is automatic: the updates are dated back as if written on those days.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from ucj.coverage import services as coverage
from ucj.forums import services as forums
from ucj.forums.models import ActionItem, ActionUpdate, Challenge
from ucj.reports.monev import monev_report, render_monev_pdf
from ucj.reports.summary import forum_sentence

EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JUNE, DECEMBER = dt.date(2025, 6, 1), dt.date(2025, 12, 1)
NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))  # the day the reports are made


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@pytest.fixture
def forum(ntb, admin_user, agency):
    for code in ("52.01", "52.02", "52.03", "52.71"):
        coverage.denominator_create(actor=admin_user, region=ntb[code], year=2025,
                                    workforce_potential=300_000, vulnerable_target=40_000,
                                    confirm_warnings=True)
        for month in (JUNE, DECEMBER):
            coverage.participation_create(actor=admin_user, region=ntb[code], month=month,
                                          segment="BPU", active=90_000, confirm_warnings=True)
    april = forums.meeting_create(actor=admin_user, title="Rakor UCJ NTB Triwulan I 2025",
                                  date=dt.date(2025, 4, 10), level="province", region=ntb["52"],
                                  place="Mataram")
    challenge = forums.challenge_create(
        actor=admin_user, meeting=april, region=ntb["52.03"], category="budget",
        title="Efisiensi anggaran 2025 memangkas belanja iuran",
        description="Belanja iuran pekerja rentan dipotong dalam pergeseran anggaran.")
    step = forums.action_create(
        actor=admin_user, meeting=april, title="Usulkan iuran pekerja rentan dalam APBD-P 2025",
        due_date=dt.date(2025, 5, 1), owner_region=ntb["52.03"], owner_agency=agency["bpkad"],
        challenge=challenge)
    started = forums.action_update(actor=admin_user, action=step, progress=50,
                                   comment="Usulan disusun bersama TAPD")
    finished = forums.action_update(
        actor=admin_user, action=step, status="done", comment="Masuk rancangan APBD-P",
        evidence_file=SimpleUploadedFile("bukti.pdf", EVIDENCE, content_type="application/pdf"))
    ActionUpdate.objects.filter(pk=started.pk).update(at=at(dt.date(2025, 5, 20)))
    ActionUpdate.objects.filter(pk=finished.pk).update(at=at(dt.date(2025, 9, 1)))
    ActionItem.objects.filter(pk=step.pk).update(done_at=dt.date(2025, 9, 1))

    february = forums.meeting_create(actor=admin_user, title="Rakor UCJ NTB Triwulan I 2026",
                                     date=dt.date(2026, 2, 19), level="province",
                                     region=ntb["52"], place="Mataram")
    later = forums.challenge_create(actor=admin_user, meeting=february, region=ntb["52.03"],
                                    category="data", title="Data DTSEN 2026 belum dipadankan")
    forums.action_create(actor=admin_user, meeting=february, title="Tetapkan Perbup UCJ 2026",
                         due_date=dt.date(2026, 3, 31), owner_region=ntb["52.03"],
                         owner_agency=agency["setda"], challenge=later)
    return {"challenge": challenge, "step": step, "later": later, "ntb": ntb}


def report_of(period: str, now: dt.datetime = NOW):
    return monev_report(period=period, now=now)


def page_of(report, code: str):
    return next(page for page in report.pages if page.region.code == code)


def test_a_q2_2025_report_leaves_out_the_meeting_item_and_challenge_of_2026(forum):
    report = report_of("2025-Q2")
    assert [line.item.title for line in report.forum.items] == [
        "Usulkan iuran pekerja rentan dalam APBD-P 2025"]
    assert [c.title for c in report.forum.challenges] == [
        "Efisiensi anggaran 2025 memangkas belanja iuran"]
    # the report of a period after the February 2026 rakor has both
    later = report_of("2026-Q1")
    assert {c.title for c in later.forum.challenges} == {
        "Efisiensi anggaran 2025 memangkas belanja iuran", "Data DTSEN 2026 belum dipadankan"}


def test_an_item_due_in_may_and_done_in_september_is_overdue_in_q2_not_in_q4(forum):
    q2 = report_of("2025-Q2")
    assert [(line.item.title, line.days_late, line.item.status, line.item.progress)
            for line in q2.forum.overdue] == [
        ("Usulkan iuran pekerja rentan dalam APBD-P 2025", 60, "in_progress", 50)]  # 1 May→30 June
    assert q2.forum.done == 0
    assert q2.forum.counts_text == "1 sedang berjalan"
    q4 = report_of("2025-Q4")
    assert q4.forum.overdue == [] and q4.forum.done == 1
    # the stored item is untouched: done, 100%
    assert ActionItem.objects.get(pk=forum["step"].pk).status == "done"


def test_the_per_date_of_a_past_quarter_is_its_end_and_of_the_current_one_today(forum):
    q2 = report_of("2025-Q2")
    assert q2.as_of == q2.forum.as_of == dt.date(2025, 6, 30)
    assert forum_sentence(q2, q2.forum) == (
        "Dari 1 langkah strategis yang disepakati dalam forum koordinasi, 0 telah selesai dan "
        "1 melewati tenggat per 30 Juni 2025. 1 tantangan yang dipetakan dalam forum masih "
        "terbuka.")
    during = report_of("2025-Q2", now=timezone.make_aware(dt.datetime(2025, 5, 20, 12, 0)))
    assert during.as_of == dt.date(2025, 5, 20)
    # on 20 May the update of that day counts: 19 days late, in progress
    assert [(line.days_late, line.item.status) for line in during.forum.overdue] == [
        (19, "in_progress")]
    before = report_of("2025-Q1")  # 31 March 2025: the April rakor had not been held
    assert before.as_of == dt.date(2025, 3, 31)
    assert before.forum.total == 0 and before.forum.challenges == []


def test_a_challenge_resolved_after_the_period_is_still_a_problem_of_it(forum, admin_user):
    forums.challenge_update(actor=admin_user, challenge=forum["challenge"], status="resolved")
    Challenge.objects.filter(pk=forum["challenge"].pk).update(resolved_at=dt.date(2025, 8, 15))
    q2 = page_of(report_of("2025-Q2"), "52.03")
    assert [(p.challenge.title, p.challenge.status) for p in q2.forum.problems] == [
        ("Efisiensi anggaran 2025 memangkas belanja iuran", "open")]
    assert page_of(report_of("2025-Q4"), "52.03").forum.problems == []


def test_a_challenges_status_then_comes_from_its_audited_changes(forum, admin_user):
    # Moved to "being addressed" now (audited today): in June 2025 it was still open.
    forums.challenge_update(actor=admin_user, challenge=forum["challenge"], status="addressing")
    q2 = page_of(report_of("2025-Q2"), "52.03")
    assert [p.challenge.status for p in q2.forum.problems] == ["open"]
    this_year = monev_report(period=f"{timezone.localdate().year}")  # as of today
    assert [c.status for c in this_year.forum.challenges
            if c.pk == forum["challenge"].pk] == ["addressing"]


def test_a_challenge_of_april_2025_is_a_problem_of_its_regency_in_q2_with_its_step(forum):
    report = report_of("2025-Q2")
    lotim = page_of(report, "52.03")
    assert [(p.challenge.title, [(s.item.title, s.days_late) for s in p.steps])
            for p in lotim.forum.problems] == [
        ("Efisiensi anggaran 2025 memangkas belanja iuran",
         [("Usulkan iuran pekerja rentan dalam APBD-P 2025", 60)])]
    assert lotim.forum.other_open == []  # its only open item is listed with the problem
    for code in ("52.01", "52.02", "52.71"):
        assert page_of(report, code).forum.problems == []


def test_the_q2_2025_pdf_shows_the_problem_under_its_regency_and_nothing_of_2026(forum):
    content = render_monev_pdf(period="2025-Q2")
    pages = [" ".join((page.extract_text() or "").split())
             for page in PdfReader(io.BytesIO(content)).pages]
    text = " ".join(pages)
    for later in ("Data DTSEN 2026 belum dipadankan", "Tetapkan Perbup UCJ 2026",
                  "Rakor UCJ NTB Triwulan I 2026", "19 Februari 2026"):
        assert later not in text
    # Lombok Timur's part, from its heading up to the next regency's (Kota Mataram)
    lotim = text[text.index("Kabupaten Lombok Timur 52.03"):text.index("Kota Mataram 52.71")]
    section = lotim[lotim.index("Permasalahan dan rekomendasi"):]
    assert section.startswith(
        "Permasalahan dan rekomendasi Per 30 Juni 2025, forum koordinasi telah memetakan 1 "
        "permasalahan Lombok Timur yang belum terselesaikan. Lombok Timur bertanggung jawab "
        "atas 1 langkah strategis (1 sedang berjalan), 1 di antaranya melewati tenggat.")
    assert "Efisiensi anggaran 2025 memangkas belanja iuran" in section
    assert "Usulkan iuran pekerja rentan dalam APBD-P 2025" in section
    assert "terlambat 60 hari" in section
    assert "Status per 30 Juni 2025" in section
    lobar = text[text.index("Kabupaten Lombok Barat 52.01"):text.index("Kabupaten Lombok Tengah 52.02")]
    assert ("Per 30 Juni 2025, forum koordinasi belum mencatat permasalahan Lombok Barat yang "
            "belum terselesaikan.") in lobar
    # the forum section and the summary say the same day
    assert "hingga 30 Juni 2025, dengan statusnya per 30 Juni 2025" in text
