"""The submission workflow's pages: the overview (scope, filters, counts, CSV, bulk approval),
one submission's page and its transitions (submit, return, approve, reopen), the approval
lock seen through the record pages, and "not approved" labels on lists, details and exports.

Region A = Lombok Timur (52.03) holds the `records` fixture's data; op_a writes there, op_b
(Lombok Tengah) must not learn anything about it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user
from tests.test_access import csv_rows
from ucj.accounts.models import Role
from ucj.audit.models import AuditEvent
from ucj.budget.models import Allocation
from ucj.core.datasets import get_dataset
from ucj.coverage import services as coverage
from ucj.regions.models import Level, Region
from ucj.submissions import services
from ucj.submissions.models import State, Submission

A = "52.03"
# The records fixture: one record of every dataset in region A, and the period it belongs to.
PERIODS = {"denominators": "2025", "participation": "2025-06", "commitments": "2025",
           "allocations": "2025", "realizations": "2025-10"}


def url(name, dataset="allocations", code=A, period=None):
    return reverse(name, args=[dataset, code, period or PERIODS[dataset]])


def detail(dataset="allocations", code=A, period=None):
    return url("submission_detail", dataset, code, period)


def state(dataset="allocations", code=A, period=None) -> str:
    s = Submission.objects.filter(region__code=code, dataset=dataset,
                                  period=period or PERIODS[dataset]).first()
    return s.state if s else State.DRAFT


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def allocation_form_data(allocation: Allocation, **changes) -> dict:
    data = {"region": allocation.region_id, "fiscal_year": allocation.fiscal_year,
            "stage": allocation.stage, "funding_source": allocation.funding_source,
            "package": allocation.package_id, "amount": str(allocation.amount),
            "workers_planned": str(allocation.workers_planned),
            "start_month": allocation.start_month, "months_covered": allocation.months_covered,
            "note": allocation.note}
    data.update(changes)
    return data


def column_label(key: str) -> str:
    return str(next(c.label for c in get_dataset("allocations").columns if c.key == key))


def submission_events(dataset="allocations") -> list[tuple[str, str, str]]:
    """(old state, new state, note) of the audited transitions, oldest first."""
    submission = Submission.objects.get(region__code=A, dataset=dataset,
                                        period=PERIODS[dataset])
    events = AuditEvent.objects.filter(object_type="submissions.submission",
                                       object_id=str(submission.pk)).order_by("at", "id")
    return [(e.changes["state"][0], e.changes["state"][1], e.note) for e in events]


# --- the overview -----------------------------------------------------------------------------

def test_list_shows_every_region_period_with_data_to_province_and_own_operator(
        client, records, admin_user, viewer, op_a):
    for user in (admin_user, viewer, op_a):
        client.force_login(user)
        response = client.get(reverse("submission_list"))
        assert response.status_code == 200
        rows = {(r.ds.slug, r.region.code, r.period, r.count, r.state)
                for r in response.context["page"]}
        assert rows == {(slug, A, period, 1, "draft") for slug, period in PERIODS.items()}
        assert detail().encode() in response.content
        exported = csv_rows(client.get(reverse("submission_export")))
        assert {(r["dataset"], r["region_code"], r["period"], r["records"], r["state"])
                for r in exported} == {(slug, A, period, "1", "draft")
                                       for slug, period in PERIODS.items()}


def test_list_shows_months_by_name(client, records, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("submission_list")).content.decode()
    assert "Juni 2025" in page and "Oktober 2025" in page


def test_it_rejects_other_region_in_the_list_and_export(client, records, admin_user, op_b,
                                                        bpjs):
    services.submission_approve(actor=admin_user, region=Region.objects.get(code=A),
                                dataset="commitments", period="2025")
    for user in (op_b, bpjs):
        client.force_login(user)
        response = client.get(reverse("submission_list"))
        assert response.status_code == 200
        assert response.context["count"] == 0
        assert b"Lombok Timur" not in response.content.split(b"</header>")[-1]
        assert client.get(reverse("submission_list"), {"region": A}).context["count"] == 0
        assert csv_rows(client.get(reverse("submission_export"))) == []
        assert csv_rows(client.get(reverse("submission_export"), {"region": A})) == []


def test_list_filters_by_dataset_region_period_and_state(client, records, admin_user, ntb):
    coverage.denominator_create(actor=admin_user, region=ntb["52.02"], year=2025,
                                workforce_potential=400_000)
    services.submission_approve(actor=admin_user, region=ntb[A], dataset="allocations",
                                period="2025")
    client.force_login(admin_user)
    listing = reverse("submission_list")

    def keys(params):
        response = client.get(listing, params)
        assert response.status_code == 200
        return sorted((r.ds.slug, r.region.code, r.period) for r in response.context["page"])

    assert len(keys({})) == 6
    assert keys({"dataset": "denominators"}) == [("denominators", "52.02", "2025"),
                                                 ("denominators", A, "2025")]
    assert keys({"region": "52.02"}) == [("denominators", "52.02", "2025")]
    assert keys({"period": "2025-06"}) == [("participation", A, "2025-06")]
    assert len(keys({"period": "2025"})) == 6  # a year selects its months too
    assert keys({"period": "2024"}) == []
    assert keys({"state": "approved"}) == [("allocations", A, "2025")]
    assert keys({"state": "draft", "region": A, "dataset": "allocations"}) == []
    response = client.get(listing, {"dataset": "denominators"})
    counts = {value: n for value, _label, n in response.context["state_counts"]}
    assert counts == {"draft": 2, "submitted": 0, "approved": 0, "returned": 0}
    counts = {value: n for value, _label, n in client.get(listing).context["state_counts"]}
    assert counts == {"draft": 5, "submitted": 0, "approved": 1, "returned": 0}
    # an invalid filter shows its error and no rows
    bad = client.get(listing, {"period": "Juni"})
    assert bad.context["count"] == 0 and bad.context["filter"].errors
    # the CSV follows the same filters
    rows = csv_rows(client.get(reverse("submission_export"), {"state": "approved"}))
    assert [(r["dataset"], r["state"], r["approved_by"]) for r in rows] == [
        ("allocations", "approved", str(admin_user))]
    assert rows[0]["approved_at"].startswith(str(dt.date.today().year))


def test_list_keeps_a_submission_whose_records_were_deleted(client, records, admin_user, ntb):
    services.submission_submit(actor=admin_user, region=ntb[A], dataset="denominators",
                               period="2025")
    Submission.objects.filter(dataset="denominators").update(state=State.RETURNED,
                                                             reason="salah")
    coverage.denominator_delete(actor=admin_user, denominator=records["denominators"])
    client.force_login(admin_user)
    rows = {(r.ds.slug, r.period): (r.count, r.state)
            for r in client.get(reverse("submission_list")).context["page"]}
    assert rows[("denominators", "2025")] == (0, "returned")


def test_list_query_count_does_not_grow_with_rows(client, records, admin_user, ntb,
                                                  django_assert_num_queries):
    client.force_login(admin_user)
    listing = reverse("submission_list")
    client.get(listing)
    with django_assert_num_queries(14) as few:  # + the menu's approval inbox count (issue 19)
        client.get(listing)
    for i in range(4):
        region = Region.objects.create(code=f"52.{90 + i}", name=f"Kabupaten Y{i}",
                                       level=Level.REGENCY, parent=ntb["52"])
        coverage.denominator_create(actor=admin_user, region=region, year=2025,
                                    workforce_potential=1_000)
        services.submission_submit(actor=admin_user, region=region, dataset="denominators",
                                   period="2025")
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(listing).context["count"] == 9


# --- one submission: who sees what ---------------------------------------------------------

def test_detail_for_own_operator_offers_submit(client, records, op_a):
    client.force_login(op_a)
    response = client.get(detail())
    assert response.status_code == 200
    assert response.context["count"] == 1
    assert reverse("record_detail", args=["allocations", records["allocations"].pk]).encode() \
        in response.content
    assert url("submission_submit").encode() in response.content
    for name in ("submission_approve", "submission_return", "submission_reopen"):
        assert url(name).encode() not in response.content
    # participation is BPJS's figure: the regency operator reads it, does not submit it
    response = client.get(detail("participation"))
    assert response.status_code == 200
    assert url("submission_submit", "participation").encode() not in response.content


def test_detail_for_province_admin_offers_approve(client, records, admin_user):
    client.force_login(admin_user)
    response = client.get(detail())
    assert response.status_code == 200
    assert url("submission_approve").encode() in response.content
    assert url("submission_return").encode() not in response.content  # only when submitted


def test_detail_for_viewer_offers_nothing(client, records, viewer):
    client.force_login(viewer)
    response = client.get(detail())
    assert response.status_code == 200
    for name in ("submission_submit", "submission_approve", "submission_return",
                 "submission_reopen"):
        assert url(name).encode() not in response.content


def test_detail_of_a_period_without_data(client, ntb, op_a):
    client.force_login(op_a)
    response = client.get(detail(period="2030"))
    assert response.status_code == 200
    assert response.context["count"] == 0
    assert url("submission_submit", period="2030").encode() not in response.content
    response = client.post(url("submission_submit", period="2030"))
    assert response.status_code == 302
    assert not Submission.objects.exists()
    assert flashed(response)


ACTIONS = ["submission_submit", "submission_approve", "submission_return", "submission_reopen"]


@pytest.mark.parametrize("dataset", list(PERIODS))
def test_it_rejects_other_region(client, records, admin_user, op_b, bpjs, dataset):
    services.submission_submit(actor=admin_user, region=Region.objects.get(code=A),
                               dataset=dataset, period=PERIODS[dataset])
    for user in (op_b, bpjs):
        client.force_login(user)
        assert client.get(detail(dataset)).status_code == 404
        for name in ACTIONS:
            assert client.post(url(name, dataset), {"reason": "x"}).status_code == 404
    assert state(dataset) == State.SUBMITTED


def test_unknown_dataset_bad_period_or_region_is_404(client, records, admin_user):
    client.force_login(admin_user)
    bad = [("nope", A, "2025"), ("allocations", A, "2025-06"), ("participation", A, "2025"),
           ("participation", A, "2025-13"), ("allocations", A, "25"), ("allocations", "99.99",
                                                                        "2025"),
           ("allocations", "52.03.01", "2025")]  # allocations are not kept per district
    for dataset, code, period in bad:
        assert client.get(detail(dataset, code, period)).status_code == 404, (dataset, period)
        for name in ACTIONS:
            assert client.post(url(name, dataset, code, period)).status_code == 404


def test_transitions_answer_post_only(client, records, admin_user):
    client.force_login(admin_user)
    for name in ACTIONS:
        assert client.get(url(name)).status_code == 405
    assert client.get(reverse("submission_bulk_approve")).status_code == 405
    assert state() == State.DRAFT


def test_roles_that_may_not_make_a_transition_get_403(client, records, admin_user, op_a,
                                                      viewer):
    client.force_login(viewer)
    assert client.post(url("submission_submit")).status_code == 403
    client.force_login(op_a)
    assert client.post(url("submission_submit", "participation")).status_code == 403
    for user in (op_a, viewer):
        client.force_login(user)
        for name in ("submission_approve", "submission_return", "submission_reopen"):
            assert client.post(url(name), {"reason": "x"}).status_code == 403
    assert not Submission.objects.exists()
    services.submission_submit(actor=op_a, region=Region.objects.get(code=A),
                               dataset="allocations", period="2025")
    client.force_login(op_a)
    assert client.post(url("submission_approve")).status_code == 403
    assert client.post(url("submission_return"), {"reason": "x"}).status_code == 403
    assert state() == State.SUBMITTED


def test_anonymous_is_sent_to_login(client, records):
    for target in (reverse("submission_list"), reverse("submission_export"), detail()):
        response = client.get(target)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(url("submission_submit"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Submission.objects.exists()


# --- the workflow, end to end through the pages ------------------------------------------------

def test_submit_return_resubmit_approve_lock_reopen(client, records, admin_user, op_a):
    allocation = records["allocations"]
    edit = reverse("record_edit", args=["allocations", allocation.pk])
    admin, op = client, Client()
    admin.force_login(admin_user)
    op.force_login(op_a)

    # the region submits: its figures are locked
    response = op.post(url("submission_submit"))
    assert response.status_code == 302 and response.url == detail()
    assert state() == State.SUBMITTED
    submission = Submission.objects.get()
    assert submission.submitted_by == op_a and submission.submitted_at
    assert op.get(detail()).context["can_submit"] is False

    # returning needs a reason
    response = admin.post(url("submission_return"), {"reason": "  "})
    assert response.status_code == 302
    assert state() == State.SUBMITTED
    assert flashed(response)
    response = admin.post(url("submission_return"), {"reason": "Jumlah pekerja belum sesuai."})
    assert response.status_code == 302
    assert state() == State.RETURNED
    assert Submission.objects.get().reason == "Jumlah pekerja belum sesuai."
    assert "Jumlah pekerja belum sesuai." in op.get(detail()).content.decode()

    # returned figures may be corrected, then submitted again
    response = op.post(edit, allocation_form_data(allocation, note="dikoreksi"))
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.note == "dikoreksi"
    assert op.post(url("submission_submit")).status_code == 302
    assert state() == State.SUBMITTED

    # the province approves: the figures are kept as approved and locked
    response = admin.post(url("submission_approve"))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.state == State.APPROVED and submission.approved_by == admin_user
    assert submission.approved_values["perubahan · apbd_kabkota · regency"]["note"] == "dikoreksi"
    response = op.post(edit, allocation_form_data(allocation, note="diam-diam diubah"))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors and "disetujui dan dikunci" in errors[0]
    assert "disetujui dan dikunci" in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.note == "dikoreksi"
    assert admin.post(url("submission_return"), {"reason": "x"}).status_code == 302
    assert state() == State.APPROVED  # only submitted figures can be returned

    # reopening needs a reason, then the region may change the figures again
    response = admin.post(url("submission_reopen"), {"reason": ""})
    assert state() == State.APPROVED and flashed(response)
    response = admin.post(url("submission_reopen"), {"reason": "Revisi APBD-P."})
    assert response.status_code == 302
    assert state() == State.DRAFT
    response = op.post(edit, allocation_form_data(allocation, note="revisi", amount="201.600.000",
                                                  workers_planned="4.000",
                                                  confirm_warnings="1"))
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.amount == 201_600_000

    # what changed since the approval, side by side
    page = admin.get(detail())
    changes = {(row, field): (old, new) for row, field, old, new in page.context["changes"]}
    row = (f"{allocation.get_stage_display()} · {allocation.get_funding_source_display()} · "
           f"{allocation.get_payer_display()}")
    assert row == "APBD perubahan · APBD kabupaten/kota · kabupaten/kota"
    assert changes[(row, column_label("amount"))] == ("Rp 151.200.000", "Rp 201.600.000")
    assert changes[(row, column_label("note"))] == ("dikoreksi", "revisi")
    assert changes[(row, column_label("workers_planned"))] == ("3.000", "4.000")
    assert "Revisi APBD-P." in page.content.decode()

    # every transition is audited, reasons in the note
    assert submission_events() == [
        ("draft", "submitted", ""),
        ("submitted", "returned", "Jumlah pekerja belum sesuai."),
        ("returned", "submitted", ""),
        ("submitted", "approved", ""),
        ("approved", "draft", "Revisi APBD-P."),
    ]


def test_a_submitted_record_is_locked_for_its_region(client, records, op_a):
    allocation = records["allocations"]
    client.force_login(op_a)
    client.post(url("submission_submit"))
    response = client.post(reverse("record_edit", args=["allocations", allocation.pk]),
                           allocation_form_data(allocation, note="x"))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = client.post(reverse("record_delete", args=["allocations", allocation.pk]))
    assert response.status_code == 200 and response.context["error"]
    assert Allocation.objects.filter(pk=allocation.pk, note="").exists()


def test_province_approves_a_draft_directly(client, records, admin_user):
    client.force_login(admin_user)
    response = client.post(url("submission_approve", "denominators"))
    assert response.status_code == 302
    assert state("denominators") == State.APPROVED
    assert submission_events("denominators")[0][:2] == ("draft", "approved")
    # approving again is refused with a message, nothing changes
    response = client.post(url("submission_approve", "denominators"))
    assert state("denominators") == State.APPROVED and flashed(response)
    assert len(submission_events("denominators")) == 1


def test_returning_or_reopening_a_draft_without_a_row_is_refused(client, records, admin_user):
    client.force_login(admin_user)
    for name in ("submission_return", "submission_reopen"):
        response = client.post(url(name), {"reason": "x"})
        assert response.status_code == 302
        assert flashed(response)
    assert not Submission.objects.exists()


# --- bulk approval --------------------------------------------------------------------------------

def test_bulk_approve_two_drafts(client, records, admin_user):
    client.force_login(admin_user)
    items = [f"allocations|{A}|2025", f"commitments|{A}|2025"]
    response = client.post(reverse("submission_bulk_approve"),
                           {"items": items, "next": reverse("submission_list") + "?state=draft"})
    assert response.status_code == 302 and response.url == "/pengiriman/?state=draft"
    assert state("allocations") == State.APPROVED and state("commitments") == State.APPROVED
    assert state("denominators") == State.DRAFT
    assert flashed(response)


def test_bulk_approve_is_all_or_nothing(client, records, admin_user):
    client.force_login(admin_user)
    services.submission_approve(actor=admin_user, region=Region.objects.get(code=A),
                                dataset="commitments", period="2025")
    response = client.post(reverse("submission_bulk_approve"), {
        "items": [f"allocations|{A}|2025", f"commitments|{A}|2025"]})
    assert response.status_code == 302 and response.url == reverse("submission_list")
    assert state("allocations") == State.DRAFT
    assert any("Tidak ada yang disetujui" in m for m in flashed(response))


def test_bulk_approve_offers_checkboxes_to_the_admin_only(client, records, admin_user, op_a):
    client.force_login(admin_user)
    page = client.get(reverse("submission_list")).content.decode()
    assert f'value="allocations|{A}|2025"' in page
    assert reverse("submission_bulk_approve") in page
    client.force_login(op_a)
    page = client.get(reverse("submission_list")).content.decode()
    assert 'name="items"' not in page and reverse("submission_bulk_approve") not in page


def test_bulk_approve_is_refused_to_other_roles(client, records, op_a, op_b, viewer, bpjs):
    for user in (op_a, op_b, viewer, bpjs):
        client.force_login(user)
        response = client.post(reverse("submission_bulk_approve"),
                               {"items": [f"allocations|{A}|2025"]})
        assert response.status_code == 403
    assert not Submission.objects.exists()


def test_bulk_approve_refuses_tampered_items(client, records, admin_user):
    client.force_login(admin_user)
    for item in ("allocations|52.03", "nope|52.03|2025", "allocations|99.99|2025",
                 "allocations|52.03|2025-06"):
        response = client.post(reverse("submission_bulk_approve"), {"items": [item]})
        assert response.status_code == 404, item
    assert not Submission.objects.exists()
    # an outside redirect target is ignored
    response = client.post(reverse("submission_bulk_approve"),
                           {"items": [f"allocations|{A}|2025"], "next": "https://evil.example/"})
    assert response.url == reverse("submission_list")


# --- "not approved" labels on the record pages ------------------------------------------------------

def test_record_list_labels_each_row_with_its_approval(client, records, admin_user, op_b):
    services.submission_approve(actor=admin_user, region=Region.objects.get(code=A),
                                dataset="allocations", period="2025")
    client.force_login(admin_user)
    page = client.get(reverse("record_list", args=["allocations"])).content.decode()
    assert 'data-state="approved"' in page and ">disetujui<" in page
    page = client.get(reverse("record_list", args=["commitments"])).content.decode()
    assert 'data-state="draft"' in page and "belum disetujui · draf" in page


def test_record_detail_shows_its_approval_and_links_to_the_submission(client, records,
                                                                      admin_user, op_a):
    region = Region.objects.get(code=A)
    services.submission_submit(actor=op_a, region=region, dataset="realizations",
                               period="2025-10")
    client.force_login(op_a)
    record = records["realizations"]
    response = client.get(reverse("record_detail", args=["realizations", record.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert url("submission_detail", "realizations") in page
    assert "belum disetujui · dikirim" in page
    assert response.context["approval"]["locked"] is True


def test_record_export_has_the_approval_state(client, records, admin_user):
    services.submission_approve(actor=admin_user, region=Region.objects.get(code=A),
                                dataset="participation", period="2025-06")
    coverage.participation_create(actor=admin_user, region=Region.objects.get(code=A),
                                  month=dt.date(2025, 7, 1), segment="BPU", active=54_500)
    client.force_login(admin_user)
    rows = csv_rows(client.get(reverse("record_export", args=["participation"])))
    assert sorted((r["month"], r["approval_state"]) for r in rows) == [
        ("2025-06", "approved"), ("2025-07", "draft")]
    rows = csv_rows(client.get(reverse("record_export", args=["realizations"])))
    assert [r["approval_state"] for r in rows] == ["draft"]


def test_navigation_links_to_submissions(client, records, op_a):
    client.force_login(op_a)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("submission_list")}"' in page
    assert "Verifikasi data" in page


# --- approving one's own figures (docs/decisions.md) -------------------------------------------

@pytest.fixture
def second_admin(ntb):
    return make_user("admin.dua", Role.PROVINSI_ADMIN, [ntb["52"]])


def test_it_refuses_an_admin_approving_figures_it_changed_last_while_another_admin_may(
        records, admin_user, second_admin):
    region = Region.objects.get(code=A)
    with pytest.raises(ValidationError) as refused:
        services.submission_approve(actor=admin_user, region=region, dataset="allocations",
                                    period="2025")
    assert "admin.dua" in " ".join(refused.value.messages)
    assert state() == State.DRAFT
    assert not AuditEvent.objects.filter(object_type="submissions.submission").exists()
    # the other admin approves: no self-approval
    services.submission_approve(actor=second_admin, region=region, dataset="allocations",
                                period="2025")
    assert state() == State.APPROVED
    event = AuditEvent.objects.get(object_type="submissions.submission")
    assert "self_approval" not in event.changes and "sendiri" not in event.note.lower()


def test_the_page_asks_for_the_other_admin_and_a_forged_post_is_refused(
        client, records, admin_user, second_admin):
    client.force_login(admin_user)
    response = client.get(detail())
    assert response.context["can_approve"] is False
    page = response.content.decode()
    assert url("submission_approve") not in page and "admin.dua" in page
    response = client.post(url("submission_approve"))
    assert response.status_code == 302
    assert any("admin.dua" in m for m in flashed(response))
    assert state() == State.DRAFT


def test_bulk_approval_with_own_figures_is_refused_whole_while_another_admin_may(
        client, records, admin_user, second_admin, op_a):
    client.force_login(admin_user)
    response = client.post(reverse("submission_bulk_approve"),
                           {"items": [f"allocations|{A}|2025", f"commitments|{A}|2025"]})
    assert response.status_code == 302
    assert any("Tidak ada yang disetujui" in m and "admin.dua" in m for m in flashed(response))
    assert state("allocations") == State.DRAFT and state("commitments") == State.DRAFT


def test_the_only_admin_approves_own_figures_recorded_as_a_self_approval(
        client, records, admin_user):
    client.force_login(admin_user)
    response = client.get(detail())
    assert response.context["can_approve"] is True
    assert response.context["own_figures"] == {"others": [], "names": ""}
    assert "persetujuan sendiri" in response.content.decode()

    response = client.post(url("submission_approve"))

    assert response.status_code == 302 and state() == State.APPROVED
    event = AuditEvent.objects.get(object_type="submissions.submission")
    assert event.changes == {"state": ["draft", "approved"], "self_approval": [False, True]}
    assert "tanpa diajukan" in event.note and "Persetujuan sendiri" in event.note
    assert "satu-satunya" in event.note  # the reason
    page = client.get(detail())
    assert page.context["self_approved"] == event
    assert "Persetujuan sendiri" in page.content.decode()


def test_figures_the_region_changed_last_are_no_self_approval(client, records, admin_user,
                                                              second_admin, op_a):
    allocation = records["allocations"]
    op = Client()
    op.force_login(op_a)
    response = op.post(reverse("record_edit", args=["allocations", allocation.pk]),
                       allocation_form_data(allocation, note="dari daerah"))
    assert response.status_code == 302
    assert op.post(url("submission_submit")).status_code == 302
    client.force_login(admin_user)
    assert client.get(detail()).context["own_figures"] is None
    assert client.post(url("submission_approve")).status_code == 302
    assert state() == State.APPROVED
    assert "self_approval" not in AuditEvent.objects.filter(
        object_type="submissions.submission").latest("id").changes
    assert client.get(detail()).context["self_approved"] is None


def test_an_inactive_or_other_province_admin_is_no_second_admin(records, admin_user, ntb):
    inactive = make_user("admin.lama", Role.PROVINSI_ADMIN, [ntb["52"]])
    inactive.is_active = False
    inactive.save()
    ntt = Region.objects.create(code="53", name="Nusa Tenggara Timur", level=Level.PROVINCE)
    make_user("admin.ntt", Role.PROVINSI_ADMIN, [ntt])
    services.submission_approve(actor=admin_user, region=Region.objects.get(code=A),
                                dataset="allocations", period="2025")
    event = AuditEvent.objects.get(object_type="submissions.submission")
    assert event.changes["self_approval"] == [False, True]
