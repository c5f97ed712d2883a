"""SIPD-ready outputs (issue 17, item 5): the rincian belanja of the RKA (a saved scenario) and of
the DPA (an enacted allocation), under the budget codes a region enters once a year.

Lombok Timur (52.03) as in the demo: June 2026, P = 124.004 active participants of whom 25.827
funded by the regency; W(2027) = 460.100. Reaching 50% in 2027: ⌈0,5 × 460.100⌉ − 124.004 =
106.046 new workers, plus the 25.827 funded now who lapse on 1 January unless paid again;
at Rp 16.800 × 12 months: 5.206.723.200 + 21.378.873.600 = Rp 26.585.596.800.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import make_user
from ucj.accounts.models import Role
from ucj.audit.models import AuditEvent
from ucj.budget.models import Allocation
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.planner.models import BudgetCoding, Scenario
from ucj.planner.selectors import plan_for_target
from ucj.planner.services import budget_coding_save, scenario_create

TARIFF = 16_800
URAIAN = ("Iuran Jaminan Kecelakaan Kerja dan Jaminan Kematian pekerja rentan bukan penerima "
          "upah")
CODES = {"skpd_name": "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lombok Timur",
         "program_code": "2.07.03", "program_name": "Program Perlindungan Tenaga Kerja (uji)",
         "kegiatan_code": "2.07.03.2.01", "kegiatan_name": "Kegiatan uji",
         "sub_kegiatan_code": "2.07.03.2.01.0007", "sub_kegiatan_name": "Sub kegiatan uji",
         "account_code": "5.1.02.01.01.0099", "account_name": "Belanja iuran uji", "note": ""}


@pytest.fixture
def lotim(ntb, package):
    region = ntb["52.03"]
    ParticipationSnapshot.objects.create(region=region, month=dt.date(2026, 6, 1),
                                         segment="BPU", active=124_004,
                                         funded_apbd_kabkota=25_827)
    WorkforceDenominator.objects.create(region=region, year=2027, workforce_potential=460_100)
    return region


@pytest.fixture
def bpjs_lotim(ntb):
    return make_user("bpjs.selong", Role.BPJS_OPERATOR, [ntb["52.03"]])


def fifty_percent(region, op, name="UCJ 50% 2027") -> Scenario:
    plan = plan_for_target(region=region, year=2027, stage="murni",
                           target_coverage=Decimal("0.5"))
    return scenario_create(actor=op, name=name, mode="coverage", plan=plan,
                           inputs={"region": "52.03", "year": "2027", "stage": "murni",
                                   "mode": "coverage", "target_coverage": "50"})


def rincian_sheet(content: bytes):
    wb = load_workbook(io.BytesIO(content))
    assert "Rincian belanja" in wb.sheetnames, wb.sheetnames
    return wb["Rincian belanja"]


def read(ws) -> dict:
    """The sheet as its reader sees it: the header block (label → value), the account row,
    the lines under it, the total and the notes."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r[0] == "Kode rekening")
    header = {r[0]: r[1] for r in rows[:head] if r[0] and r[1] is not None}
    total = next(i for i in range(head, len(rows)) if rows[i][1] == "Jumlah")
    return {"title": rows[0][0], "header": header, "account": rows[head + 1],
            "lines": [r[:6] for r in rows[head + 2:total]], "total": rows[total][5],
            "notes": [r[0] for r in rows[total + 1:] if r[0]], "all": rows}


# --- the RKA rincian of a saved scenario -------------------------------------------------------

def test_lombok_timur_2027_at_50_percent_has_continuing_and_new_lines(client, lotim, op_a):
    scenario = fifty_percent(lotim, op_a)
    budget_coding_save(actor=op_a, region=lotim, fiscal_year=2027, **CODES)
    client.force_login(op_a)
    response = client.get(reverse("scenario_export", args=[scenario.pk]))
    assert response.status_code == 200
    sheet = read(rincian_sheet(response.content))
    assert sheet["lines"] == [
        [None, f"{URAIAN} – lanjutan", "25.827 orang × 12 bulan", "orang/bulan", TARIFF,
         25_827 * TARIFF * 12],
        [None, f"{URAIAN} – baru", "106.046 orang × 12 bulan", "orang/bulan", TARIFF,
         106_046 * TARIFF * 12],
    ]
    assert sheet["lines"][0][5] == 5_206_723_200 and sheet["lines"][1][5] == 21_378_873_600
    assert sheet["total"] == 26_585_596_800 == scenario.total_cost
    assert sum(line[5] for line in sheet["lines"]) == sheet["total"]
    assert sheet["account"][:2] == ["5.1.02.01.01.0099", "Belanja iuran uji"]
    assert sheet["account"][5] == 26_585_596_800
    header = sheet["header"]
    assert header["Perangkat daerah (SKPD)"] == CODES["skpd_name"]
    assert header["Program"] == "2.07.03 Program Perlindungan Tenaga Kerja (uji)"
    assert header["Kegiatan"] == "2.07.03.2.01 Kegiatan uji"
    assert header["Sub kegiatan"] == "2.07.03.2.01.0007 Sub kegiatan uji"
    assert header["Sumber dana"] == "APBD kabupaten/kota"
    assert header["Waktu pelaksanaan"] == "Januari – Desember 2027 (12 bulan)"
    assert sheet["title"] == "RINCIAN BELANJA — lampiran RKA"
    # the first sheet is still the scenario's figures
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Skenario"


def test_without_codes_the_sheet_says_so_and_the_page_links_to_the_form(client, lotim, op_a):
    scenario = fifty_percent(lotim, op_a)
    client.force_login(op_a)
    sheet = read(rincian_sheet(client.get(reverse("scenario_export",
                                                  args=[scenario.pk])).content))
    form_url = reverse("budget_coding", args=["52.03", 2027])
    warning = next(r[0] for r in sheet["all"] if r[0] and "belum diisi" in str(r[0]))
    assert "Kode anggaran Kabupaten Lombok Timur tahun 2027 belum diisi" in warning
    assert form_url in warning  # the address of the form, to open it
    assert sheet["header"]["Program"] == "(belum diisi)"
    assert sheet["account"][:2] == ["(belum diisi)", "(belum diisi)"]
    assert sheet["total"] == 26_585_596_800  # the figures are there all the same
    page = client.get(reverse("scenario_detail", args=[scenario.pk])).content.decode()
    assert "belum diisi" in page and form_url in page


def test_a_running_years_plan_has_only_new_workers(client, lotim, op_a, package):
    WorkforceDenominator.objects.create(region=lotim, year=2026, workforce_potential=460_100)
    plan = plan_for_target(region=lotim, year=2026, stage="perubahan", start_month=10,
                           target_workers=1_000)
    scenario = scenario_create(actor=op_a, name="P 2026", mode="workers", plan=plan,
                               inputs={"region": "52.03"})
    client.force_login(op_a)
    sheet = read(rincian_sheet(client.get(reverse("scenario_export",
                                                  args=[scenario.pk])).content))
    assert sheet["lines"] == [[None, f"{URAIAN} – baru", "1.000 orang × 3 bulan", "orang/bulan",
                               TARIFF, 1_000 * TARIFF * 3]]
    assert sheet["total"] == 50_400_000
    assert sheet["header"]["Waktu pelaksanaan"] == "Oktober – Desember 2026 (3 bulan)"


def test_two_funding_sources_at_one_price_keep_the_cohort_lines(client, lotim, op_a):
    plan = plan_for_target(region=lotim, year=2027, stage="murni", target_workers=30_001,
                           shares={"apbd_kabkota": Decimal(2),
                                   "dbhcht": Decimal(1)})
    scenario = scenario_create(actor=op_a, name="Dua sumber", mode="workers", plan=plan,
                               inputs={"region": "52.03"})
    client.force_login(op_a)
    sheet = read(rincian_sheet(client.get(reverse("scenario_export",
                                                  args=[scenario.pk])).content))
    # 25.827 continuing first, then 30.001 − 25.827 = 4.174 new
    assert [line[2] for line in sheet["lines"]] == ["25.827 orang × 12 bulan",
                                                     "4.174 orang × 12 bulan"]
    assert sheet["total"] == 30_001 * TARIFF * 12 == sum(line[5] for line in sheet["lines"])
    assert sheet["header"]["Sumber dana"] == "APBD kabupaten/kota; DBHCHT"
    assert any(n.startswith("– Menurut sumber dana: APBD kabupaten/kota 20.001 pekerja")
               for n in sheet["notes"])


def test_sources_paying_different_prices_get_a_line_each(client, lotim, op_a):
    """A saved result where a CSR share pays a relieved contribution (hand-made: the saved
    result is what the sheet reads): a line per source, adding up to the total."""
    scenario = fifty_percent(lotim, op_a)
    result = dict(scenario.result)
    result.update({
        "workers_by_source": {"apbd_kabkota": 100, "other": 50},
        "tariff_by_source": {"apbd_kabkota": TARIFF, "other": 8_400},
        "by_source": {"apbd_kabkota": 100 * TARIFF * 12, "other": 50 * 8_400 * 12},
        "cost_per_worker_by_source": {"apbd_kabkota": TARIFF * 12, "other": 8_400 * 12},
        "continuing_workers": 60, "new_workers": 90, "workers": 150,
        "continuing_cost": 60 * TARIFF * 12, "new_cost": 20_160_000 + 5_040_000 - 60 * TARIFF * 12,
        "total_cost": 100 * TARIFF * 12 + 50 * 8_400 * 12,
        "discount": {"percent": "50", "legal_basis": "PP 50/2025",
                     "applies_to_public_funds": False}})
    Scenario.objects.filter(pk=scenario.pk).update(result=result, total_cost=result["total_cost"])
    client.force_login(op_a)
    sheet = read(rincian_sheet(client.get(reverse("scenario_export",
                                                  args=[scenario.pk])).content))
    assert sheet["lines"] == [
        [None, f"{URAIAN} – sumber dana APBD kabupaten/kota", "100 orang × 12 bulan",
         "orang/bulan", TARIFF, 20_160_000],
        [None, f"{URAIAN} – sumber dana CSR/lainnya", "50 orang × 12 bulan", "orang/bulan",
         8_400, 5_040_000]]
    assert sheet["total"] == 25_200_000
    assert any("60 lanjutan dan 90 baru" in n for n in sheet["notes"])
    assert any("setelah diskon PP 50/2025" in n for n in sheet["notes"])


# --- the DPA rincian of an allocation ----------------------------------------------------------

def allocation(region, package, **kw) -> Allocation:
    fields = {"fiscal_year": 2026, "stage": "murni", "funding_source": "apbd_kabkota",
              "payer": "regency", "amount": 3_000 * TARIFF * 12, "workers_planned": 3_000,
              "start_month": 1, "months_covered": 12, "package": package,
              "enacted_on": dt.date(2025, 12, 20), **kw}
    return Allocation.objects.create(region=region, **fields)


def dpa(client, user, record) -> dict:
    client.force_login(user)
    response = client.get(reverse("allocation_dpa", args=[record.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].endswith(f'-{record.pk}.xlsx"')
    return read(rincian_sheet(response.content))


def test_an_allocation_that_multiplies_out_is_one_line(client, ntb, package, op_a):
    record = allocation(ntb["52.03"], package)
    budget_coding_save(actor=op_a, region=ntb["52.03"], fiscal_year=2026, **CODES)
    sheet = dpa(client, op_a, record)
    assert sheet["lines"] == [[None, URAIAN, "3.000 orang × 12 bulan", "orang/bulan", TARIFF,
                               604_800_000]]
    assert sheet["total"] == record.amount == 604_800_000
    assert sheet["account"][0] == "5.1.02.01.01.0099"
    assert sheet["title"] == "RINCIAN BELANJA — untuk DPA"
    assert AuditEvent.objects.filter(action="export", object_id=str(record.pk),
                                     note="dpa.xlsx").exists()


def test_an_allocation_above_its_workers_shows_the_difference_as_a_line(client, ntb, package,
                                                                         op_a):
    record = allocation(ntb["52.03"], package, amount=604_800_000 + 1_234_567)
    sheet = dpa(client, op_a, record)
    assert [line[5] for line in sheet["lines"]] == [604_800_000, 1_234_567]
    assert sheet["lines"][1][1].startswith("Selisih pagu di atas iuran")
    assert sheet["lines"][1][2:5] == [None, None, None]
    assert sheet["total"] == 606_034_567 == record.amount
    assert any("Rp 1.234.567 lebih besar" in n for n in sheet["notes"])


def test_an_allocation_short_of_its_workers_shows_the_shortfall(client, ntb, package, op_a):
    # 151.200.000 for 3.000 workers × 3 months needs 151.200.000; 150.000.000 is 1.200.000
    # short and pays ⌊150.000.000 / (3 × 16.800)⌋ = 2.976 workers
    record = allocation(ntb["52.03"], package, stage="perubahan", start_month=10,
                        months_covered=3, amount=150_000_000)
    sheet = dpa(client, op_a, record)
    assert [line[5] for line in sheet["lines"]] == [151_200_000, -1_200_000]
    assert sheet["lines"][1][1].startswith("Kekurangan pagu")
    assert sheet["total"] == 150_000_000 == sum(line[5] for line in sheet["lines"])
    assert any("hanya cukup untuk 2.976 pekerja selama 3 bulan" in n for n in sheet["notes"])


def test_province_money_on_a_regency_carries_the_provinces_codes(client, ntb, package, op_a,
                                                                  admin_user):
    record = allocation(ntb["52.03"], package, funding_source="dbhcht", payer="province")
    budget_coding_save(actor=admin_user, region=ntb["52"], fiscal_year=2026,
                       **{**CODES, "skpd_name": "Disnakertrans Provinsi NTB"})
    budget_coding_save(actor=op_a, region=ntb["52.03"], fiscal_year=2026, **CODES)
    sheet = dpa(client, op_a, record)
    assert sheet["header"]["Perangkat daerah (SKPD)"] == "Disnakertrans Provinsi NTB"
    assert sheet["header"]["Lokasi"] == "Kabupaten Lombok Timur"


def test_the_allocation_page_links_to_its_dpa_workbook(client, ntb, package, op_a):
    record = allocation(ntb["52.03"], package)
    client.force_login(op_a)
    page = client.get(reverse("record_detail", args=["allocations", record.pk])).content.decode()
    assert reverse("allocation_dpa", args=[record.pk]) in page
    assert reverse("budget_coding", args=["52.03", 2026]) in page


# --- who may do what ---------------------------------------------------------------------------

USERS = ["anonymous", "admin_user", "viewer", "op_a", "op_b", "bpjs_lotim", "bpjs"]


@pytest.mark.parametrize("who, expected", [
    ("anonymous", 302), ("admin_user", 200), ("viewer", 200), ("op_a", 200), ("op_b", 404),
    ("bpjs_lotim", 200), ("bpjs", 404)])
def test_the_dpa_workbook_by_role(client, request, ntb, package, who, expected):
    record = allocation(ntb["52.03"], package)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("allocation_dpa", args=[record.pk]))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who, get, post", [
    ("anonymous", 302, 302), ("admin_user", 200, 302), ("viewer", 200, 403),
    ("op_a", 200, 302), ("op_b", 404, 404), ("bpjs_lotim", 200, 403), ("bpjs", 404, 404)])
def test_the_codes_form_by_role(client, request, ntb, who, get, post):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = reverse("budget_coding", args=["52.03", 2027])
    response = client.get(url)
    assert response.status_code == get
    if get == 200:
        writable = who in ("admin_user", "op_a")
        assert ('name="account_code"' in response.content.decode()) == writable
    response = client.post(reverse("budget_coding_save", args=["52.03", 2027]), CODES)
    assert response.status_code == post
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    saved = BudgetCoding.objects.filter(region=ntb["52.03"], fiscal_year=2027).exists()
    assert saved == (post == 302 and who != "anonymous")
    assert client.get(reverse("budget_coding_save", args=["52.03", 2027])).status_code in (
        302 if who == "anonymous" else 405,)


@pytest.mark.parametrize("who, sees", [
    ("admin_user", {"52", "52.01", "52.02", "52.03", "52.71"}), ("viewer", None),
    ("op_a", {"52.03"}), ("bpjs", {"52.01", "52.71"})])
def test_the_codes_list_shows_each_user_their_regions(client, request, ntb, who, sees):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("budget_coding_list"), {"tahun": "2027"})
    assert response.status_code == 200
    page = response.content.decode()
    shown = {code for code in ("52", "52.01", "52.02", "52.03", "52.71")
             if reverse("budget_coding", args=[code, 2027]) in page}
    assert shown == (sees or {"52", "52.01", "52.02", "52.03", "52.71"})


def test_the_codes_list_asks_anonymous_to_sign_in(client, ntb):
    response = client.get(reverse("budget_coding_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- the codes form ----------------------------------------------------------------------------

@pytest.mark.parametrize("field, value, message", [
    ("program_code", "2.7.3", "Tulis kode program dalam bentuk X.XX.XX"),
    ("kegiatan_code", "2.07.03.2", "Tulis kode kegiatan dalam bentuk X.XX.XX.X.XX"),
    ("sub_kegiatan_code", "2.07.03.2.01.7", "Tulis kode sub kegiatan dalam bentuk"),
    ("account_code", "4.1.02.01.01.0099", "Tulis kode rekening dalam bentuk 5.X.XX.XX.XX.XXXX"),
    ("account_code", "5.1.02", "rekening belanja sampai sub rincian objek"),
    ("kegiatan_code", "2.07.04.2.01", "Kode kegiatan harus diawali kode program 2.07.03"),
    ("sub_kegiatan_code", "2.07.03.2.02.0007",
     "Kode sub kegiatan harus diawali kode kegiatan 2.07.03.2.01"),
    ("skpd_name", "", "Bidang ini tidak boleh kosong"),
])
def test_the_codes_form_refuses_bad_codes_with_a_clear_message(client, ntb, op_a, field, value,
                                                                message):
    client.force_login(op_a)
    response = client.post(reverse("budget_coding_save", args=["52.03", 2027]),
                           {**CODES, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BudgetCoding.objects.exists()
    assert not AuditEvent.objects.filter(object_type="planner.budgetcoding").exists()


def test_saving_codes_is_audited_and_a_change_records_what_changed(client, ntb, op_a):
    client.force_login(op_a)
    url = reverse("budget_coding_save", args=["52.03", 2027])
    response = client.post(f"{url}?next=/anggaran/skenario/", {
        **CODES, "account_code": " 5.1.02.01.01.0099 "})
    assert response.status_code == 302 and response["Location"] == "/anggaran/skenario/"
    coding = BudgetCoding.objects.get()
    assert coding.account_code == "5.1.02.01.01.0099" and coding.created_by == op_a
    created = AuditEvent.objects.get(object_type="planner.budgetcoding", action="create")
    assert created.changes["account_code"] == [None, "5.1.02.01.01.0099"]
    client.post(url, {**CODES, "account_name": "Belanja iuran uji (ubah)"})
    changed = AuditEvent.objects.get(object_type="planner.budgetcoding", action="update")
    assert changed.changes == {"account_name": ["Belanja iuran uji", "Belanja iuran uji (ubah)"]}
    assert BudgetCoding.objects.count() == 1


def test_a_new_year_starts_from_last_years_codes(client, ntb, op_a):
    budget_coding_save(actor=op_a, region=ntb["52.03"], fiscal_year=2026, **CODES)
    client.force_login(op_a)
    page = client.get(reverse("budget_coding", args=["52.03", 2027])).content.decode()
    assert 'value="5.1.02.01.01.0099"' in page and "Diisi dari kode tahun 2026" in page
    assert not BudgetCoding.objects.filter(fiscal_year=2027).exists()


def test_the_service_refuses_who_may_not_plan_the_region(ntb, op_b, viewer):
    from django.core.exceptions import PermissionDenied

    for user in (op_b, viewer):
        with pytest.raises(PermissionDenied):
            budget_coding_save(actor=user, region=ntb["52.03"], fiscal_year=2027, **CODES)
    assert not BudgetCoding.objects.exists()


def test_the_form_never_sends_the_user_to_another_site(client, ntb, op_a):
    client.force_login(op_a)
    url = reverse("budget_coding_save", args=["52.03", 2027])
    for target in ("//example.org/", "/\\example.org/", "https://example.org/"):
        response = client.post(f"{url}?next={target}", CODES)
        assert response["Location"] == reverse("budget_coding", args=["52.03", 2027]), target


def test_codes_belong_to_a_province_or_regency_only(client, ntb, admin_user):
    client.force_login(admin_user)
    district = next(code for code in ntb if code.count(".") == 2)
    assert client.get(reverse("budget_coding", args=[district, 2027])).status_code == 404
