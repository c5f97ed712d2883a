"""`make run`'s server (scripts/serve): it prints the demo logins with the address it was given
(issue 19: `make run PORT=…` printed http://127.0.0.1:8000 whatever the port), and only once
the server answers. PostgreSQL phase only (it serves the migrated test database from another
process); skipped on SQLite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.test_production_stack import ROOT, database_url, free_port

pytestmark = [
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="needs PostgreSQL (scripts/with-postgres; run-tests' last phase)"),
    pytest.mark.django_db(transaction=True),
]


def test_it_prints_the_logins_with_its_port_once_it_answers(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("UCJ_", "DJANGO_")) and k not in {"DEBUG", "PYTEST_XDIST_WORKER"}}
    env.update({"DATABASE_URL": database_url(), "UCJ_DATA_DIR": str(tmp_path / "data")})
    proc = subprocess.Popen(["scripts/serve", sys.executable, f"0.0.0.0:{port}"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=open(tmp_path / "stderr", "w"),
                            start_new_session=True, text=True)
    try:
        deadline = time.monotonic() + 120
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                pytest.fail("scripts/serve ended before printing the logins: "
                            + (tmp_path / "stderr").read_text()[-2000:])
            if "open http" in line:
                break
        assert f"open http://127.0.0.1:{port}/ " in line, line
        # the address printed answers at the moment it is printed
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk/", timeout=10) as answer:
            assert answer.status == 200
        assert "ucj-demo-2025" in line
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
