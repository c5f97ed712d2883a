"""Meeting and challenge pages of the coordination forums: lists, the meeting page, the
province admin's forms, attendees, files, and the Markdown of minutes.

Two meetings: a province meeting ("rakor", read by every user of the province) and a regency
meeting of region A, Lombok Timur ("lotim", read by A and the province only). Every endpoint
is tried with the province admin, the viewer, the operator of A (op_a), the operator of B
(op_b), the BPJS operator of two other regencies and an anonymous visitor.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ucj.audit.models import AuditEvent
from ucj.forums import services
from ucj.forums.markdown import render_markdown
from ucj.forums.models import Attachment, Attendee, Challenge, Meeting

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = timezone.localdate()
USERS = ("admin_user", "viewer", "op_a", "op_b", "bpjs")


def pdf(name="undangan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="foto.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def forum(ntb, admin_user, agency):
    """A province meeting and a regency meeting of A, with attendees, challenges, action
    items (one overdue) and a file each."""
    rakor = services.meeting_create(
        actor=admin_user, title="Rakor UCJ Triwulan IV", date=TODAY - dt.timedelta(days=20),
        start_time=dt.time(9, 0), level="province", region=ntb["52"],
        place="Kantor Gubernur NTB", agenda="1. Capaian UCJ\n2. Anggaran 2026",
        minutes="Rapat dibuka **Sekda**.\n\n- Lotim: 17.000 pekerja\n- Loteng: data ganda\n\n"
                "<script>alert('x')</script>",
        decisions="Setiap kabupaten menganggarkan iuran.",
        attendees=[
            {"region": ntb["52"], "agency": agency["disnakertrans"], "attendance": "present"},
            {"region": ntb["52.03"], "agency": agency["bpkad"], "attendance": "represented",
             "name": "Baiq Nurul", "position": "Kabid Anggaran"},
            {"region": ntb["52.02"], "agency": agency["bappeda"], "attendance": "absent"}])
    lotim = services.meeting_create(
        actor=admin_user, title="Rapat Lotim Rahasia", date=TODAY - dt.timedelta(days=5),
        level="region", region=ntb["52.03"], place="Selong",
        attendees=[{"region": ntb["52.03"], "agency": agency["disnaker"],
                    "attendance": "present"}])
    budget = services.challenge_create(
        actor=admin_user, meeting=rakor, region=ntb["52.03"], category="budget",
        title="Efisiensi APBD 2026", indicators=["coverage", "budget_need"])
    data = services.challenge_create(
        actor=admin_user, meeting=rakor, region=ntb["52.02"], category="data",
        title="Data pekerja ganda", status="resolved")
    secret = services.challenge_create(
        actor=admin_user, meeting=lotim, region=ntb["52.03"], category="regulation",
        title="Perbup belum terbit")
    overdue = services.action_create(
        actor=admin_user, meeting=rakor, title="Anggarkan iuran 17.000 pekerja",
        due_date=TODAY - dt.timedelta(days=3), owner_region=ntb["52.03"],
        owner_agency=agency["bpkad"], challenge=budget)
    services.action_create(
        actor=admin_user, meeting=rakor, title="Bersihkan data ganda",
        due_date=TODAY + dt.timedelta(days=30), owner_region=ntb["52.02"])
    # agreed in A's own meeting about the province meeting's challenge: op_b must not count it
    services.action_create(
        actor=admin_user, meeting=lotim, title="Susun Perbup UCJ", challenge=budget,
        due_date=TODAY + dt.timedelta(days=10), owner_region=ntb["52.03"])
    rakor_file = services.attachment_add(actor=admin_user, meeting=rakor,
                                         upload=pdf("undangan rakor.pdf"), description="Undangan")
    lotim_file = services.attachment_add(actor=admin_user, meeting=lotim, upload=pdf("lotim.pdf"))
    return {"rakor": rakor, "lotim": lotim, "budget": budget, "data": data, "secret": secret,
            "overdue": overdue, "rakor_file": rakor_file, "lotim_file": lotim_file}


def login(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    return user


def assert_login_redirect(response):
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- Markdown ----------------------------------------------------------------------------------

class TestMarkdown:
    def test_it_removes_scripts_event_handlers_and_javascript_links(self):
        html = str(render_markdown(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
            "[klik](javascript:alert(3)) <a href=\"javascript:alert(4)\" onclick=\"x()\">a</a>\n\n"
            "<style>body{}</style><iframe src=\"https://evil.example\"></iframe>"))
        for bad in ("<script", "alert(1)", "onerror", "<img", "javascript:", "onclick",
                    "<style", "<iframe", "evil.example"):
            assert bad not in html
        assert "klik" in html

    def test_raw_html_is_removed_and_its_text_kept(self):
        html = str(render_markdown('<div class="x" style="color:red">teks <b>tebal</b></div>'))
        assert html == "teks tebal"

    def test_it_renders_lists_bold_tables_and_headings_below_the_page_title(self):
        html = str(render_markdown("# Hasil\n\n- **satu**\n- dua\n\n1. a\n2. b\n\n"
                                   "| a | b |\n|---|---|\n| 1 | 2 |\n\nbaris\nbaru"))
        assert "<h2>Hasil</h2>" in html and "<h1>" not in html
        assert "<ul>\n<li><strong>satu</strong></li>" in html and "<ol>" in html
        assert "<table>" in html and "<td>1</td>" in html
        assert "baris<br>" in html

    def test_links_are_http_or_mail_only_and_nofollow(self):
        html = str(render_markdown("[a](https://ntbprov.go.id) [b](/admin/) <rakor@ntb.go.id>"))
        assert '<a href="https://ntbprov.go.id" rel="noopener noreferrer nofollow">a</a>' in html
        assert 'href="/admin/"' not in html
        assert 'href="mailto:rakor@ntb.go.id"' in html

    def test_the_template_filter_marks_clean_html_safe(self):
        out = Template("{% load forums %}{{ text|markdown }}").render(
            Context({"text": "**ya** <script>x</script>"}))
        assert "<strong>ya</strong>" in out and "script" not in out

    def test_empty_text_is_empty(self):
        assert render_markdown("") == "" and render_markdown(None) == ""


# --- meeting list ------------------------------------------------------------------------------

class TestMeetingList:
    @pytest.mark.parametrize("who,titles", [
        ("admin_user", {"Rakor UCJ Triwulan IV", "Rapat Lotim Rahasia"}),
        ("viewer", {"Rakor UCJ Triwulan IV", "Rapat Lotim Rahasia"}),
        ("op_a", {"Rakor UCJ Triwulan IV", "Rapat Lotim Rahasia"}),
        ("op_b", {"Rakor UCJ Triwulan IV"}),
        ("bpjs", {"Rakor UCJ Triwulan IV"}),
    ])
    def test_it_lists_the_meetings_the_user_may_read(self, client, request, forum, who, titles):
        login(client, request, who)
        response = client.get(reverse("meeting_list"))
        assert response.status_code == 200
        assert {m.title for m in response.context["page"].object_list} == titles
        assert response.context["count"] == len(titles)
        assert ("Rapat Lotim Rahasia" in response.content.decode()) == (len(titles) == 2)

    def test_anonymous_is_sent_to_sign_in(self, client, forum):
        assert_login_redirect(client.get(reverse("meeting_list")))

    def test_each_row_counts_attendees_challenges_and_action_items(self, client, forum,
                                                                  admin_user):
        client.force_login(admin_user)
        rows = {m.pk: m for m in client.get(reverse("meeting_list")).context["page"].object_list}
        rakor = rows[forum["rakor"].pk]
        assert (rakor.n_invited, rakor.n_attended) == (3, 2)  # represented counts as attended
        assert (rakor.n_challenges, rakor.n_challenges_open) == (2, 1)
        assert (rakor.n_actions, rakor.n_actions_open, rakor.n_actions_overdue) == (2, 2, 1)
        lotim = rows[forum["lotim"].pk]
        assert (lotim.n_invited, lotim.n_challenges, lotim.n_actions) == (1, 1, 1)
        page = client.get(reverse("meeting_list")).content.decode()
        assert "2 / 3" in page and "1 terlambat" in page

    @pytest.mark.parametrize("query,titles", [
        ({"tingkat": "region"}, {"Rapat Lotim Rahasia"}),
        ({"tingkat": "province"}, {"Rakor UCJ Triwulan IV"}),
        ({"wilayah": "52.03"}, {"Rapat Lotim Rahasia"}),
        ({"q": "triwulan"}, {"Rakor UCJ Triwulan IV"}),
        ({"tahun": str(TODAY.year + 1)}, set()),
    ])
    def test_it_filters_by_level_region_title_and_year(self, client, forum, admin_user, query,
                                                       titles):
        client.force_login(admin_user)
        response = client.get(reverse("meeting_list"), query)
        assert {m.title for m in response.context["page"].object_list} == titles

    def test_another_region_cannot_filter_its_way_to_a_regency_meeting(self, client, forum,
                                                                       op_b):
        client.force_login(op_b)
        response = client.get(reverse("meeting_list"), {"wilayah": "52.03"})
        assert response.context["count"] == 0
        assert "Rapat Lotim Rahasia" not in response.content.decode()
        codes = [c for c, _label in response.context["filter"].form.fields["wilayah"].choices]
        assert "52.03" not in codes and "52" in codes

    def test_the_csv_follows_scope_and_filters_and_is_audited(self, client, forum, op_b,
                                                              admin_user):
        client.force_login(op_b)
        response = client.get(reverse("meeting_list"), {"format": "csv"})
        text = b"".join(response.streaming_content).decode()
        assert response["Content-Type"].startswith("text/csv")
        assert "Rakor UCJ Triwulan IV" in text and "Rahasia" not in text
        header, row = text.lstrip("\ufeff").splitlines()[:2]
        assert header.startswith("id,date,start_time,title,level,region_code")
        assert ",3,2,2,1,2,2,1,0" in row  # invited, attended, challenges, open, actions…
        assert AuditEvent.objects.filter(action="export", object_type="forums.meeting",
                                         actor=op_b).exists()
        client.force_login(admin_user)
        text = b"".join(client.get(reverse("meeting_list"),
                                   {"format": "csv", "tingkat": "region"}).streaming_content)
        assert b"Rapat Lotim Rahasia" in text and b"Rakor" not in text

    def test_an_upcoming_meeting_is_shown_on_top_with_its_brief(self, client, ntb, admin_user,
                                                               op_a):
        meeting = services.meeting_create(
            actor=admin_user, title="Rakor Desember", date=TODAY + dt.timedelta(days=3),
            level="province", region=ntb["52"], online_url="https://zoom.example/j/1")
        client.force_login(op_a)
        response = client.get(reverse("meeting_list"))
        assert response.context["upcoming"] == meeting
        page = response.content.decode()
        assert reverse("meeting_brief", args=[meeting.pk]) in page
        assert "dalam 3 hari" in page

    def test_only_the_province_admin_gets_the_new_meeting_button(self, client, request, forum):
        for who in USERS:
            login(client, request, who)
            page = client.get(reverse("meeting_list")).content.decode()
            assert (reverse("meeting_create") in page) == (who == "admin_user")

    def test_its_query_count_does_not_grow_with_meetings(self, client, forum, ntb, admin_user,
                                                         django_assert_num_queries):
        client.force_login(admin_user)
        client.get(reverse("meeting_list"))  # warm the session
        with django_assert_num_queries(10):  # + inbox count (#19)
            client.get(reverse("meeting_list"))
        for n in range(5):
            services.meeting_create(actor=admin_user, title=f"Rapat {n}", level="region",
                                    date=TODAY - dt.timedelta(days=n), region=ntb["52.02"],
                                    place="Praya")
        with django_assert_num_queries(10):  # + inbox count (#19)
            client.get(reverse("meeting_list"))


# --- meeting form ------------------------------------------------------------------------------

MEETING_POST = {"title": "Rakor UCJ Januari", "date": "2027-01-15", "start_time": "09:00",
                "level": "province", "place": "Pendopo Gubernur", "online_url": "",
                "agenda": "- Capaian", "minutes": "", "decisions": ""}


class TestMeetingCreate:
    def test_the_province_admin_creates_a_meeting(self, client, ntb, admin_user):
        client.force_login(admin_user)
        assert client.get(reverse("meeting_create")).status_code == 200
        response = client.post(reverse("meeting_create"), {**MEETING_POST,
                                                           "region": ntb["52"].pk})
        meeting = Meeting.objects.get()
        assert response.url == reverse("meeting_detail", args=[meeting.pk])
        assert (meeting.start_time, meeting.created_by) == (dt.time(9, 0), admin_user)
        assert AuditEvent.objects.filter(object_type="forums.meeting", action="create").exists()

    @pytest.mark.parametrize("who", ["viewer", "op_a", "op_b", "bpjs"])
    def test_other_roles_may_not(self, client, request, ntb, who):
        login(client, request, who)
        assert client.get(reverse("meeting_create")).status_code == 403
        response = client.post(reverse("meeting_create"), {**MEETING_POST,
                                                           "region": ntb["52"].pk})
        assert response.status_code == 403 and not Meeting.objects.exists()

    def test_anonymous_is_sent_to_sign_in(self, client, ntb):
        assert_login_redirect(client.get(reverse("meeting_create")))

    def test_service_errors_are_shown_on_their_fields(self, client, ntb, admin_user):
        client.force_login(admin_user)
        response = client.post(reverse("meeting_create"), {
            **MEETING_POST, "region": ntb["52.03"].pk, "place": ""})
        form = response.context["form"]
        assert response.status_code == 200 and not Meeting.objects.exists()
        assert "region" in form.errors or "place" in form.errors
        response = client.post(reverse("meeting_create"), {
            **MEETING_POST, "region": ntb["52"].pk, "place": ""})
        assert "place" in response.context["form"].errors
        assert "tautan daring" in response.content.decode()  # said in Indonesian

    def test_regions_are_the_province_and_its_regencies(self, client, ntb, admin_user):
        client.force_login(admin_user)
        form = client.get(reverse("meeting_create")).context["form"]
        codes = {r.code for r in form.fields["region"].queryset}
        assert codes == {"52", "52.01", "52.02", "52.03", "52.71"}

    def test_the_minutes_field_says_markdown(self, client, ntb, admin_user):
        client.force_login(admin_user)
        assert "Markdown" in client.get(reverse("meeting_create")).content.decode()


class TestMeetingEdit:
    def test_the_province_admin_edits_a_meeting(self, client, forum, ntb, admin_user):
        client.force_login(admin_user)
        url = reverse("meeting_edit", args=[forum["lotim"].pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {**MEETING_POST, "title": "Rapat Lotim Desember",
                                     "level": "region", "region": ntb["52.03"].pk,
                                     "minutes": "**Hasil**"})
        assert response.status_code == 302
        lotim = Meeting.objects.get(pk=forum["lotim"].pk)
        assert (lotim.title, lotim.minutes, lotim.updated_by) == ("Rapat Lotim Desember",
                                                                  "**Hasil**", admin_user)
        assert AuditEvent.objects.filter(object_type="forums.meeting", action="update").exists()

    def test_a_refused_change_keeps_the_saved_title_on_the_page(self, client, forum, admin_user):
        client.force_login(admin_user)
        url = reverse("meeting_edit", args=[forum["rakor"].pk])
        response = client.post(url, {**MEETING_POST, "title": "Judul baru", "place": "",
                                     "region": forum["rakor"].region.pk})
        assert response.status_code == 200 and "place" in response.context["form"].errors
        assert response.context["meeting"].title == "Rakor UCJ Triwulan IV"
        assert Meeting.objects.get(pk=forum["rakor"].pk).title == "Rakor UCJ Triwulan IV"

    @pytest.mark.parametrize("who,rakor,lotim", [
        ("viewer", 403, 403), ("op_a", 403, 403), ("op_b", 403, 404), ("bpjs", 403, 404)])
    def test_readers_get_403_and_other_regions_404(self, client, request, forum, who, rakor,
                                                   lotim):
        login(client, request, who)
        assert client.get(reverse("meeting_edit", args=[forum["rakor"].pk])).status_code == rakor
        assert client.post(reverse("meeting_edit", args=[forum["lotim"].pk]),
                           MEETING_POST).status_code == lotim
        assert Meeting.objects.get(pk=forum["lotim"].pk).title == "Rapat Lotim Rahasia"

    def test_anonymous_is_sent_to_sign_in(self, client, forum):
        assert_login_redirect(client.get(reverse("meeting_edit", args=[forum["rakor"].pk])))


# --- meeting page ------------------------------------------------------------------------------

class TestMeetingDetail:
    @pytest.mark.parametrize("who,lotim", [("admin_user", 200), ("viewer", 200), ("op_a", 200),
                                           ("op_b", 404), ("bpjs", 404)])
    def test_a_regency_meeting_is_read_by_its_region_and_the_province(self, client, request,
                                                                      forum, who, lotim):
        login(client, request, who)
        assert client.get(reverse("meeting_detail", args=[forum["rakor"].pk])).status_code == 200
        assert client.get(reverse("meeting_detail", args=[forum["lotim"].pk])).status_code == lotim

    def test_anonymous_is_sent_to_sign_in(self, client, forum):
        assert_login_redirect(client.get(reverse("meeting_detail", args=[forum["rakor"].pk])))

    def test_it_shows_attendance_minutes_files_challenges_and_action_items(self, client, forum,
                                                                           op_a):
        client.force_login(op_a)
        response = client.get(reverse("meeting_detail", args=[forum["rakor"].pk]))
        page = response.content.decode()
        summary = response.context["attendance"]
        assert (summary["total"], summary["attended"], summary["absent"]) == (3, 2, 1)
        assert [g["region"].code for g in summary["groups"]] == ["52", "52.02", "52.03"]
        assert "2 dari 3 undangan hadir" in page and "diwakili" in page
        assert "Baiq Nurul" in page and "Kabid Anggaran" in page
        assert "<strong>Sekda</strong>" in page and "<li>Lotim: 17.000 pekerja</li>" in page
        assert "alert(&#x27;x&#x27;)" not in page and "<script>alert" not in page
        assert reverse("attachment_download", args=[forum["rakor_file"].pk]) in page
        assert "undangan rakor.pdf" in page and "Undangan" in page
        assert "Efisiensi APBD 2026" in page and "status status-open" in page
        assert "Cakupan" in page and "Kebutuhan anggaran" in page  # linked indicators
        assert "Anggarkan iuran 17.000 pekerja" in page and 'class="overdue"' in page
        assert "Susun Perbup UCJ" not in page  # agreed in another meeting
        assert reverse("meeting_brief", args=[forum["rakor"].pk]) in page
        assert reverse("meeting_brief_pdf_order", args=[forum["rakor"].pk]) in page  # the worker makes it

    def test_admin_controls_are_for_the_province_admin_only(self, client, request, forum):
        pk = forum["rakor"].pk
        controls = [reverse("meeting_edit", args=[pk]), reverse("meeting_attendees", args=[pk]),
                    reverse("attachment_upload", args=[pk]),
                    reverse("attachment_delete", args=[forum["rakor_file"].pk]),
                    f"{reverse('challenge_create')}?rapat={pk}",
                    f"{reverse('action_create')}?rapat={pk}",
                    reverse("challenge_edit", args=[forum["budget"].pk])]
        for who in USERS:
            login(client, request, who)
            page = client.get(reverse("meeting_detail", args=[pk])).content.decode()
            for url in controls:
                assert (url in page) == (who == "admin_user"), (who, url)

    def test_invitations_without_attendance_are_not_shown_as_absences(self, client, ntb,
                                                                      admin_user, agency):
        meeting = services.meeting_create(
            actor=admin_user, title="Rakor berikutnya", date=TODAY + dt.timedelta(days=9),
            level="province", region=ntb["52"], place="Mataram", attendees=[
                {"region": ntb["52.01"], "agency": agency["disnaker"]},
                {"region": ntb["52.02"], "agency": agency["bappeda"]}])
        client.force_login(admin_user)
        page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        assert "2 undangan" in page and "kehadiran belum dicatat" in page
        assert "none-attended" not in page
        services.attendees_set(actor=admin_user, meeting=meeting, attendees=[
            {"region": ntb["52.01"], "agency": agency["disnaker"], "attendance": "present"},
            {"region": ntb["52.02"], "agency": agency["bappeda"], "attendance": "absent"}])
        page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        assert "1 dari 2 undangan hadir" in page and page.count("none-attended") == 1

    def test_a_synthetic_meeting_says_so(self, client, ntb, admin_user):
        meeting = services.meeting_create(actor=admin_user, title="Rakor demo", date=TODAY,
                                          level="province", region=ntb["52"], place="x",
                                          is_synthetic=True)
        client.force_login(admin_user)
        page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        assert "badge-synthetic" in page

    def test_file_sizes_read_as_kb_and_mb(self):
        out = Template("{% load forums %}{{ a|ukuran }} · {{ b|ukuran }} · {{ c|ukuran }}").render(
            Context({"a": 820, "b": 350 * 1024, "c": int(1.25 * 1024 * 1024)}))
        assert out == "820 B · 350 KB · 1,3 MB"

    def test_its_query_count_does_not_grow_with_rows(self, client, forum, ntb, admin_user, agency,
                                                     django_assert_num_queries):
        client.force_login(admin_user)
        url = reverse("meeting_detail", args=[forum["rakor"].pk])
        client.get(url)
        with django_assert_num_queries(11):  # + inbox count (#19)
            client.get(url)
        rakor = forum["rakor"]
        services.attendees_set(actor=admin_user, meeting=rakor, attendees=[
            {"region": ntb[code], "agency": agency[a], "attendance": "present"}
            for code in ("52.01", "52.02", "52.03", "52.71") for a in ("disnaker", "bappeda")])
        for n in range(3):
            services.challenge_create(actor=admin_user, meeting=rakor, region=ntb["52.71"],
                                      category="other", title=f"T{n}", indicators=["coverage"])
            services.action_create(actor=admin_user, meeting=rakor, title=f"L{n}",
                                   due_date=TODAY, owner_agency=agency["bpjs-tk"])
            services.attachment_add(actor=admin_user, meeting=rakor, upload=pdf(f"f{n}.pdf"))
        with django_assert_num_queries(11):  # + inbox count (#19)
            client.get(url)


# --- attendees ---------------------------------------------------------------------------------

def formset_data(rows: list[dict], **extra) -> dict:
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0",
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000", **extra}
    for i, row in enumerate(rows):
        for key in ("region", "agency", "name", "position"):
            data[f"form-{i}-{key}"] = row.get(key, "")
        data[f"form-{i}-attendance"] = row.get("attendance", "invited")
        if row.get("delete"):
            data[f"form-{i}-DELETE"] = "on"
    return data


class TestAttendees:
    def test_the_form_lists_the_attendees_and_three_empty_rows(self, client, forum, admin_user):
        client.force_login(admin_user)
        response = client.get(reverse("meeting_attendees", args=[forum["rakor"].pk]))
        formset = response.context["formset"]
        assert len(formset.forms) == 3 + 3
        assert [f.initial.get("name") for f in formset.forms[:3]] == ["", "", "Baiq Nurul"]
        assert not formset.forms[3].initial
        assert response.context["can_prefill"]

    def test_the_list_is_saved_in_one_go(self, client, forum, admin_user):
        client.force_login(admin_user)
        url = reverse("meeting_attendees", args=[forum["rakor"].pk])
        response = client.post(url, formset_data([
            {"region": "52", "agency": "disnakertrans", "attendance": "present"},
            {"region": "52.03", "agency": "bpkad", "attendance": "present", "delete": True},
            {},  # an empty row is ignored
            {"region": "52.71", "agency": "bpjs-tk", "name": "Andi", "attendance": "absent"}]))
        assert response.status_code == 302
        assert response.url.endswith(f"/forum/rapat/{forum['rakor'].pk}/#peserta")
        rows = {(a.region.code, a.agency.code, a.attendance, a.name)
                for a in Attendee.objects.filter(meeting=forum["rakor"])}
        assert rows == {("52", "disnakertrans", "present", ""),
                        ("52.71", "bpjs-tk", "absent", "Andi")}
        assert AuditEvent.objects.filter(object_type="forums.meeting", action="update",
                                         changes__has_key="attendees").exists()

    def test_service_errors_are_numbered_by_row_and_nothing_is_saved(self, client, forum,
                                                                     admin_user):
        client.force_login(admin_user)
        url = reverse("meeting_attendees", args=[forum["rakor"].pk])
        response = client.post(url, formset_data([
            {"region": "52.03", "agency": "bpkad"}, {},
            {"region": "52.03", "agency": "bpkad", "name": "dua kali"}]))
        assert response.status_code == 200
        assert any("Peserta 2" in e for e in response.context["errors"])
        assert "Tidak ada yang disimpan" in response.content.decode()
        # the form comes back with the rows as the service numbered them
        assert response.context["formset"].forms[1].initial["name"] == "dua kali"
        assert Attendee.objects.filter(meeting=forum["rakor"]).count() == 3

    def test_a_row_without_region_or_agency_is_marked(self, client, forum, admin_user):
        client.force_login(admin_user)
        response = client.post(reverse("meeting_attendees", args=[forum["rakor"].pk]),
                               formset_data([{"name": "Tanpa instansi"}]))
        assert response.status_code == 200
        assert set(response.context["formset"].forms[0].errors) == {"region", "agency"}
        assert Attendee.objects.filter(meeting=forum["rakor"]).count() == 3

    def test_the_standard_invitations_are_added_to_the_form_not_saved(self, client, forum,
                                                                      admin_user):
        client.force_login(admin_user)
        response = client.post(reverse("meeting_attendees", args=[forum["rakor"].pk]),
                               formset_data([
                                   {"region": "52", "agency": "disnakertrans",
                                    "attendance": "present"},
                                   {"region": "52.03", "agency": "bpkad", "name": "Baiq"}],
                                   prefill="1"))
        assert response.status_code == 200
        initial = [(f.initial.get("region"), f.initial.get("agency"))
                   for f in response.context["formset"].forms if f.initial.get("region")]
        # 4 regencies × (Disnaker, Bappeda, BPKAD) + Disnakertrans and BPJS TK of the province
        assert len(initial) == 14 and len(set(initial)) == 14
        assert ("52", "bpjs-tk") in initial and ("52.71", "bappeda") in initial
        assert initial[0] == ("52", "disnakertrans")
        assert Attendee.objects.filter(meeting=forum["rakor"]).count() == 3  # nothing written

    def test_a_regency_meeting_offers_only_its_region_and_no_invitations(self, client, forum,
                                                                         admin_user):
        client.force_login(admin_user)
        response = client.get(reverse("meeting_attendees", args=[forum["lotim"].pk]))
        assert not response.context["can_prefill"]
        choices = [c for c, _l in response.context["formset"].forms[0].fields["region"].choices]
        assert choices == ["", "52.03"]

    @pytest.mark.parametrize("who,rakor,lotim", [
        ("viewer", 403, 403), ("op_a", 403, 403), ("op_b", 403, 404), ("bpjs", 403, 404)])
    def test_readers_get_403_and_other_regions_404(self, client, request, forum, who, rakor,
                                                   lotim):
        login(client, request, who)
        assert client.get(reverse("meeting_attendees",
                                  args=[forum["rakor"].pk])).status_code == rakor
        assert client.post(reverse("meeting_attendees", args=[forum["lotim"].pk]),
                           formset_data([])).status_code == lotim
        assert Attendee.objects.filter(meeting=forum["lotim"]).count() == 1

    def test_anonymous_is_sent_to_sign_in(self, client, forum):
        assert_login_redirect(client.get(reverse("meeting_attendees", args=[forum["rakor"].pk])))


# --- files -------------------------------------------------------------------------------------

def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


class TestAttachments:
    def test_the_province_admin_uploads_a_pdf_or_a_photo(self, client, forum, admin_user):
        client.force_login(admin_user)
        url = reverse("attachment_upload", args=[forum["lotim"].pk])
        response = client.post(url, {"file": pdf("notulen ttd.pdf"), "description": "Notulen"})
        assert response.url.endswith("#lampiran")
        assert client.post(url, {"file": png()}).status_code == 302
        names = {(a.name, a.content_type, a.description)
                 for a in Attachment.objects.filter(meeting=forum["lotim"])}
        assert ("notulen ttd.pdf", "application/pdf", "Notulen") in names
        assert ("foto.png", "image/png", "") in names

    @pytest.mark.parametrize("upload,message", [
        (lambda: pdf("palsu.pdf", b"MZ bukan pdf"), "isinya bukan"),
        (lambda: pdf("notulen.docx"), "bukan berkas PDF"),
    ])
    def test_a_wrong_type_is_refused_in_indonesian_and_nothing_is_stored(
            self, client, forum, admin_user, settings, upload, message):
        client.force_login(admin_user)
        before = stored_files(settings)
        response = client.post(reverse("attachment_upload", args=[forum["lotim"].pk]),
                               {"file": upload()}, follow=True)
        page = response.content.decode()
        assert "Berkas tidak diunggah" in page and message in page
        assert Attachment.objects.filter(meeting=forum["lotim"]).count() == 1
        assert stored_files(settings) == before

    def test_a_file_over_the_limit_is_refused(self, client, forum, admin_user, settings):
        settings.UCJ_MAX_ATTACHMENT_BYTES = 20
        client.force_login(admin_user)
        before = stored_files(settings)
        response = client.post(reverse("attachment_upload", args=[forum["lotim"].pk]),
                               {"file": pdf()}, follow=True)
        assert "batasnya" in response.content.decode()
        assert stored_files(settings) == before
        assert Attachment.objects.filter(meeting=forum["lotim"]).count() == 1

    def test_no_file_chosen_is_said(self, client, forum, admin_user):
        client.force_login(admin_user)
        response = client.post(reverse("attachment_upload", args=[forum["lotim"].pk]),
                               {"description": "x"}, follow=True)
        assert "Berkas tidak diunggah" in response.content.decode()

    @pytest.mark.parametrize("who,rakor,lotim", [
        ("viewer", 403, 403), ("op_a", 403, 403), ("op_b", 403, 404), ("bpjs", 403, 404)])
    def test_others_may_not_upload(self, client, request, forum, who, rakor, lotim):
        login(client, request, who)
        assert client.post(reverse("attachment_upload", args=[forum["rakor"].pk]),
                           {"file": pdf()}).status_code == rakor
        assert client.post(reverse("attachment_upload", args=[forum["lotim"].pk]),
                           {"file": pdf()}).status_code == lotim
        assert Attachment.objects.count() == 2

    @pytest.mark.parametrize("who,lotim", [("admin_user", 200), ("viewer", 200), ("op_a", 200),
                                           ("op_b", 404), ("bpjs", 404)])
    def test_a_file_is_downloaded_by_whoever_reads_its_meeting(self, client, request, forum,
                                                               who, lotim):
        user = login(client, request, who)
        response = client.get(reverse("attachment_download", args=[forum["rakor_file"].pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "undangan rakor.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert AuditEvent.objects.filter(action="download", actor=user,
                                         note="undangan rakor.pdf").count() == 1
        response = client.get(reverse("attachment_download", args=[forum["lotim_file"].pk]))
        assert response.status_code == lotim
        assert AuditEvent.objects.filter(action="download", actor=user,
                                         note="lotim.pdf").count() == (lotim == 200)

    def test_anonymous_is_sent_to_sign_in(self, client, forum):
        assert_login_redirect(client.get(reverse("attachment_download",
                                                 args=[forum["rakor_file"].pk])))
        assert_login_redirect(client.post(reverse("attachment_upload",
                                                  args=[forum["rakor"].pk])))
        assert_login_redirect(client.post(reverse("attachment_delete",
                                                  args=[forum["rakor_file"].pk])))

    def test_the_province_admin_deletes_a_file(self, client, forum, admin_user, settings,
                                               django_capture_on_commit_callbacks):
        client.force_login(admin_user)
        attachment = forum["lotim_file"]
        path = attachment.file.path
        url = reverse("attachment_delete", args=[attachment.pk])
        assert client.get(url).status_code == 405  # a POST only
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
        assert response.url.endswith("#lampiran")
        assert not Attachment.objects.filter(pk=attachment.pk).exists()
        assert not (settings.MEDIA_ROOT / path).exists()
        assert AuditEvent.objects.filter(action="delete", note="lotim.pdf").exists()

    @pytest.mark.parametrize("who,rakor,lotim", [
        ("viewer", 403, 403), ("op_a", 403, 403), ("op_b", 403, 404), ("bpjs", 403, 404)])
    def test_others_may_not_delete(self, client, request, forum, who, rakor, lotim):
        login(client, request, who)
        assert client.post(reverse("attachment_delete",
                                   args=[forum["rakor_file"].pk])).status_code == rakor
        assert client.post(reverse("attachment_delete",
                                   args=[forum["lotim_file"].pk])).status_code == lotim
        assert Attachment.objects.count() == 2


# --- challenges --------------------------------------------------------------------------------

class TestChallengeList:
    @pytest.mark.parametrize("who,titles", [
        ("admin_user", {"Efisiensi APBD 2026", "Data pekerja ganda", "Perbup belum terbit"}),
        ("viewer", {"Efisiensi APBD 2026", "Data pekerja ganda", "Perbup belum terbit"}),
        ("op_a", {"Efisiensi APBD 2026", "Data pekerja ganda", "Perbup belum terbit"}),
        ("op_b", {"Efisiensi APBD 2026", "Data pekerja ganda"}),
        ("bpjs", {"Efisiensi APBD 2026", "Data pekerja ganda"}),
    ])
    def test_it_lists_the_challenges_of_meetings_the_user_reads(self, client, request, forum,
                                                                who, titles):
        login(client, request, who)
        response = client.get(reverse("challenge_list"))
        assert {c.title for c in response.context["page"].object_list} == titles
        assert response.context["count"] == len(titles)
        page = response.content.decode()
        assert ("Perbup belum terbit" in page) == (len(titles) == 3)
        assert ("Rapat Lotim Rahasia" in page) == (len(titles) == 3)  # nor in the filters

    def test_anonymous_is_sent_to_sign_in(self, client, forum):
        assert_login_redirect(client.get(reverse("challenge_list")))

    def test_action_items_are_counted_only_where_the_user_reads_them(self, client, forum, op_b,
                                                                     op_a):
        for user, count in ((op_a, 2), (op_b, 1)):
            client.force_login(user)
            rows = {c.pk: c for c in client.get(reverse("challenge_list"))
                    .context["page"].object_list}
            assert rows[forum["budget"].pk].n_actions == count
            text = b"".join(client.get(reverse("challenge_list"),
                                       {"format": "csv"}).streaming_content).decode()
            line = next(r for r in text.splitlines() if "Efisiensi APBD 2026" in r)
            assert line.endswith(f",coverage;budget_need,{count},0")

    @pytest.mark.parametrize("query,titles", [
        ({"kategori": "data"}, {"Data pekerja ganda"}),
        ({"status": "resolved"}, {"Data pekerja ganda"}),
        ({"wilayah": "52.03"}, {"Efisiensi APBD 2026", "Perbup belum terbit"}),
        ({"q": "perbup"}, {"Perbup belum terbit"}),
    ])
    def test_it_filters(self, client, forum, admin_user, query, titles):
        client.force_login(admin_user)
        response = client.get(reverse("challenge_list"), query)
        assert {c.title for c in response.context["page"].object_list} == titles

    def test_it_filters_by_meeting_within_scope_only(self, client, forum, admin_user, op_b):
        client.force_login(admin_user)
        response = client.get(reverse("challenge_list"), {"rapat": forum["lotim"].pk})
        assert {c.title for c in response.context["page"].object_list} == {"Perbup belum terbit"}
        assert f"{reverse('challenge_create')}?rapat={forum['lotim'].pk}" in \
            response.content.decode()
        client.force_login(op_b)
        response = client.get(reverse("challenge_list"), {"rapat": forum["lotim"].pk})
        assert response.context["count"] == 0

    def test_the_csv_follows_scope_and_is_audited(self, client, forum, op_b):
        client.force_login(op_b)
        text = b"".join(client.get(reverse("challenge_list"),
                                   {"format": "csv"}).streaming_content).decode()
        assert "Efisiensi APBD 2026" in text and "Perbup" not in text and "Rahasia" not in text
        assert len(text.strip().splitlines()) == 3
        assert AuditEvent.objects.filter(action="export", object_type="forums.challenge").exists()

    def test_it_shows_status_indicators_and_the_meeting(self, client, forum, viewer):
        client.force_login(viewer)
        page = client.get(reverse("challenge_list")).content.decode()
        assert "status status-resolved" in page and "Cakupan" in page
        assert reverse("meeting_detail", args=[forum["rakor"].pk]) in page
        assert reverse("challenge_edit", args=[forum["budget"].pk]) not in page

    def test_its_query_count_does_not_grow_with_challenges(self, client, forum, ntb, admin_user,
                                                           django_assert_num_queries):
        client.force_login(admin_user)
        client.get(reverse("challenge_list"))
        with django_assert_num_queries(10):  # + inbox count (#19)
            client.get(reverse("challenge_list"))
        for n in range(5):
            services.challenge_create(actor=admin_user, meeting=forum["rakor"],
                                      region=ntb["52.01"], category="other", title=f"T{n}")
        with django_assert_num_queries(10):  # + inbox count (#19)
            client.get(reverse("challenge_list"))


CHALLENGE_POST = {"category": "regulation", "title": "Perkada UCJ belum ada",
                  "description": "Draf di Bagian Hukum", "status": "open",
                  "indicators": ["coverage", "target_gap_workers"]}


class TestChallengeForms:
    def test_the_province_admin_records_a_challenge_for_a_meeting(self, client, forum, ntb,
                                                                  admin_user):
        client.force_login(admin_user)
        url = f"{reverse('challenge_create')}?rapat={forum['rakor'].pk}"
        form = client.get(url).context["form"]
        assert {r.code for r in form.fields["region"].queryset} == {
            "52", "52.01", "52.02", "52.03", "52.71"}
        response = client.post(url, {**CHALLENGE_POST, "region": ntb["52.71"].pk})
        assert response.url.endswith(f"/forum/rapat/{forum['rakor'].pk}/#tantangan")
        challenge = Challenge.objects.get(title="Perkada UCJ belum ada")
        assert (challenge.region.code, challenge.meeting, challenge.indicators) == (
            "52.71", forum["rakor"], ["coverage", "target_gap_workers"])

    def test_a_regency_meeting_offers_only_its_regency(self, client, forum, admin_user):
        client.force_login(admin_user)
        form = client.get(f"{reverse('challenge_create')}?rapat={forum['lotim'].pk}"
                          ).context["form"]
        assert [r.code for r in form.fields["region"].queryset] == ["52.03"]
        assert form.initial["region"] == forum["lotim"].region.pk

    def test_a_missing_or_unreadable_meeting_answers_404(self, client, forum, admin_user, op_b):
        client.force_login(admin_user)
        assert client.get(reverse("challenge_create")).status_code == 404
        assert client.get(f"{reverse('challenge_create')}?rapat=999999").status_code == 404
        client.force_login(op_b)
        assert client.get(f"{reverse('challenge_create')}?rapat={forum['lotim'].pk}"
                          ).status_code == 404

    @pytest.mark.parametrize("who,rakor,lotim", [
        ("viewer", 403, 403), ("op_a", 403, 403), ("op_b", 403, 404), ("bpjs", 403, 404)])
    def test_others_may_not_create_or_edit(self, client, request, forum, ntb, who, rakor, lotim):
        login(client, request, who)
        data = {**CHALLENGE_POST, "region": ntb["52.03"].pk}
        assert client.post(f"{reverse('challenge_create')}?rapat={forum['rakor'].pk}",
                           data).status_code == rakor
        assert client.post(f"{reverse('challenge_create')}?rapat={forum['lotim'].pk}",
                           data).status_code == lotim
        assert client.post(reverse("challenge_edit", args=[forum["budget"].pk]),
                           data).status_code == rakor
        assert client.get(reverse("challenge_edit", args=[forum["secret"].pk])).status_code == lotim
        assert Challenge.objects.count() == 3
        assert Challenge.objects.get(pk=forum["budget"].pk).title == "Efisiensi APBD 2026"

    def test_anonymous_is_sent_to_sign_in(self, client, forum):
        assert_login_redirect(client.get(f"{reverse('challenge_create')}?rapat={forum['rakor'].pk}"))
        assert_login_redirect(client.get(reverse("challenge_edit", args=[forum["budget"].pk])))

    def test_the_province_admin_edits_a_challenge(self, client, forum, ntb, admin_user):
        client.force_login(admin_user)
        url = reverse("challenge_edit", args=[forum["budget"].pk])
        form = client.get(url).context["form"]
        assert form.initial["indicators"] == ["coverage", "budget_need"]
        response = client.post(url, {"region": ntb["52.03"].pk, "category": "budget",
                                     "title": "Efisiensi APBD 2026", "status": "resolved",
                                     "description": "", "indicators": ["coverage"]})
        assert response.status_code == 302
        challenge = Challenge.objects.get(pk=forum["budget"].pk)
        assert challenge.status == "resolved" and challenge.resolved_at == TODAY
        assert challenge.indicators == ["coverage"]
        assert AuditEvent.objects.filter(object_type="forums.challenge", action="update").exists()

    def test_a_region_outside_the_meeting_is_refused_on_its_field(self, client, forum, ntb,
                                                                  admin_user):
        client.force_login(admin_user)
        response = client.post(f"{reverse('challenge_create')}?rapat={forum['lotim'].pk}",
                               {**CHALLENGE_POST, "region": ntb["52.02"].pk})
        assert response.status_code == 200 and "region" in response.context["form"].errors
        assert Challenge.objects.count() == 3
