"""The app with its production settings: DEBUG off, the manifest static storage (hashed names,
known only after ``collectstatic``), WhiteNoise serving the collected files, secure cookies,
the redirect to HTTPS and HSTS. The rest of the suite runs with the development settings
(pyproject.toml sets DEBUG=1), where none of these applies, so a difference between the two
could hide there: the monev report and the forum brief's PDF failed without DEBUG ("Missing
staticfiles manifest entry"), or came out unstyled after ``collectstatic``.

Every test here is marked ``production``. ``scripts/run-tests`` (``make test``) runs them in a
pass of their own, with DEBUG unset and a SECRET_KEY, so that ucj/settings.py itself computes
the production values (``UCJ_TEST_PRODUCTION=1``: the ``production`` fixture then checks that
it did); run alone (``pytest tests/test_production_settings.py``) the fixture sets the same
values over the development settings.

``collectstatic`` runs once per session into a temporary STATIC_ROOT; WhiteNoise's
compression of the collected files is skipped there, as it changes no name a page refers to
(tests/test_static_compression.py checks the compressed files).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import PASSWORD

pytestmark = pytest.mark.production

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"
DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# What ucj/settings.py computes with DEBUG off, and with DEBUG=1 (make run, the other tests).
PRODUCTION = {
    "DEBUG": False,
    "STORAGES": {"default": DEFAULT_STORAGE, "staticfiles": {"BACKEND": MANIFEST}},
    "WHITENOISE_USE_FINDERS": False,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
}
DEVELOPMENT = {
    "DEBUG": True,
    "STORAGES": {"default": DEFAULT_STORAGE, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    "WHITENOISE_USE_FINDERS": True,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "SECURE_SSL_REDIRECT": False,
    "SECURE_HSTS_SECONDS": 0,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
}
HASHED = r"\.[0-9a-f]{12}\."
TODAY = timezone.localdate()


def _static_extensions() -> tuple[str, ...]:
    return tuple(sorted({Path(path).suffix.lstrip(".") for finder in get_finders()
                         for path, _storage in finder.list([])}))


@pytest.fixture(scope="session")
def collected(tmp_path_factory, django_test_environment) -> Path:
    """A STATIC_ROOT filled by ``collectstatic`` with the production storage (uncompressed)."""
    root = tmp_path_factory.mktemp("collected-static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION["STORAGES"],
                           WHITENOISE_SKIP_COMPRESS_EXTENSIONS=_static_extensions()):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (root / "staticfiles.json").is_file()
    return root


@pytest.fixture
def production(settings, tmp_path):
    """The production settings, with an empty STATIC_ROOT (``collectstatic`` not run)."""
    if os.environ.get("UCJ_TEST_PRODUCTION") == "1":  # the pass of scripts/run-tests
        computed = {name: getattr(settings, name) for name in PRODUCTION}
        assert computed == PRODUCTION, "ucj/settings.py without DEBUG is not what this tests"
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    settings.STATIC_ROOT = tmp_path / "not-collected"
    settings.STATIC_ROOT.mkdir()
    return settings


@pytest.fixture
def collected_production(production, collected):
    production.STATIC_ROOT = collected
    return production


def layout(content: bytes) -> list[tuple]:
    """Each page's size and the fonts drawn on it (subset prefixes removed)."""
    pages = []
    for page in PdfReader(io.BytesIO(content)).pages:
        fonts = page["/Resources"].get("/Font", {})
        names = sorted({str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
                        for font in fonts.values()})
        pages.append((tuple(round(float(v)) for v in page.mediabox), tuple(names)))
    return pages


def assert_styled(pages: list[tuple]) -> None:
    """Drawn with the stylesheet: A4 pages in DejaVu Sans (print.css, monev.css), not the
    default serif font of an unstyled document."""
    fonts = {name for _size, names in pages for name in names}
    assert fonts and all(name.startswith("DejaVu-Sans") for name in fonts), fonts
    assert {size for size, _names in pages} == {(0, 0, 595, 842)}


# --- the PDFs -------------------------------------------------------------------------------------

@pytest.fixture
def meeting(ntb, admin_user, agency, records):
    from ucj.forums import services

    previous = services.meeting_create(
        actor=admin_user, title="Rakor UCJ NTB Triwulan III", level="province",
        region=ntb["52"], date=TODAY - dt.timedelta(days=60), place="Aula Bappeda NTB")
    services.challenge_create(actor=admin_user, meeting=previous, region=ntb["52.03"],
                              category="budget", title="Efisiensi anggaran memangkas iuran")
    services.action_create(actor=admin_user, meeting=previous, title="Usulkan iuran di APBD-P",
                           due_date=TODAY - dt.timedelta(days=5),
                           owner_region=ntb["52.03"], owner_agency=agency["bpkad"])
    return services.meeting_create(
        actor=admin_user, title="Rakor UCJ NTB Triwulan IV", level="province",
        region=ntb["52"], date=TODAY + dt.timedelta(days=10), place="Kantor Gubernur")


def _brief_pdf(user, meeting) -> bytes:
    """The brief's PDF as the worker makes it (ordered from the brief page since issue 19)."""
    from ucj.reports import services as reports
    from ucj.reports import tasks as report_tasks

    report = report_tasks.report_generate(
        reports.brief_request(actor=user, meeting=meeting, enqueue=False).pk)
    assert report.status == "done", report.error
    with report.file.open("rb") as handle:
        return handle.read()


def _monev_pdf(tmp_path, name: str) -> bytes:
    out = tmp_path / f"{name}.pdf"
    call_command("monev_report", period="2025-Q2", region="52.03", out=str(out),
                 stdout=io.StringIO())
    return out.read_bytes()


def test_the_forum_brief_pdf_is_the_same_with_production_and_development_settings(
        production, collected, meeting, admin_user):
    made = {"production, not collected": _brief_pdf(admin_user, meeting)}
    with override_settings(STATIC_ROOT=collected):
        made["production, collected"] = _brief_pdf(admin_user, meeting)
    with override_settings(**DEVELOPMENT):
        made["development"] = _brief_pdf(admin_user, meeting)

    development = layout(made["development"])
    assert_styled(development)
    assert {mode: layout(pdf) for mode, pdf in made.items()} == dict.fromkeys(made, development)


def test_the_monev_report_is_the_same_with_production_and_development_settings(
        production, collected, records, tmp_path):
    made = {"production, not collected": _monev_pdf(tmp_path, "not-collected")}
    with override_settings(STATIC_ROOT=collected):
        made["production, collected"] = _monev_pdf(tmp_path, "collected")
    with override_settings(**DEVELOPMENT):
        made["development"] = _monev_pdf(tmp_path, "development")

    development = layout(made["development"])
    assert_styled(development)
    assert len(development) > 2  # cover, summary, ranking, a page per regency
    assert {mode: layout(pdf) for mode, pdf in made.items()} == dict.fromkeys(made, development)


def test_a_pdf_reads_the_source_even_through_a_hashed_link(collected_production):
    from django.templatetags.static import static

    from ucj.core import pdf

    source = Path(__file__).resolve().parent.parent / "ucj" / "static" / "ucj" / "print.css"
    hashed = static("ucj/print.css")  # what {% static %} links after collectstatic
    assert re.search(HASHED, hashed)
    assert pdf.static_file(f"http://localhost{hashed}") == source
    assert pdf.pdf_static_url("ucj/print.css") == "/static/ucj/print.css"
    with pytest.raises(ValueError):
        pdf.pdf_static_url("ucj/no-such-sheet.css")


def test_the_indicators_command_answers_without_debug(production, records):
    out = io.StringIO()
    call_command("indicators", region="52.03", period="2025-06", stdout=out)
    assert re.search(r"active_participants\s+54\.298", out.getvalue())


# --- pages ----------------------------------------------------------------------------------------

def test_sign_in_sets_secure_cookies_over_https_only(collected_production, admin_user):
    client = Client()
    insecure = client.get(reverse("login"))
    assert insecure.status_code == 301 and insecure["Location"].startswith("https://")

    page = client.get(reverse("login"), secure=True)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert page.cookies["csrftoken"]["secure"] is True
    signed_in = client.post(reverse("login"), {"username": admin_user.username,
                                               "password": PASSWORD}, secure=True)
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] is True and session["httponly"] is True


@pytest.mark.parametrize("name", ["home", "dashboard", "import_start"])
def test_pages_refer_to_hashed_static_files_that_whitenoise_serves(collected_production, name,
                                                                   admin_user, records):
    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse(name), secure=True)
    assert response.status_code == 200
    html = response.content.decode()
    linked = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert "/static/ucj/ucj.css" not in linked and linked
    assert all(re.search(HASHED, url) for url in linked), linked
    if name == "dashboard":
        assert any(url.startswith("/static/ucj/charts.") for url in linked)
    for url in set(linked):
        served = client.get(url, secure=True)
        assert served.status_code == 200, url
        assert "immutable" in served["Cache-Control"]
        served.close()
