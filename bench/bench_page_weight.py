"""Page weight and load time in Chromium (issue 19, item 4): the home page, the monev
dashboard and a region page (Lombok Timur), signed in as the province administrator on the
NTB demo, served by the production stack (``scripts/serve-prod web``: gunicorn, DEBUG off,
WhiteNoise serving the hashed, compressed static files ``collectstatic`` wrote).

The API's docs page (Swagger UI from drf-spectacular-sidecar) is measured too. Per page: bytes
over the wire (every response of the page, as Chromium received them,
compressed where the server compressed them), the JavaScript among them, the JavaScript
uncompressed (what the browser parses; the issue's limit is 1 MB), the number of requests, and
the load time (navigation start to the end of the load event) with an empty cache: the median
of ``UCJ_BENCH_PAGE_RUNS`` (3) fresh browser contexts. Debian's /usr/bin/chromium through
Playwright, as the browser tests drive it.

The figures come from a process of its own (this file with ``--child``), which makes its own
data directory inside the bench's throw-away one, loads the demo into the bench's database and
starts the server on a free port of 127.0.0.1. The benchmark reports; it does not assert."""

from __future__ import annotations

import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("UCJ_BENCH_PAGE_RUNS", "3"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
USER = "admin.prov"
# the API's docs page (Swagger UI, for developers) too: the one page over 1 MB of JavaScript
PAGES = [("home", "/"), ("dashboard", "/dasbor/"), ("region", "/wilayah/52.03/"),
         ("api_docs", "/api/docs/"), ("national", "/nasional/")]
# pages measured as another user than USER: the national dashboard (issue 21), its viewer's
VIEWERS = {"national": "nasional.demo"}


def run():
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child"],
                          cwd=ROOT, env=dict(os.environ), capture_output=True, text=True,
                          timeout=1800)
    if done.returncode:
        raise RuntimeError(f"bench_page_weight failed ({done.returncode}):\n"
                           f"{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    figures = []
    for name, _path in PAGES:
        page = result[name]
        figures += [(f"page_{name}_bytes", page["bytes"], "bytes"),
                    (f"page_{name}_js_bytes", page["js_bytes"], "bytes"),
                    (f"page_{name}_js_uncompressed_bytes", page["js_uncompressed_bytes"],
                     "bytes"),
                    (f"page_{name}_requests", page["requests"], "requests"),
                    (f"page_{name}_load_ms", page["load_ms"], "ms")]
    return figures


def _session_cookie(username: str) -> dict:
    """A signed-in session of ``username`` made in the database (no sign-in form: the
    sign-in's rate limits and audit are not what is measured)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from ucj.accounts.models import User

    user = User.objects.get(username=username)
    session = import_string(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key}


def measure(base: str, cookies: dict) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in PAGES:
            loads, weights = [], []
            for _run in range(RUNS):
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                cookie = cookies[VIEWERS.get(name, USER)]
                context.add_cookies([{**cookie, "url": base}])
                page = context.new_page()
                finished = []
                page.on("requestfinished", lambda request, into=finished: into.append(request))
                response = page.goto(base + path, wait_until="load")
                if response is None or response.status != 200:
                    raise RuntimeError(f"{path}: {response and response.status}")
                page.wait_for_load_state("networkidle")  # what scripts fetch after load
                load_ms = page.evaluate(
                    "() => performance.getEntriesByType('navigation')[0].loadEventEnd")
                total = js = js_plain = 0
                for request in finished:
                    sizes = request.sizes()
                    received = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    total += received
                    if request.resource_type == "script":
                        js += received
                        answer = request.response()
                        js_plain += len(answer.body()) if answer else 0
                loads.append(load_ms)
                weights.append({"bytes": total, "js_bytes": js, "js_uncompressed_bytes": js_plain,
                                "requests": len(finished)})
                context.close()
            results[name] = {**weights[-1], "load_ms": round(statistics.median(loads))}
        browser.close()
    return results


def child() -> int:
    sys.path.insert(0, str(ROOT))
    from bench.load_run import free_port, manage, static_files, wait_ready

    data = Path(tempfile.mkdtemp(prefix="ucj-weight-", dir=os.environ.get("UCJ_DATA_DIR")))
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="ucj.settings", UCJ_DATA_DIR=str(data),
               DEBUG="0", SECRET_KEY="bench-weight-" + secrets.token_urlsafe(48),
               ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0",
               UCJ_BIND=f"127.0.0.1:{port}", UCJ_REQUEST_LOG="0", UCJ_WEB_WORKERS="2")
    os.environ.update(env)
    manage("migrate", "--noinput", env=env)
    manage("load_demo", "--force", env=env)  # DEBUG is off: a throw-away database
    static_files(data, env)
    cookies = {user: _session_cookie(user) for user in {USER, *VIEWERS.values()}}
    from django.db import connections

    connections.close_all()
    log = data / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve-prod"),
                                   "--no-setup", "web"],
                                  cwd=ROOT, env={**env, "UCJ_PYTHON": sys.executable},
                                  stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_ready(port, server, log)
        results = measure(f"http://127.0.0.1:{port}", cookies)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    print(json.dumps(results), flush=True)
    return 0


if __name__ == "__main__" and "--child" in sys.argv:
    raise SystemExit(child())
