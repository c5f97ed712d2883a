"""axe-core over every page of the access inventory (issue 19, WCAG 2.1 AA).

The pages are those of tests/test_authz_matrix.py's ``SPECS``: each GET page (not the API,
not a file download, not an htmx fragment) with the arguments its spec builds from the
authorization world (tests/authz_world.py), visited by the province administrator; then the
sign-in page and the public pages without signing in; then an operator's own pages; then the
national viewer's (issue 21). One
browser context visits them all. A serious or critical violation fails the test, which
names every one (page, rule, element); moderate and minor ones are listed too.

The world is built once (about half a minute) and the pages are the same on every database,
so the check runs in the SQLite pass of scripts/run-tests only.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

from tests.authz_world import build_world
from tests.test_authz_matrix import SPECS
from ucj.accounts.scope import Cap

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite",
                       reason="the same pages on every database: checked in the SQLite pass"),
]

# WCAG 2.0/2.1 A and AA, and axe's best practices (landmarks, a skip link, heading order).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                      "best-practice"]},
               "resultTypes": ["violations"]}
FAILING = {"serious", "critical"}
# An operator's own pages (its navigation and its region's records differ from the admin's).
OPERATOR_PAGES = ("home", "dashboard", "submission_list", "import_start", "registry_home")
# The national viewer's pages (issue 21), which the province administrator may not open.
NATIONAL_PAGES = ("national_dashboard", "national_regency_map")


def inventory_urls(world) -> list[tuple[str, str]]:
    """(label, path) of every GET page of the inventory for a signed-in user."""
    urls = []
    for spec in SPECS:
        if "GET" not in spec.methods or spec.api or spec.public \
                or spec.cap == Cap.READ_NATIONAL:
            continue
        for variant in spec.variants:
            case = spec.build(world, variant)
            path = reverse(spec.name, args=case.args)
            if case.query:
                path += "?" + urlencode(case.query, doseq=True)
            if DOWNLOADS.search(spec.name):
                continue
            urls.append((f"{spec.name}{'[' + variant + ']' if variant else ''}", path))
    return urls


# Files, not pages (a CSV, PDF or workbook): the browser would download them.
DOWNLOADS = re.compile(r"(_export|_download|_pdf|_csv|_template|_document|_errors|_file)$")


def is_page(response) -> bool:
    """A whole HTML page (not an htmx fragment such as a progress bar)."""
    return (response is not None and response.status == 200
            and "text/html" in response.headers.get("content-type", "")
            and "<html" in response.text()[:400].lower())


def sign_in_as(context, base: str, session_key: str) -> None:
    context.clear_cookies()
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session_key,
                          "url": base}])


def test_every_page_of_the_inventory_passes_axe_without_serious_violations(
        live_server, browser, settings, tmp_path):
    settings.REGISTRY_DIR = tmp_path / "registry"
    settings.UCJ_REGISTRY_RETENTION_DAYS = 0
    with translation.override("id"):
        world = build_world()
    base = live_server.url
    context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 900})
    context.add_init_script(AXE_SCRIPT)  # axe-core in every page, before the page's own
    page = context.new_page()
    found: list[tuple[str, str, dict]] = []  # (who, page label, violation)
    visited: list[str] = []
    refused: list[str] = []  # a page the user should reach but did not
    login = base + reverse("login")

    def check(who: str, label: str, path: str) -> None:
        try:
            response = page.goto(base + path)
        except PlaywrightError as error:  # a file after all (e.g. the DPA workbook)
            if "Download is starting" in str(error):
                return
            raise
        if response is None or response.status >= 400 or (
                who != "anonymous" and page.url.startswith(login)):
            refused.append(f"{who}:{label} {path} → {response and response.status} {page.url}")
            return
        if not is_page(response):
            return
        visited.append(f"{who}:{label}")
        for violation in page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)[
                "violations"]:
            found.append((who, label, violation))

    sign_in_as(context, base, world.sessions["province_admin"])
    for label, path in inventory_urls(world):
        check("admin", label, path)
    context.clear_cookies()
    for name in ("login", "public_page", "public_national"):
        check("anonymous", name, reverse(name))
    sign_in_as(context, base, world.sessions["operator_own"])
    for name in OPERATOR_PAGES:
        check("operator", name, reverse(name))
    sign_in_as(context, base, world.sessions["national_viewer"])
    for name in NATIONAL_PAGES:
        check("national", name, reverse(name))
    context.close()

    assert {"admin:home", "admin:dashboard", "admin:record_list[allocations]",
            "anonymous:login", "anonymous:public_page", "operator:home",
            "anonymous:public_national", "national:national_dashboard"} <= set(visited)
    assert len(visited) >= 60, visited
    assert not refused, refused

    def describe(items):
        lines = []
        for who, label, v in items:
            for node in v["nodes"]:
                lines.append(f"{who}:{label} {v['id']} ({v['impact']}) "
                             f"{' '.join(map(str, node['target']))}: {node['html'][:140]}")
        return lines

    serious = [item for item in found if item[2]["impact"] in FAILING]
    others = [item for item in found if item[2]["impact"] not in FAILING]
    assert not serious, (f"{len(serious)} serious or critical axe violations on "
                         f"{len(visited)} pages:\n" + "\n".join(describe(serious))
                         + "\n-- moderate/minor --\n" + "\n".join(describe(others)))
