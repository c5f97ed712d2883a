"""Imports that know their file (issue 19, item 3): a downloaded template carries its dataset
and period as document properties, a CSV is recognised from its header, and the upload needs
no choice of dataset; a file under the wrong dataset is refused naming what it looks like."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tests.import_helpers import snapshot
from tests.test_api import api, build_world
from tests.test_imports import CHANGE_2025, csv_file, denominators_csv
from ucj.imports import detect
from ucj.imports.models import ImportJob, ImportStatus
from ucj.imports.specs import get_spec
from ucj.imports.workbook import template_workbook

ALLOCATION_ROW = {"Tahap APBD *": "APBD murni", "Sumber dana *": "APBD kabupaten/kota",
                  "Jumlah anggaran (Rp) *": "201.600.000", "Jumlah pekerja *": 1000,
                  "Jumlah bulan *": 12, "Paket iuran *": "bpu-jkk-jkm"}


def filled_template(actor, *, dataset="allocations", period="2026") -> bytes:
    """The template as downloaded, one row filled and saved again (openpyxl: a save by another
    program), as an operator sends it back."""
    wb = load_workbook(io.BytesIO(template_workbook(actor=actor, dataset=dataset,
                                                    period=period)))
    ws = wb["Data"]
    headers = [c.value for c in ws[1]]
    if dataset == "allocations":
        for header, value in ALLOCATION_ROW.items():
            ws.cell(row=2, column=headers.index(header) + 1, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def header_csv(dataset: str, *, keys: bool = False) -> bytes:
    spec = get_spec(dataset)
    return csv_file([[c.key if keys else c.label for c in spec.columns]])


def upload(client, data: bytes, name: str, dataset: str = ""):
    before = set(ImportJob.objects.values_list("pk", flat=True))
    response = client.post(reverse("import_start"),
                           {"dataset": dataset, "file": SimpleUploadedFile(name, data)},
                           follow=True)
    new = ImportJob.objects.exclude(pk__in=before)
    return response, (new.get() if new.exists() else None)


# --- detection -----------------------------------------------------------------------------------

def test_a_template_tells_its_dataset_and_period_after_being_saved_again(op_a, records):
    data = filled_template(op_a, dataset="allocations", period="2026")
    found = detect.identify(data)
    assert (found.dataset, found.period, found.source) == ("allocations", "2026", "template")
    monthly = template_workbook(actor=op_a, dataset="participation", period="2025-06")
    found = detect.identify(monthly)
    assert (found.dataset, found.period) == ("participation", "2025-06")
    # the instructions sheet says it too, for the reader
    wb = load_workbook(io.BytesIO(data))
    assert any("allocations 2026" in str(c.value or "") for c in wb["Petunjuk"]["A"])


def test_a_template_whose_header_cells_were_overwritten_is_still_recognised(op_a, records):
    wb = load_workbook(io.BytesIO(filled_template(op_a)))
    wb["Data"]["D1"] = "sesuatu yang lain"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert detect.identify(buffer.getvalue()).dataset == "allocations"


@pytest.mark.parametrize("dataset", ["denominators", "participation", "commitments",
                                     "allocations", "realizations"])
def test_a_csv_is_recognised_by_its_header_labels_or_keys(dataset):
    assert detect.identify(header_csv(dataset)).dataset == dataset
    assert detect.identify(header_csv(dataset, keys=True)).dataset == dataset


def test_only_the_required_columns_and_a_title_row_above_are_enough(db):
    data = csv_file([["Data Lotim"], ["Kode wilayah", "Tahun", "Potensi tenaga kerja"],
                     ["52.03", "2025", "1000"]])
    assert detect.identify(data).dataset == "denominators"


def test_a_header_of_two_datasets_is_ambiguous_and_asks_to_choose(db):
    data = csv_file([["Kode wilayah", "Tahun", "Potensi tenaga kerja", "Target cakupan (%)"]])
    found = detect.identify(data)
    assert found.dataset == "" and set(found.candidates) == {"denominators", "commitments"}
    with translation.override("id"), pytest.raises(ValidationError) as error:
        detect.resolve(chosen="", identity=found)
    assert "lebih dari satu jenis data" in error.value.messages[0]
    assert detect.resolve(chosen="commitments", identity=found) == "commitments"


def test_a_file_that_matches_no_dataset_asks_to_choose(db):
    found = detect.identify(csv_file([["Nama", "NIK", "Alamat"], ["a", "b", "c"]]))
    assert found.dataset == "" and not found.candidates
    with translation.override("id"), pytest.raises(ValidationError) as error:
        detect.resolve(chosen="", identity=found)
    assert "tidak dapat dikenali" in error.value.messages[0]
    # chosen by hand, it goes to the importer, which names the unknown columns
    assert detect.resolve(chosen="denominators", identity=found) == "denominators"


def test_a_file_under_the_wrong_dataset_names_the_one_it_looks_like(op_a, records):
    with translation.override("id"):
        for identity in (detect.identify(filled_template(op_a)),
                         detect.identify(header_csv("allocations"))):
            with pytest.raises(ValidationError) as error:
                detect.resolve(chosen="realizations", identity=identity)
            assert error.value.messages[0].startswith(
                "Berkas ini tampaknya berisi Alokasi anggaran, bukan Realisasi")
            assert detect.resolve(chosen="allocations", identity=identity) == "allocations"


def test_a_workbook_that_is_no_template_is_recognised_by_reading_its_header(db):
    wb = Workbook()
    wb.active.append([c.label for c in get_spec("commitments").columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    assert detect.identify(data).dataset == ""  # not from the properties
    from ucj.imports.readers import read_table
    assert detect.identify(data, rows=read_table(data, "k.xlsx").rows).dataset == "commitments"


def test_properties_that_are_not_ours_or_name_no_dataset_are_ignored(db):
    from openpyxl.packaging.custom import StringProperty

    wb = Workbook()
    wb.custom_doc_props.append(StringProperty(name="UCJ dataset", value="kesehatan"))
    wb.custom_doc_props.append(StringProperty(name="Author", value="x"))
    buffer = io.BytesIO()
    wb.save(buffer)
    assert detect.from_template(buffer.getvalue()) is None
    assert detect.from_template(b"not a zip") is None


# --- the upload page -----------------------------------------------------------------------------

def test_the_operator_uploads_a_template_without_choosing_the_dataset(client, op_a, records):
    client.force_login(op_a)
    page = client.get(reverse("import_start")).content.decode()
    assert 'value="" selected' in page and "Kenali dari berkas" in page
    response, job = upload(client, filled_template(op_a), "ucj-templat-allocations-2026.xlsx")
    assert job is not None and job.dataset == "allocations"
    assert job.status == ImportStatus.STAGED and job.rows_created == 1
    assert job.report["template_period"] == "2026"
    assert "templat periode 2026" in " ".join(response.content.decode().split())


def test_the_province_admin_uploads_a_csv_recognised_by_its_header(client, admin_user, records):
    client.force_login(admin_user)
    _response, job = upload(client, CHANGE_2025, "d.csv")
    assert job.dataset == "denominators" and job.status == ImportStatus.STAGED
    assert "template_period" not in job.report


def test_a_file_under_the_wrong_dataset_is_refused_and_nothing_kept(client, op_a, records):
    client.force_login(op_a)
    before = snapshot()
    response, job = upload(client, filled_template(op_a), "t.xlsx", dataset="realizations")
    assert job is None and not ImportJob.objects.exists() and snapshot() == before
    text = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "Berkas ini tampaknya berisi Alokasi anggaran, bukan Realisasi" in text
    response, job = upload(client, CHANGE_2025, "d.csv", dataset="commitments")
    assert job is None and "tampaknya berisi" in response.content.decode()


def test_a_file_that_cannot_be_told_asks_to_choose(client, op_a, records):
    client.force_login(op_a)
    response, job = upload(client, csv_file([["Kolom", "Lain"], ["1", "2"]]), "x.csv")
    assert job is None and "Pilih jenis datanya" in response.content.decode()
    response, job = upload(client, b"", "kosong.csv")
    assert job is None and "kosong" in response.content.decode()


def test_another_regions_operator_gets_the_template_recognised_but_its_rows_refused(
        client, op_a, op_b, records):
    """op_b uploads a template made for Lombok Timur: the dataset is told, the rows are not
    op_b's (the importer's scope check), so nothing can be applied."""
    data = filled_template(op_a)
    client.force_login(op_b)
    _response, job = upload(client, data, "t.xlsx")
    assert job.dataset == "allocations" and job.status == ImportStatus.INVALID


def test_a_viewer_may_not_upload(client, viewer, records):
    client.force_login(viewer)
    response = client.post(reverse("import_start"),
                           {"file": SimpleUploadedFile("d.csv", CHANGE_2025)})
    assert response.status_code == 403 and not ImportJob.objects.exists()


# --- the API -------------------------------------------------------------------------------------

@pytest.fixture
def world(ntb, records, admin_user, viewer, op_a, op_b, bpjs):
    cache.clear()
    yield build_world(ntb, records, admin_user, viewer, op_a, op_b, bpjs)
    cache.clear()


def test_the_api_takes_a_file_without_dataset_and_refuses_the_wrong_one(world):
    client = api(world["tokens"]["op_own"])
    url = reverse("api_imports")
    told = client.post(url, {"file": SimpleUploadedFile("d.csv", CHANGE_2025)})
    assert told.status_code == 202, told.content
    assert told.json()["dataset"] == "denominators"
    wrong = client.post(url, {"dataset": "commitments",
                              "file": SimpleUploadedFile("d.csv", CHANGE_2025)})
    assert wrong.status_code == 400 and "dataset" in wrong.json(), wrong.content
    unknown = client.post(url, {"file": SimpleUploadedFile(
        "x.csv", denominators_csv()[:3] + b"x,y\r\n")})
    assert unknown.status_code == 400 and ImportJob.objects.count() == 1


# --- the result page offers the submission -------------------------------------------------------

def test_the_applied_import_offers_its_uploader_to_submit_and_nobody_else(
        client, op_a, admin_user, records, django_capture_on_commit_callbacks):
    from tests.import_helpers import apply

    client.force_login(op_a)
    _response, job = upload(client, filled_template(op_a), "t.xlsx")
    page = apply(client, job).content.decode()
    assert "templat periode 2026" in " ".join(page.split())  # kept after the apply
    action = reverse("submission_submit", args=["allocations", "52.03", "2026"])
    assert f'action="{action}"' in page
    client.force_login(admin_user)  # the province approves instead; not its upload
    assert action not in client.get(reverse("import_detail", args=[job.pk])).content.decode()
    client.force_login(op_a)
    assert client.post(action).status_code == 302
    assert action not in client.get(reverse("import_detail", args=[job.pk])).content.decode()
