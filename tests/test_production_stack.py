"""The production stack for real (issue 18): scripts/serve-prod (migrate, collectstatic,
gunicorn, a background worker) against the test PostgreSQL on a free port; a province admin
signs in over HTTP with the CSRF token, orders the monev report, the worker builds it, the PDF
downloads; /sehat/ and /siap/ report every part ok; the request log is JSON without what was
typed; a background worker killed is started again; SIGTERM stops every process. PostgreSQL
only (scripts/run-tests' PostgreSQL phase): skipped on SQLite. Measured on 2 vCPUs with a
load average of 7: 43 s in all, 23 s of it until /siap/ answers (collectstatic without
compression, gunicorn's preload) and 5 s for the worker to build the PDF. The waits are
generous (4 min to start, 2 min for the report): a busy machine is slow, not failing."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.conftest import PASSWORD
from ucj.reports.models import Report, Status

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="needs PostgreSQL (scripts/with-postgres; run-tests' last phase)"),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A tiny HTTP client keeping cookies itself: the production cookies are Secure, which a
    standard cookie jar would not send over the plain http of this test."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, content

    def csrf_form(self, path: str) -> str:
        response, content = self.request("GET", path)
        assert response.status == 200, (path, response.status)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()


def database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def stack(tmp_path):
    """scripts/serve-prod on a free port; yields (port, process); stopped (and checked) at the
    end of the test, before the test database is emptied."""
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("UCJ_", "DJANGO_")) and k not in {"DEBUG", "PYTEST_XDIST_WORKER"}}
    env.update({
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "DATABASE_URL": database_url(),
        "UCJ_DATA_DIR": str(tmp_path / "data"), "UCJ_BIND": f"127.0.0.1:{port}",
        "UCJ_WEB_WORKERS": "2", "UCJ_TASK_WORKERS": "1", "UCJ_STOP_SECONDS": "20",
        "UCJ_STATIC_COMPRESS": "0",  # hashed static files; compressing takes 12 s of CPU
        "UCJ_REQUEST_LOG": "1", "UCJ_PYTHON": sys.executable,
    })
    out = open(tmp_path / "stdout", "w+b")
    err = open(tmp_path / "stderr", "w+b")
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve-prod")], cwd=ROOT,
                            env=env, stdout=out, stderr=err, start_new_session=True)
    proc.logs = (out, err)
    try:
        yield port, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.close()
        err.close()


def wait_ready(port: int, proc, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, "serve-prod ended: " + _tail(proc)
        try:
            response, _ = Browser(port).request("GET", "/siap/")
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail("the stack was not ready in time: " + _tail(proc))


def workers_of(proc) -> list[int]:
    """The pids of serve-prod's background workers (its children running manage.py worker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == proc.pid and b"manage.py\x00worker" in cmdline:
            found.append(int(stat.parent.name))
    return sorted(found)


def _tail(proc) -> str:
    err = proc.logs[1]
    err.seek(0)
    return err.read().decode(errors="replace")[-3000:]


def test_the_production_stack_serves_a_signed_in_user_a_report_built_by_its_worker(
        stack, records, admin_user, ntb):
    started = time.monotonic()
    # the server checks passwords with the production hashers, not the tests' fast MD5
    admin_user.password = PBKDF2PasswordHasher().encode(PASSWORD, "prodstacksalt", 1000)
    admin_user.save(update_fields=["password"])
    port, proc = stack
    wait_ready(port, proc)
    print(f"ready after {time.monotonic() - started:.1f} s")  # shown with -s or on failure

    browser = Browser(port)
    token = browser.csrf_form("/masuk/")
    response, _ = browser.request("POST", "/masuk/", {
        "csrfmiddlewaretoken": token, "username": admin_user.username, "password": PASSWORD})
    assert response.status == 302 and "sessionid" in browser.cookies, response.status

    token = browser.csrf_form("/laporan/")
    response, _ = browser.request("POST", "/laporan/baru/", {
        "csrfmiddlewaretoken": token, "kind": "monev_pdf", "period": "2025", "region": "52"},
        headers={"X-Request-ID": "order-report-1"})
    assert response.status == 302, response.status
    assert response.getheader("X-Request-ID") == "order-report-1"
    report = Report.objects.get()
    assert response.getheader("Location").endswith(f"/laporan/{report.pk}/")

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (Status.DONE, Status.FAILED):
            break
        time.sleep(0.5)
    assert report.status == Status.DONE, f"report {report.status}: {_tail(proc)}"
    print(f"report built after {time.monotonic() - started:.1f} s")
    response, pdf = browser.request("GET", f"/laporan/{report.pk}/unduh/")
    assert response.status == 200 and response.getheader("Content-Type") == "application/pdf"
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000

    response, content = browser.request("GET", "/sehat/")
    health = json.loads(content)
    assert response.status == 200, health
    assert health["status"] == "ok"
    assert {part: value["ok"] for part, value in health["checks"].items()} == {
        "database": True, "worker": True, "disk": True}
    assert health["checks"]["worker"]["age_seconds"] < 60
    response, content = browser.request("GET", "/siap/")
    assert response.status == 200 and json.loads(content)["checks"] == {
        "migrations": {"ok": True}, "static": {"ok": True}}

    # a hashed static file, served by whitenoise with a long cache lifetime
    _, page = browser.request("GET", "/laporan/")
    css = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1).decode()
    response, _ = browser.request("GET", css)
    assert response.status == 200 and "immutable" in response.getheader("Cache-Control")

    # a background worker that dies is started again
    first = workers_of(proc)
    assert len(first) == 1, first
    os.kill(first[0], signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and workers_of(proc) in ([], first):
        time.sleep(0.3)
    again = workers_of(proc)
    assert len(again) == 1 and again != first, (first, again, _tail(proc))

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=40) == 0
    with pytest.raises(ProcessLookupError):  # gunicorn and the worker went with it
        os.killpg(proc.pid, 0)

    out = proc.logs[0]
    out.seek(0)
    lines = [json.loads(line) for line in out.read().decode().splitlines()
             if line.startswith("{")]
    order = [line for line in lines if line["request_id"] == "order-report-1"]
    assert order == [{**order[0], "method": "POST", "path": "/laporan/baru/", "status": 302,
                      "user_id": admin_user.pk}]
    sign_in = [line for line in lines if line["method"] == "POST" and line["path"] == "/masuk/"]
    assert sign_in and sign_in[0]["status"] == 302
    logged = json.dumps(lines)
    assert admin_user.username not in logged and PASSWORD not in logged
