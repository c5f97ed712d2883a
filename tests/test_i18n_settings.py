"""Indonesian by default, English on request; settings from the environment."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.urls import reverse


def test_the_interface_is_indonesian_even_for_an_english_browser(client, op_a):
    client.force_login(op_a)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "id"
    assert "Beranda" in page.content.decode()


def test_english_can_be_chosen(client, op_a):
    client.force_login(op_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home"))
    assert page["Content-Language"] == "en"
    assert "Home" in page.content.decode()
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Beranda" in client.get(reverse("home")).content.decode()


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")}
    environment |= {"DJANGO_SETTINGS_MODULE": "ucj.settings", **env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=settings.BASE_DIR, env=environment, timeout=120)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_python("import django; django.setup()", UCJ_DATA_DIR=str(tmp_path))
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_database_url_selects_postgresql_and_sqlite_is_the_default(tmp_path):
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    default = run_python(code, DEBUG="1", UCJ_DATA_DIR=str(tmp_path))
    assert default.stdout.strip() == "django.db.backends.sqlite3"
    pg = run_python(code, DEBUG="1", UCJ_DATA_DIR=str(tmp_path),
                    DATABASE_URL="postgres://u:p@db.example:5432/ucj")
    assert pg.stdout.strip() == "django.db.backends.postgresql"


def test_deployment_checks_pass(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=120,
        env={**{k: v for k, v in os.environ.items()
                if k not in ("DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")},
             "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-0123456789",
             "ALLOWED_HOSTS": "ucj.ntbprov.go.id", "UCJ_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_security_headers(client, op_a):
    client.force_login(op_a)
    response = client.get(reverse("home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_management_commands_run_without_a_secret_key_but_the_web_server_does_not(tmp_path):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS",
                                "UCJ_COMMAND_LINE")}
    environment["UCJ_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check",
                             "--dry-run"], capture_output=True, text=True,
                            cwd=settings.BASE_DIR, env=environment, timeout=120)
    assert result.returncode == 0, result.stderr
    wsgi = run_python("import ucj.wsgi", UCJ_DATA_DIR=str(tmp_path))
    assert wsgi.returncode != 0 and "SECRET_KEY" in wsgi.stderr
