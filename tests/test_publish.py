"""A province's own instance publishes its aggregates to a national instance through the API
(issue 21): a real second instance (its own SQLite database, a real HTTP server) receives the
five datasets of province 53 and applies them; publishing again changes nothing; NTB's records
of the sending instance are not sent."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ucj.budget import services as budget
from ucj.budget.models import ContributionPackage
from ucj.coverage import services as coverage

ROOT = Path(__file__).resolve().parent.parent
TOKEN_SCRIPT = """
from ucj.accounts.models import Role, User
from ucj.api.tokens import token_create
from ucj.regions.services import regions_load
regions_load(text=open({csv!r}).read(), source="ntt.csv")
from ucj.regions.models import Region
admin = User.objects.create_user(username="admin.ntt", password="x-long-pass-123456",
                                 role=Role.PROVINSI_ADMIN)
admin.regions.set([Region.objects.get(code="53")])
print("TOKEN=" + token_create(actor=admin, user=admin, name="provinsi NTT")[1])
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def national_instance(tmp_path_factory):
    """A second UCJ Monitor on its own database and port: province 53 and its admin's token."""
    root = tmp_path_factory.mktemp("national")
    (root / "ntt.csv").write_text("code,name,level,parent_code\n53,Nusa Tenggara Timur,province,\n"
                                  "53.01,Kabupaten Kupang,regency,53\n")
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
           "UCJ_DATA_DIR": str(root / "data"), "DJANGO_SETTINGS_MODULE": "ucj.settings",
           "UCJ_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, cwd=ROOT,
                   capture_output=True, timeout=300)
    made = subprocess.run([*manage, "shell", "-c", TOKEN_SCRIPT.format(csv=str(root / "ntt.csv"))],
                          env=env, check=True, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    token = next(line[6:] for line in made.stdout.splitlines() if line.startswith("TOKEN="))
    port = _free_port()
    server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload",
                               "--skip-checks"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/sehat/", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        yield url, token
    finally:
        server.terminate()
        server.wait(timeout=10)


def _remote(url: str, token: str, path: str) -> dict:
    request = urllib.request.Request(f"{url}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.fixture
def kupang(ntb, ntt, op_a, op_ntt, admin_ntt):
    """Province 53's figures on the sending instance (and one NTB record, which stays)."""
    package = ContributionPackage.objects.get(code="bpu-jkk-jkm")
    kupang = ntt["53.01"]
    coverage.denominator_create(actor=op_ntt, region=kupang, year=2025,
                                workforce_potential=200_000, source_note="BPS Kupang")
    coverage.participation_create(actor=admin_ntt, region=kupang, month=dt.date(2025, 6, 1),
                                  segment="BPU", active=21_000, new=300, lapsed=200)
    budget.commitment_create(actor=op_ntt, region=kupang, year=2025,
                             target_coverage=Decimal("30.00"), status="planned",
                             confirm_warnings=True)
    allocation = budget.allocation_create(
        actor=op_ntt, region=kupang, fiscal_year=2025, stage="murni",
        funding_source="apbd_kabkota", amount=100_800_000, workers_planned=500, start_month=1,
        months_covered=12, package=package)
    budget.realization_create(actor=op_ntt, allocation=allocation, month=dt.date(2025, 3, 1),
                              amount_paid=8_400_000, workers_paid=500)
    coverage.denominator_create(actor=op_a, region=ntb["52.03"], year=2025,
                                workforce_potential=450_000, source_note="BPS NTB")


def test_it_publishes_the_provinces_aggregates_to_a_national_instance(
        national_instance, kupang, monkeypatch, capsys):
    url, token = national_instance
    monkeypatch.setenv("UCJ_PUBLISH_TOKEN", token)
    call_command("publish_aggregates", "--to", url, "--province", "53")
    out = capsys.readouterr().out
    for dataset in ("denominators", "participation", "commitments", "allocations",
                    "realizations"):
        assert f"{dataset}: 1 rows, applied (new 1)" in out, out
    allocations = _remote(url, token, "/api/v1/allocations/")["results"]
    assert [(a["region"], a["amount"]) for a in allocations] == [("53.01", 100_800_000)]
    realizations = _remote(url, token, "/api/v1/realizations/")["results"]
    assert [r["amount_paid"] for r in realizations] == [8_400_000]
    # NTB's denominator was not sent (the national side would not even know region 52.03)
    assert [d["region"] for d in _remote(url, token, "/api/v1/denominators/")["results"]] \
        == ["53.01"]

    call_command("publish_aggregates", "--to", url, "--province", "53")
    again = capsys.readouterr().out
    assert "denominators: 1 rows, applied (unchanged 1)" in again, again


def test_it_refuses_without_a_token_or_with_a_wrong_one(national_instance, kupang,
                                                         monkeypatch):
    url, _token = national_instance
    monkeypatch.delenv("UCJ_PUBLISH_TOKEN", raising=False)
    with pytest.raises(CommandError, match="UCJ_PUBLISH_TOKEN"):
        call_command("publish_aggregates", "--to", url, "--province", "53")
    monkeypatch.setenv("UCJ_PUBLISH_TOKEN", "ucj_not-a-token")
    with pytest.raises(CommandError, match="401"):
        call_command("publish_aggregates", "--to", url, "--province", "53")
