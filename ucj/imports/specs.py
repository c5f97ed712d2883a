"""What a spreadsheet of each dataset holds: its columns, in the order of the template.

The headers of the template are Indonesian and are the contract with the offices; the
importer also accepts the column keys of the CSV export (``region_code`` …), so that an
export can be edited and uploaded again. Regions are named by their Kemendagri code, coded
columns by their code or their label, never by an internal id.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils import translation

from ucj.budget.models import CommitmentStatus, Stage
from ucj.core.models import FundingSource, Payer
from ucj.coverage.models import Segment

# Kinds of column and how the template shows them.
REGION, NAME, YEAR, MONTH, MONTH_NUMBER, INT, MONEY, PERCENT, DATE, TEXT, CHOICE, PACKAGE = (
    "region", "name", "year", "month", "month_number", "int", "money", "percent", "date", "text",
    "choice", "package",
)

# Headers that are read and ignored: the error column of an error workbook, and the
# bookkeeping columns of the CSV export.
IGNORED_HEADERS = {"kesalahan", "synthetic", "sintetis", "approval state", "status persetujuan",
                   "document name", "dokumen"}


def normalize(header) -> str:
    """'Kode wilayah *' → 'kode wilayah'; 'region_code' → 'region code'."""
    return re.sub(r"[^a-z0-9]+", " ", str(header or "").lower()).strip()


@dataclass(frozen=True)
class Col:
    key: str  # the header key (as in the CSV export) and, for settable columns, the model field
    label: str  # the Indonesian header of the template
    kind: str
    required: bool = False  # must be present as a header and filled in every row
    natural_key: bool = False  # part of what identifies a record
    prefill: bool = False  # the template fills it for rows still without data
    choices: type[models.TextChoices] | None = None
    help: str = ""  # for the instructions sheet
    settable: bool = True  # False: shown for reading only (the region's name)
    max_length: int = 2000
    minimum: int = 0
    maximum: int | None = None

    def choice_labels(self) -> list[str]:
        """The spellings offered in the template's drop-down list (Indonesian labels)."""
        return _choice_labels(self.choices) if self.kind == CHOICE and self.choices else []

    def choice_options(self) -> dict[str, str]:
        """Every accepted spelling (lower case) → code: the code, the Indonesian and the English
        label."""
        return _choice_options(self.choices)


@functools.cache
def _choice_labels(choices) -> list[str]:
    with translation.override("id"):
        return [str(label) for label in choices.labels]


@functools.cache
def _choice_options(choices) -> dict[str, str]:
    options: dict[str, str] = {}
    for value, label in choices.choices:
        options[value.lower()] = value
        for lang in ("id", "en"):
            with translation.override(lang):
                options[re.sub(r"\s+", " ", str(label)).lower()] = value
    return options


@dataclass(frozen=True)
class Spec:
    slug: str
    columns: tuple[Col, ...]
    period_key: str  # the column that holds the period of submission
    title: str  # Indonesian, for the instructions sheet
    rows_note: str = ""  # how the rows are laid out, for the instructions sheet
    by_header: dict[str, Col] = field(default_factory=dict, compare=False)

    def __post_init__(self):
        for col in self.columns:
            self.by_header[normalize(col.key)] = col
            self.by_header[normalize(col.label)] = col

    @functools.cached_property
    def natural_key(self) -> list[Col]:
        return [c for c in self.columns if c.natural_key]

    @functools.cached_property
    def key_columns(self) -> list[Col]:
        """The natural key but the region."""
        return [c for c in self.natural_key if c.key != "region_code"]

    @property
    def required(self) -> list[Col]:
        return [c for c in self.columns if c.required]

    def column(self, key: str) -> Col:
        return next(c for c in self.columns if c.key == key)


REGION_CODE = Col("region_code", "Kode wilayah", REGION, required=True, natural_key=True,
                  prefill=True, settable=False,
                  help="Kode Kemendagri, mis. 52.03 (boleh ditulis 5203).")
REGION_NAME = Col("region_name", "Nama wilayah", NAME, prefill=True, settable=False,
                  help="Hanya untuk dibaca; tidak diperiksa dan tidak disimpan.")
NOTE = Col("note", "Catatan", TEXT, help="Boleh kosong.")
SOURCE = Col("source_note", "Sumber", TEXT, help="Sumber angka, mis. BPS atau BPJS Ketenagakerjaan.")
# Who pays, apart from the fund (ucj.core.models.Payer). Optional: empty, it is the payer the
# fund implies (DBHCHT: the level of the row's region), derived before the row is matched.
PAYER = Col("payer", "Pembayar", CHOICE, natural_key=True, choices=Payer,
            help="Siapa yang membayar (pilih dari daftar): provinsi, kabupaten/kota, desa atau "
                 "lainnya. Kosong = menurut sumber dana: APBD provinsi → provinsi, APBD "
                 "kabupaten/kota → kabupaten/kota, Dana Desa → desa, CSR → lainnya, DBHCHT → "
                 "tingkat wilayah baris ini. DBHCHT provinsi untuk pekerja kabupaten: pembayar "
                 "provinsi.")


def _people(key: str, label: str, *, required: bool = False, help: str = "") -> Col:
    return Col(key, label, INT, required=required,
               help=help or ("Wajib diisi; bilangan bulat." if required
                             else "Bilangan bulat; kosong = 0."))


SPECS: dict[str, Spec] = {}


def _register(spec: Spec) -> Spec:
    SPECS[spec.slug] = spec
    return spec


_register(Spec(
    slug="denominators",
    title="Penyebut UCJ: potensi tenaga kerja per kabupaten/kota dan tahun",
    rows_note="Satu baris per kabupaten/kota dan tahun.",
    period_key="year",
    columns=(
        REGION_CODE, REGION_NAME,
        Col("year", "Tahun", YEAR, required=True, natural_key=True, prefill=True,
            help="Tahun, mis. 2025."),
        Col("workforce_potential", "Potensi tenaga kerja", INT, required=True,
            help="Wajib diisi; penyebut cakupan UCJ sebagaimana dipublikasikan."),
        Col("employed", "Penduduk bekerja", INT, help="Bilangan bulat; boleh kosong."),
        Col("informal", "Pekerja informal", INT, help="Bilangan bulat; boleh kosong."),
        Col("vulnerable_target", "Sasaran pekerja rentan", INT,
            help="Bilangan bulat; boleh kosong."),
        SOURCE,
    ),
))

_register(Spec(
    slug="participation",
    title="Kepesertaan BPJS Ketenagakerjaan per kabupaten/kota, bulan dan segmen",
    rows_note="Satu baris per kabupaten/kota, bulan dan segmen (PU, BPU, JAKON, PMI).",
    period_key="month",
    columns=(
        REGION_CODE, REGION_NAME,
        Col("month", "Bulan", MONTH, required=True, natural_key=True, prefill=True,
            help="Bulan, mis. 2025-06 atau Juni 2025."),
        Col("segment", "Segmen", CHOICE, required=True, natural_key=True, prefill=True,
            choices=Segment, help="PU, BPU, JAKON atau PMI (pilih dari daftar)."),
        _people("active", "Peserta aktif", required=True),
        _people("new", "Peserta baru"),
        _people("lapsed", "Peserta tidak aktif (berhenti)"),
        _people("funded_apbd_prov", "Dibiayai APBD provinsi"),
        _people("funded_apbd_kabkota", "Dibiayai APBD kabupaten/kota"),
        # DBHCHT by payer. The regency's column keeps its old header, so that templates and
        # files made before the province's column existed still import (no header aliases).
        _people("funded_dbhcht", "Dibiayai DBHCHT",
                help="Pekerja yang iurannya dibayar dari DBHCHT kabupaten/kota sendiri (DBHCHT "
                     "provinsi di kolom berikutnya). Bilangan bulat; kosong = 0."),
        _people("funded_dbhcht_prov", "Dibiayai DBHCHT provinsi",
                help="Pekerja yang iurannya dibayar dari DBHCHT provinsi. Bilangan bulat; "
                     "kosong = 0."),
        _people("funded_dana_desa", "Dibiayai Dana Desa/APBDes"),
        _people("funded_other", "Dibiayai CSR/lainnya"),
        SOURCE,
    ),
))

_register(Spec(
    slug="commitments",
    title="Komitmen daerah: target cakupan dan dasar hukumnya, per wilayah dan tahun",
    rows_note="Satu baris per wilayah (provinsi atau kabupaten/kota) dan tahun. Dokumen yang "
              "ditandatangani (PDF) diunggah di halaman komitmen, bukan di berkas ini.",
    period_key="year",
    columns=(
        REGION_CODE, REGION_NAME,
        Col("year", "Tahun", YEAR, required=True, natural_key=True, prefill=True,
            help="Tahun, mis. 2026."),
        Col("target_coverage", "Target cakupan (%)", PERCENT, required=True,
            help="Wajib diisi; persen antara 0 dan 100, mis. 62,22."),
        Col("target_funded_workers", "Target pekerja rentan dibiayai", INT,
            help="Bilangan bulat; boleh kosong."),
        Col("perkada_number", "Nomor Perkada", TEXT, max_length=200, help="Boleh kosong."),
        Col("perkada_date", "Tanggal Perkada", DATE, help="Tanggal, mis. 2025-07-25 atau 25/07/2025."),
        Col("pks_number", "Nomor PKS", TEXT, max_length=200, help="Boleh kosong."),
        Col("pks_date", "Tanggal PKS", DATE, help="Tanggal, mis. 2025-07-25 atau 25/07/2025."),
        Col("status", "Status", CHOICE, choices=CommitmentStatus,
            help="direncanakan atau ditandatangani (pilih dari daftar); kosong = direncanakan."),
        NOTE,
    ),
))

_register(Spec(
    slug="allocations",
    title="Alokasi anggaran iuran per wilayah, tahun anggaran, tahap APBD, sumber dana dan "
          "pembayar",
    rows_note="Satu baris per wilayah, tahun anggaran, tahap (murni/perubahan), sumber dana dan "
              "pembayar. Wilayah adalah daerah yang pekerjanya dibiayai; pembayar adalah "
              "pemerintah yang anggarannya membayar (mis. DBHCHT provinsi untuk pekerja "
              "kabupaten: wilayah = kabupaten, pembayar = provinsi).",
    period_key="fiscal_year",
    columns=(
        REGION_CODE, REGION_NAME,
        Col("fiscal_year", "Tahun anggaran", YEAR, required=True, natural_key=True, prefill=True,
            help="Tahun anggaran, mis. 2026."),
        Col("stage", "Tahap APBD", CHOICE, required=True, natural_key=True, choices=Stage,
            help="APBD murni atau APBD perubahan (pilih dari daftar)."),
        Col("funding_source", "Sumber dana", CHOICE, required=True, natural_key=True,
            choices=FundingSource, help="Pilih dari daftar, mis. APBD kabupaten/kota."),
        PAYER,
        Col("amount", "Jumlah anggaran (Rp)", MONEY, required=True,
            help="Wajib diisi; rupiah tanpa desimal, mis. 201.600.000 atau Rp 201.600.000."),
        Col("workers_planned", "Jumlah pekerja", INT, required=True,
            help="Wajib diisi; pekerja yang direncanakan dibiayai."),
        Col("start_month", "Bulan mulai", MONTH_NUMBER, minimum=1, maximum=12,
            help="1–12 atau nama bulan; kosong = 1 (Januari)."),
        Col("months_covered", "Jumlah bulan", INT, required=True, minimum=1, maximum=12,
            help="Wajib diisi; 1–12."),
        Col("package", "Paket iuran", PACKAGE, required=True,
            help="Kode paket iuran (pilih dari daftar), mis. bpu-jkk-jkm."),
        Col("enacted_on", "Tanggal penetapan", DATE,
            help="Tanggal Perda APBD/APBD-P atau DPA; boleh kosong. Sebelum tanggal ini, "
                 "tampilan dan laporan bulan-bulan sebelumnya tidak menghitung alokasi ini."),
        NOTE,
    ),
))

_register(Spec(
    slug="realizations",
    title="Realisasi pembayaran iuran per alokasi dan bulan",
    rows_note="Satu baris per alokasi (wilayah, tahun anggaran, tahap, sumber dana, pembayar) "
              "dan bulan. Alokasinya harus sudah ada.",
    period_key="month",
    columns=(
        REGION_CODE, REGION_NAME,
        Col("fiscal_year", "Tahun anggaran", YEAR, required=True, natural_key=True, prefill=True,
            help="Tahun anggaran alokasi, mis. 2025."),
        Col("stage", "Tahap APBD", CHOICE, required=True, natural_key=True, prefill=True,
            choices=Stage, help="Tahap alokasi (pilih dari daftar)."),
        Col("funding_source", "Sumber dana", CHOICE, required=True, natural_key=True, prefill=True,
            choices=FundingSource, help="Sumber dana alokasi (pilih dari daftar)."),
        Col("payer", "Pembayar", CHOICE, natural_key=True, prefill=True, choices=Payer,
            help="Pembayar alokasi (pilih dari daftar). Kosong = menurut sumber dana, seperti "
                 "pada alokasi."),
        Col("month", "Bulan", MONTH, required=True, natural_key=True, prefill=True,
            help="Bulan yang dibayar, mis. 2025-10; harus dalam tahun anggaran."),
        Col("amount_paid", "Jumlah dibayar (Rp)", MONEY, required=True,
            help="Wajib diisi; rupiah tanpa desimal."),
        Col("workers_paid", "Pekerja dibayar", INT, required=True,
            help="Wajib diisi; bilangan bulat."),
        # --- evidence (issue 17): optional; a column left out of the file changes nothing ---
        Col("sp2d_number", "Nomor SP2D", TEXT, max_length=100,
            help="Nomor SP2D (Surat Perintah Pencairan Dana) pembayaran ini; boleh kosong."),
        Col("sp2d_date", "Tanggal SP2D", DATE,
            help="Tanggal SP2D, mis. 2025-10-12 atau 12/10/2025; tidak boleh setelah hari ini "
                 "dan diisi bersama nomornya. Boleh kosong."),
        Col("invoice_number", "Nomor tagihan BPJS", TEXT, max_length=100,
            help="Nomor tagihan BPJS Ketenagakerjaan yang dibayar; boleh kosong."),
        Col("invoice_date", "Tanggal tagihan BPJS", DATE,
            help="Tanggal tagihan; tidak boleh setelah hari ini. Boleh kosong."),
        # --- end evidence ---
        NOTE,
    ),
))


def get_spec(slug: str) -> Spec:
    return SPECS[slug]
