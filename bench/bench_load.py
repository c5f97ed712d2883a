"""Load: 50 signed-in users at once against the production server (``scripts/serve-prod
web``: gunicorn, DEBUG off) on PostgreSQL (a throw-away server from scripts/with-postgres; the
bench's own SQLite file when the machine has no PostgreSQL), over the NTB demo: home and
dashboard, region pages, the five dataset lists and API reads, for
``UCJ_BENCH_LOAD_SECONDS`` (30 s) after a warm-up, each user pausing about
``UCJ_BENCH_LOAD_THINK`` seconds (1) between two pages (0: none, the server's capacity).
Requests per second, latency percentiles (all pages, and per kind of page) and the error
count. Target (issue 18): p95 under 300 ms and no error at 50 users on 2 vCPUs.
bench/load_run.py does the run in a process of its own.

The benchmark reports; it does not assert."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run():
    command = [sys.executable, str(ROOT / "bench" / "load_run.py")]
    has_postgres = subprocess.run([str(ROOT / "scripts" / "with-postgres"), "--check"],
                                  capture_output=True).returncode == 0
    if has_postgres:
        command = [str(ROOT / "scripts" / "with-postgres"), *command]
    done = subprocess.run(command, cwd=ROOT, env=dict(os.environ), capture_output=True,
                          text=True, timeout=900)
    if done.returncode:
        raise RuntimeError(f"load_run failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    figures = [("load_database_postgresql", 1 if result["database"] == "postgresql" else 0, ""),
               ("load_users", result["users"], "users"),
               ("load_think_seconds", result["think_seconds"], "s"),
               ("load_seconds", result["seconds"], "s"),
               ("load_requests", result["requests"], "requests"),
               ("load_requests_per_second", result["requests_per_second"], "req/s"),
               ("load_p50_ms", result["p50_ms"], "ms"),
               ("load_p95_ms", result["p95_ms"], "ms"),
               ("load_p99_ms", result["p99_ms"], "ms"),
               ("load_errors", result["errors"], "requests")]
    for kind in ("home", "dashboard", "region", "list", "api"):
        if f"{kind}_p95_ms" in result:
            figures += [(f"load_{kind}_median_ms", result[f"{kind}_median_ms"], "ms"),
                        (f"load_{kind}_p95_ms", result[f"{kind}_p95_ms"], "ms")]
    return figures
