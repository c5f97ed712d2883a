"""Health (/sehat/), readiness (/siap/) and the JSON request log (issue 18, production serving).
The production stack itself (gunicorn + workers on PostgreSQL): tests/test_production_stack.py."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time

import pytest
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from ucj.core import health
from ucj.core.models import WorkerHeartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def beat(data_dir, age: float = 0) -> None:
    folder = data_dir / "workers"
    folder.mkdir(exist_ok=True)
    path = folder / "host_123.alive"
    path.touch()
    then = time.time() - age
    os.utime(path, (then, then))


class TestHealth:
    def test_every_part_ok_answers_200_with_nothing_but_ok_and_ages(self, client, db, settings,
                                                                   data_dir):
        settings.TASKS = DB_TASKS
        beat(data_dir, age=3)
        response = client.get(reverse("health"))
        assert response.status_code == 200
        body = response.json()
        age = body["checks"]["worker"].pop("age_seconds")
        assert body == {"status": "ok", "checks": {
            "database": {"ok": True}, "worker": {"ok": True}, "disk": {"ok": True}}}
        assert 3 <= age < 30  # (a busy machine may take a while to answer)
        assert "no-cache" in response["Cache-Control"]
        assert str(data_dir) not in response.content.decode()
        assert not response.cookies  # no session, no CSRF cookie

    def test_it_fails_without_any_worker_heartbeat(self, client, db, settings, data_dir):
        settings.TASKS = DB_TASKS
        response = client.get(reverse("health"))
        assert response.status_code == 503
        assert response.json()["status"] == "fail"
        assert response.json()["checks"]["worker"] == {"ok": False, "age_seconds": None}

    def test_it_fails_when_the_newest_heartbeat_is_stale(self, client, db, settings, data_dir):
        settings.TASKS = DB_TASKS
        settings.UCJ_HEALTH_WORKER_SECONDS = 60
        beat(data_dir, age=125)
        response = client.get(reverse("health"))
        assert response.status_code == 503
        worker = response.json()["checks"]["worker"]
        assert worker["ok"] is False and 125 <= worker["age_seconds"] < 150

    def test_a_worker_on_another_machine_counts_through_the_database(self, client, db,
                                                                     settings, data_dir):
        settings.TASKS = DB_TASKS
        WorkerHeartbeat.objects.create(worker_id="other-machine",
                                       beat_at=timezone.now() - dt.timedelta(seconds=7))
        response = client.get(reverse("health"))
        assert response.status_code == 200
        worker = response.json()["checks"]["worker"]
        assert worker["ok"] is True and 7 <= worker["age_seconds"] < 30
        WorkerHeartbeat.objects.update(beat_at=timezone.now() - dt.timedelta(seconds=300))
        assert client.get(reverse("health")).status_code == 503

    def test_the_worker_is_not_asked_when_tasks_do_not_use_the_queue(self, client, db, settings,
                                                                     data_dir):
        settings.TASKS = {"default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
        response = client.get(reverse("health"))
        assert response.status_code == 200
        assert response.json()["checks"]["worker"] == {"ok": True, "needed": False}

    def test_it_fails_when_the_data_disk_is_nearly_full(self, client, db, settings, data_dir):
        settings.UCJ_HEALTH_MIN_FREE_MB = 10**12  # more than any disk has
        response = client.get(reverse("health"))
        assert response.status_code == 503
        assert response.json()["checks"]["disk"] == {"ok": False}

    def test_it_fails_when_the_database_is_unreachable_without_saying_why(
            self, client, db, monkeypatch, caplog):
        class Broken:
            def cursor(self):
                raise OperationalError("connection to server at 10.0.0.5 failed: secret")

        monkeypatch.setattr(health, "connection", Broken())
        with caplog.at_level(logging.ERROR, logger="ucj.health"):
            response = client.get(reverse("health"))
        assert response.status_code == 503
        assert response.json()["checks"]["database"] == {"ok": False}
        assert "10.0.0.5" not in response.content.decode()
        assert "OperationalError" in caplog.text and "10.0.0.5" not in caplog.text

    def test_it_refuses_post(self, client, db):
        assert client.post(reverse("health")).status_code == 405
        assert client.post(reverse("ready")).status_code == 405


class TestReady:
    @pytest.fixture(autouse=True)
    def _fresh(self, monkeypatch):
        monkeypatch.setattr(health, "_migrations_done", False)

    def test_ready_when_migrated_with_development_static_files(self, client, db):
        response = client.get(reverse("ready"))
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "checks": {
            "migrations": {"ok": True}, "static": {"ok": True, "needed": False}}}

    def test_not_ready_while_a_migration_is_pending(self, client, db, monkeypatch):
        from django.db.migrations.executor import MigrationExecutor

        monkeypatch.setattr(MigrationExecutor, "migration_plan",
                            lambda self, targets: [("a migration", False)])
        response = client.get(reverse("ready"))
        assert response.status_code == 503
        assert response.json()["checks"]["migrations"] == {"ok": False}

    def test_not_ready_until_collectstatic_wrote_the_manifest(self, client, db, monkeypatch,
                                                              tmp_path):
        storage = ManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
        monkeypatch.setattr(health, "staticfiles_storage", storage)
        response = client.get(reverse("ready"))
        assert response.status_code == 503
        assert response.json()["checks"]["static"] == {"ok": False}
        (tmp_path / storage.manifest_name).write_text('{"paths": {}, "version": "1.1"}')
        assert client.get(reverse("ready")).status_code == 200


class TestRequestLog:
    @pytest.fixture
    def lines(self, settings):
        settings.UCJ_REQUEST_LOG = True
        records: list[str] = []

        class Keep(logging.Handler):
            def emit(self, record):
                records.append(record.getMessage())

        handler = Keep()
        logger = logging.getLogger("ucj.requests")
        logger.addHandler(handler)
        yield records
        logger.removeHandler(handler)

    def test_every_response_carries_a_request_id(self, client, db):
        first = client.get(reverse("login"))["X-Request-ID"]
        second = client.get(reverse("login"))["X-Request-ID"]
        assert len(first) == 32 and first != second

    def test_the_callers_request_id_is_kept_when_it_is_a_plain_token(self, client, db):
        response = client.get(reverse("login"), headers={"X-Request-ID": "proxy-abc.123"})
        assert response["X-Request-ID"] == "proxy-abc.123"

    @pytest.mark.parametrize("given", ["a b", "x" * 65, 'x"}\n{"forged": 1', "3201234567890123\u00e9"])
    def test_it_replaces_a_request_id_that_is_not_a_plain_token(self, client, db, given, lines):
        response = client.get(reverse("login"), headers={"X-Request-ID": given})
        assert response["X-Request-ID"] != given and len(response["X-Request-ID"]) == 32
        assert given not in lines[-1]

    def test_one_json_line_per_request_without_query_or_body(self, client, db, op_a, lines):
        client.force_login(op_a)
        response = client.get(reverse("region_list"), {"q": "Budi Santoso 3201234567890123"})
        assert len(lines) == 1
        line = json.loads(lines[0])
        assert set(line) == {"time", "request_id", "method", "path", "status", "duration_ms",
                             "user_id"}
        assert (line["method"], line["path"], line["status"], line["user_id"]) == (
            "GET", reverse("region_list"), 200, op_a.pk)
        assert line["request_id"] == response["X-Request-ID"]
        assert "Budi" not in lines[0] and "3201234567890123" not in lines[0]

    def test_a_sign_in_is_logged_without_what_was_typed(self, client, db, op_a, lines):
        client.post(reverse("login"), {"username": op_a.username,
                                       "password": "a-wrong-password-123"})
        line = json.loads(lines[-1])
        assert line["method"] == "POST" and line["user_id"] is None
        assert op_a.username not in lines[-1] and "a-wrong-password" not in lines[-1]

    def test_it_is_silent_when_off(self, client, db, settings, lines):
        settings.UCJ_REQUEST_LOG = False
        client.get(reverse("login"))
        assert lines == []
