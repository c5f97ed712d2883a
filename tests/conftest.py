"""Shared fixtures: a small NTB region tree, the users of every role (province admin and
viewer, an operator of the record's region "A" = Lombok Timur, an operator of another
region "B" = Lombok Tengah, a BPJS operator), a contribution package with its tariff."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.utils import translation

from ucj.accounts.models import Role, User
from ucj.budget.models import ContributionPackage, TariffDiscount, TariffRate
from ucj.budget.reference import seed as seed_tariffs
from ucj.demo.reporting import DEFAULT_CALENDAR
from ucj.regions.models import Level, Region
from ucj.submissions.models import ReportingDeadline

PASSWORD = "a-long-test-password-123"


@pytest.fixture(autouse=True)
def _indonesian():
    """Tests read the interface as its users do: in Indonesian."""
    translation.activate("id")
    yield
    translation.deactivate()


# The day the plausibility warnings take as today (months after it, fiscal years near it): frozen,
# so that the fixtures' 2025–2026 figures stay plausible whenever the suite runs. The tests of
# those rules (tests/test_plausibility.py) set their own day.
FROZEN_TODAY = dt.date(2026, 12, 15)


@pytest.fixture(autouse=True)
def _plausibility_today(monkeypatch):
    from ucj.core import plausibility

    monkeypatch.setattr(plausibility, "today", lambda: FROZEN_TODAY)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: figures are cached by data version (issue 18),
    and a rolled-back test's audit ids come again in the next test on SQLite."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A fast hasher: tests create many users; production keeps Django's PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ntb(db):
    """Province 52 with four regencies, one district and one village; the default reporting
    calendar as the migration seeds it (a transactional test before this one may have emptied
    the tables, migrations' rows included)."""
    if not ReportingDeadline.objects.exists():
        ReportingDeadline.objects.bulk_create(
            ReportingDeadline(dataset=dataset, months_after=months_after, due_day=due_day,
                              first_period=first_period, note=note)
            for dataset, months_after, due_day, first_period, note in DEFAULT_CALENDAR)
    return ntb_regions()


def ntb_regions() -> dict[str, Region]:
    province = Region.objects.create(code="52", name="Nusa Tenggara Barat", level=Level.PROVINCE)
    regions = {"52": province}
    for code, name in [("52.01", "Kabupaten Lombok Barat"), ("52.02", "Kabupaten Lombok Tengah"),
                       ("52.03", "Kabupaten Lombok Timur"), ("52.71", "Kota Mataram")]:
        regions[code] = Region.objects.create(code=code, name=name, level=Level.REGENCY,
                                              parent=province)
    regions["52.03.01"] = Region.objects.create(code="52.03.01", name="Keruak",
                                                level=Level.DISTRICT, parent=regions["52.03"])
    regions["52.03.01.2001"] = Region.objects.create(
        code="52.03.01.2001", name="Jerowaru", level=Level.VILLAGE, parent=regions["52.03.01"])
    return regions


def ntt_regions() -> dict[str, Region]:
    """A second province (issue 21: every province a tenant of one deployment)."""
    province = Region.objects.create(code="53", name="Nusa Tenggara Timur", level=Level.PROVINCE)
    regions = {"53": province}
    for code, name in [("53.01", "Kabupaten Kupang"),
                       ("53.02", "Kabupaten Timor Tengah Selatan")]:
        regions[code] = Region.objects.create(code=code, name=name, level=Level.REGENCY,
                                              parent=province)
    return regions


def make_user(username: str, role: str, regions: list[Region]) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role,
                                    full_name=username.replace(".", " ").title())
    user.regions.set(regions)
    return user


@pytest.fixture
def admin_user(ntb):
    return make_user("admin.prov", Role.PROVINSI_ADMIN, [ntb["52"]])


@pytest.fixture
def ntt(db):
    return ntt_regions()


@pytest.fixture
def admin_ntt(ntt):
    """The second province's admin."""
    return make_user("admin.ntt", Role.PROVINSI_ADMIN, [ntt["53"]])


@pytest.fixture
def op_ntt(ntt):
    """An operator of Kabupaten Kupang (53.01), in the second province."""
    return make_user("op.kupang", Role.DAERAH_OPERATOR, [ntt["53.01"]])


@pytest.fixture
def national(db):
    """A national viewer (a ministry, BPJS's head office): bound to no region."""
    return make_user("nasional", Role.NASIONAL_VIEWER, [])


@pytest.fixture
def viewer(ntb):
    return make_user("viewer.prov", Role.PROVINSI_VIEWER, [ntb["52"]])


@pytest.fixture
def op_a(ntb):
    """Operator of region A (Lombok Timur), where the test records live."""
    return make_user("op.lotim", Role.DAERAH_OPERATOR, [ntb["52.03"]])


@pytest.fixture
def op_b(ntb):
    """Operator of another region B (Lombok Tengah)."""
    return make_user("op.loteng", Role.DAERAH_OPERATOR, [ntb["52.02"]])


@pytest.fixture
def bpjs(ntb):
    """BPJS branch serving Lombok Barat and Kota Mataram (not Lombok Timur)."""
    return make_user("bpjs.mataram", Role.BPJS_OPERATOR, [ntb["52.01"], ntb["52.71"]])


@pytest.fixture
def package(db):
    """BPU JKK + JKM at Rp 16.800 (seeded by a migration; a flushed database gets it again)."""
    seed_tariffs(ContributionPackage, TariffRate, TariffDiscount)
    return ContributionPackage.objects.get(code="bpu-jkk-jkm")


@pytest.fixture
def agency(db):
    """The forum agencies by code (seeded by a migration; a flushed database gets them again)."""
    from ucj.forums.models import Agency
    from ucj.forums.reference import seed as seed_agencies

    seed_agencies(Agency)
    return {a.code: a for a in Agency.objects.all()}


@pytest.fixture
def records(ntb, admin_user, package):
    """One record of every dataset in region A (Lombok Timur), written through the services."""
    from ucj.budget import services as budget
    from ucj.coverage import services as coverage

    a = ntb["52.03"]
    denominator = coverage.denominator_create(
        actor=admin_user, region=a, year=2025, workforce_potential=453_748, employed=433_000,
        informal=326_000, vulnerable_target=71_000, source_note="BPS")
    participation = coverage.participation_create(
        actor=admin_user, region=a, month=dt.date(2025, 6, 1), segment="BPU", active=54_298,
        new=1_200, lapsed=900, funded_apbd_kabkota=17_000, funded_dbhcht=4_000)
    commitment = budget.commitment_create(
        actor=admin_user, region=a, year=2025, target_coverage=Decimal("40.00"),
        target_funded_workers=21_000, perkada_number="Perbup Lombok Timur No. 12 Tahun 2024")
    allocation = budget.allocation_create(
        actor=admin_user, region=a, fiscal_year=2025, stage="perubahan",
        funding_source="apbd_kabkota", amount=151_200_000, workers_planned=3_000,
        start_month=10, months_covered=3, package=package)
    realization = budget.realization_create(
        actor=admin_user, allocation=allocation, month=dt.date(2025, 10, 1),
        amount_paid=50_400_000, workers_paid=3_000)
    return {"denominators": denominator, "participation": participation,
            "commitments": commitment, "allocations": allocation, "realizations": realization}


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
               "live_server"}


def pytest_collection_modifyitems(config, items):
    """``UCJ_TEST_DATABASE_ONLY=1`` (scripts/run-tests' PostgreSQL pass): only the tests that
    touch the database; those that do not (parsing, formatting, the engines' arithmetic) give
    the same answer on either database and ran in the SQLite pass."""
    if os.environ.get("UCJ_TEST_DATABASE_ONLY") != "1":
        return
    kept, dropped = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            DB_FIXTURES & set(getattr(item, "fixturenames", ())))
        (kept if uses_db else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
