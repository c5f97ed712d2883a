"""The national public page and its CSV (anonymous, aggregates only) and the national monev
report (a PDF for the national viewers only), issue 21."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.test_national_views import national_dataset


@pytest.fixture
def two_provinces(ntb, ntt, package):
    return national_dataset(ntb, ntt, package)


def test_anyone_reads_every_provinces_aggregates_on_the_national_public_page(
        client, two_provinces):
    response = client.get(reverse("public_national"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Nusa Tenggara Barat", "Nusa Tenggara Timur", "Bali", "Juni 2025",
                 "15,0%", "10,0%", "1 / 4"):
        assert text in page, text
    assert "Kupang" not in page and "Lombok Barat" not in page  # provinces, no regency
    assert "/nasional/" not in page.replace("/publik/nasional/", "")  # no signed-in link


def test_the_national_public_csv_has_a_row_per_province_and_the_total(
        client, two_provinces):
    response = client.get(reverse("public_national_csv"), {"bulan": "2025-05"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["kode_provinsi"] for r in rows] == ["51", "52", "53", ""]
    ntb = rows[1]
    assert ntb["bulan"] == "2025-05" and ntb["cakupan_persen"] == "13.3333"
    assert ntb["kabupaten_kota_dengan_apbd_sendiri"] == "1"
    assert ntb["jumlah_kabupaten_kota"] == "4"
    assert rows[0]["cakupan_persen"] == "" and rows[-1]["nama_provinsi"] == "Indonesia"


def test_a_month_that_is_not_one_is_not_found(client, two_provinces):
    assert client.get(reverse("public_national"), {"bulan": "juni"}).status_code == 404


@pytest.fixture
def no_pdf_engine(monkeypatch):
    """The report's HTML, kept; WeasyPrint is not what these tests are about."""
    made = {}

    def render(template, context, **kwargs):
        from django.template.loader import render_to_string

        made["html"] = render_to_string(template, context)
        return b"%PDF-1.7 stub"

    monkeypatch.setattr("ucj.reports.national.render_pdf", render)
    return made


def test_a_national_viewer_downloads_the_national_report_of_a_quarter(
        client, two_provinces, national, no_pdf_engine):
    client.force_login(national)
    response = client.get(reverse("national_report"), {"periode": "2025-Q2"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "monev-ucj-nasional-2025-Q2.pdf" in response["Content-Disposition"]
    html = no_pdf_engine["html"]
    for text in ("Nusa Tenggara Barat", "Nusa Tenggara Timur", "Juni 2025", "15,0%", "1/4"):
        assert text in html, text
    assert "Bali" in html.split('id="notes"')[1]  # no figures yet: a note names it
    from ucj.audit.models import AuditEvent

    assert AuditEvent.objects.filter(actor=national, object_type="national_report").exists()


def test_a_period_that_is_not_one_is_not_found(client, two_provinces, national):
    client.force_login(national)
    assert client.get(reverse("national_report"), {"periode": "2025-Q9"}).status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_national_report_is_a_real_pdf_with_the_table(client, two_provinces, national,
                                                          tmp_path):
    client.force_login(national)
    response = client.get(reverse("national_report"), {"periode": "2025-06"})
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Nusa Tenggara Timur" in text and "Indonesia" in text
