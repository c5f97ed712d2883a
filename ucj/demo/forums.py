"""Synthetic coordination forums for the demo: two past province meetings (rakor) and one
regency meeting with their attendees, minutes, challenges and action items followed through
updates, and the next rakor ten days ahead, all written through the forum services and flagged
synthetic.

Past meetings have fixed dates in 2026 (between the demo's participation months, so the brief
shows change since the last meeting); due dates and the next meeting are placed relative to
the day the demo is loaded, so that reminders and the brief always show overdue and due-soon
items. Idempotent: a meeting whose title exists is not created again. Users' records are never
changed: updates are made by the demo's own users and point only to demo (synthetic) budget
records, and only the meetings created in this run are dated back (ucj/demo/loader.py)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone

from ucj.audit.models import Action, AuditEvent
from ucj.budget.models import Allocation, Commitment
from ucj.demo.pdf import demo_pdf
from ucj.forums import services
from ucj.forums.models import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Agency,
    Attendance,
    Challenge,
    Meeting,
)
from ucj.forums.reference import seed as seed_agencies
from ucj.regions.models import Region

# The demo's meetings, by title (what identifies them when loading again).
MEETING_TITLES = ("Rakor UCJ NTB Triwulan I 2026", "Rakor UCJ NTB Semester I 2026",
                  "Rapat Koordinasi UCJ Kabupaten Lombok Timur", "Rakor UCJ NTB Triwulan IV 2026")

MINUTES_Q1 = """## Pembukaan
Rapat dibuka oleh Kepala Disnakertrans Provinsi NTB atas arahan Wakil Gubernur agar setiap
kabupaten/kota menganggarkan iuran pekerja rentan dalam **APBD-P 2025** dan **APBD 2026**.

## Pembahasan
- BPJS Ketenagakerjaan menyampaikan cakupan kepesertaan aktif NTB dan daerah dengan kesenjangan terbesar.
- Beberapa daerah menyampaikan **efisiensi anggaran 2026** sebagai kendala utama.
- Data calon penerima belum seluruhnya dipadankan dengan DTSEN.

## Kesimpulan
1. Setiap daerah menyampaikan rencana anggaran iuran pekerja rentan sebelum rakor berikutnya.
2. Pemadanan data dilakukan bersama BPJS TK sebelum penetapan penerima.
"""
DECISIONS_Q1 = """1. Kabupaten/kota yang belum menganggarkan menyampaikan usulan dalam APBD-P 2026.
2. Kota Bima menyiapkan rancangan Perwali perlindungan pekerja rentan.
3. Sosialisasi manfaat JKK dan JKM diperluas ke pekerja informal di desa.
"""
MINUTES_S1 = """## Pembahasan
- Capaian cakupan per kabupaten/kota dibandingkan target 2026.
- Lombok Timur melaporkan koordinasi Disnaker–BPKAD dalam penganggaran belum berjalan.
- Provinsi akan menerbitkan **surat edaran Gubernur** tentang penganggaran UCJ 2027.

## Tindak lanjut
Langkah strategis dicatat di UCJ Monitor dan dipantau pada rakor berikutnya.
"""


def _pdf(title: str) -> ContentFile:
    return ContentFile(demo_pdf(title), name=f"{title.lower().replace(' ', '-')[:60]}.pdf")


def _invite(regions: dict[str, Region], agencies: dict[str, Agency], codes: list[str],
            absent: set[str]) -> list[dict]:
    rows = [{"region": regions["52"], "agency": agencies[a], "attendance": Attendance.PRESENT}
            for a in ("disnakertrans", "bappeda", "bpkad", "bpjs-tk")]
    for code in codes:
        for agency in ("disnaker", "bappeda", "bpkad"):
            attendance = (Attendance.ABSENT if f"{code}:{agency}" in absent else
                          Attendance.REPRESENTED if agency == "bpkad" and code in {"52.05", "52.72"}
                          else Attendance.PRESENT)
            rows.append({"region": regions[code], "agency": agencies[agency],
                         "attendance": attendance})
    return rows


def _progress(actor, action, steps: list[dict], days_ago: list[int], today: dt.date) -> None:
    """Record updates through the service, then date them in the past (``at`` is automatic)."""
    for step, ago in zip(steps, days_ago, strict=True):
        update = services.action_update(actor=actor, action=action, today=today, **step)
        when = timezone.now() - dt.timedelta(days=ago)
        ActionUpdate.objects.filter(pk=update.pk).update(at=when)
        if update.status_after == ActionStatus.DONE:
            type(action).objects.filter(pk=action.pk).update(done_at=timezone.localdate(when))
    latest = action.updates.aggregate(at=Max("at"))["at"]
    type(action).objects.filter(pk=action.pk).update(last_update_at=latest)


def meetings_to_add() -> list[str]:
    """The titles of the demo meetings that do not exist (what ``load_forums`` would create);
    a demo meeting users renamed exists under its new title (its audit ``update`` event)."""
    existing = set(Meeting.objects.filter(title__in=MEETING_TITLES).values_list("title", flat=True))
    for changes in AuditEvent.objects.filter(object_type="forums.meeting", action=Action.UPDATE,
                                             changes__has_key="title").values_list("changes",
                                                                                   flat=True):
        existing.add(changes["title"][0])
    return [title for title in MEETING_TITLES if title not in existing]


def load_forums(admin, *, today: dt.date | None = None) -> dict[str, int]:
    """Create the demo forums that are missing; returns counts of what was created."""
    today = today or timezone.localdate()
    created = {"agencies": seed_agencies(Agency), "meetings": 0, "challenges": 0,
               "action items": 0}
    regions = {r.code: r for r in Region.objects.filter(code__regex=r"^52(\.\d\d)?$")}
    if "52" not in regions:
        return created
    codes = sorted(c for c in regions if c != "52")
    agencies = {a.code: a for a in Agency.objects.all()}
    operators = {u.regions.first().code: u for u in type(admin).objects.filter(
        role="daerah_operator", username__startswith="op.").prefetch_related("regions")
        if u.regions.exists()}  # the demo's operators, never a real user
    bpjs = type(admin).objects.filter(username="bpjs.mataram").first()
    existing = set(MEETING_TITLES) - set(meetings_to_add())
    common = {"actor": admin, "is_synthetic": True}

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    title = MEETING_TITLES[0]
    if title not in existing:
        q1 = services.meeting_create(
            title=title, date=dt.date(2026, 2, 19), start_time=dt.time(9, 0), level="province",
            region=regions["52"], place="Ruang Rapat Anggrek, Kantor Gubernur NTB, Mataram",
            agenda="1. Capaian UCJ NTB per Desember 2025\n2. Rencana anggaran iuran pekerja "
                   "rentan APBD-P 2026\n3. Pemadanan data calon penerima dengan DTSEN",
            minutes=MINUTES_Q1, decisions=DECISIONS_Q1,
            attendees=_invite(regions, agencies, codes, {"52.08:bappeda", "52.72:disnaker"}),
            **common)
        services.attachment_add(actor=admin, meeting=q1, upload=_pdf("Notulen Rakor Triwulan I"),
                                description="Notulen bertanda tangan")
        created["meetings"] += 1
        budget = services.challenge_create(
            meeting=q1, region=regions["52.08"], category="budget",
            title="Efisiensi anggaran 2026 memangkas belanja iuran pekerja rentan",
            description="Belanja iuran tidak tertampung dalam APBD murni 2026 setelah efisiensi.",
            indicators=["allocated", "budget_need", "adequacy"], **common)
        perwali = services.challenge_create(
            meeting=q1, region=regions["52.72"], category="regulation",
            title="Belum ada Perwali perlindungan jaminan sosial pekerja rentan",
            indicators=["target_coverage", "coverage"], status="addressing", **common)
        data = services.challenge_create(
            meeting=q1, region=regions["52.02"], category="data",
            title="Data calon penerima belum dipadankan dengan DTSEN",
            indicators=["funded_workers", "vulnerable_coverage"], **common)
        services.challenge_create(
            meeting=q1, region=regions["52"], category="awareness",
            title="Pemahaman pekerja informal desa tentang manfaat JKK dan JKM masih rendah",
            indicators=["coverage"], **common)
        created["challenges"] += 4

        klu = services.action_create(
            meeting=q1, challenge=budget, title="Mengusulkan iuran 1.200 pekerja rentan dalam "
            "APBD-P 2026", owner_region=regions["52.08"], owner_agency=agencies["bpkad"],
            due_date=day(-61), **common)
        if "52.08" in operators:
            _progress(operators["52.08"], klu, [
                {"progress": 30, "comment": "Usulan disampaikan ke TAPD."},
                {"progress": 60, "comment": "Dibahas dalam KUA-PPAS perubahan; menunggu "
                                            "persetujuan DPRD."}], [200, 90], today)
        bima = services.action_create(
            meeting=q1, challenge=perwali, title="Menyusun rancangan Perwali perlindungan "
            "pekerja rentan", owner_region=regions["52.72"], owner_agency=agencies["hukum"],
            due_date=day(-30), **common)
        if "52.72" in operators:
            _progress(operators["52.72"], bima, [
                {"progress": 20, "comment": "Naskah akademik disusun."},
                {"status": "blocked", "comment": "Menunggu harmonisasi dari Kanwil Kemenkum."}],
                [180, 40], today)
        loteng = services.action_create(
            meeting=q1, challenge=data, title="Memadankan 16.000 calon penerima dengan DTSEN "
            "bersama BPJS TK", owner_region=regions["52.02"], owner_agency=agencies["disnaker"],
            due_date=dt.date(2026, 5, 31), **common)
        commitment = Commitment.objects.filter(region=regions["52.02"], year=2026,
                                               is_synthetic=True).first()
        if "52.02" in operators:
            _progress(operators["52.02"], loteng, [
                {"progress": 50, "comment": "8.000 NIK dipadankan; 312 tidak valid."},
                {"status": "done", "comment": "Pemadanan selesai; daftar penerima ditetapkan.",
                 "commitment": commitment, "evidence_file": None if commitment else
                 _pdf("Berita acara pemadanan")}], [230, 190], today)
            services.challenge_update(actor=admin, challenge=data, status="resolved")
        mataram = services.action_create(
            meeting=q1, title="Jemput bola pendaftaran pekerja pasar tradisional",
            owner_region=regions["52.71"], owner_agency=agencies["bpjs-tk"], due_date=day(9),
            **common)
        if bpjs is not None:
            _progress(bpjs, mataram, [
                {"progress": 40, "comment": "Pasar Kebon Roek dan Pasar Mandalika selesai."}],
                [25], today)
        created["action items"] += 4

    title = MEETING_TITLES[1]
    if title not in existing:
        s1 = services.meeting_create(
            title=title, date=dt.date(2026, 4, 23), start_time=dt.time(13, 30),
            level="province", region=regions["52"], place="Hotel Lombok Raya, Mataram",
            online_url="https://zoom.us/j/5200000000",
            agenda="1. Evaluasi tindak lanjut rakor Triwulan I\n2. Capaian cakupan per "
                   "kabupaten/kota\n3. Penganggaran UCJ 2027",
            minutes=MINUTES_S1,
            decisions="1. Provinsi menerbitkan surat edaran penganggaran UCJ 2027.\n"
                      "2. Lombok Timur membentuk tim koordinasi Disnaker–BPKAD.",
            attendees=_invite(regions, agencies, codes, {"52.05:disnaker", "52.06:bpkad"}),
            **common)
        created["meetings"] += 1
        lotim = services.challenge_create(
            meeting=s1, region=regions["52.03"], category="coordination",
            title="Koordinasi Disnaker–BPKAD dalam penganggaran iuran belum berjalan",
            indicators=["realization_rate", "allocated"], status="addressing", **common)
        created["challenges"] += 1
        listing = services.action_create(
            meeting=s1, challenge=lotim, title="Menyampaikan daftar 22.000 pekerja rentan "
            "tervalidasi ke BPKAD", owner_region=regions["52.03"],
            owner_agency=agencies["disnaker"], due_date=day(5), **common)
        allocation = Allocation.objects.filter(region=regions["52.03"], fiscal_year=2026,
                                               is_synthetic=True).first()
        if "52.03" in operators:
            _progress(operators["52.03"], listing, [
                {"progress": 25, "comment": "Validasi NIK tahap 1 selesai (9.400 orang)."},
                {"progress": 70, "comment": "Validasi tahap 2 selesai; alokasi APBD 2026 "
                                            "tercatat.", "allocation": allocation}],
                [150, 20], today)
        services.action_create(
            meeting=s1, title="Merealisasikan pembayaran iuran triwulan IV 2026",
            owner_region=regions["52.03"], owner_agency=agencies["bpkad"], due_date=day(20),
            **common)
        edaran = services.action_create(
            meeting=s1, title="Menerbitkan surat edaran Gubernur tentang penganggaran UCJ 2027",
            owner_region=regions["52"], owner_agency=agencies["disnakertrans"],
            due_date=day(-10), **common)
        _progress(admin, edaran, [{"progress": 50, "comment": "Draf dibahas dengan Biro Hukum."}],
                  [60], today)
        sumbawa = services.action_create(
            meeting=s1, title="Sosialisasi manfaat JKK dan JKM di 24 kecamatan",
            owner_region=regions["52.04"], owner_agency=agencies["disnaker"],
            due_date=dt.date(2026, 8, 31), **common)
        if "52.04" in operators:
            _progress(operators["52.04"], sumbawa, [
                {"progress": 50, "comment": "12 kecamatan selesai."},
                {"status": "done", "comment": "24 kecamatan selesai; 3.150 pekerja mendaftar.",
                 "evidence_file": _pdf("Laporan sosialisasi Sumbawa")}], [140, 95], today)
        created["action items"] += 4

    title = MEETING_TITLES[2]
    if title not in existing and "52.03" in regions:
        lotim_meeting = services.meeting_create(
            title=title, date=dt.date(2026, 5, 20), start_time=dt.time(9, 0), level="region",
            region=regions["52.03"], place="Aula Bappeda Lombok Timur, Selong",
            agenda="Tindak lanjut rakor provinsi: tim koordinasi penganggaran iuran",
            minutes="Tim koordinasi Disnaker–BPKAD–Bappeda dibentuk dengan SK Bupati.",
            attendees=[{"region": regions["52.03"], "agency": agencies[a],
                        "attendance": Attendance.PRESENT}
                       for a in ("disnaker", "bappeda", "bpkad", "bpjs-tk")],
            **common)
        created["meetings"] += 1
        services.action_create(
            meeting=lotim_meeting, title="Menetapkan SK Bupati tim koordinasi UCJ",
            owner_region=regions["52.03"], owner_agency=agencies["setda"], due_date=day(12),
            **common)
        created["action items"] += 1

    # The 2027 targets the next rakor follows up are demo commitments (ucj/demo/loader.py).

    title = MEETING_TITLES[3]
    if title not in existing:
        services.meeting_create(
            title=title, date=day(10), start_time=dt.time(9, 0), level="province",
            region=regions["52"], place="Ruang Rapat Anggrek, Kantor Gubernur NTB, Mataram",
            agenda="1. Capaian UCJ per kabupaten/kota sejak rakor Semester I\n2. Tindak lanjut "
                   "langkah strategis yang terlambat\n3. Komitmen yang belum dianggarkan dalam "
                   "APBD 2027",
            attendees=[{**row, "attendance": Attendance.INVITED}
                       for row in _invite(regions, agencies, codes, set())],
            **common)
        created["meetings"] += 1
    _backdate(today, titles=set(MEETING_TITLES) - existing)
    return created


def _backdate(today: dt.date, *, titles: set[str]) -> None:
    """Date what the demo created at its meeting (``created_at`` is automatic), so that an item's
    timeline starts before the updates that follow it. Only the meetings of ``titles`` (those
    created in this run): what users added to a demo meeting later keeps its date."""
    for meeting in Meeting.objects.filter(is_synthetic=True, date__lte=today, title__in=titles):
        at = timezone.make_aware(dt.datetime.combine(meeting.date, meeting.start_time
                                                     or dt.time(9, 0)))
        for model in (ActionItem, Challenge):
            model.objects.filter(meeting=meeting, created_at__gt=at).update(created_at=at)
        Meeting.objects.filter(pk=meeting.pk, created_at__gt=at).update(created_at=at)
