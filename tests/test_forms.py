"""Bad input in forms and uploads: a clear Indonesian message on the field, nothing saved.
Implausible values: a warning the user must confirm, nothing saved until then."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ucj.audit.models import AuditEvent
from ucj.budget.models import Allocation, Commitment, Realization


def allocation_post(region, package, **overrides):
    data = {"region": region.pk, "fiscal_year": "2026", "stage": "murni",
            "funding_source": "apbd_kabkota", "package": package.pk, "amount": "Rp 201.600.000",
            "workers_planned": "1.000", "start_month": "1", "months_covered": "12", "note": ""}
    return data | overrides


def test_operator_creates_an_allocation_typed_with_rupiah_dots(client, ntb, op_a, package):
    client.force_login(op_a)
    response = client.post(reverse("record_create", args=["allocations"]),
                           allocation_post(ntb["52.03"], package))
    allocation = Allocation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("record_detail", args=["allocations", allocation.pk])
    assert allocation.amount == 201_600_000 and allocation.workers_planned == 1_000
    page = client.get(response.url)
    assert "Rp 201.600.000" in page.content.decode()


@pytest.mark.parametrize("field, value, message", [
    ("amount", "-5", "tidak boleh negatif"),
    ("amount", "dua juta", "bilangan bulat"),
    ("amount", "1.234,56", "tanpa desimal"),
    ("workers_planned", "", "tidak boleh kosong"),
    ("months_covered", "13", "lebih kecil dari atau sama dengan 12"),
    ("fiscal_year", "20xx", "empat angka"),
    ("fiscal_year", "1999", "lebih besar dari atau sama dengan 2000"),
])
def test_bad_allocation_input_names_the_field_in_indonesian(client, ntb, op_a, package, field,
                                                             value, message):
    client.force_login(op_a)
    response = client.post(reverse("record_create", args=["allocations"]),
                           allocation_post(ntb["52.03"], package, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert "Tidak ada yang disimpan" in response.content.decode()
    assert not Allocation.objects.exists() and not AuditEvent.objects.exists()


def test_months_beyond_december_are_refused_on_the_field(client, ntb, op_a, package):
    client.force_login(op_a)
    response = client.post(reverse("record_create", args=["allocations"]), allocation_post(
        ntb["52.03"], package, stage="perubahan", start_month="10", months_covered="6",
        amount="100.800.000"))
    assert "months_covered" in response.context["form"].errors
    assert "paling banyak 3 bulan" in " ".join(response.context["form"].errors["months_covered"])
    assert not Allocation.objects.exists()


def test_a_duplicate_natural_key_is_refused_with_a_message(client, records, admin_user, package):
    client.force_login(admin_user)
    allocation = records["allocations"]
    response = client.post(reverse("record_create", args=["allocations"]), allocation_post(
        allocation.region, package, fiscal_year="2025", stage="perubahan", start_month="10",
        months_covered="3", amount="151.200.000", workers_planned="3.000"))
    assert response.status_code == 200
    assert "Sudah ada alokasi" in response.content.decode()
    assert Allocation.objects.count() == 1


def test_warnings_must_be_confirmed_before_saving(client, ntb, op_a, package):
    client.force_login(op_a)
    url = reverse("record_create", args=["allocations"])
    data = allocation_post(ntb["52.03"], package, amount="500.000.000")
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["warnings"]
    assert "Belum ada yang disimpan" in response.content.decode()
    assert not Allocation.objects.exists()
    response = client.post(url, data | {"confirm_warnings": "1"})
    assert response.status_code == 302
    assert len(Allocation.objects.get().flags) == 1


def test_edit_form_shows_and_keeps_the_values(client, records, op_a):
    allocation = records["allocations"]
    client.force_login(op_a)
    url = reverse("record_edit", args=["allocations", allocation.pk])
    form = client.get(url).context["form"]
    assert form["amount"].value() == "151.200.000"
    assert 'value="151.200.000"' in str(form["amount"])


def test_realization_month_field_reads_yyyy_mm(client, records, op_a):
    client.force_login(op_a)
    allocation = records["allocations"]
    response = client.post(reverse("record_create", args=["realizations"]), {
        "allocation": allocation.pk, "month": "2025-11", "amount_paid": "50.400.000",
        "workers_paid": "3.000"})
    assert response.status_code == 302
    assert Realization.objects.filter(month__month=11).exists()
    response = client.post(reverse("record_create", args=["realizations"]), {
        "allocation": allocation.pk, "month": "November", "amount_paid": "1",
        "workers_paid": "1"})
    assert "YYYY-MM" in " ".join(response.context["form"].errors["month"])


# --- the signed document upload --------------------------------------------------------------

def commitment_post(region, **overrides):
    data = {"region": region.pk, "year": "2026", "target_coverage": "45,5",
            "target_funded_workers": "25.000", "status": "planned"}
    return data | overrides


def test_a_signed_pdf_is_stored_and_served(client, ntb, op_a):
    client.force_login(op_a)
    pdf = SimpleUploadedFile("Perbup 12-2025.pdf", b"%PDF-1.4\nsigned\n%%EOF\n",
                             content_type="application/pdf")
    response = client.post(reverse("record_create", args=["commitments"]),
                           commitment_post(ntb["52.03"], document=pdf, status="signed"))
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.target_coverage == pytest.approx(45.5)
    assert commitment.document_name == "Perbup 12-2025.pdf"
    download = client.get(reverse("commitment_document", args=[commitment.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")
    assert AuditEvent.objects.filter(action="download").exists()


@pytest.mark.parametrize("name, content, message", [
    ("perbup.docx", b"PK\x03\x04 not a pdf", "bukan PDF"),
    ("perbup.pdf", b"MZ\x90\x00 an executable renamed", "bukan dokumen PDF"),
    ("perbup.pdf", b"", "kosong"),
])
def test_bad_documents_are_refused(client, ntb, op_a, name, content, message):
    client.force_login(op_a)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(reverse("record_create", args=["commitments"]),
                           commitment_post(ntb["52.03"], document=upload))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("document", []))
    assert message in errors, response.context["form"].errors
    assert not Commitment.objects.exists()


def test_a_document_over_the_size_limit_is_refused(client, ntb, op_a, settings):
    settings.UCJ_MAX_DOCUMENT_BYTES = 1024
    client.force_login(op_a)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    response = client.post(reverse("record_create", args=["commitments"]),
                           commitment_post(ntb["52.03"], document=upload))
    assert "batasnya" in " ".join(response.context["form"].errors["document"])
    assert not Commitment.objects.exists()


def test_percent_field_reads_decimal_commas(client, ntb, op_a):
    client.force_login(op_a)
    response = client.post(reverse("record_create", args=["commitments"]),
                           commitment_post(ntb["52.03"], target_coverage="62,22"))
    assert response.status_code == 302
    assert str(Commitment.objects.get().target_coverage) == "62.22"
    response = client.post(reverse("record_create", args=["commitments"]),
                           commitment_post(ntb["52.03"], year="2027", target_coverage="162"))
    assert "antara 0 dan 100" in " ".join(response.context["form"].errors["target_coverage"])
