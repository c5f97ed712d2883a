#!/usr/bin/env python
"""One load run for bench/bench_load.py, in a process of its own (under scripts/with-postgres
when PostgreSQL is there). Prints one JSON line of figures.

1. migrate and load the NTB demo into the database of DATABASE_URL (created when missing);
2. start the production server: ``scripts/serve-prod web`` (gunicorn, DEBUG off, its default
   worker count) on a free port of 127.0.0.1, its output to a log file;
3. sign in ``UCJ_BENCH_LOAD_USERS`` (50) users — sessions made for the demo's accounts,
   every role — and one API token each;
4. drive them for ``UCJ_BENCH_LOAD_SECONDS`` (30) after a warm-up: each user a thread that asks
   for the pages a user of its role reads (home or dashboard, region pages, the five dataset
   lists, API reads), pausing ``UCJ_BENCH_LOAD_THINK`` seconds on average between two (1; 0
   for none); a fresh connection per request (gunicorn's sync workers close each one); any
   answer but 200, or no answer, is an error.

Only 127.0.0.1, bounded in users and time (RECIPES: load tests).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("UCJ_BENCH_LOAD_USERS", "50"))
SECONDS = float(os.environ.get("UCJ_BENCH_LOAD_SECONDS", "30"))
# a user's pause between two pages (seconds, uniform from half to one and a half times this);
# 0: no pause at all, every user asking again the moment an answer comes (the server's
# capacity, not a user's experience)
THINK = float(os.environ.get("UCJ_BENCH_LOAD_THINK", "1"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            con.execute(f'CREATE DATABASE "{name}"')


def manage(*args: str, env: dict) -> None:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")


def static_files(data: Path, env: dict) -> None:
    """collectstatic (hashed, compressed: minutes on a busy 2-core machine) once per change of
    the static sources or the pinned packages, into var/bench-static, linked as the run's
    STATIC_ROOT."""
    kept = ROOT / "var" / "bench-static"
    sources = sorted((ROOT / "ucj" / "static").rglob("*"))
    stamp = "\n".join([(ROOT / "requirements" / "base.txt").read_text(), *(
        f"{p.relative_to(ROOT)} {p.stat().st_size} {p.stat().st_mtime_ns}"
        for p in sources if p.is_file())])
    marker = kept / ".bench-stamp"
    data.mkdir(parents=True, exist_ok=True)
    if (data / "static").is_dir():
        (data / "static").rmdir()  # an empty folder, from an earlier version of the settings
    (data / "static").symlink_to(kept, target_is_directory=True)
    if marker.exists() and marker.read_text() == stamp:
        return
    kept.mkdir(parents=True, exist_ok=True)
    manage("collectstatic", "--noinput", "--clear", "-v", "0", env=env)
    marker.write_text(stamp)


def sign_in(count: int) -> list[dict]:
    """``count`` signed-in users over the demo's accounts (every role in turn): a session
    cookie, an API token and the pages their role reads."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.urls import NoReverseMatch, reverse
    from django.utils.module_loading import import_string

    from ucj.accounts.models import User
    from ucj.accounts.scope import is_national, readable_regions
    from ucj.core.datasets import all_datasets
    from ucj.regions.models import Level

    store = import_string(settings.SESSION_ENGINE).SessionStore
    accounts = list(User.objects.filter(is_active=True).order_by("role", "username"))
    try:
        from ucj.api.tokens import token_create

        api = reverse("api_regions")
    except (ImportError, NoReverseMatch):
        token_create, api = None, ""
    users = []
    for number in range(count):
        user = accounts[number % len(accounts)]
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        regencies = list(readable_regions(user).filter(level=Level.REGENCY)
                         .values_list("code", flat=True)) or ["52"]
        # a national viewer's home is the national dashboard ("/" redirects there: issue 21)
        home = reverse("national_dashboard") if is_national(user) else "/"
        pages = [("home", home), ("dashboard", reverse("dashboard"))]
        pages += [("region", reverse("region_detail", args=[code])) for code in regencies[:4]]
        pages += [("list", reverse("record_list", args=[d.slug])) for d in all_datasets()]
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}
        api_headers = {}
        if token_create is not None:
            _token, key = token_create(actor=user, user=user, name=f"bench {number}")
            api_headers = {"Authorization": f"Bearer {key}"}
            pages += [("api", api), ("api", reverse("api_region_indicators",
                                                     args=[regencies[0]]))]
            pages += [("api", f"/api/v1/{d.slug}/") for d in all_datasets()[:2]]
        users.append({"pages": pages, "headers": headers, "api_headers": api_headers})
    return users


def ask(port: int, path: str, headers: dict) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        con.request("GET", path, headers={**headers, "Host": "127.0.0.1"})
        response = con.getresponse()
        response.read()
        status = response.status
        con.close()
    except (OSError, http.client.HTTPException):
        status = 0
    return time.perf_counter() - start, status


def drive(port: int, users: list[dict], seconds: float) -> list[tuple[str, float, int]]:
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    start_line = threading.Barrier(len(users))

    def one(user: dict, seed: int) -> None:
        chooser = random.Random(seed)  # noqa: S311 - an order of pages, not a secret
        mine = []
        start_line.wait()
        while time.monotonic() < stop:
            kind, path = chooser.choice(user["pages"])
            headers = user["api_headers"] if kind == "api" else user["headers"]
            latency, status = ask(port, path, headers)
            mine.append((kind, latency, status))
            if THINK:
                time.sleep(chooser.uniform(THINK / 2, THINK * 1.5))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=one, args=(u, n)) for n, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def wait_ready(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server ended ({server.returncode}):\n"
                               + log.read_text()[-3000:])
        _latency, status = ask(port, "/masuk/", {})
        if status == 200:
            return
        time.sleep(0.5)
    raise RuntimeError("the server did not answer in 180 s:\n" + log.read_text()[-3000:])


def main() -> int:
    data = Path(tempfile.mkdtemp(prefix="ucj-load-", dir=os.environ.get("UCJ_DATA_DIR")))
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="ucj.settings", UCJ_DATA_DIR=str(data),
               DEBUG="0", SECRET_KEY="bench-load-" + secrets.token_urlsafe(48),
               ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0", UCJ_BIND=f"127.0.0.1:{port}",
               UCJ_REQUEST_LOG="0", UCJ_API_RATE="100000/min")
    os.environ.update(env)
    ensure_database()
    manage("migrate", "--noinput", env=env)
    manage("load_demo", "--force", env=env)  # DEBUG is off: a throw-away database
    static_files(data, env)
    users = sign_in(USERS)
    from django.db import connections

    connections.close_all()
    log = data / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve-prod"), "--no-setup",
                                   "web"],
                                  cwd=ROOT, env={**env, "UCJ_PYTHON": sys.executable},
                                  stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        wait_ready(port, server, log)
        for user in users[:: max(1, len(users) // 10)]:  # warm-up: every kind of page once
            for kind, path in user["pages"]:
                ask(port, path, user["api_headers"] if kind == "api" else user["headers"])
        began = time.perf_counter()
        results = drive(port, users, SECONDS)
        elapsed = time.perf_counter() - began
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    latencies = [latency for _kind, latency, _status in results]
    errors = [status for _kind, _latency, status in results if status != 200]
    figures = {
        "users": len(users), "think_seconds": THINK, "seconds": round(elapsed, 1), "requests": len(results),
        "requests_per_second": round(len(results) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000), "p95_ms":
        round(percentile(latencies, 95) * 1000), "p99_ms": round(percentile(latencies, 99) * 1000),
        "errors": len(errors), "error_statuses": sorted(set(errors)),
        "database": "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite",
        "web_workers": os.environ.get("UCJ_WEB_WORKERS") or "serve-prod default",
    }
    for kind in sorted({k for k, _l, _s in results}):
        mine = [latency for k, latency, _s in results if k == kind]
        figures[f"{kind}_p95_ms"] = round(percentile(mine, 95) * 1000)
        figures[f"{kind}_median_ms"] = round(statistics.median(mine) * 1000)
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
