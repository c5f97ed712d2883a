"""Realization with evidence (issue 17): the SP2D and BPJS invoice of a realization (form, list
filter, CSV, spreadsheet import, region CSV), and the PDFs of an allocation (upload, download,
removal) for every kind of user, refused files storing nothing, and the audit rows."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from tests.import_helpers import apply, upload
from ucj.accounts.models import Role
from ucj.audit.models import Action, AuditEvent
from ucj.budget import evidence
from ucj.budget import services as budget
from ucj.budget.models import AllocationDocument, Realization
from ucj.imports.models import ImportStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "dpa-2025.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) \
        if root.exists() else []


@pytest.fixture
def bpjs_a(ntb):
    """A BPJS branch whose regions hold Lombok Timur (region A)."""
    return make_user("bpjs.selong", Role.BPJS_OPERATOR, [ntb["52.03"]])


@pytest.fixture
def document(records, admin_user):
    return evidence.allocation_document_add(
        actor=admin_user, allocation=records["allocations"], kind="dpa", upload=pdf())


USERS = ("anonymous", "admin_user", "viewer", "op_a", "op_b", "bpjs_a", "bpjs")
# Who reads region A's documents, and who may add or remove them (the allocation's editors).
READS = {"admin_user", "viewer", "op_a", "bpjs_a"}
EDITS = {"admin_user", "op_a"}


def login(client, request, kind: str):
    if kind != "anonymous":
        client.force_login(request.getfixturevalue(kind))


def expected(kind: str, *, write: bool) -> int:
    if kind == "anonymous":
        return 302  # to the sign-in page
    if kind not in READS:
        return 404  # another region's records are not revealed
    if write and kind not in EDITS:
        return 403
    return 302 if write else 200


# --- who may do what -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", USERS)
def test_it_serves_a_document_only_within_scope_and_audits_the_download(
        client, request, document, kind):
    login(client, request, kind)
    response = client.get(reverse("allocation_document_download", args=[document.pk]))
    assert response.status_code == expected(kind, write=False)
    downloads = AuditEvent.objects.filter(action=Action.DOWNLOAD,
                                          object_type="budget.allocationdocument")
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        event = downloads.get()
        assert event.object_id == str(document.pk) and event.region.code == "52.03"
        assert event.note == "dpa-2025.pdf"
    else:
        assert not downloads.exists()


@pytest.mark.parametrize("kind", USERS)
def test_only_those_who_edit_the_allocation_upload_a_document(
        client, request, records, settings, kind):
    login(client, request, kind)
    allocation = records["allocations"]
    response = client.post(reverse("allocation_document_upload", args=[allocation.pk]),
                           {"kind": "invoice", "file": pdf("tagihan-okt.pdf"),
                            "realization": records["realizations"].pk})
    assert response.status_code == expected(kind, write=True)
    documents = AllocationDocument.objects.all()
    if kind in EDITS:
        assert response["Location"] == reverse("record_detail",
                                               args=["allocations", allocation.pk])
        document = documents.get()
        assert (document.kind, document.original_name, document.size,
                document.realization_id) == ("invoice", "tagihan-okt.pdf", len(PDF),
                                             records["realizations"].pk)
        assert document.sha256 == hashlib.sha256(PDF).hexdigest()
        assert document.uploaded_by == request.getfixturevalue(kind)
        assert len(stored_files(settings)) == 1
        event = AuditEvent.objects.get(action=Action.UPLOAD)
        assert event.region.code == "52.03" and hashlib.sha256(PDF).hexdigest() in event.note
    else:
        assert not documents.exists() and stored_files(settings) == []
        assert not AuditEvent.objects.filter(action=Action.UPLOAD).exists()


@pytest.mark.parametrize("kind", USERS)
def test_only_those_who_edit_the_allocation_remove_a_document(
        client, request, document, settings, kind, django_capture_on_commit_callbacks):
    login(client, request, kind)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("allocation_document_delete", args=[document.pk]))
    assert response.status_code == expected(kind, write=True)
    deleted = AuditEvent.objects.filter(action=Action.DELETE,
                                        object_type="budget.allocationdocument")
    if kind in EDITS:
        assert not AllocationDocument.objects.exists()
        assert stored_files(settings) == []  # the file goes with the row
        event = deleted.get()
        assert event.actor == request.getfixturevalue(kind)
        assert event.changes["original_name"] == ["dpa-2025.pdf", None]
    else:
        assert AllocationDocument.objects.filter(pk=document.pk).exists()
        assert len(stored_files(settings)) == 1 and not deleted.exists()


def test_the_download_and_removal_refuse_other_methods(client, document, admin_user):
    client.force_login(admin_user)
    assert client.post(reverse("allocation_document_download",
                               args=[document.pk])).status_code == 405
    assert client.get(reverse("allocation_document_delete",
                              args=[document.pk])).status_code == 405
    assert client.get(reverse("allocation_document_upload",
                              args=[document.allocation_id])).status_code == 405


def test_the_services_ask_the_capability_table_themselves(records, op_b, viewer, bpjs_a):
    allocation = records["allocations"]
    for user in (op_b, viewer, bpjs_a):
        with pytest.raises(PermissionDenied):
            evidence.allocation_document_add(actor=user, allocation=allocation, kind="dpa",
                                             upload=pdf())
    assert not AllocationDocument.objects.exists()


# --- refused files store nothing -----------------------------------------------------------------

def test_it_refuses_an_oversize_file_before_reading_it(client, records, op_a, settings):
    settings.UCJ_MAX_DOCUMENT_BYTES = 1024
    client.force_login(op_a)
    read = []

    class Spy(io.BytesIO):
        def read(self, *args):
            read.append(args)
            return super().read(*args)

    big = pdf("besar.pdf", PDF + b"0" * 2048)
    big.file = Spy(PDF + b"0" * 2048)
    with pytest.raises(ValidationError) as refused:
        evidence.allocation_document_add(actor=op_a, allocation=records["allocations"],
                                         kind="dpa", upload=big)
    assert "MB" in " ".join(refused.value.message_dict["file"])
    assert read == []  # refused on its size, not its content
    response = client.post(reverse("allocation_document_upload",
                                   args=[records["allocations"].pk]),
                           {"kind": "dpa", "file": pdf("besar.pdf", PDF + b"0" * 2048)},
                           follow=True)
    assert "Dokumen tidak disimpan" in response.content.decode()
    assert not AllocationDocument.objects.exists() and stored_files(settings) == []
    assert not AuditEvent.objects.filter(action=Action.UPLOAD).exists()


@pytest.mark.parametrize("name,data", [
    ("dpa.docx", PDF),  # not named .pdf
    ("dpa.pdf", b"PK\x03\x04 a zip, not a PDF"),  # named .pdf, not a PDF
    ("kosong.pdf", b""),  # empty
])
def test_it_refuses_what_is_not_a_pdf_and_stores_nothing(client, records, op_a, settings,
                                                         name, data):
    client.force_login(op_a)
    response = client.post(reverse("allocation_document_upload",
                                   args=[records["allocations"].pk]),
                           {"kind": "dpa", "file": SimpleUploadedFile(name, data)}, follow=True)
    assert response.status_code == 200
    assert "Dokumen tidak disimpan" in response.content.decode()
    assert not AllocationDocument.objects.exists() and stored_files(settings) == []


def test_it_refuses_a_realization_of_another_allocation(records, admin_user, package, ntb):
    other = budget.allocation_create(
        actor=admin_user, region=ntb["52.03"], fiscal_year=2025, stage="murni",
        funding_source="apbd_kabkota", amount=50_400_000, workers_planned=3_000,
        months_covered=1, package=package, confirm_warnings=True)
    with pytest.raises(ValidationError) as refused:
        evidence.allocation_document_add(actor=admin_user, allocation=other, kind="invoice",
                                         upload=pdf(), realization=records["realizations"])
    assert "realization" in refused.value.message_dict
    assert not AllocationDocument.objects.exists()


# --- the allocation's page ---------------------------------------------------------------------

def test_the_allocation_page_lists_documents_and_payments_with_their_sp2d(
        client, records, document, op_a, viewer, admin_user):
    budget.realization_update(actor=admin_user, realization=records["realizations"],
                              sp2d_number="0007/SP2D-LS/2025", sp2d_date=dt.date(2025, 10, 14),
                              invoice_number="TAG/5203/202510/0001", confirm_warnings=True)
    url = reverse("record_detail", args=["allocations", records["allocations"].pk])
    client.force_login(op_a)
    page = client.get(url).content.decode().replace("<wbr>", "")  # long numbers wrap at "/"
    assert "0007/SP2D-LS/2025" in page and "TAG/5203/202510/0001" in page
    assert "1 dari 1 pembayaran dengan SP2D" in page
    assert reverse("allocation_document_download", args=[document.pk]) in page
    assert reverse("allocation_document_upload", args=[records["allocations"].pk]) in page
    client.force_login(viewer)
    page = client.get(url).content.decode()
    assert reverse("allocation_document_download", args=[document.pk]) in page
    assert reverse("allocation_document_upload", args=[records["allocations"].pk]) not in page
    assert reverse("allocation_document_delete", args=[document.pk]) not in page


# --- SP2D and invoice on a realization ---------------------------------------------------------

def test_the_realization_form_keeps_the_sp2d_and_invoice(client, records, op_a):
    client.force_login(op_a)
    realization = records["realizations"]
    form = client.get(reverse("record_edit", args=["realizations", realization.pk]))
    assert "Nomor SP2D" in form.content.decode()
    response = client.post(reverse("record_edit", args=["realizations", realization.pk]), {
        "allocation": realization.allocation_id, "month": "2025-10",
        "amount_paid": "50.400.000", "workers_paid": "3.000",
        "sp2d_number": " 0101/SP2D-LS/2025 ", "sp2d_date": "2025-10-20",
        "invoice_number": "TAG/1", "invoice_date": "2025-09-25", "note": ""})
    assert response.status_code == 302
    realization.refresh_from_db()
    assert (realization.sp2d_number, realization.sp2d_date, realization.invoice_number,
            realization.invoice_date) == ("0101/SP2D-LS/2025", dt.date(2025, 10, 20), "TAG/1",
                                          dt.date(2025, 9, 25))
    event = AuditEvent.objects.filter(action=Action.UPDATE,
                                      object_type="budget.realization").latest("id")
    assert event.changes["sp2d_number"] == ["", "0101/SP2D-LS/2025"]


@pytest.mark.parametrize("changes,field,message", [
    ({"sp2d_number": "1/SP2D", "sp2d_date": "FUTURE"}, "sp2d_date", "di masa depan"),
    ({"sp2d_number": "1/SP2D", "sp2d_date": dt.date(2024, 6, 30)}, "sp2d_date",
     "terlalu lama sebelum tahun anggaran 2025"),
    ({"sp2d_date": dt.date(2025, 10, 20)}, "sp2d_number", "bersama tanggalnya"),
    ({"invoice_number": "T/1", "invoice_date": "FUTURE"}, "invoice_date", "di masa depan"),
])
def test_it_refuses_an_sp2d_that_cannot_be_right(records, admin_user, changes, field, message):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    changes = {k: tomorrow if v == "FUTURE" else v for k, v in changes.items()}
    realization = records["realizations"]
    with pytest.raises(ValidationError) as refused:
        budget.realization_update(actor=admin_user, realization=realization,
                                  confirm_warnings=True, **changes)
    assert message in " ".join(refused.value.message_dict[field])
    realization.refresh_from_db()
    assert realization.sp2d_number == "" and realization.sp2d_date is None


def test_an_sp2d_of_the_december_before_is_accepted(records, admin_user):
    realization = budget.realization_update(
        actor=admin_user, realization=records["realizations"], sp2d_number="0001/SP2D",
        sp2d_date=dt.date(2024, 12, 20), confirm_warnings=True)
    assert realization.sp2d_date == dt.date(2024, 12, 20)


def test_the_list_filters_with_and_without_sp2d_and_the_csv_carries_it(
        client, records, admin_user, op_a):
    paid = records["realizations"]
    budget.realization_update(actor=admin_user, realization=paid, sp2d_number="0007/SP2D",
                              sp2d_date=dt.date(2025, 10, 14), invoice_number="TAG/7",
                              invoice_date=dt.date(2025, 9, 28), confirm_warnings=True)
    unpaid = budget.realization_create(
        actor=admin_user, allocation=records["allocations"], month=dt.date(2025, 11, 1),
        amount_paid=50_400_000, workers_paid=3_000)
    client.force_login(op_a)
    url = reverse("record_list", args=["realizations"])

    def listed(query):
        return [r.pk for r in client.get(url, query).context["page"].object_list]

    assert listed({"sp2d": "with"}) == [paid.pk]
    assert listed({"sp2d": "without"}) == [unpaid.pk]
    assert sorted(listed({})) == sorted([paid.pk, unpaid.pk])
    exported = b"".join(client.get(reverse("record_export", args=["realizations"]),
                                   {"sp2d": "with"}).streaming_content)
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert [(r["sp2d_number"], r["sp2d_date"], r["invoice_number"], r["invoice_date"])
            for r in rows] == [("0007/SP2D", "2025-10-14", "TAG/7", "2025-09-28")]


def test_the_region_realization_csv_shows_the_sp2d_within_scope_only(
        client, records, admin_user, op_b, ntb):
    from ucj.coverage import services as coverage

    coverage.participation_create(
        actor=admin_user, region=ntb["52.03"], month=dt.date(2025, 10, 1), segment="BPU",
        active=54_298, new=0, lapsed=0)
    budget.realization_update(actor=admin_user, realization=records["realizations"],
                              sp2d_number="0007/SP2D", sp2d_date=dt.date(2025, 10, 14),
                              invoice_number="TAG/7", confirm_warnings=True)
    url = reverse("region_realization_export", args=["52.03"])

    def rows(user):
        client.force_login(user)
        data = b"".join(client.get(url, {"bulan": "2025-10"}).streaming_content)
        return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))

    own = rows(admin_user)
    assert [(r["month"], r["amount_with_sp2d"], r["sp2d_numbers"], r["invoice_numbers"])
            for r in own] == [("2025-10", "50400000", "0007/SP2D", "TAG/7")]
    other = rows(op_b)  # the amounts are aggregates; the numbers are region A's records
    assert [(r["amount_with_sp2d"], r["sp2d_numbers"], r["invoice_numbers"])
            for r in other] == [("50400000", "", "")]


# --- the spreadsheet import --------------------------------------------------------------------

HEADER = ["Kode wilayah", "Nama wilayah", "Tahun anggaran", "Tahap APBD", "Sumber dana",
          "Pembayar", "Bulan", "Jumlah dibayar (Rp)", "Pekerja dibayar", "Nomor SP2D",
          "Tanggal SP2D", "Nomor tagihan BPJS", "Catatan"]


def realizations_csv(*rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def row(month: str, sp2d: str, sp2d_date: str, invoice: str) -> list:
    return ["52.03", "", 2025, "APBD perubahan", "APBD kabupaten/kota", "", month,
            "50.400.000", "3.000", sp2d, sp2d_date, invoice, ""]


def test_the_import_reads_the_sp2d_columns(client, records, op_a):
    client.force_login(op_a)
    data = realizations_csv(row("2025-10", "0007/SP2D-LS/2025", "14/10/2025", "TAG/7"),
                            row("2025-11", "", "", ""))
    _response, job = upload(client, "realizations", "realisasi.csv", data)
    assert job.status == ImportStatus.STAGED, job.report
    apply(client, job)
    assert sorted(Realization.objects.values_list(
        "month", "sp2d_number", "sp2d_date", "invoice_number")) == [
        (dt.date(2025, 10, 1), "0007/SP2D-LS/2025", dt.date(2025, 10, 14), "TAG/7"),
        (dt.date(2025, 11, 1), "", None, "")]


def test_an_import_without_the_sp2d_columns_keeps_the_sp2d(client, records, admin_user, op_a):
    budget.realization_update(actor=admin_user, realization=records["realizations"],
                              sp2d_number="0007/SP2D", sp2d_date=dt.date(2025, 10, 14),
                              confirm_warnings=True)
    client.force_login(op_a)
    header = HEADER[:9]
    out = io.StringIO()
    csv.writer(out).writerows([header, row("2025-10", "", "", "")[:7] + ["50.000.000", "3.000"]])
    _response, job = upload(client, "realizations", "tanpa-sp2d.csv", out.getvalue().encode())
    assert job.status == ImportStatus.STAGED, job.report
    apply(client, job, confirm=True)
    realization = Realization.objects.get(pk=records["realizations"].pk)
    assert (realization.amount_paid, realization.sp2d_number, realization.sp2d_date) == (
        50_000_000, "0007/SP2D", dt.date(2025, 10, 14))


@pytest.mark.parametrize("sp2d,sp2d_date,column,reason", [
    ("1/SP2D", "31/02/2025", "K", "tanggal"),  # no such day
    ("1/SP2D", "kemarin", "K", "tanggal"),  # not a date
    ("1/SP2D", "FUTURE", "K", "ada di masa depan"),
    ("1/SP2D", "01/01/2023", "K", "terlalu lama sebelum tahun anggaran 2025"),
    ("", "14/10/2025", "J", "Isi nomor SP2D bersama tanggalnya"),
])
def test_the_import_names_row_and_column_of_a_bad_sp2d(client, records, op_a, sp2d, sp2d_date,
                                                       column, reason):
    if sp2d_date == "FUTURE":
        sp2d_date = f"{timezone.localdate() + dt.timedelta(days=3):%d/%m/%Y}"
    client.force_login(op_a)
    before = sorted(Realization.objects.values_list("pk", "sp2d_number", "updated_at"))
    data = realizations_csv(row("2025-11", "", "", ""), row("2025-10", sp2d, sp2d_date, ""))
    _response, job = upload(client, "realizations", "salah.csv", data)
    assert job.status == ImportStatus.INVALID
    errors = job.report["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, column)], errors
    assert errors[0]["label"] == {"J": "Nomor SP2D", "K": "Tanggal SP2D"}[column]
    assert reason in errors[0]["reason"], errors[0]
    assert errors[0]["message"].startswith(f"Baris 3, kolom {column}")
    assert sorted(Realization.objects.values_list("pk", "sp2d_number", "updated_at")) == before


# --- the demo ------------------------------------------------------------------------------------

def test_the_demo_gives_most_payments_an_sp2d_and_leaves_some_without(ntb, package):
    from ucj.budget.models import Allocation

    allocation = Allocation(region=ntb["52.03"], fiscal_year=2025, stage="murni",
                            funding_source="apbd_kabkota", payer="regency", amount=1,
                            workers_planned=1, months_covered=12, package=package)
    payments = [Realization(allocation=allocation, month=dt.date(2025, m, 1), amount_paid=1,
                            workers_paid=1) for m in range(1, 13)]
    more = [Realization(allocation=Allocation(
        region=ntb[code], fiscal_year=2026, stage="murni", funding_source="apbd_kabkota",
        payer="regency", amount=1, workers_planned=1, months_covered=6, package=package),
        month=dt.date(2026, m, 1), amount_paid=1, workers_paid=1)
        for code in ("52.01", "52.02", "52.03", "52.71") for m in range(1, 7)]
    evidence.demo_add_evidence(payments + more, last_month=dt.date(2026, 6, 1),
                               today=dt.date(2026, 12, 1))
    everything = payments + more
    with_sp2d = [r for r in everything if r.sp2d_number]
    assert len(everything) / 2 < len(with_sp2d) < len(everything)
    for r in with_sp2d:
        assert r.invoice_number and r.sp2d_date and r.sp2d_date.year == r.month.year
        r.clean()  # valid as the services validate it
    assert len({r.sp2d_number for r in with_sp2d}) == len(with_sp2d)


def test_the_realization_page_links_the_documents_of_its_payment(client, records, admin_user,
                                                                 op_a):
    invoice = evidence.allocation_document_add(
        actor=admin_user, allocation=records["allocations"], kind="invoice", upload=pdf("t.pdf"),
        realization=records["realizations"])
    other = evidence.allocation_document_add(
        actor=admin_user, allocation=records["allocations"], kind="dpa", upload=pdf("dpa.pdf"))
    client.force_login(op_a)
    page = client.get(reverse("record_detail", args=["realizations",
                                                     records["realizations"].pk])).content.decode()
    assert reverse("allocation_document_download", args=[invoice.pk]) in page
    assert reverse("allocation_document_download", args=[other.pk]) not in page
