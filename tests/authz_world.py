"""The world of the generated authorization test (tests/test_authz_matrix.py): one record of
everything a URL can name, in region A (Lombok Timur, 52.03) or the province (52), written
through the services and pages as users write them, and the users of every kind.

Built once per module inside a transaction that is rolled back at the end; every test runs in
a savepoint of it (pytest-django's ``db``), so a POST that writes is undone after its test.
Background tasks (match runs, import checks) run as the pages' transactions would commit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse

from tests.conftest import ntb_regions, ntt_regions
from ucj.accounts.models import Role, User
from ucj.budget import services as budget
from ucj.budget.models import ContributionPackage, TariffDiscount, TariffRate
from ucj.budget.reference import seed as seed_tariffs
from ucj.coverage import services as coverage
from ucj.forums import services as forums
from ucj.forums.models import Agency
from ucj.forums.reference import seed as seed_agencies
from ucj.imports.models import ImportJob
from ucj.indicators.models import DEFAULT_VALUES, StatusThreshold
from ucj.planner.selectors import plan_for_target
from ucj.planner.services import scenario_create
from ucj.regions.models import Region
from ucj.registry.models import Enrollment, MatchRun, SourceFile
from ucj.reports import services as reports
from ucj.reports import tasks as report_tasks
from ucj.reports.models import Kind as ReportKind
from ucj.submissions import services as submissions

PASSWORD = "a-long-test-password-123"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
A = "52.03"

# The kinds of user the matrix asks about, in the order the test ids show them: NTB's own
# seven, and (issue 21) a second province's admin and operator and a national viewer.
KINDS = ("anonymous", "province_admin", "province_viewer", "operator_own", "operator_other",
         "bpjs_in_scope", "bpjs_out_of_scope", "province2_admin", "province2_operator",
         "national_viewer")
# What of each province no user of the other may see on any page (its regions' names: every
# record and aggregate of a province names its region), and the people of region A's lists,
# whom no national viewer sees (issue 21).
PROVINCE_MARKERS = {"52": ("Lombok", "Mataram", "Nusa Tenggara Barat"),
                    "53": ("Kupang", "Timor Tengah", "Nusa Tenggara Timur")}

# --- synthetic people of region A: NIKs issued in Keruak (52.03.01), born 15-06-1990 ----------


def nik(serial: int, *, female: bool = False) -> str:
    return f"520301{15 + (40 if female else 0):02d}0690{serial:04d}"


LIST_HEADER = ["nik", "name", "birth_date", "sex", "village_code", "occupation", "category",
               "desil", "phone", "source"]
OWN_HEADER = ["NIK KTP", "Nama Lengkap", "Tgl Lahir", "JK", "Kode Desa", "Pekerjaan",
              "Kategori", "Desil DTSEN", "No HP", "Sumber Data"]
PARTICIPANT_HEADER = ["nik", "status", "segment", "region_code", "last_paid_month"]


def person(number: str, name: str, *, female: bool = False) -> list[str]:
    return [number, name, "1990-06-15", "P" if female else "L", "52.03.01.2001", "Petani",
            "miskin", "3", "081234567890", "DTSEN"]


PEOPLE = [person(nik(1), "Budi Santoso"), person(nik(2, female=True), "Siti Aminah", female=True),
          person(nik(3), "Lalu Hamdan")]


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


DENOMINATOR_KEYS = ["region_code", "region_name", "year", "workforce_potential", "employed",
                    "informal", "vulnerable_target", "source_note"]


def denominators_csv(*rows: list) -> bytes:
    return csv_bytes(DENOMINATOR_KEYS, list(rows))


@dataclass
class World:
    regions: dict[str, Region]
    users: dict[str, User | None]
    target_user: User
    package: ContributionPackage
    records: dict[str, object]  # dataset slug → the record of region A that pages show
    deletable: dict[str, object]  # dataset slug → a record of region A nothing else needs
    allocation_2026: object
    submitted: tuple[str, str, str]  # (dataset, region code, period) of a submitted submission
    approved: tuple[str, str, str]
    draft: tuple[str, str, str]
    meetings: dict[str, object]
    attachment: object
    challenge: object
    actions: dict[str, object]
    evidence: object
    reports: dict[str, object]
    scenarios: list
    import_jobs: dict[str, ImportJob]
    pending_source: SourceFile  # a list waiting for its column mapping
    run: MatchRun
    rate: TariffRate
    discount: TariffDiscount
    threshold: StatusThreshold
    sessions: dict[str, str] = field(default_factory=dict)  # user kind → session key
    extra: dict = field(default_factory=dict)

    def user(self, kind: str) -> User | None:
        return self.users[kind]


def _user(username: str, role: str, regions: list[Region]) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role,
                                    full_name=username.replace(".", " ").title(),
                                    email=f"{username}@example.org")
    user.regions.set(regions)
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def committed():
    """Run what waits for the transaction to commit (background tasks) when the block ends,
    as a page's transaction would commit."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _ok(response, what: str):
    assert response.status_code in (200, 302), f"{what}: HTTP {response.status_code}"
    return response


def build_world() -> World:
    """Everything, through services and pages. Call inside a transaction whose on-commit
    callbacks are run (the background tasks)."""
    r = ntb_regions()
    a, province = r[A], r["52"]
    seed_tariffs(ContributionPackage, TariffRate, TariffDiscount)
    seed_agencies(Agency)
    for key, value in DEFAULT_VALUES.items():
        StatusThreshold.objects.get_or_create(key=key, defaults={"value": value})
    package = ContributionPackage.objects.get(code="bpu-jkk-jkm")
    agencies = {x.code: x for x in Agency.objects.all()}

    admin = _user("admin.prov", Role.PROVINSI_ADMIN, [province])
    users = {
        "anonymous": None,
        "province_admin": admin,
        "province_viewer": _user("viewer.prov", Role.PROVINSI_VIEWER, [province]),
        "operator_own": _user("op.lotim", Role.DAERAH_OPERATOR, [a]),
        "operator_other": _user("op.loteng", Role.DAERAH_OPERATOR, [r["52.02"]]),
        "bpjs_in_scope": _user("bpjs.selong", Role.BPJS_OPERATOR, [a]),
        "bpjs_out_of_scope": _user("bpjs.mataram", Role.BPJS_OPERATOR, [r["52.01"], r["52.71"]]),
    }
    # --- a second province, its users and a national viewer (issue 21) ---
    ntt = ntt_regions()
    r.update(ntt)
    users.update({
        "province2_admin": _user("admin.ntt", Role.PROVINSI_ADMIN, [ntt["53"]]),
        "province2_operator": _user("op.kupang", Role.DAERAH_OPERATOR, [ntt["53.01"]]),
        "national_viewer": _user("nasional", Role.NASIONAL_VIEWER, []),
    })
    # --- end second province ---
    target = _user("staf.lotim", Role.DAERAH_OPERATOR, [a])
    op, bpjs = users["operator_own"], users["bpjs_in_scope"]

    # --- the five datasets of region A, by the users who keep them ---------------------------
    denominator = coverage.denominator_create(
        actor=op, region=a, year=2025, workforce_potential=453_748, employed=433_000,
        informal=326_000, vulnerable_target=71_000, source_note="BPS")
    participation = coverage.participation_create(
        actor=bpjs, region=a, month=dt.date(2025, 6, 1), segment="BPU", active=54_298,
        new=1_200, lapsed=900, funded_apbd_kabkota=17_000, funded_dbhcht=4_000)
    commitment = budget.commitment_create(
        actor=op, region=a, year=2025, target_coverage=Decimal("40.00"),
        target_funded_workers=21_000, perkada_number="Perbup Lombok Timur No. 12 Tahun 2024",
        status="signed", confirm_warnings=True,
        document=SimpleUploadedFile("perbup.pdf", PDF, content_type="application/pdf"))
    allocation = budget.allocation_create(
        actor=op, region=a, fiscal_year=2025, stage="perubahan", funding_source="apbd_kabkota",
        amount=151_200_000, workers_planned=3_000, start_month=10, months_covered=3,
        package=package)
    realization = budget.realization_create(
        actor=op, allocation=allocation, month=dt.date(2025, 10, 1), amount_paid=50_400_000,
        workers_paid=3_000)
    free_allocation = budget.allocation_create(
        actor=op, region=a, fiscal_year=2025, stage="murni", funding_source="dbhcht",
        amount=100_800_000, workers_planned=500, start_month=1, months_covered=12,
        package=package)
    allocation_2026 = budget.allocation_create(
        actor=op, region=a, fiscal_year=2026, stage="murni", funding_source="apbd_kabkota",
        amount=3 * 16_800 * 12, workers_planned=3, start_month=1, months_covered=12,
        package=package)
    records = {"denominators": denominator, "participation": participation,
               "commitments": commitment, "allocations": allocation,
               "realizations": realization}
    deletable = {**records, "allocations": free_allocation}
    # --- evidence (issue 17): a document of region A's allocation; the matrix finds it by its
    # allocation ---
    from ucj.budget.evidence import allocation_document_add

    allocation_document_add(actor=op, allocation=allocation, kind="dpa", upload=SimpleUploadedFile(
        "dpa.pdf", PDF, content_type="application/pdf"), realization=realization)
    # --- end evidence ---

    # --- submissions: one submitted, one approved, one draft --------------------------------
    coverage.denominator_create(actor=op, region=a, year=2024, workforce_potential=450_000,
                                source_note="BPS")
    submissions.submission_submit(actor=op, region=a, dataset="denominators", period="2024")
    coverage.participation_create(actor=bpjs, region=a, month=dt.date(2025, 5, 1),
                                  segment="BPU", active=53_900, new=1_000, lapsed=800)
    submissions.submission_approve(actor=admin, region=a, dataset="participation",
                                   period="2025-05")

    # --- forums: a province rakor and A's own meeting, with what they mapped and agreed ------
    rakor = forums.meeting_create(actor=admin, title="Rakor UCJ Triwulan I",
                                  date=dt.date(2026, 1, 20), level="province", region=province,
                                  place="Kantor Gubernur NTB")
    local = forums.meeting_create(actor=admin, title="Rapat Tim UCJ Lombok Timur",
                                  date=dt.date(2026, 2, 3), level="region", region=a,
                                  place="Selong")
    attachment = forums.attachment_add(
        actor=admin, meeting=local, description="Notulen",
        upload=SimpleUploadedFile("notulen.pdf", PDF, content_type="application/pdf"))
    challenge = forums.challenge_create(actor=admin, meeting=local, region=a,
                                        category="budget", title="APBD-P belum memuat iuran")
    due = dt.date.today() + dt.timedelta(days=30)
    actions = {
        "a": forums.action_create(actor=admin, meeting=local, title="Susun SK tim koordinasi",
                                  due_date=due, owner_region=a, challenge=challenge),
        "bpjs": forums.action_create(actor=admin, meeting=local,
                                     title="Verifikasi data peserta BPU Lombok Timur",
                                     due_date=due, owner_region=a,
                                     owner_agency=agencies["bpjs-tk"]),
        "province": forums.action_create(actor=admin, meeting=rakor,
                                         title="Anggarkan iuran pekerja rentan Lombok Tengah",
                                         due_date=due, owner_region=r["52.02"]),
    }
    evidence = forums.action_update(
        actor=op, action=actions["a"], progress=20, comment="Draf SK disusun.",
        evidence_file=SimpleUploadedFile("draf-sk.pdf", PDF, content_type="application/pdf"))
    for item in actions.values():
        item.refresh_from_db()

    # --- a saved budget scenario (two, to compare) --------------------------------------------
    scenarios = []
    for name, workers in (("Skenario 500 pekerja", 500), ("Skenario 1.000 pekerja", 1_000)):
        plan = plan_for_target(region=a, year=2026, stage="murni", target_workers=workers)
        scenarios.append(scenario_create(
            actor=op, name=name, mode="workers", plan=plan,
            inputs={"region": A, "year": "2026", "stage": "murni", "mode": "workers",
                    "target_workers": str(workers)}))

    # --- reports of A and of the province (workbooks: made in a second or so) --------------
    made = {}
    for key, region in (("a", a), ("province", province)):
        report = reports.report_request(actor=op, kind=ReportKind.WORKBOOK, period="2025-Q2",
                                        region=region, enqueue=False)
        made[key] = report_tasks.report_generate(report.pk)
        assert made[key].file, made[key].error
    # the brief's PDF of A's meeting, ordered by A's operator (issue 19: theirs and the admin's)
    made["brief"] = report_tasks.report_generate(
        reports.brief_request(actor=op, meeting=local, enqueue=False).pk)
    assert made["brief"].file, made["brief"].error

    # --- imports by the operator of A: one staged, one invalid (with its error workbook) ----
    jobs = {}
    client = _client(op)
    for key, data in (
            ("staged", denominators_csv([A, "", 2023, 440_000, "", "", "", "BPS"])),
            ("invalid", denominators_csv([A, "", 2022, "banyak", "", "", "", ""]))):
        before = set(ImportJob.objects.values_list("pk", flat=True))
        with committed():
            _ok(client.post(reverse("import_start"), {
                "dataset": "denominators", "file": SimpleUploadedFile(f"{key}.csv", data)}),
                f"import {key}")
        jobs[key] = ImportJob.objects.exclude(pk__in=before).get()

    # --- the registry: BPJS's participant file, A's list checked and funded -----------------
    with committed():
        _ok(_client(bpjs).post(reverse("registry_participants_upload"), {
            "file": SimpleUploadedFile("peserta.csv", csv_bytes(PARTICIPANT_HEADER, [
                [nik(3), "aktif", "BPU", A, "2025-12"]]), content_type="text/csv")}),
            "participant file")
    with committed():
        _ok(client.post(reverse("registry_list_upload"), {
            "region": A, "year": "2026",
            "file": SimpleUploadedFile("daftar.csv", csv_bytes(LIST_HEADER, PEOPLE),
                                       content_type="text/csv")}), "beneficiary list")
    run = MatchRun.objects.filter(region=a).order_by("-created_at").first()
    run.refresh_from_db()
    assert run.status == "done", run.error
    with committed():
        _ok(client.post(reverse("registry_fund", args=[run.pk]),
                        {"allocation": allocation_2026.pk}), "funding")
    assert Enrollment.objects.filter(run=run).exists()
    before = set(SourceFile.objects.values_list("pk", flat=True))
    _ok(client.post(reverse("registry_list_upload"), {
        "region": A, "year": "2026",
        "file": SimpleUploadedFile("daftar-sendiri.csv", csv_bytes(OWN_HEADER, PEOPLE),
                                   content_type="text/csv")}), "list awaiting its mapping")
    pending = SourceFile.objects.exclude(pk__in=before).get()

    # --- budget cycle (ucj/cycle): a step of region A with its document, by its operator ----
    from ucj.cycle.services import milestone_record

    milestone = milestone_record(
        actor=op, region=a, fiscal_year=2026, stage="murni", kind="usulan",
        date=dt.date(2025, 8, 8), note="KUA-PPAS 2026",
        document=SimpleUploadedFile("kua-ppas.pdf", PDF, content_type="application/pdf"))
    # --- end budget cycle ---

    _second_province(users, ntt, package)

    sessions = {}
    for kind, user in users.items():
        if user is not None:
            sessions[kind] = _client(user).session.session_key

    return World(
        sessions=sessions, regions=r, users=users, target_user=target, package=package, records=records,
        deletable=deletable, allocation_2026=allocation_2026,
        submitted=("denominators", A, "2024"), approved=("participation", A, "2025-05"),
        draft=("realizations", A, "2025-10"),
        meetings={"province": rakor, "a": local}, attachment=attachment, challenge=challenge,
        actions=actions, evidence=evidence, reports=made, scenarios=scenarios,
        import_jobs=jobs, pending_source=pending, run=run,
        rate=TariffRate.objects.filter(package=package).order_by("-valid_from").first(),
        discount=TariffDiscount.objects.order_by("-valid_from").first(),
        threshold=StatusThreshold.objects.order_by("key").first(),
        extra={"milestone": milestone})  # budget cycle (ucj/cycle)


def _second_province(users: dict, ntt: dict[str, Region], package) -> None:
    """The second province's own records, by its own users: what NTB's users must never see."""
    admin, op = users["province2_admin"], users["province2_operator"]
    kupang = ntt["53.01"]
    coverage.denominator_create(actor=op, region=kupang, year=2025, workforce_potential=200_000,
                                source_note="BPS Kupang")
    coverage.participation_create(actor=admin, region=kupang, month=dt.date(2025, 6, 1),
                                  segment="BPU", active=21_000, new=300, lapsed=200)
    budget.commitment_create(actor=op, region=kupang, year=2025, target_coverage=Decimal("30.00"),
                             perkada_number="Perbup Kupang No. 3 Tahun 2025", status="planned",
                             confirm_warnings=True)
    allocation = budget.allocation_create(
        actor=op, region=kupang, fiscal_year=2025, stage="murni", funding_source="apbd_kabkota",
        amount=100_800_000, workers_planned=500, start_month=1, months_covered=12,
        package=package)
    budget.realization_create(actor=op, allocation=allocation, month=dt.date(2025, 3, 1),
                              amount_paid=8_400_000, workers_paid=500)
    forums.meeting_create(actor=admin, title="Rakor UCJ Nusa Tenggara Timur",
                          date=dt.date(2026, 1, 22), level="province", region=ntt["53"],
                          place="Kantor Gubernur NTT")
