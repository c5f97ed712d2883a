"""A regency operator uploads a worker list, watches the run's progress, reads the funnel, funds
workers from an allocation and downloads the registration file; the BPJS operator's next
participant file marks them registered and active."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.test_allocation_flow import sign_in, sign_out
from ucj.budget.models import Allocation
from ucj.registry.models import Enrollment

pytestmark = pytest.mark.django_db(transaction=True)
HEADER = "nik,name,birth_date,sex,village_code,occupation,category,desil,phone,source"


def person(serial: str, *, day=15, month=6, year=90, female=False, desil=3) -> tuple[str, str]:
    nik = f"520301{day + (40 if female else 0):02d}{month:02d}{year:02d}{serial}"
    born = f"19{year:02d}-{month:02d}-{day:02d}"
    sex = "P" if female else "L"
    return nik, f"{nik},Warga {serial},{born},{sex},52.03.01.2001,petani,miskin,{desil},,DTSEN"


@pytest.fixture
def registry_dir(settings, tmp_path):
    settings.REGISTRY_DIR = tmp_path / "registry"
    # the real backend: runs wait in the database for the worker, as with make run
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings.REGISTRY_DIR


def work_off_the_queue():
    call_command("db_worker", batch=True, interval=0, verbosity=0)


@pytest.fixture
def bpjs_lotim(ntb):
    """The BPJS branch serving Lombok Timur: its participant files count there."""
    from tests.conftest import make_user
    from ucj.accounts.models import Role

    return make_user("bpjs.selong", Role.BPJS_OPERATOR, [ntb["52.03"]])


def test_operator_checks_a_list_funds_workers_and_bpjs_confirms_them(
        page: Page, live_server, ntb, op_a, bpjs_lotim, package, registry_dir, tmp_path):
    Allocation.objects.create(region=ntb["52.03"], fiscal_year=2026, stage="murni",
                              funding_source="apbd_kabkota", payer="regency", amount=3 * 16_800 * 12,
                              workers_planned=3, months_covered=12, package=package)
    people = [person(f"{i:04d}", desil=d) for i, d in ((1, 5), (2, 1), (3, 2), (4, 3))]
    rows = [line for _nik, line in people]
    rows.append("52030115069,Salah Ketik,1990-06-15,L,52.03.01.2001,petani,miskin,1,,DTSEN")
    rows.append(people[1][1])  # the desil-1 worker listed twice
    listing = tmp_path / "daftar.csv"
    listing.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")

    base = live_server.url
    sign_in(page, base, "op.lotim")
    page.goto(f"{base}/registri/")
    page.locator("#id_region").select_option("52.03")
    page.get_by_label("Tahun").fill("2026")
    page.locator("#id_file").set_input_files(str(listing))
    page.locator("form[action$='/registri/unggah/'] button[type=submit]").click()
    progress = page.locator("#run-progress")
    expect(progress).to_be_visible()  # queued: the page polls the run's progress
    expect(progress.locator("progress")).to_have_attribute("value", "0")
    work_off_the_queue()
    # the poll sees the run finished and reloads the page: the funnel and the outcomes
    expect(page.locator("#funnel-chart svg.chart-wide")).to_be_visible(timeout=15_000)
    outcomes = page.locator("#outcomes")
    expect(outcomes).to_contain_text("4")  # eligible
    expect(page.locator("#rows tbody tr")).to_have_count(6)
    expect(page.locator("#rows")).not_to_contain_text(people[0][0])  # NIKs masked

    page.locator("#fund-allocation").select_option(index=0)
    page.locator("form[action$='/danai/'] button[type=submit]").click()
    assert Enrollment.objects.count() == 3
    # by desil: the workers of desil 1, 2 and 3
    assert sorted(e.desil for e in Enrollment.objects.all()) == [1, 2, 3]

    page.goto(f"{base}/registri/pekerja/")
    with page.expect_download() as info:
        page.locator("a[href*='/registri/pendaftaran/']").first.click()
    content = (tmp_path / "reg.csv")
    info.value.save_as(content)
    registered = list(csv.DictReader(io.StringIO(content.read_text(encoding="utf-8-sig"))))
    niks = sorted(r["nik"] for r in registered)
    assert niks == sorted([people[1][0], people[2][0], people[3][0]])
    assert {r["bulan_mulai"] for r in registered} == {"2026-01"}
    sign_out(page)

    # BPJS Ketenagakerjaan answers with its participant file
    participants = tmp_path / "peserta.csv"
    participants.write_text(
        "nik,status,segment,region_code,last_paid_month\n"
        f"{people[1][0]},aktif,BPU,52.03,2026-02\n"
        f"{people[2][0]},nonaktif,BPU,52.03,\n", encoding="utf-8")
    sign_in(page, base, "bpjs.selong")
    page.goto(f"{base}/registri/")
    page.locator("form[action$='/registri/peserta-bpjs/'] input[type=file]").set_input_files(
        str(participants))
    page.locator("form[action$='/registri/peserta-bpjs/'] button[type=submit]").click()
    work_off_the_queue()
    # the branch reads its regions' funded workers: masked NIKs and statuses, no names
    page.goto(f"{base}/registri/pekerja/")
    table = page.locator("#enrollments")
    expect(table).to_contain_text("5203********0002")
    expect(table).not_to_contain_text("Warga 0002")
    page.goto(f"{base}/registri/")
    expect(page.locator("#participant-data")).to_contain_text("peserta.csv")
    # and the region's runs in their coarse form: masked NIK, regency, age band
    page.locator("a[href*='/registri/run/']").first.click()
    rows = page.locator("#rows")
    expect(rows).to_contain_text("5203********0002")
    expect(rows).to_contain_text("35–44")
    expect(rows).not_to_contain_text("Warga 0002")
    expect(rows).not_to_contain_text("52.03.01.2001")
    expect(page.locator("#f-village")).to_have_count(0)
    sign_out(page)
    sign_in(page, base, "op.lotim")
    page.goto(f"{base}/registri/pekerja/")
    statuses = {e.nik_masked: (e.status, e.paid_months) for e in Enrollment.objects.all()}
    assert sorted(statuses.values()) == [("active", 2), ("registered", 0), ("submitted", 0)]
    table = page.locator("#enrollments")
    expect(table).to_contain_text(dt.date(2026, 2, 1).strftime("2026"))
    expect(page.locator(".kpis")).to_contain_text("1")
