"""Static files with the production settings (issue 19, item 4): ``collectstatic`` writes each
file under a hashed name with gzip and Brotli copies, and WhiteNoise serves the compressed copy
to a browser that accepts it, cached for at least a year (a new version has a new name).

Only the app's own static files are collected here (the packages' — the admin's, the API docs'
Swagger UI — would take minutes to compress on a small machine and prove nothing more)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

pytestmark = pytest.mark.production

STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def compressed(tmp_path_factory, django_test_environment):
    root = tmp_path_factory.mktemp("compressed-static")
    with override_settings(STATIC_ROOT=root, STORAGES=STORAGES, STATICFILES_FINDERS=[
            "django.contrib.staticfiles.finders.FileSystemFinder"]):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def _max_age(response) -> int:
    found = re.search(r"max-age=(\d+)", response.get("Cache-Control", ""))
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize("name", ["ucj/ucj.css", "ucj/charts.js", "ucj/charts.css"])
def test_static_files_are_served_hashed_compressed_and_cached_for_a_year(settings, compressed,
                                                                        name):
    settings.DEBUG = False
    settings.STORAGES = STORAGES
    settings.WHITENOISE_USE_FINDERS = False
    settings.STATIC_ROOT = compressed
    hashed = json.loads((compressed / "staticfiles.json").read_text())["paths"][name]
    assert re.search(r"\.[0-9a-f]{12}\.", hashed)
    client = Client()
    plain = client.get(f"/static/{hashed}", secure=True)
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    size = len(b"".join(plain.streaming_content))
    for accepted, encoding in (("gzip, deflate, br", "br"), ("gzip, deflate", "gzip")):
        response = client.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING=accepted, secure=True)
        assert response.status_code == 200
        assert response["Content-Encoding"] == encoding
        assert len(b"".join(response.streaming_content)) < size
        assert "Accept-Encoding" in response["Vary"]
        assert _max_age(response) >= YEAR and "immutable" in response["Cache-Control"]
    # the unhashed name (never linked by a page) is not kept: it changes with each version
    unhashed = client.get(f"/static/{name}", secure=True)
    assert unhashed.status_code == 200 and _max_age(unhashed) < YEAR
