"""The beneficiary registry reads what the imports read (issue 15, item 6), on the files of
tests/fixtures/registry (made by make_fixtures.py there): a village sheet with a title row,
15/05/1985 and LAKI-LAKI, as .xlsx and as a semicolon CSV from a spreadsheet in Indonesian
locale, read exactly; a NIK column stored as numbers refused under any header; files that are
no table refused at upload, before a mapping page; a run that fails names the row and the
reason, and nothing of the list reaches a log. Every refusal leaves the registry's tables as
they were and no file behind."""

from __future__ import annotations

import datetime as dt
import io
import logging
import traceback

import polars as pl
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from django.utils.translation import gettext

from tests.fixtures.registry.make_fixtures import (
    HERE,
    PEOPLE,
    VILLAGE_HEADER,
    VILLAGE_MAPPING,
    build,
)
from ucj.audit.models import AuditEvent
from ucj.imports import cells
from ucj.registry import engine, services
from ucj.registry.models import (
    ColumnMapping,
    Enrollment,
    Kind,
    MatchRun,
    ParticipantData,
    RunStatus,
    SourceFile,
)

EVERYONE_ELIGIBLE = {"invalid": 0, "duplicate": 0, "deceased": 0, "already_active": 0,
                     "conflict": 0, "eligible": 50, "total": 50}


@pytest.fixture(autouse=True)
def _registry_dir(settings, tmp_path):
    settings.REGISTRY_DIR = tmp_path / "registry"
    settings.UCJ_REGISTRY_RETENTION_DAYS = 0


def fixture(name: str) -> bytes:
    return (HERE / name).read_bytes()


def uploads() -> list:
    folder = services.registry_dir() / "uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def tables() -> dict:
    """Everything the registry has written: its rows and the audit events."""
    return {model.__name__: sorted(map(str, model.objects.values_list("pk", flat=True)))
            for model in (SourceFile, ColumnMapping, MatchRun, ParticipantData, Enrollment,
                          AuditEvent)}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def upload(client, user, name: str, *, content: bytes | None = None):
    client.force_login(user)
    return client.post(reverse("registry_list_upload"), {
        "region": "52.03", "year": "2026",
        "file": SimpleUploadedFile(name, fixture(name) if content is None else content)})


def result_rows(run: MatchRun) -> list[dict]:
    frame = pl.read_parquet(services.registry_dir() / run.result_path)
    return frame.sort("row_no").select("row_no", "nik_masked", "name", "birth_date", "sex",
                                       "outcome").to_dicts()


def expected_rows(first_row: int) -> list[dict]:
    return [{"row_no": first_row + i, "nik_masked": f"{p['nik'][:4]}********{p['nik'][-4:]}",
             "name": p["name"], "birth_date": p["birth_date"], "sex": p["sex"],
             "outcome": "eligible"} for i, p in enumerate(PEOPLE)]


def test_the_committed_fixtures_are_what_the_script_makes():
    for name, data in build().items():
        assert fixture(name) == data, f"{name}: run make_fixtures.py again"


# --- the village sheet, read exactly ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "delimiter", "header_row"), [
    ("village.xlsx", ",", 4),  # a title, the village, a blank row; dates 15/05/1985 and cells
    ("village_semicolon.csv", ";", 3),  # Windows-1252, a title row, 15-05-1985, 15 Mei 1985 …
])
def test_the_village_sheet_is_mapped_run_and_read_exactly(client, op_a, name, delimiter,
                                                          header_row,
                                                          django_capture_on_commit_callbacks):
    response = upload(client, op_a, name)
    source = SourceFile.objects.get()
    assert response.url == reverse("registry_mapping", args=[source.pk])
    assert (source.header, source.delimiter, source.header_row) == \
        (VILLAGE_HEADER, delimiter, header_row)
    # the mapping page offers the file's own columns, each field guessed from its name
    page = client.get(response.url).content.decode()
    for field, column in VILLAGE_MAPPING.items():
        assert f'<option value="{column}" selected>' in page.split(f'name="{field}"')[1] \
            .split("</select>")[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry_mapping", args=[source.pk]), VILLAGE_MAPPING)
    run = MatchRun.objects.get()
    assert response.url == reverse("registry_run", args=[run.pk])
    assert run.status == RunStatus.DONE and run.counts == EVERYONE_ELIGIBLE
    # the rows are numbered as in the file; each birth date and sex as the office meant it
    assert result_rows(run) == expected_rows(header_row + 1)


def test_a_nik_is_read_from_the_village_sheet_as_typed(client, op_a,
                                                       django_capture_on_commit_callbacks):
    upload(client, op_a, "village.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry_mapping", args=[SourceFile.objects.get().pk]),
                    VILLAGE_MAPPING)
    run = MatchRun.objects.get()
    frame = pl.read_parquet(services.registry_dir() / run.result_path).sort("row_no")
    nonce = bytes.fromhex(run.nonce)
    assert engine.decrypt_niks(frame["nik_enc"], frame["row_no"], key=engine.cipher_key(),
                               nonce=nonce) == [p["nik"] for p in PEOPLE]


# --- a NIK column stored as numbers: refused whatever its header -----------------------------------

def nik_number_message(row: int, column: str) -> str:
    return gettext(
        "Row %(row)s, column “%(column)s”: the NIK is stored as a number, so Excel has "
        "already dropped its last digits. Format the column as Text, type the NIKs again "
        "(or export them as text) and upload again.") % {"row": row, "column": column}


@pytest.mark.parametrize(("name", "column"), [
    ("nik_numbers_nik.xlsx", "nik"),
    ("nik_numbers_nik_ktp.xlsx", "NIK KTP"),  # synonyms of the app's own list
    ("nik_numbers_no_nik.xlsx", "no_nik"),
    ("nik_scientific.csv", "NIK KTP"),  # 5,20301E+15
    ("nik_zeros.csv", "no_nik"),  # 5203010101650000: sixteen digits, all ending in 0
    ("nik_decimal.csv", "nik_ktp"),  # 5203010101650000.0
])
def test_a_nik_column_stored_as_numbers_is_refused_at_upload(client, op_a, name, column):
    before = tables()
    response = upload(client, op_a, name)
    assert response.url == reverse("registry_home")
    assert messages_of(response) == [nik_number_message(2, column)]
    assert tables() == before and uploads() == []


def test_a_nik_column_stored_as_numbers_is_refused_when_mapped_under_any_name(
        client, op_a, django_capture_on_commit_callbacks):
    # "Nomor KTP Anggota" is no name the registry knows: the mapping page asks for it
    response = upload(client, op_a, "nik_numbers_nomor_ktp_anggota.xlsx")
    source = SourceFile.objects.get()
    assert response.url == reverse("registry_mapping", args=[source.pk])
    assert source.number_columns == {"Nomor KTP Anggota": 2}
    before = tables()
    mapping = {"nik": "Nomor KTP Anggota", "name": "nama", "birth_date": "tgl_lahir",
               "sex": "jk"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry_mapping", args=[source.pk]), mapping)
    assert response.status_code == 200
    assert messages_of(response) == [nik_number_message(2, "Nomor KTP Anggota")]
    source.refresh_from_db()
    assert source.mapping == {} and tables() == before
    # nor can a run be started on it by any other way (a mapping remembered, the command line)
    source.mapping = mapping
    with pytest.raises(ValidationError) as refused:
        services.run_start(actor=op_a, source=source, enqueue=False)
    assert refused.value.messages == [nik_number_message(2, "Nomor KTP Anggota")]
    assert tables() == before


def test_numbers_in_other_columns_of_a_workbook_are_fine(client, op_a):
    upload(client, op_a, "village.xlsx")
    source = SourceFile.objects.get()
    assert source.number_columns == {"No": 5}  # the running number: not the NIK


def test_a_workbook_of_many_kilobytes_is_read_whole_not_judged_by_its_head(client, op_a):
    """A workbook's zip directory is at its end: a list bigger than the first bytes read to
    sniff the type must not be called damaged."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["NIK", "Nama", "Tanggal lahir", "Jenis kelamin"])
    for i in range(3_000):
        ws.append([f"52030115058{i:05d}", f"Pekerja {i}", "15/05/1985", "L"])
    data = io.BytesIO()
    wb.save(data)
    assert len(data.getvalue()) > 32 * 1024
    response = upload(client, op_a, "daftar_besar.xlsx", content=data.getvalue())
    assert response.status_code == 302, messages_of(response)
    source = SourceFile.objects.get()
    assert source.header == ["NIK", "Nama", "Tanggal lahir", "Jenis kelamin"]


# --- files that are no table: refused at upload ---------------------------------------------------

NOT_SUPPORTED = "The file type is not supported. Upload the .xlsx template or a CSV file."
NOT_A_TABLE = ("The file is not a table: its first rows hold no column names separated by "
               "semicolons, commas or tabs. Upload the list as .xlsx, or as CSV with a header "
               "row (NIK, name, birth date, sex …).")


@pytest.mark.parametrize(("name", "message"), [
    ("foto_daftar.png", "Upload a CSV or an .xlsx file."),
    ("foto_daftar.csv", NOT_SUPPORTED),  # a picture named .csv
    ("surat.pdf", "Upload a CSV or an .xlsx file."),
    ("surat.csv", "This is a PDF document, not a spreadsheet. Upload the .xlsx template or a "
                  "CSV file."),
    ("surat_pengantar.txt", NOT_A_TABLE),  # a covering letter in prose
    ("daftar_unicode.csv", "This file is saved as “Unicode Text” (UTF-16). Save it as CSV "
                           "UTF-8 (comma or semicolon delimited) or as an Excel workbook "
                           "(.xlsx) and upload it again."),
    ("rusak.csv", NOT_SUPPORTED),  # binary
])
def test_a_file_that_is_no_table_is_refused_before_a_mapping_page(client, op_a, name,
                                                                  message):
    before = tables()
    response = upload(client, op_a, name)
    assert response.url == reverse("registry_home")
    assert messages_of(response) == [gettext(message)]
    assert tables() == before and uploads() == []


# --- a run that fails: its row and reason, nothing of the list in a log --------------------------

ROW_23 = ("Row %(row)s cannot be read: a quote mark is opened and not closed, or a cell is far "
          "too long. Correct that row, or save the file again as CSV from the spreadsheet, and "
          "upload again.")


def personal_data() -> list[str]:
    return [value for p in PEOPLE for value in (p["nik"], p["name"], p["birth_date"].isoformat())]


def leaked(text: str) -> list[str]:
    return [value for value in personal_data() if value in text]


def test_a_failed_run_names_the_row_and_logs_nothing_of_the_list(client, op_a, caplog,
                                                                 django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    client.force_login(op_a)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, op_a, "kutip_terbuka.csv")
    run = MatchRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert run.error == gettext(ROW_23) % {"row": 23}
    assert caplog.records  # the task's failure was logged …
    assert leaked(caplog.text) == []  # … without a NIK, a name or a birth date of the list
    page = client.get(reverse("registry_run", args=[run.pk])).content.decode()
    assert run.error in page and leaked(page) == []
    assert uploads() == []


def test_a_failure_while_recording_a_failure_carries_nothing_of_the_list(op_a, monkeypatch):
    """Polars quotes the rows it cannot read (three times over): a database error while the
    failure is recorded must not chain to it, or the worker logs the list."""
    source = services.file_upload(actor=op_a, kind=Kind.BENEFICIARIES,
                                  region=op_a.regions.get(), year=2026,
                                  upload=SimpleUploadedFile("k.csv",
                                                            fixture("kutip_terbuka.csv")))
    run = services.run_start(actor=op_a, source=source, enqueue=False)

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_delete_inputs", locked)
    with pytest.raises(OperationalError) as raised:
        services.run_execute(str(run.id))
    told = "".join(traceback.format_exception(raised.value))
    assert "database is locked" in told and leaked(told) == []
    run.refresh_from_db()
    assert run.error == gettext(ROW_23) % {"row": 23}


# --- birth dates: the run reads each spelling as the imports' cells.date -------------------------

SPELLINGS = [
    "1985-05-15", "15/05/1985", "15-05-1985", "15.05.1985", "5/5/1985", "15 Mei 1985",
    "15 mei 1985", "15 Mei. 1985", "15-Mei-1985", "15 May 1985", "1 Agustus 2000",
    "31121999", "31134", "31134.0", " 15/05/1985 ", "1985-5-15", "1985-05-15 00:00",
    "29/02/2000", "29/02/1900", "29/02/1985", "31/04/1985", "15/13/1985", "1985-02-30",
    "15/05/85", "05/15/1985", "1850-05-15", "2150-01-01", "15/05-1985", "Mei 1985", "kemarin",
    "", "   ", "+985-05-15", "1985-05-15T00:00", "15 Mey 1985", "0",
]


def cells_date(text: str) -> dt.date | None:
    try:
        return cells.date(text)
    except (cells.CellError, ValueError):
        return None


def test_a_run_reads_every_spelling_of_a_date_as_the_imports_do():
    read = engine.birth_dates(pl.Series(SPELLINGS, dtype=pl.String)).to_list()
    assert read == [cells_date(s) for s in SPELLINGS]
    # and the table is not trivial: both readings of day-first and the refusals are in it
    assert read[:4] == [dt.date(1985, 5, 15)] * 4 and read[SPELLINGS.index("kemarin")] is None
