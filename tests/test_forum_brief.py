"""The meeting brief ("bahan rapat"): the page and the PDF, who may read them, and what they
show against the indicator engine and the forum records.

Data: participation of regencies A (Lombok Timur, 52.03), B (Lombok Tengah, 52.02) and Lombok
Barat (52.01) in two months — the baseline month (that of the previous rakor) and the data
month (later) — with denominators, commitments and allocations written through the services.
The previous rakor was held ~100 days ago; the upcoming one is in 10 days. Dates of action
items are relative to today, as the page computes overdue items from the real date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ucj.audit.models import AuditEvent
from ucj.budget import services as budget
from ucj.core import pdf as pdfs
from ucj.core.formatting import format_int, format_ratio_pct, format_rupiah
from ucj.coverage import services as coverage
from ucj.forums import services
from ucj.forums.brief import meeting_brief
from ucj.forums.models import ActionItem, ActionUpdate, Challenge
from ucj.indicators import selectors as ind
from ucj.submissions.selectors import completeness

TODAY = timezone.localdate()
PREVIOUS = TODAY - dt.timedelta(days=100)
UPCOMING = TODAY + dt.timedelta(days=10)
ROLES = ["admin_user", "viewer", "op_a", "op_b", "bpjs"]
EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def first_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_before(month: dt.date) -> dt.date:
    return dt.date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


BASE_MONTH = first_of(PREVIOUS)  # the latest month with data on or before the previous rakor
DATA_MONTH = month_before(first_of(TODAY))  # later than BASE_MONTH
YEAR = DATA_MONTH.year


@pytest.fixture(autouse=True)
def _threshold_rows(db):
    """The status thresholds' rows (a browser test run before may have flushed them)."""
    from ucj.indicators.models import DEFAULT_VALUES, StatusThreshold

    for key, value in DEFAULT_VALUES.items():
        StatusThreshold.objects.get_or_create(key=key, defaults={"label": key, "value": value})


@pytest.fixture
def figures(ntb, admin_user, package):
    """Participation in two months, denominators, commitments and allocations."""
    a, b, c = ntb["52.03"], ntb["52.02"], ntb["52.01"]
    for region, workforce in ((a, 453_748), (b, 500_000), (c, 300_000)):
        coverage.denominator_create(actor=admin_user, region=region, year=BASE_MONTH.year,
                                    workforce_potential=workforce, vulnerable_target=50_000,
                                    confirm_warnings=True)
    for month, factor in ((BASE_MONTH, 1), (DATA_MONTH, 1.1)):
        for region, active in ((a, 120_000), (b, 101_000), (c, 70_000)):
            coverage.participation_create(
                actor=admin_user, region=region, month=month, segment="BPU",
                active=int(active * factor), funded_apbd_kabkota=17_000 if region == a else 0,
                confirm_warnings=True)
    budget.commitment_create(actor=admin_user, region=ntb["52"], year=YEAR,
                             target_coverage=Decimal("62.22"), confirm_warnings=True)
    budget.commitment_create(actor=admin_user, region=a, year=YEAR,
                             target_coverage=Decimal("45.00"), target_funded_workers=21_000,
                             perkada_number="Perbup Lombok Timur No. 12 Tahun 2025",
                             confirm_warnings=True)
    budget.allocation_create(actor=admin_user, region=a, fiscal_year=YEAR, stage="murni",
                             funding_source="apbd_kabkota", amount=3_427_200_000,
                             workers_planned=17_000, months_covered=12, package=package,
                             confirm_warnings=True)
    # Unbudgeted: B's commitment for next year (no allocation), A's for next year too.
    budget.commitment_create(actor=admin_user, region=b, year=YEAR + 1,
                             target_coverage=Decimal("50.00"), target_funded_workers=9_000,
                             pks_number="PKS/045/BPJSTK-5202", confirm_warnings=True)
    budget.commitment_create(actor=admin_user, region=a, year=YEAR + 1,
                             target_coverage=Decimal("50.00"), confirm_warnings=True)
    return ntb


@pytest.fixture
def forum(figures, admin_user, agency):
    """The previous rakor, the upcoming one, A's regency meeting; challenges, action items."""
    ntb = figures
    previous = services.meeting_create(
        actor=admin_user, title="Rakor UCJ NTB Triwulan III", date=PREVIOUS, level="province",
        region=ntb["52"], place="Aula Bappeda NTB")
    upcoming = services.meeting_create(
        actor=admin_user, title="Rakor UCJ NTB Triwulan IV", date=UPCOMING, level="province",
        region=ntb["52"], place="Kantor Gubernur NTB")
    local = services.meeting_create(
        actor=admin_user, title="Rapat Tim UCJ Lombok Timur", date=TODAY - dt.timedelta(days=20),
        level="region", region=ntb["52.03"], place="Selong")
    open_a = services.challenge_create(
        actor=admin_user, meeting=previous, region=ntb["52.03"], category="budget",
        title="Efisiensi anggaran memangkas belanja iuran",
        indicators=["coverage", "allocated", "active_participants", "status"])
    services.challenge_create(
        actor=admin_user, meeting=previous, region=ntb["52.02"], category="data",
        title="Data calon penerima sudah dipadankan", status="resolved")
    services.challenge_create(
        actor=admin_user, meeting=local, region=ntb["52.03"], category="coordination",
        title="Koordinasi Disnaker dan BPKAD Lombok Timur", indicators=["realization_rate"])
    item = lambda meeting, title, due, region, code="bpkad": services.action_create(  # noqa: E731
        actor=admin_user, meeting=meeting, title=title, due_date=due, owner_region=region,
        owner_agency=agency[code])
    items = {
        "overdue": item(previous, "Usulkan iuran dalam APBD-P", TODAY - dt.timedelta(days=7),
                        ntb["52.03"]),
        "done": item(previous, "Padankan data dengan DTSEN", TODAY - dt.timedelta(days=30),
                     ntb["52.02"], "disnaker"),
        "soon": item(previous, "Serahkan daftar pekerja rentan", UPCOMING, ntb["52.02"],
                     "disnaker"),
        "later": item(previous, "Susun Pergub perlindungan pekerja rentan",
                      TODAY + dt.timedelta(days=90), ntb["52"], "hukum"),
        "local": item(local, "Tetapkan SK tim koordinasi", TODAY - dt.timedelta(days=2),
                      ntb["52.03"], "setda"),
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    updates = {
        "before": services.action_update(actor=admin_user, action=items["overdue"], progress=10,
                                         comment="Dibahas sebelum rakor"),
        "after": services.action_update(actor=admin_user, action=items["overdue"], progress=40,
                                        comment="Usulan disampaikan ke TAPD"),
        "done": services.action_update(
            actor=admin_user, action=items["done"], status="done", comment="Selesai dipadankan",
            evidence_file=SimpleUploadedFile("berita-acara.pdf", EVIDENCE,
                                             content_type="application/pdf")),
    }
    when = {"before": PREVIOUS - dt.timedelta(days=3), "after": TODAY - dt.timedelta(days=10),
            "done": TODAY - dt.timedelta(days=31)}
    for key, day in when.items():  # ``at`` is auto_now_add: set it as if written back then
        ActionUpdate.objects.filter(pk=updates[key].pk).update(
            at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))))
    return {"previous": previous, "upcoming": upcoming, "local": local, "items": items,
            "updates": updates, "open_a": open_a, "ntb": ntb}


def brief_for(forum, user, meeting="upcoming"):
    return meeting_brief(forum[meeting], user, today=TODAY)


# --- who may read it ------------------------------------------------------------------------

class TestAccess:
    @pytest.mark.parametrize("who", ROLES)
    def test_every_user_of_the_province_reads_a_province_meeting_brief(self, client, request,
                                                                       forum, who):
        client.force_login(request.getfixturevalue(who))
        page = client.get(reverse("meeting_brief", args=[forum["upcoming"].pk]))
        assert page.status_code == 200
        assert "Rakor UCJ NTB Triwulan IV" in page.content.decode()

    @pytest.mark.parametrize("who, status", [("admin_user", 200), ("viewer", 200), ("op_a", 200),
                                             ("op_b", 404), ("bpjs", 404)])
    def test_a_regency_meeting_brief_is_read_by_that_regency_and_the_province(
            self, client, request, forum, who, status):
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse("meeting_brief", args=[forum["local"].pk])).status_code == status

    @pytest.mark.parametrize("who, status", [("admin_user", 302), ("op_a", 302), ("op_b", 404)])
    def test_the_pdf_follows_the_same_rule(self, client, request, forum, who, status):
        client.force_login(request.getfixturevalue(who))
        response = client.get(reverse("meeting_brief_pdf", args=[forum["local"].pk]))
        assert response.status_code == status
        response = client.post(reverse("meeting_brief_pdf_order", args=[forum["local"].pk]))
        assert response.status_code == status

    @pytest.mark.parametrize("name", ["meeting_brief", "meeting_brief_pdf"])
    def test_anonymous_is_sent_to_sign_in(self, client, forum, name):
        response = client.get(reverse(name, args=[forum["upcoming"].pk]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    def test_an_unknown_meeting_is_not_found(self, client, forum, admin_user):
        client.force_login(admin_user)
        assert client.get(reverse("meeting_brief", args=[99999])).status_code == 404


# --- 1. status and indicators -----------------------------------------------------------------

class TestRegionStatus:
    def test_data_and_baseline_months(self, forum, admin_user):
        brief = brief_for(forum, admin_user)
        assert brief.previous == forum["previous"]
        assert (brief.data_month, brief.baseline_month) == (DATA_MONTH, BASE_MONTH)

    @pytest.mark.parametrize("code", ["52.01", "52.02", "52.03", "52.71"])
    def test_status_and_coverage_are_the_engines(self, forum, admin_user, code):
        region = forum["ntb"][code]
        now, before = ind.indicators(region, DATA_MONTH), ind.indicators(region, BASE_MONTH)
        line = next(r for r in brief_for(forum, admin_user).regions if r.region == region)
        assert line.status == now["status"]
        assert line.coverage == now["coverage"]
        assert line.coverage_base == before["coverage"]
        assert line.values["target_gap_workers"] == now["target_gap_workers"]
        assert line.values["realization_rate"] == now["realization_rate"]
        if now["coverage"] is not None:
            assert line.coverage_change == (now["coverage"] - before["coverage"]) * 100
            assert line.active_change == now["active_participants"] - before["active_participants"]

    def test_the_province_line_is_the_engines_province(self, forum, admin_user):
        total = brief_for(forum, admin_user).total
        assert total.is_total and total.values == ind.indicators(forum["ntb"]["52"], DATA_MONTH)

    def test_the_page_shows_them_formatted(self, client, forum, admin_user):
        client.force_login(admin_user)
        page = client.get(reverse("meeting_brief", args=[forum["upcoming"].pk])).content.decode()
        a = ind.indicators(forum["ntb"]["52.03"], DATA_MONTH)
        assert format_ratio_pct(a["coverage"]) in page
        assert format_int(a["active_participants"]) in page
        assert format_rupiah(a["allocated"]) in page  # Rp 3.427.200.000
        assert f'light light-{a["status"]}' in page

    def test_a_regency_meeting_shows_its_regency_and_the_province(self, forum, op_a):
        brief = brief_for(forum, op_a, "local")
        assert [line.region.code for line in brief.regions] == ["52.03"]
        assert brief.total.region.code == "52"

    def test_unapproved_figures_are_marked(self, client, forum, admin_user, ntb):
        from ucj.submissions import services as submissions

        submissions.submission_submit(actor=admin_user, region=ntb["52.03"],
                                      dataset="participation", period=f"{DATA_MONTH:%Y-%m}")
        submissions.submission_approve(actor=admin_user, region=ntb["52.03"],
                                       dataset="participation", period=f"{DATA_MONTH:%Y-%m}")
        brief = brief_for(forum, admin_user)
        approved = {line.region.code for line in brief.regions if line.approved}
        assert approved == {"52.03"} and not brief.all_approved
        assert brief.approved_count == 1

    def test_without_a_previous_meeting_there_is_no_baseline(self, forum, admin_user):
        brief = brief_for(forum, admin_user, "previous")
        assert brief.previous is None and brief.baseline_month is None
        assert brief.regions[0].coverage_change is None

    def test_without_any_figures_the_page_says_so(self, client, ntb, admin_user):
        meeting = services.meeting_create(actor=admin_user, title="Rakor pertama", date=TODAY,
                                          level="province", region=ntb["52"], place="Mataram")
        client.force_login(admin_user)
        page = client.get(reverse("meeting_brief", args=[meeting.pk])).content.decode()
        assert "Belum ada angka kepesertaan." in page
        assert "rapat pertama" in page


# --- 2. challenges --------------------------------------------------------------------------

class TestChallenges:
    def test_open_challenges_with_their_indicators_now_and_not_resolved_ones(self, forum,
                                                                             admin_user):
        brief = brief_for(forum, admin_user)
        titles = [line.challenge.title for g in brief.challenges for line in g.items]
        assert "Efisiensi anggaran memangkas belanja iuran" in titles
        assert "Data calon penerima sudah dipadankan" not in titles  # resolved
        line = next(line for g in brief.challenges for line in g.items
                    if line.challenge == forum["open_a"])
        a = ind.indicators(forum["ntb"]["52.03"], DATA_MONTH)
        values = {v.key: v.text for v in line.indicators}
        assert values == {"coverage": format_ratio_pct(a["coverage"]),
                          "allocated": "Rp 3.427.200.000",
                          "active_participants": format_int(a["active_participants"]),
                          "status": str(ind.STATUS_LABELS[a["status"]])}

    def test_the_page_shows_them_grouped_by_region(self, client, forum, admin_user):
        client.force_login(admin_user)
        page = client.get(reverse("meeting_brief", args=[forum["upcoming"].pk])).content.decode()
        assert "Efisiensi anggaran memangkas belanja iuran" in page
        assert "Data calon penerima sudah dipadankan" not in page
        assert "Rp 3.427.200.000" in page and "Dialokasikan" in page

    def test_another_regions_regency_meeting_challenges_are_not_shown(self, forum, op_b, op_a):
        title = "Koordinasi Disnaker dan BPKAD Lombok Timur"
        as_b = [line.challenge.title for g in brief_for(forum, op_b).challenges for line in g.items]
        as_a = [line.challenge.title for g in brief_for(forum, op_a).challenges for line in g.items]
        assert title not in as_b and title in as_a


# --- 3. action items --------------------------------------------------------------------------

class TestActions:
    def test_an_overdue_item_is_overdue_and_a_done_one_is_not(self, forum, admin_user):
        brief = brief_for(forum, admin_user)
        overdue = {a.title: a.days_late for a in brief.overdue}
        assert overdue["Usulkan iuran dalam APBD-P"] == 7
        assert "Padankan data dengan DTSEN" not in overdue
        assert "Padankan data dengan DTSEN" in [a.title for a in brief.done]

    def test_due_soon_runs_to_the_later_of_the_meeting_and_the_reminder_window(self, forum,
                                                                              admin_user):
        soon = [a.title for a in brief_for(forum, admin_user).due_soon]
        assert soon == ["Serahkan daftar pekerja rentan"]  # not the one due in 90 days

    def test_updates_since_the_last_meeting_only(self, forum, admin_user):
        comments = [u.comment for u in brief_for(forum, admin_user).updates]
        assert "Usulan disampaikan ke TAPD" in comments
        assert "Dibahas sebelum rakor" not in comments
        assert "Selesai dipadankan" in comments

    def test_the_first_meeting_lists_every_update(self, forum, admin_user):
        comments = [u.comment for u in brief_for(forum, admin_user, "previous").updates]
        assert "Dibahas sebelum rakor" in comments

    def test_the_page_highlights_overdue_items_and_shows_the_timeline(self, client, forum,
                                                                      admin_user):
        client.force_login(admin_user)
        page = client.get(reverse("meeting_brief", args=[forum["upcoming"].pk])).content.decode()
        overdue = page.split('id="actions"')[1]
        assert 'class="overdue"' in overdue and "Usulkan iuran dalam APBD-P" in overdue
        assert "Usulan disampaikan ke TAPD" in page and "Dibahas sebelum rakor" not in page
        assert "berita-acara.pdf" in page and "10% → 40%" in page

    def test_another_regions_regency_items_follow_scope(self, forum, op_b, op_a):
        assert "Tetapkan SK tim koordinasi" not in [a.title for a in brief_for(forum, op_b).overdue]
        assert "Tetapkan SK tim koordinasi" in [a.title for a in brief_for(forum, op_a).overdue]

    def test_a_regency_meeting_lists_only_its_regencys_items(self, forum, op_a):
        # Held 20 days ago: its items as of its day. Of A's, "Usulkan" (due 7 days ago) was due
        # in 13 days, within the 14-day window; "Tetapkan SK" (due 2 days ago) in 18. B's items
        # ("Padankan", "Serahkan") and the province's ("Susun Pergub") are not A's.
        brief = brief_for(forum, op_a, "local")
        assert brief.as_of == TODAY - dt.timedelta(days=20)
        assert brief.overdue == []
        assert [(a.title, a.days_to_go) for a in brief.due_soon] == [
            ("Usulkan iuran dalam APBD-P", 13)]

    def test_seen_today_the_same_meeting_counts_overdue_today(self, forum, op_a):
        brief = meeting_brief(forum["local"], op_a, today=forum["local"].date)
        assert {a.title: a.days_late for a in brief.overdue} == {}
        brief = meeting_brief(forum["upcoming"], op_a, today=TODAY)
        assert {a.title: a.days_late for a in brief.overdue} == {
            "Usulkan iuran dalam APBD-P": 7, "Tetapkan SK tim koordinasi": 2}


# --- as of a past meeting ---------------------------------------------------------------------

class TestAsOfAPastMeeting:
    def test_what_later_meetings_agreed_or_raised_is_left_out(self, forum, admin_user):
        # The previous rakor (100 days ago) did not know the regency meeting of 20 days ago.
        brief = brief_for(forum, admin_user, "previous")
        titles = {a.title for a in brief.overdue + brief.due_soon}
        assert "Tetapkan SK tim koordinasi" not in titles
        challenges = [line.challenge.title for g in brief.challenges for line in g.items]
        # B's was recorded resolved today (resolved_at), so it was still open 100 days ago
        assert challenges == ["Data calon penerima sudah dipadankan",
                              "Efisiensi anggaran memangkas belanja iuran"]
        assert "Koordinasi Disnaker dan BPKAD Lombok Timur" in [
            line.challenge.title for g in brief_for(forum, admin_user).challenges
            for line in g.items]

    def test_an_item_done_after_the_meeting_was_overdue_at_it_with_its_status_then(
            self, forum, admin_user, agency):
        ntb = forum["ntb"]
        earlier = services.meeting_create(
            actor=admin_user, title="Rakor UCJ NTB Triwulan II", level="province",
            date=PREVIOUS - dt.timedelta(days=60), region=ntb["52"], place="Mataram")
        item = services.action_create(
            actor=admin_user, meeting=earlier, title="Kirim data pekerja rentan",
            due_date=PREVIOUS - dt.timedelta(days=10), owner_region=ntb["52.01"],
            owner_agency=agency["disnaker"])
        started = services.action_update(actor=admin_user, action=item, progress=30,
                                         comment="Sebagian terkirim")
        done = services.action_update(
            actor=admin_user, action=item, status="done", comment="Terkirim",
            evidence_file=SimpleUploadedFile("bukti.pdf", EVIDENCE,
                                             content_type="application/pdf"))
        for update, day in ((started, PREVIOUS - dt.timedelta(days=20)),
                            (done, PREVIOUS + dt.timedelta(days=5))):
            ActionUpdate.objects.filter(pk=update.pk).update(
                at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))))
        ActionItem.objects.filter(pk=item.pk).update(done_at=PREVIOUS + dt.timedelta(days=5))

        at_the_meeting = brief_for(forum, admin_user, "previous")
        late = {a.title: (a.days_late, a.status, a.progress) for a in at_the_meeting.overdue}
        assert late["Kirim data pekerja rentan"] == (10, "in_progress", 30)
        today = brief_for(forum, admin_user)
        assert "Kirim data pekerja rentan" not in [a.title for a in today.overdue]

    def test_a_challenge_resolved_after_the_meeting_was_open_at_it(self, forum, admin_user):
        services.challenge_update(actor=admin_user, challenge=forum["open_a"], status="resolved")
        Challenge.objects.filter(pk=forum["open_a"].pk).update(
            resolved_at=PREVIOUS + dt.timedelta(days=1))
        then = [(line.challenge.title, line.challenge.status)
                for g in brief_for(forum, admin_user, "previous").challenges for line in g.items]
        assert then == [("Data calon penerima sudah dipadankan", "open"),
                        ("Efisiensi anggaran memangkas belanja iuran", "open")]
        now = [line.challenge.title for g in brief_for(forum, admin_user).challenges
               for line in g.items]
        assert "Efisiensi anggaran memangkas belanja iuran" not in now

    def test_the_page_of_a_past_meeting_says_so(self, client, forum, admin_user):
        client.force_login(admin_user)
        page = client.get(reverse("meeting_brief", args=[forum["previous"].pk])).content.decode()
        assert "Sebagaimana dilihat rapat" in page
        page = client.get(reverse("meeting_brief", args=[forum["upcoming"].pk])).content.decode()
        assert "Sebagaimana dilihat rapat" not in page


# --- 4. commitments ----------------------------------------------------------------------------

class TestCommitments:
    def test_commitments_without_allocation_are_listed_with_allocation_not(self, forum,
                                                                           admin_user):
        brief = brief_for(forum, admin_user)
        listed = {(c.region.code, c.year) for c in brief.unbudgeted}
        assert ("52.02", YEAR + 1) in listed and ("52.03", YEAR + 1) in listed
        assert ("52.03", YEAR) not in listed  # it has an allocation
        assert ("52", YEAR) in listed  # the province's target, no province money allocated

    def test_province_money_in_a_regency_budgets_the_province_commitment(
            self, forum, admin_user, package):
        budget.allocation_create(actor=admin_user, region=forum["ntb"]["52.02"], fiscal_year=YEAR,
                                 stage="murni", funding_source="apbd_kabkota",
                                 amount=16_800_000, workers_planned=1_000, months_covered=1,
                                 package=package, confirm_warnings=True)
        assert ("52", YEAR) in {(c.region.code, c.year) for c in brief_for(
            forum, admin_user).unbudgeted}  # the regency's own money does not count
        budget.allocation_create(actor=admin_user, region=forum["ntb"]["52.02"], fiscal_year=YEAR,
                                 stage="murni", funding_source="dbhcht", amount=16_800_000,
                                 workers_planned=1_000, months_covered=1, package=package,
                                 confirm_warnings=True)  # the regency's own DBHCHT
        assert ("52", YEAR) in {(c.region.code, c.year) for c in brief_for(
            forum, admin_user).unbudgeted}
        budget.allocation_create(actor=admin_user, region=forum["ntb"]["52.02"], fiscal_year=YEAR,
                                 stage="murni", funding_source="dbhcht", payer="province",
                                 amount=16_800_000, workers_planned=1_000, months_covered=1,
                                 package=package, confirm_warnings=True)
        assert ("52", YEAR) not in {(c.region.code, c.year) for c in brief_for(
            forum, admin_user).unbudgeted}

    def test_a_regency_funded_only_by_province_money_has_not_budgeted(
            self, forum, admin_user, package):
        enacted = dt.date(YEAR - 1, 12, 1)  # long before the meeting
        for payer in ("province", "regency"):
            budget.allocation_create(actor=admin_user, region=forum["ntb"]["52.02"],
                                     fiscal_year=YEAR + 1, stage="murni", funding_source="dbhcht",
                                     payer=payer, enacted_on=enacted, amount=16_800_000,
                                     workers_planned=1_000, months_covered=1, package=package,
                                     confirm_warnings=True)
            listed = ("52.02", YEAR + 1) in {(c.region.code, c.year) for c in brief_for(
                forum, admin_user).unbudgeted}
            # the province's DBHCHT is not its budgeting; its own DBHCHT is
            assert listed == (payer == "province")

    def test_regencies_without_a_commitment_for_the_year(self, forum, admin_user):
        codes = [r.code for r in brief_for(forum, admin_user).without_commitment]
        assert codes == ["52.01", "52.02", "52.71"]

    def test_commitment_rows_follow_the_users_scope(self, forum, op_b):
        assert {(c.region.code, c.year) for c in brief_for(forum, op_b).unbudgeted} == {
            ("52.02", YEAR + 1)}

    def test_the_page_shows_their_legal_basis(self, client, forum, admin_user):
        client.force_login(admin_user)
        page = client.get(reverse("meeting_brief", args=[forum["upcoming"].pk])).content.decode()
        assert "PKS/045/BPJSTK-5202" in page


# --- the PDF --------------------------------------------------------------------------------------

class TestPdf:
    """The PDF is ordered from the brief page and made by the background task (issue 19);
    more in test_brief_pdf.py."""

    def test_it_is_an_audited_a4_pdf_download_of_the_same_content(
            self, client, forum, admin_user, monkeypatch, django_capture_on_commit_callbacks):
        rendered = []
        original = pdfs.html_to_pdf

        def spy(html, **kwargs):
            rendered.append(html)
            return original(html, **kwargs)

        monkeypatch.setattr(pdfs, "html_to_pdf", spy)
        client.force_login(admin_user)
        with django_capture_on_commit_callbacks(execute=True):
            ordered = client.post(reverse("meeting_brief_pdf_order",
                                          args=[forum["upcoming"].pk]))
        assert ordered.status_code == 302
        response = client.get(reverse("meeting_brief_pdf", args=[forum["upcoming"].pk]),
                              follow=True)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith(
            f'attachment; filename="bahan-rapat-{UPCOMING:%Y-%m-%d}.pdf"')
        content = b"".join(response.streaming_content) if response.streaming else \
            response.content
        assert content.startswith(b"%PDF-")
        html = rendered[0]
        assert "Bahan Rapat Koordinasi" in html and "Rakor UCJ NTB Triwulan IV" in html
        assert "Efisiensi anggaran memangkas belanja iuran" in html
        assert "Usulan disampaikan ke TAPD" in html and "Dibahas sebelum rakor" not in html
        assert format_ratio_pct(ind.indicators(forum["ntb"]["52.03"], DATA_MONTH)["coverage"]) \
            in html
        assert "ucj/print.css" in html and "Halaman" in html
        assert AuditEvent.objects.filter(action="export", object_type="forums.meeting",
                                         object_id=str(forum["upcoming"].pk)).count() == 1

    def test_a_viewer_orders_and_downloads_it_too(self, client, forum, viewer, monkeypatch,
                                                  django_capture_on_commit_callbacks):
        monkeypatch.setattr(pdfs, "html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 test")
        client.force_login(viewer)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("meeting_brief_pdf_order", args=[forum["upcoming"].pk]))
        response = client.get(reverse("meeting_brief_pdf", args=[forum["upcoming"].pk]),
                              follow=True)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


class TestPdfHelper:
    def test_static_files_are_read_from_disk(self):
        path = pdfs.static_file("http://localhost/static/ucj/print.css")
        assert path is not None and path.name == "print.css"
        response = pdfs.url_fetcher_for("http://localhost/").fetch(
            "http://localhost/static/ucj/print.css")
        assert b"@page" in response.read()

    @pytest.mark.parametrize("url", ["http://example.com/static/ucj/print.css",
                                     "http://localhost/media/forums/x.pdf",
                                     "http://localhost/static/../settings.py",
                                     "file:///etc/passwd",
                                     "http://localhost/static/ucj/missing.css"])
    def test_nothing_else_is_fetched(self, url):
        assert pdfs.static_file(url) is None
        with pytest.raises(ValueError):
            pdfs.url_fetcher_for("http://localhost/").fetch(url)

    def test_a_template_becomes_a_pdf_with_its_stylesheet_read_from_disk(self, monkeypatch):
        import weasyprint

        fetched = []
        fetcher = pdfs.url_fetcher_for("http://testserver/")
        original = fetcher.fetch

        def spy(url, headers=None):
            fetched.append(url)
            return original(url, headers)

        monkeypatch.setattr(fetcher, "fetch", spy)
        html = ('<link rel="stylesheet" href="/static/ucj/print.css">'
                '<img src="https://example.com/logo.png"><h1>Bahan rapat</h1>')
        document = weasyprint.HTML(string=html, base_url="http://testserver/",
                                   url_fetcher=fetcher).render()
        assert len(document.pages) == 1
        assert fetched == ["http://testserver/static/ucj/print.css",
                           "https://example.com/logo.png"]  # asked, refused: no network
        assert document.write_pdf().startswith(b"%PDF-")


# --- queries ----------------------------------------------------------------------------------------

def test_the_page_query_count_does_not_grow_with_records(client, forum, admin_user, agency,
                                                         django_assert_num_queries):
    client.force_login(admin_user)
    url = reverse("meeting_brief", args=[forum["upcoming"].pk])
    client.get(url)  # warm up (session, content types)
    cache.clear()  # counted as computed, not as cached (issue 18)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    ntb = forum["ntb"]
    for n in range(3):
        services.challenge_create(actor=admin_user, meeting=forum["previous"],
                                  region=ntb["52.71"], category="other", title=f"Tantangan {n}",
                                  indicators=["coverage"])
        item = services.action_create(actor=admin_user, meeting=forum["previous"],
                                      title=f"Langkah {n}", due_date=TODAY - dt.timedelta(days=n),
                                      owner_region=ntb["52.71"], owner_agency=agency["bpjs-tk"])
        services.action_update(actor=admin_user, action=item, progress=20, comment="jalan")
    budget.commitment_create(actor=admin_user, region=ntb["52.71"], year=YEAR + 1,
                             target_coverage=Decimal("60"), confirm_warnings=True)
    cache.clear()
    with django_assert_num_queries(QUERIES):
        client.get(url)


QUERIES = 60  # two dashboards of the engine (~15 each), the forum records, the page frame,
# the data version of the cached inputs (issue 18; asked once per request), the menu's
# approval inbox count (issue 19), the reader's PDFs of the brief (issue 19), the reporting
# calendar's due day in each dashboard, the completeness of the year (calendar, regencies,
# records and submissions per dataset: 9)


def test_a_past_meetings_brief_shows_the_figures_of_its_day_not_later_ones(forum, admin_user):
    brief = meeting_brief(forum["previous"], admin_user, today=TODAY)
    assert brief.data_month == BASE_MONTH  # not DATA_MONTH, reported after the meeting
    upcoming = meeting_brief(forum["upcoming"], admin_user, today=TODAY)
    assert upcoming.data_month == DATA_MONTH


def test_the_brief_reports_completeness_against_the_calendar(client, forum, admin_user):
    """Issue 19: the brief says, per dataset, what was due, received, on time and approved,
    and who owes figures past their due day, as the completeness page does."""
    brief = meeting_brief(forum["upcoming"], admin_user, today=TODAY)
    by_slug = {m.ds.slug: m for m in brief.completeness}
    assert set(by_slug) == {"denominators", "participation", "commitments", "allocations",
                            "realizations"}
    assert any(m.overdue for m in brief.completeness)  # the test regions owe figures
    expected = completeness(admin_user, year=brief.year, today=brief.as_of)
    for m in expected:
        assert (by_slug[m.ds.slug].total.expected, by_slug[m.ds.slug].total.received) == \
            (m.total.expected, m.total.received)
        assert [r.code for r, _n in by_slug[m.ds.slug].overdue] == \
            [r.code for r, row in m.rows if any(c is not None and c.overdue for c in row)]
    client.force_login(admin_user)
    page = client.get(reverse("meeting_brief", args=[forum["upcoming"].pk])).content.decode()
    assert "5. Kelengkapan dan ketepatan waktu data" in page
