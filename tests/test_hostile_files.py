"""Hostile files are read within bounds (issue 14): every file of the corpus
(tests/hostile_files.py) is refused with its Indonesian message, or read as it is where it is
harmless, through the reader functions and through the real uploads (the import page as a
province admin, an operator or a BPJS user; the registry's list and participant uploads);
the data tables are unchanged and no uploaded file is left on disk. Then the inspection
itself: python-calamine only ever sees the checked parts, the limits come from the settings,
both scans (plain and exact) place cells as python-calamine does, and text is measured per
value."""

from __future__ import annotations

import html
import io
import os
import random
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import hostile_files as hf
from tests.import_helpers import snapshot
from ucj.core import safefiles
from ucj.core.safefiles import Limits, UnsafeFile, inspect_xlsx
from ucj.imports.models import ImportJob, ImportStatus
from ucj.imports.readers import ReadError, read_table
from ucj.registry import services as registry
from ucj.registry.models import Enrollment, MatchRun, SourceFile

NAMES = [h.name for h in hf.CORPUS]


@pytest.fixture(autouse=True)
def _registry_dir(settings, tmp_path):
    settings.REGISTRY_DIR = tmp_path / "registry"


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def registry_tables() -> dict:
    return {"sources": list(SourceFile.objects.values("id", "kind", "header", "path")),
            "runs": MatchRun.objects.count(), "enrollments": Enrollment.objects.count()}


# --- the corpus --------------------------------------------------------------------------------

def test_the_corpus_covers_every_kind_of_hostile_file():
    kinds = {"dimension": "dimension_", "zip bomb": "zip_bomb", "shared strings": "shared_strings",
             "million rows": "million_rows", "huge cells": "huge_cell", "entities": "billion",
             "external entity": "external_entity", "polyglot": "polyglot",
             "wrong extension": "_named.", "encrypted": "encrypted", "truncated": "truncated",
             "many parts": "many_parts", "local header": "local_header"}
    for kind, marker in kinds.items():
        assert any(marker in name for name in NAMES), kind
    assert len(NAMES) == len(set(NAMES)) >= 45
    # small enough to upload through the import page, and made the same way every time
    for h in hf.CORPUS:
        assert 0 < len(hf.data(h.name)) < 10 * 2**20, h.name
    assert hf.dimension_bomb() == hf.data("dimension_bomb.xlsx")
    assert len(hf.data("dimension_bomb.xlsx")) < 2000  # the 1.7 KB workbook of the issue


def test_the_zip_bombs_are_real():
    """What the bombs declare is what they hold: zipfile (which trusts them) would inflate
    2 GiB from 6 MB; only its first megabytes are read here."""
    with zipfile.ZipFile(io.BytesIO(hf.data("zip_bomb.xlsx"))) as z:
        info = z.getinfo(hf.SHEET)
        assert 2 << 30 <= info.file_size < (2 << 30) + 2**20
        assert info.compress_size < 8 * 2**20
        with z.open(info) as part:
            assert part.read(2**20).count(b"<row>") > 10_000
    bomb = hf.zip_bomb_entry()
    lying = zipfile.ZipFile(io.BytesIO(hf.data("zip_bomb_lying.xlsx")))
    assert lying.getinfo(hf.SHEET).file_size == 10_000  # declares 10 KB
    assert len(bomb.raw) < 8 * 2**20 and bomb.size >= 2 << 30
    # the same construction, small enough to check whole: its bytes, size and CRC are right
    small = hf.repeated(b"<row/>" * 1000, 777, head=b"<a>", tail=b"</a>")
    whole = b"<a>" + b"<row/>" * 1000 * 777 + b"</a>"
    assert zlib.decompress(small.raw, -15) == whole
    assert (small.size, small.crc) == (len(whole), zlib.crc32(whole))


# --- through the reader ------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_the_reader_refuses_the_file_or_reads_it_when_harmless(name):
    hostile = hf.BY_NAME[name]
    if hostile.imports is None:
        table = read_table(hf.data(name), name)
        assert table.rows[:2] == hf.DENOMINATORS
        return
    with pytest.raises(ReadError) as refused:
        read_table(hf.data(name), name)
    assert hostile.imports in refused.value.message


# --- through the uploads -----------------------------------------------------------------------

UPLOADERS = [("admin_user", "denominators"), ("op_a", "denominators"), ("bpjs", "participation")]


@pytest.mark.parametrize("name", NAMES)
def test_the_import_upload_refuses_the_file_and_writes_nothing(
        client, request, records, admin_user, op_a, bpjs, settings, name,
        django_capture_on_commit_callbacks):
    hostile = hf.BY_NAME[name]
    who, dataset = (UPLOADERS[1] if hostile.imports is None
                    else UPLOADERS[NAMES.index(name) % len(UPLOADERS)])
    user = request.getfixturevalue(who)
    folder = Path(settings.MEDIA_ROOT) / "imports"
    before = snapshot()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):  # a big file's background check
        response = client.post(reverse("import_start"), {
            "dataset": dataset, "file": SimpleUploadedFile(name, hf.data(name))})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("import_detail", args=[job.pk])
    response = client.get(response.url)  # the job's page, once checked
    assert job.actor == user and job.file_name == name
    assert snapshot() == before  # nothing written
    if hostile.imports is None:  # harmless: read as the workbook it is, staged for its preview
        assert job.status == ImportStatus.STAGED and job.file_format == "xlsx"
        return
    messages = [e["message"] for e in (job.report or {}).get("errors", [])] + [job.error]
    assert job.status in (ImportStatus.INVALID, ImportStatus.FAILED)
    assert any(hostile.imports in m for m in messages), messages
    assert hostile.imports in html.unescape(response.content.decode())
    assert files_in(folder) == []  # the refused file is not kept


@pytest.mark.parametrize("name", NAMES)
def test_the_registry_list_upload_refuses_the_file_and_keeps_nothing(
        client, request, ntb, op_a, admin_user, name, django_capture_on_commit_callbacks):
    hostile = hf.BY_NAME[name]
    user = op_a if NAMES.index(name) % 2 else admin_user
    before = registry_tables()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry_list_upload"), {
            "region": "52.03", "year": "2026", "file": SimpleUploadedFile(name, hf.data(name))},
            follow=True)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    uploads = Path(registry.registry_dir()) / "uploads"
    if hostile.registry is None:  # harmless: its header read, waiting for the column mapping
        source = SourceFile.objects.get()
        assert source.header == hf.HEADERS.get(name, ["Nama", "Nilai"])
        assert source.uploaded_by == user
        assert response.redirect_chain[-1][0] == reverse("registry_mapping", args=[source.pk])
        assert files_in(uploads) == [Path(source.path).name]
        return
    assert hostile.registry in text
    assert registry_tables() == before
    assert files_in(uploads) == []


@pytest.mark.parametrize("name", NAMES)
def test_the_participant_upload_refuses_the_file_and_keeps_nothing(
        client, ntb, bpjs, name, django_capture_on_commit_callbacks):
    hostile = hf.BY_NAME[name]
    before = registry_tables()
    client.force_login(bpjs)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry_participants_upload"), {
            "file": SimpleUploadedFile(name, hf.data(name))}, follow=True)
    assert response.status_code == 200
    uploads = Path(registry.registry_dir()) / "uploads"
    if hostile.registry is None:
        assert SourceFile.objects.get().header == hf.HEADERS.get(name, ["Nama", "Nilai"])
        return
    assert hostile.registry in html.unescape(response.content.decode())
    assert registry_tables() == before
    assert files_in(uploads) == []


@pytest.mark.parametrize("name", ["dimension_bomb.xlsx", "giant_header.csv", "html.csv"])
def test_a_hostile_deceased_list_is_refused_and_leaves_no_file(
        client, ntb, op_a, name, django_capture_on_commit_callbacks):
    """The deceased list goes up beside a harmless beneficiary list: refused, no run starts,
    and no file is on disk without its record."""
    listing = b"nik,name,birth_date,sex\n5203011506900001,Budi,1990-06-15,L\n"
    client.force_login(op_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry_list_upload"), {
            "region": "52.03", "year": "2026",
            "file": SimpleUploadedFile("daftar.csv", listing),
            "deceased": SimpleUploadedFile(name, hf.data(name))}, follow=True)
    assert hf.BY_NAME[name].registry in html.unescape(response.content.decode())
    assert not MatchRun.objects.exists()
    # the list itself was stored before the deceased list was refused; nothing else is
    assert [s.kind for s in SourceFile.objects.all()] in ([], ["beneficiaries"])
    uploads = Path(registry.registry_dir()) / "uploads"
    assert files_in(uploads) == [Path(s.path).name for s in SourceFile.objects.exclude(path="")]


# --- what python-calamine is given ---------------------------------------------------------------

def test_python_calamine_reads_only_the_checked_parts():
    """Parts it does not need (properties, images, anything else) are left out of the package
    it reads; those it needs keep their compressed bytes."""
    app = hf.Entry("docProps/app.xml", hf.XML + b"<Properties/>")
    image = hf.Entry("xl/media/image1.png", b"\x89PNG" + b"\x00" * 1000)
    data = hf.workbook(hf.sheet_xml(hf.HEADER_ROW), extra=[app, image])
    checked = inspect_xlsx(data)
    original = zipfile.ZipFile(io.BytesIO(data))
    package = zipfile.ZipFile(io.BytesIO(checked.package))
    assert sorted(package.namelist()) == ["[Content_Types].xml", "_rels/.rels",
                                          "xl/_rels/workbook.xml.rels", "xl/workbook.xml",
                                          "xl/worksheets/sheet1.xml"]
    for name in package.namelist():
        assert package.read(name) == original.read(name)
        assert package.getinfo(name).compress_size == original.getinfo(name).compress_size
    rows = checked.open().get_sheet_by_name("Data").to_python()
    assert rows == [["Nama", "Nilai"]]


def test_a_part_read_through_its_local_header_cannot_differ_from_the_checked_one():
    """The directory lists a harmless sheet; at its offset the local header names another
    part (a bomb): refused, since one reader may trust the directory and another the header."""
    data = hf.workbook(hf.sheet_xml(hf.HEADER_ROW), replace={
        hf.SHEET: hf.Entry(hf.SHEET, hf.sheet_xml(hf.HEADER_ROW), local_name="xl/bomb.xml")})
    with pytest.raises(UnsafeFile) as refused:
        inspect_xlsx(data)
    assert refused.value.message == "Berkas rusak dan tidak dapat dibuka sebagai buku kerja."


def test_the_workbooks_ucj_monitor_makes_pass_the_inspection(records, op_a):
    """The import template (with its drop-down lists and instructions) and the error workbook
    are read back as they are."""
    from ucj.imports.workbook import error_workbook, template_workbook

    template = template_workbook(actor=op_a, dataset="allocations", period="2025")
    checked = inspect_xlsx(template)
    assert checked.sheet_names[:2] == ["Data", "Petunjuk"]
    table = read_table(template, "templat.xlsx")
    marked = error_workbook(table=table, problems=[])
    assert read_table(marked, "kesalahan.xlsx").rows[0][:3] == table.rows[0][:3]


# --- the limits, from the settings -------------------------------------------------------------

def rows_xml(count: int, columns: int = 2) -> str:
    return "".join(f'<row r="{r}">' + "".join(hf.text_cell(f"{hf._col(c)}{r}", "x")
                                              for c in range(columns)) + "</row>"
                   for r in range(1, count + 1))


def test_the_limits_come_from_the_settings(settings):
    settings.UCJ_MAX_SHEET_ROWS = 10
    settings.UCJ_MAX_SHEET_COLUMNS = 5
    settings.UCJ_MAX_SHEET_CELLS = 40
    read_table(hf.workbook(hf.sheet_xml(rows_xml(10, 4))), "ok.xlsx")  # 10 × 4 = 40 cells
    cases = [(rows_xml(11), "memiliki sel di A11; batasnya 10 baris × 5 kolom"),
             (rows_xml(2, 6), "memiliki sel di F1; batasnya 10 baris × 5 kolom"),
             # two cells, but a grid of 9 × 5 from A1, as python-calamine builds it
             ('<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="E9"><v>1</v></c></row>',
              "mencakup 9 baris × 5 kolom, 45 sel; batasnya 40 sel"),
             (rows_xml(9, 5), "memiliki lebih dari 40 sel")]
    for xml, message in cases:
        with pytest.raises(ReadError) as refused:
            read_table(hf.workbook(hf.sheet_xml(xml)), "x.xlsx")
        assert message in refused.value.message
    text = "\n".join(",".join(["x"] * 4) for _ in range(11)).encode()
    with pytest.raises(ReadError, match="lebih dari 10 baris"):
        read_table(text, "x.csv")
    with pytest.raises(ReadError, match="Baris 2 memiliki 6 kolom; batasnya 5"):
        read_table(b"a,b\n1,2,3,4,5,6\n", "x.csv")


def test_real_registry_lists_fit_the_default_limits():
    """A DTSEN/P3KE extract has some 30 to 40 columns, the standard list 10; lists of up to
    200,000 rows are read from a workbook (bigger ones go as CSV, which the engine streams)."""
    limits = Limits.from_settings()
    assert limits.columns >= 40 and limits.rows >= 200_000
    assert limits.rows * 10 <= limits.cells  # 200,000 rows of the standard 10 columns
    assert 100_000 * 30 <= limits.cells  # or 100,000 rows of a 30-column extract
    header = ",".join(f"kolom_{i}" for i in range(40)).encode()
    path = Path(registry.registry_dir())
    path.mkdir(parents=True, exist_ok=True)
    (path / "wide.csv").write_bytes(header + b"\n" + b",".join([b"1"] * 40) + b"\n")
    assert len(registry._csv_layout(path / "wide.csv").header) == 40


# --- the scan places cells as python-calamine does ------------------------------------------------

@pytest.fixture(params=[safefiles.CHUNK, 97], ids=["1MB-chunks", "97-byte-chunks"])
def chunk(request, monkeypatch):
    """The scan fed in its usual chunks, and in chunks of 97 bytes: tags, texts and values cut
    anywhere."""
    monkeypatch.setattr(safefiles, "CHUNK", request.param)
    return request.param


def scan(xml: bytes, **limits) -> safefiles.Scan:
    lim = Limits(**{**vars(Limits.from_settings()), **limits})
    return inspect_xlsx(hf.workbook(xml), lim).sheets[0].scan


@pytest.mark.parametrize("cells,where", [
    ('<row r="3"><c r="BG3"/><c/><c t="inlineStr"><is><t>x</t></is></c></row>', "BI3"),
    ('<row r="7"><c t="inlineStr"><is><t>x</t></is></c></row><row>'
     '<c r="BH8"/><c t="inlineStr"><is><t>x</t></is></c></row>', "BI8"),
    ('<row r="199999"><c r="A199999"/></row><row><c t="inlineStr"><is><t>x</t></is></c></row>'
     '<row><c t="n"><v>1</v></c></row>', "A200001"),
])
def test_cells_without_r_follow_on_as_python_calamine_places_them(cells, where, chunk):
    with pytest.raises(UnsafeFile) as refused:
        scan(hf.sheet_xml(cells))
    assert f"memiliki sel di {where};" in refused.value.message


@pytest.mark.parametrize("attributes", ['r="B2" r="E2"', 's="1" r="B2" t="inlineStr" r="E2"',
                                        't="n" r="B2" r="E2" s="1"'])
def test_a_cell_with_two_r_is_refused(attributes, chunk):
    """python-calamine takes the first r of such a cell or the last, depending on the other
    attributes: neither can be trusted, and no spreadsheet program writes one."""
    cell = f'<c {attributes}><v>1</v></c>'
    with pytest.raises(UnsafeFile, match="Berkas rusak"):
        scan(hf.sheet_xml(hf.HEADER_ROW + f'<row r="2">{cell}</row>'))


def test_the_plain_and_the_exact_scan_agree(chunk):
    """The same sheet in the plain form and with single quotes (which only the exact scan
    reads): the same extent, cells, formulas."""
    rows = (hf.HEADER_ROW + '<row r="2">' + hf.text_cell("A2", "a")
            + '<c r="C2"><f>1+1</f><v>2</v></c></row><row r="9"><c r="B9"><v>3</v></c></row>')
    plain = scan(hf.sheet_xml(rows))
    exact = scan(hf.sheet_xml(rows.replace('r="C2"', "r='C2'")))
    assert not plain.strict and exact.strict
    for found in (plain, exact):
        assert (found.rows, found.columns, found.cells, found.formulas) == (9, 3, 5, ["C2"])


def test_a_cell_out_of_order_is_found_in_the_plain_scan(chunk):
    """A far row early, a wide column late (the highest row is not the last cell's): the area
    counts both."""
    rows = ('<row r="150000"><c r="A150000"><v>1</v></c></row>'
            + "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 5))
            + '<row r="5"><c r="T5"><v>1</v></c></row>')
    found = scan(hf.sheet_xml(rows))
    assert (found.rows, found.columns) == (150_000, 20)
    with pytest.raises(UnsafeFile, match="mencakup 150.000 baris × 20 kolom"):
        scan(hf.sheet_xml(rows), cells=2_000_000)


def test_prefixed_elements_are_read_by_their_local_name(chunk):
    xml = (hf.XML + f'<x:worksheet xmlns:x="{hf.NS}"><x:dimension ref="A1:B2"/><x:sheetData>'
           '<x:row r="2"><x:c r="B2"><x:v>1</x:v></x:c><:c r="C2"><:v>1</:v></:c>'
           # a name runs to the first whitespace: python-calamine reads this as a cell too
           '<a/b:c r="D2"><a/b:v>1</a/b:v></a/b:c></x:row></x:sheetData></x:worksheet>'.encode())
    found = scan(xml)
    assert (found.rows, found.columns, found.cells) == (2, 4, 3)
    bomb = xml.replace(b'r="D2"', b'r="XFD1048576"')
    with pytest.raises(UnsafeFile, match="memiliki sel di XFD1048576"):
        scan(bomb)


# --- text, per value ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,refused", [
    ("A" * 32_767, False), ("A" * 32_768, True),
    ("&amp;" * 32_767, False),  # an entity is one character
    ("é" * 32_767, False),  # two bytes a character in UTF-8
])
def test_a_value_is_measured_in_characters(text, refused, chunk):
    inline = hf.sheet_xml(hf.HEADER_ROW + '<row r="2">' + hf.text_cell("B2", text) + "</row>")
    shared = (hf.XML + f'<sst xmlns="{hf.NS}"><si><t>{text}</t></si></sst>'.encode())
    for data in (hf.workbook(inline), hf.workbook(hf.sheet_xml(
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared=shared)):
        if refused:
            with pytest.raises(UnsafeFile, match="lebih dari 32.767 karakter"):
                inspect_xlsx(data)
        else:
            inspect_xlsx(data)


def test_many_short_values_make_no_long_one(chunk):
    """A sheet of inline strings only (no <v> at all) and shared strings of 100,000 entries:
    each value is measured on its own."""
    rows = "".join(f'<row r="{r}">' + hf.text_cell(f"A{r}", "x" * 50) + "</row>"
                   for r in range(1, 5001))
    shared = hf.XML + f'<sst xmlns="{hf.NS}">'.encode() + b"".join(
        b"<si><t>nama %d</t></si>" % i for i in range(100_000)) \
        + b"</sst>"
    found = inspect_xlsx(hf.workbook(hf.sheet_xml(rows), shared=shared))
    assert found.sheets[0].scan.rows == 5000


def test_too_many_merged_ranges_are_refused_before_python_calamine_lists_them():
    merges = "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(1, 10_002))
    xml = hf.sheet_xml(hf.HEADER_ROW).replace(
        b"</worksheet>", f'<mergeCells count="10001">{merges}</mergeCells></worksheet>'.encode())
    with pytest.raises(UnsafeFile, match="lebih dari 10.000 rentang sel gabungan"):
        inspect_xlsx(hf.workbook(xml))


@pytest.mark.parametrize("before", ["", "<!-- read by the exact scan -->"])
def test_a_tag_of_megabytes_is_refused_by_both_scans(before):
    """An attribute of 5 MB (random, so that no ratio gives it away): expat would hold it
    whole; no spreadsheet writes a tag longer than safefiles.MAX_TAG_BYTES."""
    junk = os.urandom(safefiles.MAX_TAG_BYTES // 2 + 100_000).hex()
    xml = hf.sheet_xml(before + hf.HEADER_ROW + f'<row r="2"><c r="A2" x="{junk}"><v>1</v></c>'
                       "</row>")
    with pytest.raises(UnsafeFile) as refused:
        inspect_xlsx(hf.workbook(xml))
    assert refused.value.message == "Berkas rusak dan tidak dapat dibuka sebagai buku kerja."


# --- never less than python-calamine reads ------------------------------------------------------

def odd_sheet(rng: random.Random) -> bytes:
    """A sheet written any way python-calamine accepts: prefixes (none, "x:", ":", "a/b:"),
    rows and cells with r, without, or with r twice, attributes in any order, cells that close
    themselves, values, inline strings. Most are in the plain form (every cell with r, double
    quotes, single spaces: the fast scan's case); the others also have any whitespace, single
    quotes, CDATA and comments (the exact scan's case)."""
    prefix = rng.choice(["", "", "", "x:", ":", "a/b:"])
    plain = rng.random() < 0.6

    def attr(name, value):
        if plain or rng.random() < 0.7:
            return f' {name}="{value}"'
        quoted = f"'{value}'" if rng.random() < 0.3 else f'"{value}"'
        return rng.choice(["\t", "\n", "  "]) + name + rng.choice(["=", " = ", "= "]) + quoted

    out, p = [], prefix
    for _ in range(rng.randint(1, 6)):
        attrs = [attr("r", rng.randint(1, 44)) for _ in range(rng.choice([0, 1, 1, 1, 2]))]
        if rng.random() < 0.3:
            attrs.insert(0, attr("spans", "1:3"))
        closed = rng.random() < 0.1
        out.append(f"<{p}row{''.join(attrs)}" + ("/>" if closed else ">"))
        if closed:
            continue
        for _ in range(rng.randint(0, 5)):
            refs = rng.choice([1, 1, 1, 1, 2] if plain else [0, 1, 1, 2])
            attrs = [attr("r", f"{hf._col(rng.randint(0, 8))}{rng.randint(1, 44)}")
                     for _ in range(refs)]
            attrs += [attr("t", "inlineStr")] * (rng.random() < 0.3)
            attrs += [attr("s", "1")] * (rng.random() < 0.3)
            rng.shuffle(attrs)
            tag = f"<{p}c{''.join(attrs)}"
            values = ["/>", f"><{p}v>1</{p}v></{p}c>", f"><{p}is><{p}t>x</{p}t></{p}is></{p}c>"]
            if not plain:
                values.append(f"><{p}v><![CDATA[1]]></{p}v></{p}c>")
            out.append(tag + rng.choice(values))
            if not plain and rng.random() < 0.1:
                out.append("<!-- c -->")
        out.append(f"</{p}row>")
    ns = f'xmlns:x="{hf.NS}"' if prefix == "x:" else f'xmlns="{hf.NS}"'
    return hf.XML + (f"<{p}worksheet {ns}><{p}sheetData>{''.join(out)}"
                     f"</{p}sheetData></{p}worksheet>").encode()


def test_what_passes_the_inspection_python_calamine_reads_within_the_limits():
    """Odd sheets by the hundred: whenever one passes, the grid python-calamine builds from it
    (reading the checked package) is within the limits. Many are refused (the limits are small
    here, and expat refuses what is not well-formed): only what passes is compared."""
    lim = Limits(rows=40, columns=8, cells=200, cell_chars=50, package_bytes=10**8,
                 part_bytes=10**8)
    rng = random.Random(14)
    passed = 0
    for _ in range(1000):
        try:
            checked = inspect_xlsx(hf.workbook(odd_sheet(rng)), lim)
        except UnsafeFile:
            continue
        end = checked.open().get_sheet_by_name("Data").end
        passed += 1
        if end is not None:
            rows, columns = end[0] + 1, end[1] + 1
            assert rows <= lim.rows and columns <= lim.columns and rows * columns <= lim.cells
    assert passed >= 100  # the comparison is not empty
