"""The action-item pages of coordination forums: list (filters, counts, CSV, overdue marks),
create/edit (province admin), an item's page with its timeline and update form, evidence
downloads, reminders ("Tugas saya") and the e-mail reminders command, for every role.

A province meeting (rakor) agreed two items: one of region A (Lombok Timur, op_a's) and one
of BPJS TK in Kota Mataram (the bpjs user's); A's own regency meeting agreed a third that
only A and the province read."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ucj.audit.models import AuditEvent
from ucj.forums import services
from ucj.forums.models import ActionItem, ActionUpdate

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ["admin_user", "op_a", "op_b", "viewer", "bpjs"]


def pdf(name="surat-bpkad.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="foto-rapat.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (20, 130, 90)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def rakor(ntb, admin_user):
    return services.meeting_create(
        actor=admin_user, title="Rakor UCJ Triwulan I", date=dt.date(2026, 1, 20),
        level="province", region=ntb["52"], place="Kantor Gubernur NTB")


@pytest.fixture
def item_a(rakor, ntb, admin_user, agency):
    """Region A's item of the province meeting, overdue by 3 days."""
    return services.action_create(
        actor=admin_user, meeting=rakor, title="Anggarkan iuran 17.000 pekerja rentan",
        description="Masukkan ke APBD-P.\nSertakan DBHCHT.",
        due_date=TODAY - dt.timedelta(days=3), owner_region=ntb["52.03"],
        owner_agency=agency["bpkad"])


@pytest.fixture
def item_bpjs(rakor, ntb, admin_user, agency):
    """BPJS TK's item in Kota Mataram, due in 5 days."""
    return services.action_create(
        actor=admin_user, meeting=rakor, title="Verifikasi data peserta BPU Kota Mataram",
        due_date=TODAY + dt.timedelta(days=5), owner_region=ntb["52.71"],
        owner_agency=agency["bpjs-tk"])


@pytest.fixture
def local(ntb, admin_user, agency):
    """A's regency meeting and its item: read by A and the province only."""
    meeting = services.meeting_create(
        actor=admin_user, title="Rapat Tim UCJ Lombok Timur", date=dt.date(2026, 2, 3),
        level="region", region=ntb["52.03"], place="Selong")
    return services.action_create(
        actor=admin_user, meeting=meeting, title="Susun SK tim koordinasi",
        due_date=TODAY + dt.timedelta(days=40), owner_region=ntb["52.03"])


@pytest.fixture
def items(item_a, item_bpjs, local):
    return {"a": item_a, "bpjs": item_bpjs, "local": local}


def page_text(response) -> str:
    return response.content.decode()


def update(client, item, **data):
    data.setdefault("status", ActionItem.objects.get(pk=item.pk).status)
    data.setdefault("progress", ActionItem.objects.get(pk=item.pk).progress)
    data.setdefault("comment", "")
    return client.post(reverse("action_update", args=[item.pk]), data)


# --- who may open what -------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["action_list", "reminder_list"])
def test_anonymous_is_sent_to_sign_in(client, items, url):
    response = client.get(reverse(url))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_anonymous_is_sent_to_sign_in_everywhere_else(client, items):
    a = items["a"]
    for url in (reverse("action_create") + f"?rapat={a.meeting_id}",
                reverse("action_detail", args=[a.pk]), reverse("action_edit", args=[a.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"], url
    for url in (reverse("action_update", args=[a.pk]), reverse("reminder_email_toggle")):
        response = client.post(url, {"enabled": "1", "status": "done"})
        assert response.status_code == 302 and "/masuk/" in response["Location"], url
    assert not ActionUpdate.objects.exists()


@pytest.mark.parametrize("who,sees", [("admin_user", 3), ("op_a", 3), ("op_b", 2),
                                      ("viewer", 3), ("bpjs", 2)])
def test_the_list_shows_what_the_user_may_read(client, request, items, who, sees):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("action_list"))
    assert page.status_code == 200 and page.context["count"] == sees
    assert ("Susun SK tim koordinasi" in page_text(page)) == (sees == 3)
    rows = b"".join(client.get(reverse("action_list"), {"format": "csv"})
                    .streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1 + sees


@pytest.mark.parametrize("who,read", [("admin_user", 200), ("op_a", 200), ("op_b", 404),
                                      ("viewer", 200), ("bpjs", 404)])
def test_an_item_of_a_regency_meeting_is_read_by_that_regency_and_the_province(
        client, request, items, who, read):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("action_detail", args=[items["local"].pk])).status_code == read
    # an item of the province meeting: every user of the province reads it
    assert client.get(reverse("action_detail", args=[items["a"].pk])).status_code == 200
    assert client.get(reverse("action_detail", args=[999_999])).status_code == 404


@pytest.mark.parametrize("who,status", [("admin_user", 200), ("op_a", 403), ("op_b", 403),
                                        ("viewer", 403), ("bpjs", 403)])
def test_creating_and_editing_are_the_province_admins(client, request, items, who, status):
    client.force_login(request.getfixturevalue(who))
    a = items["a"]
    assert client.get(reverse("action_create"), {"rapat": a.meeting_id}).status_code == status
    assert client.get(reverse("action_edit", args=[a.pk])).status_code == status
    response = client.post(reverse("action_edit", args=[a.pk]), {
        "title": "Diubah", "owner_region": "52.03", "due_date": "2026-12-31"})
    assert response.status_code == (302 if status == 200 else 403)
    assert (ActionItem.objects.get(pk=a.pk).title == "Diubah") == (status == 200)


def test_the_create_page_answers_404_for_a_meeting_it_cannot_find(client, admin_user, items):
    client.force_login(admin_user)
    assert client.get(reverse("action_create")).status_code == 404
    assert client.get(reverse("action_create"), {"rapat": "999999"}).status_code == 404
    assert client.get(reverse("action_edit", args=[999_999])).status_code == 404


@pytest.mark.parametrize("who,item,status", [
    ("admin_user", "a", 302), ("admin_user", "local", 302), ("admin_user", "bpjs", 302),
    ("op_a", "a", 302), ("op_a", "local", 302), ("op_a", "bpjs", 403),
    ("op_b", "a", 403), ("op_b", "local", 404), ("op_b", "bpjs", 403),
    ("viewer", "a", 403), ("viewer", "bpjs", 403),
    ("bpjs", "a", 403), ("bpjs", "local", 404), ("bpjs", "bpjs", 302)])
def test_who_updates_which_item(client, request, items, who, item, status):
    client.force_login(request.getfixturevalue(who))
    target = items[item]
    assert client.get(reverse("action_update", args=[target.pk])).status_code == 405
    response = update(client, target, comment="Sudah dibahas dengan TAPD.")
    assert response.status_code == status
    assert ActionUpdate.objects.filter(action=target).exists() == (status == 302)


@pytest.mark.parametrize("who,form", [("admin_user", True), ("op_a", True), ("op_b", False),
                                      ("viewer", False), ("bpjs", False)])
def test_the_update_form_is_shown_to_those_who_may_update(client, request, items, who, form):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("action_detail", args=[items["a"].pk]))
    assert (reverse("action_update", args=[items["a"].pk]) in page_text(page)) == form
    assert (reverse("action_edit", args=[items["a"].pk]) in page_text(page)) == (
        who == "admin_user")


# --- creating and editing ----------------------------------------------------------------------

def test_the_admin_adds_an_item_to_a_meeting(client, admin_user, rakor, ntb, agency):
    challenge = services.challenge_create(actor=admin_user, meeting=rakor, region=ntb["52.02"],
                                          category="budget", title="Efisiensi anggaran")
    client.force_login(admin_user)
    url = reverse("action_create") + f"?rapat={rakor.pk}"
    page = client.get(url)
    assert {r.code for r in page.context["form"].fields["owner_region"].queryset} == {
        "52", "52.01", "52.02", "52.03", "52.71"}
    assert list(page.context["form"].fields["challenge"].queryset) == [challenge]
    response = client.post(url, {"title": "Usulkan Perbup UCJ", "owner_region": "52.02",
                                 "owner_agency": "hukum", "challenge": challenge.pk,
                                 "due_date": "2026-12-15", "description": "Draf dari Biro Hukum"})
    item = ActionItem.objects.get(title="Usulkan Perbup UCJ")
    assert response.status_code == 302 and response["Location"] == reverse(
        "action_detail", args=[item.pk])
    assert (item.meeting, item.owner_region.code, item.owner_agency.code, item.challenge) == (
        rakor, "52.02", "hukum", challenge)
    assert AuditEvent.objects.filter(object_type="forums.actionitem", action="create",
                                     object_id=str(item.pk)).exists()


def test_the_service_errors_show_on_the_fields(client, admin_user, rakor):
    client.force_login(admin_user)
    url = reverse("action_create") + f"?rapat={rakor.pk}"
    page = client.post(url, {"title": "Tanpa pemilik", "due_date": "2026-12-15"})
    assert page.status_code == 200 and "owner_region" in page.context["form"].errors
    assert "Sebutkan penanggung jawab langkah" in page_text(page)
    page = client.post(url, {"title": "", "owner_region": "52.03", "due_date": "besok"})
    assert set(page.context["form"].errors) == {"title", "due_date"}
    assert not ActionItem.objects.exists()


def test_a_regency_meeting_offers_only_its_regency(client, admin_user, local):
    client.force_login(admin_user)
    page = client.get(reverse("action_create"), {"rapat": local.meeting_id})
    assert [r.code for r in page.context["form"].fields["owner_region"].queryset] == ["52.03"]
    page = client.post(reverse("action_create") + f"?rapat={local.meeting_id}", {
        "title": "Untuk wilayah lain", "owner_region": "52.02", "due_date": "2026-12-15"})
    assert page.status_code == 200 and "owner_region" in page.context["form"].errors


# --- updating: progress, evidence, transitions -------------------------------------------------

def test_the_owner_records_progress_with_a_file_and_the_timeline_shows_it(client, op_a, items):
    a = items["a"]
    client.force_login(op_a)
    response = client.post(reverse("action_update", args=[a.pk]), {
        "status": "planned", "progress": "40", "comment": "Usulan masuk KUA-PPAS.\nMenunggu TAPD.",
        "evidence_file": pdf()})
    assert response.status_code == 302 and response["Location"].endswith("#timeline")
    a.refresh_from_db()
    assert (a.status, a.progress) == ("in_progress", 40)  # progress starts a planned item
    entry = ActionUpdate.objects.get(action=a)
    assert entry.evidence_type == "application/pdf" and entry.author == op_a
    page = page_text(client.get(reverse("action_detail", args=[a.pk])))
    assert "Usulan masuk KUA-PPAS.<br>Menunggu TAPD." in page
    assert reverse("evidence_download", args=[entry.pk]) in page and "surat-bpkad.pdf" in page
    assert "0% → <strong>40%</strong>" in page


def test_a_refused_update_keeps_the_page_and_saves_nothing(client, op_a, items):
    a = items["a"]
    client.force_login(op_a)
    page = update(client, a, status="done", comment="Selesai")  # done needs evidence
    assert page.status_code == 200 and "evidence_file" in page.context["form"].errors
    assert "Pembaruan tidak dicatat" in page_text(page)
    assert not ActionUpdate.objects.exists() and ActionItem.objects.get(pk=a.pk).status == "planned"
    page = update(client, a)  # nothing to record
    assert page.status_code == 200 and page.context["form"].non_field_errors()
    page = update(client, a, progress="140")
    assert page.status_code == 200 and "progress" in page.context["form"].errors
    page = update(client, a, status="blocked")  # blocking needs a reason
    assert "comment" in page.context["form"].errors
    assert not ActionUpdate.objects.exists()


def test_the_status_select_offers_only_allowed_transitions(client, op_a, admin_user, items):
    a = items["a"]
    client.force_login(op_a)
    offered = client.get(reverse("action_detail", args=[a.pk])).context["form"]["status"]
    assert [value for value, _label in offered.field.widget.choices] == [
        "planned", "in_progress", "done", "blocked"]
    update(client, a, status="in_progress", progress="10")
    offered = client.get(reverse("action_detail", args=[a.pk])).context["form"]["status"]
    assert [value for value, _label in offered.field.widget.choices] == [
        "in_progress", "done", "blocked"]
    # back to planned is not a transition: refused with the service's message, nothing saved
    page = update(client, a, status="planned")
    assert page.status_code == 200 and "tidak dapat menjadi" in str(
        page.context["form"].errors["status"])
    assert ActionUpdate.objects.filter(action=a).count() == 1
    update(client, a, status="done", evidence_file=png())
    a.refresh_from_db()
    assert (a.status, a.progress, a.done_at) == ("done", 100, TODAY)
    offered = client.get(reverse("action_detail", args=[a.pk])).context["form"]["status"]
    assert [value for value, _label in offered.field.widget.choices] == ["done"]
    page = update(client, a, status="in_progress", comment="Dibuka lagi")
    assert page.status_code == 200 and "status" in page.context["form"].errors
    client.force_login(admin_user)  # the province reopens, with a reason
    offered = client.get(reverse("action_detail", args=[a.pk])).context["form"]["status"]
    assert [value for value, _label in offered.field.widget.choices] == ["in_progress", "done"]
    assert update(client, a, status="in_progress", comment="Bukti belum sah").status_code == 302
    assert ActionItem.objects.get(pk=a.pk).status == "in_progress"


def test_the_evidence_select_lists_the_owner_regions_readable_records(
        client, op_a, op_b, admin_user, items, records, ntb, package):
    from ucj.budget import services as budget

    other = budget.allocation_create(
        actor=admin_user, region=ntb["52.02"], fiscal_year=2025, stage="murni",
        funding_source="apbd_kabkota", amount=16_800_000, workers_planned=100, start_month=1,
        months_covered=10, package=package)
    a = items["a"]
    client.force_login(op_a)
    choices = client.get(reverse("action_detail", args=[a.pk])).context["form"]["evidence"]
    values = [value for _group, options in choices.field.choices[1:] for value, _l in options]
    assert set(values) == {f"commitment:{records['commitments'].pk}",
                           f"allocation:{records['allocations'].pk}",
                           f"realization:{records['realizations'].pk}"}
    labels = dict(option for _group, options in choices.field.choices[1:] for option in options)
    assert labels[f"allocation:{records['allocations'].pk}"] == (
        "Alokasi APBD perubahan 2025 · APBD kabupaten/kota · Rp 151.200.000")
    # another region's record is refused (outside the list and outside op_a's regions)
    page = update(client, a, comment="Bukti", evidence=f"allocation:{other.pk}")
    assert page.status_code == 200 and "evidence" in page.context["form"].errors
    assert not ActionUpdate.objects.exists()
    response = update(client, a, comment="Alokasi APBD-P", evidence=f"allocation:"
                      f"{records['allocations'].pk}")
    assert response.status_code == 302
    assert ActionUpdate.objects.get().allocation == records["allocations"]
    detail = reverse("record_detail", args=["allocations", records["allocations"].pk])
    assert detail in page_text(client.get(reverse("action_detail", args=[a.pk])))
    client.force_login(op_b)  # reads the item, not A's allocation: no link to it
    page = page_text(client.get(reverse("action_detail", args=[a.pk])))
    assert detail not in page and "151.200.000" not in page and "di luar wilayah Anda" in page


def test_the_admin_may_not_link_another_regions_record_either(client, admin_user, items, ntb,
                                                               package):
    from ucj.budget import services as budget

    other = budget.allocation_create(
        actor=admin_user, region=ntb["52.02"], fiscal_year=2026, stage="murni",
        funding_source="apbd_kabkota", amount=16_800_000, workers_planned=100, start_month=1,
        months_covered=10, package=package)
    client.force_login(admin_user)
    page = update(client, items["a"], comment="x", evidence=f"allocation:{other.pk}")
    assert page.status_code == 200 and "evidence" in page.context["form"].errors


def test_bpjs_updates_its_own_item(client, bpjs, items):
    client.force_login(bpjs)
    response = update(client, items["bpjs"], progress="60", comment="Data 1.200 peserta dicek",
                      evidence_file=png())
    assert response.status_code == 302
    assert ActionItem.objects.get(pk=items["bpjs"].pk).progress == 60
    assert update(client, items["a"], comment="x").status_code == 403


def test_the_bad_file_is_refused_on_its_field(client, op_a, items):
    client.force_login(op_a)
    page = update(client, items["a"], comment="x", evidence_file=pdf("x.pdf", b"not a pdf"))
    assert page.status_code == 200 and "evidence_file" in page.context["form"].errors
    page = update(client, items["a"], comment="x", evidence_file=pdf("x.docx"))
    assert "evidence_file" in page.context["form"].errors
    assert not ActionUpdate.objects.exists()


# --- evidence download -------------------------------------------------------------------------

@pytest.fixture
def evidence(items, op_a):
    a = services.action_update(actor=op_a, action=items["a"], progress=30, evidence_file=pdf())
    local = services.action_update(actor=op_a, action=items["local"], progress=10,
                                   evidence_file=png())
    return {"a": a, "local": local}


@pytest.mark.parametrize("who,local_status", [("admin_user", 200), ("op_a", 200), ("op_b", 404),
                                              ("viewer", 200), ("bpjs", 404)])
def test_evidence_is_downloaded_by_those_who_read_the_meeting(client, request, evidence, who,
                                                              local_status):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("evidence_download", args=[evidence["a"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "surat-bpkad.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(action="download", actor=user,
                                     note="surat-bpkad.pdf").count() == 1
    assert client.get(reverse("evidence_download",
                              args=[evidence["local"].pk])).status_code == local_status


def test_evidence_download_answers_404_without_a_file(client, admin_user, items, op_a):
    entry = services.action_update(actor=op_a, action=items["a"], comment="tanpa berkas")
    client.force_login(admin_user)
    assert client.get(reverse("evidence_download", args=[entry.pk])).status_code == 404
    assert client.get(reverse("evidence_download", args=[999_999])).status_code == 404


def test_evidence_download_needs_sign_in(client, evidence):
    response = client.get(reverse("evidence_download", args=[evidence["a"].pk]))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


# --- list: filters, counts, overdue marks, CSV -------------------------------------------------

def test_overdue_and_due_soon_rows_are_marked(client, viewer, items):
    client.force_login(viewer)
    page = page_text(client.get(reverse("action_list")))
    rows = {pk: next(row for row in page.split("<tr")[1:]
                     if f'href="{reverse("action_detail", args=[pk])}"' in row)
            for pk in (items["a"].pk, items["bpjs"].pk, items["local"].pk)}
    assert rows[items["a"].pk].startswith(' class="overdue"')
    assert "terlambat 3 hari" in rows[items["a"].pk]
    assert rows[items["bpjs"].pk].startswith(' class="due-soon-row"')
    assert "5 hari lagi" in rows[items["bpjs"].pk]
    assert rows[items["local"].pk].startswith(">") and "hari" not in rows[items["local"].pk]


def test_the_filters_and_the_counts(client, admin_user, items, op_a):
    services.action_update(actor=op_a, action=items["local"], progress=20)
    client.force_login(admin_user)
    url = reverse("action_list")
    page = client.get(url)
    counts = page.context["counts"]
    assert (counts["total"], counts["planned"], counts["in_progress"], counts["overdue"],
            counts["due_soon"]) == (3, 2, 1, 1, 1)
    assert client.get(url, {"terlambat": "1"}).context["count"] == 1
    assert client.get(url, {"segera": "1"}).context["count"] == 1
    assert client.get(url, {"status": "in_progress"}).context["count"] == 1
    assert client.get(url, {"status": "nonsense"}).context["count"] == 3
    assert client.get(url, {"wilayah": "52.71"}).context["count"] == 1
    assert client.get(url, {"instansi": "bpjs-tk"}).context["count"] == 1
    assert client.get(url, {"rapat": items["a"].meeting_id}).context["count"] == 2
    assert client.get(url, {"q": "tim koordinasi"}).context["count"] == 1
    # the chips count within the other filters, and link with them
    filtered = client.get(url, {"wilayah": "52.03"})
    assert filtered.context["counts"]["total"] == 2
    assert "?wilayah=52.03&amp;terlambat=1" in page_text(filtered)


def test_the_csv_has_the_filtered_items(client, admin_user, items):
    client.force_login(admin_user)
    response = client.get(reverse("action_list"), {"format": "csv", "wilayah": "52.03"})
    assert response["Content-Disposition"] == 'attachment; filename="langkah-strategis.csv"'
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    header = rows[0].split(",")
    assert header[:5] == ["id", "action", "owner_region_code", "owner_region", "owner_agency"]
    values = {line.split(",")[0]: dict(zip(header, line.split(","), strict=True))
              for line in rows[1:]}
    row = values[str(items["a"].pk)]
    assert (row["owner_region_code"], row["owner_agency"], row["status"], row["overdue"],
            row["due_date"]) == ("52.03", "bpkad", "planned", "1",
                                 (TODAY - dt.timedelta(days=3)).isoformat())
    assert values[str(items["local"].pk)]["overdue"] == "0"
    assert AuditEvent.objects.filter(action="export", object_type="forums.actionitem").exists()


def test_the_list_runs_a_fixed_number_of_queries(client, admin_user, items, rakor, ntb,
                                                 django_assert_num_queries):
    client.force_login(admin_user)
    client.get(reverse("action_list"))  # warm the session
    with django_assert_num_queries(13) as few:  # + the menu's approval inbox count (issue 19)
        client.get(reverse("action_list"))
    for n in range(6):
        services.action_create(actor=admin_user, meeting=rakor, title=f"Langkah {n}",
                               due_date=TODAY + dt.timedelta(days=n),
                               owner_region=ntb["52.02"])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("action_list"))


def test_the_detail_runs_a_fixed_number_of_queries(client, op_a, items, records,
                                                   django_assert_num_queries):
    a = items["a"]
    services.action_update(actor=op_a, action=a, progress=10, evidence_file=pdf())
    client.force_login(op_a)
    client.get(reverse("action_detail", args=[a.pk]))
    with django_assert_num_queries(10) as few:
        client.get(reverse("action_detail", args=[a.pk]))
    services.action_update(actor=op_a, action=a, progress=20,
                           allocation=records["allocations"])
    services.action_update(actor=op_a, action=a, comment="Rapat TAPD",
                           commitment=records["commitments"])
    services.action_update(actor=op_a, action=a, progress=30,
                           realization=records["realizations"], evidence_file=png())
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("action_detail", args=[a.pk]))
    assert len(page.context["updates"]) == 4


# --- reminders ---------------------------------------------------------------------------------

def test_reminders_list_overdue_first_then_due_soon(client, op_a, items, rakor, ntb,
                                                    admin_user):
    soon = services.action_create(actor=admin_user, meeting=rakor, title="Sosialisasi BPU",
                                  due_date=TODAY, owner_region=ntb["52.03"])
    client.force_login(op_a)
    page = client.get(reverse("reminder_list"))
    reminders = page.context["reminders"]
    assert [a.pk for a in reminders.overdue] == [items["a"].pk]
    assert [a.pk for a in reminders.due_soon] == [soon.pk]  # local is 40 days away
    text = page_text(page)
    assert text.index("terlambat 3 hari") < text.index("jatuh tempo hari ini")
    assert 'class="reminder is-late"' in text
    assert f'{reverse("action_detail", args=[soon.pk])}#perbarui' in text


def test_reminders_of_bpjs_and_the_empty_states(client, bpjs, op_b, viewer, items):
    client.force_login(bpjs)
    page = client.get(reverse("reminder_list"))
    assert [a.pk for a in page.context["reminders"].due_soon] == [items["bpjs"].pk]
    assert "5 hari lagi" in page_text(page)
    client.force_login(op_b)
    page = client.get(reverse("reminder_list"))
    assert page.status_code == 200 and page.context["reminders"].count == 0
    assert "Tidak ada yang terlambat" in page_text(page)
    client.force_login(viewer)
    page = client.get(reverse("reminder_list"))
    assert page.status_code == 200 and page.context["reminders"] is None
    assert "tidak memperbarui langkah strategis" in page_text(page)


def test_the_reminders_page_runs_a_fixed_number_of_queries(client, op_a, items, rakor, ntb,
                                                           admin_user, django_assert_num_queries):
    client.force_login(op_a)
    client.get(reverse("reminder_list"))
    with django_assert_num_queries(7) as few:
        client.get(reverse("reminder_list"))
    for n in range(5):
        services.action_create(actor=admin_user, meeting=rakor, title=f"Langkah {n}",
                               due_date=TODAY + dt.timedelta(days=n - 2),
                               owner_region=ntb["52.03"])
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("reminder_list"))
    assert page.context["reminders"].count == 6


@pytest.mark.parametrize("who,status", [("admin_user", 302), ("op_a", 302), ("op_b", 302),
                                        ("bpjs", 302), ("viewer", 403)])
def test_the_email_preference_is_the_users_own(client, request, who, status, settings):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("reminder_email_toggle")).status_code == 405
    assert client.post(reverse("reminder_email_toggle"), {"enabled": "1"}).status_code == status
    user.refresh_from_db()
    assert user.reminder_emails == (status == 302)
    if status == 302:
        assert AuditEvent.objects.filter(actor=user, object_type="accounts.user",
                                         changes={"reminder_emails": [False, True]}).exists()
        settings.UCJ_REMINDER_EMAILS = False
        page = page_text(client.get(reverse("reminder_list")))
        assert "E-mail pengingat belum diaktifkan di server" in page
        assert "tidak memiliki alamat e-mail" in page
        client.post(reverse("reminder_email_toggle"), {"enabled": "0"})
        user.refresh_from_db()
        assert not user.reminder_emails


def test_nobody_changes_another_users_preference(op_a, op_b):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.reminder_emails_set(actor=op_a, user=op_b, enabled=True)
    op_b.refresh_from_db()
    assert not op_b.reminder_emails


# --- the e-mail command ------------------------------------------------------------------------

@pytest.fixture
def subscribers(op_a, op_b, bpjs, viewer):
    for user, email in ((op_a, "lotim@example.org"), (op_b, "loteng@example.org"),
                        (bpjs, "bpjs@example.org"), (viewer, "")):
        user.email, user.reminder_emails = email, True
        user.save()
    return {"op_a": op_a, "op_b": op_b, "bpjs": bpjs}


def run_command(*args) -> str:
    out = io.StringIO()
    call_command("send_forum_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_sends_nothing_when_e_mail_is_off(items, subscribers, mailoutbox, settings):
    settings.UCJ_REMINDER_EMAILS = False
    assert "UCJ_REMINDER_EMAILS" in run_command()
    assert mailoutbox == []


def test_the_command_mails_only_subscribers_with_items(items, subscribers, mailoutbox, settings,
                                                       admin_user):
    settings.UCJ_REMINDER_EMAILS = True
    admin_user.email = "admin@example.org"  # has items (all of them) but did not ask
    admin_user.save()
    out = run_command("--base-url", "https://ucj.ntbprov.go.id/")
    assert "2 reminder e-mail(s) sent" in out
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"lotim@example.org", "bpjs@example.org"}  # op_b has none
    body = by_address["lotim@example.org"].body
    assert body.startswith("Yth. Op Lotim,")
    assert "TERLAMBAT" in body and "Anggarkan iuran 17.000 pekerja rentan" in body
    assert "terlambat 3 hari" in body
    assert f"https://ucj.ntbprov.go.id{reverse('action_detail', args=[items['a'].pk])}" in body
    assert "Susun SK tim koordinasi" not in body  # due in 40 days
    assert "Verifikasi data peserta" not in body  # BPJS's item
    assert "1 terlambat" in by_address["lotim@example.org"].subject
    bpjs_body = by_address["bpjs@example.org"].body
    assert "Verifikasi data peserta BPU Kota Mataram" in bpjs_body and "5 hari lagi" in bpjs_body
    assert "Anggarkan iuran" not in bpjs_body
    # only the recipient's own name: no other user's name, e-mail or username
    for other in ("Op Loteng", "Bpjs Mataram", "op.loteng", "bpjs@example.org", "Admin Prov"):
        assert other not in body


def test_the_command_dry_run_and_a_given_day(items, subscribers, mailoutbox, settings):
    settings.UCJ_REMINDER_EMAILS = True
    out = run_command("--dry-run", "--today", (TODAY - dt.timedelta(days=30)).isoformat())
    # 30 days ago item A was 27 days ahead: beyond 14 days; BPJS's 35 days ahead: nothing
    assert "0 reminder e-mail(s) would be sent" in out and mailoutbox == []
    out = run_command("--dry-run", "--today", (TODAY - dt.timedelta(days=10)).isoformat())
    assert "would send to op.lotim" in out and "1 reminder e-mail(s) would be sent" in out
    assert mailoutbox == []
