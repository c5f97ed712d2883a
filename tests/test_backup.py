"""Backups that restore (ucj/core/backup.py, manage.py backup / restore).

The archive format on its own (any database); a full round trip into a fresh, empty PostgreSQL
database (the PostgreSQL phase of scripts/run-tests: skipped elsewhere), and a smaller one into
a fresh SQLite file (the SQLite phase)."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.test_object_storage import KEY, SECRET, bucket, s3_endpoint  # noqa: F401 (fixtures)
from ucj.core import backup
from ucj.core.backup import BackupError, WrongPassphrase
from ucj.policy.selectors import need_package_code

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "kuda-benar-baterai-staples-2026"


@pytest.fixture
def cheap_scrypt(monkeypatch):
    """A low key-derivation cost for the tests of the stream alone (the header records it)."""
    monkeypatch.setattr(backup, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})


def encrypt(data: bytes, passphrase: str = PASSPHRASE) -> bytes:
    out = io.BytesIO()
    writer = backup.EncryptingWriter(out, passphrase)
    for start in range(0, len(data), 100_000):
        writer.write(data[start:start + 100_000])
    writer.close()
    return out.getvalue()


def decrypt(blob: bytes, passphrase: str = PASSPHRASE) -> bytes:
    reader = backup.DecryptingReader(io.BytesIO(blob), passphrase)
    return b"".join(iter(lambda: reader.read(70_000), b""))


# --- the encrypted stream ----------------------------------------------------------------------

def test_the_stream_gives_back_what_was_written_across_many_frames(cheap_scrypt):
    data = os.urandom(3 * backup.CHUNK + 12_345)
    blob = encrypt(data)
    assert decrypt(blob) == data
    assert data[:4096] not in blob  # encrypted, not stored


@pytest.mark.parametrize("size", [0, 1, backup.CHUNK])
def test_the_stream_keeps_empty_and_exact_chunk_sizes(cheap_scrypt, size):
    data = os.urandom(size)
    assert decrypt(encrypt(data)) == data


def test_a_wrong_passphrase_is_told_apart_from_damage(cheap_scrypt):
    blob = encrypt(b"x" * 1000)
    with pytest.raises(WrongPassphrase, match="Wrong passphrase"):
        decrypt(blob, "another passphrase entirely")


def test_it_refuses_an_altered_byte(cheap_scrypt):
    blob = bytearray(encrypt(os.urandom(2 * backup.CHUNK)))
    blob[len(blob) // 2] ^= 1
    with pytest.raises(BackupError, match="damaged or altered"):
        decrypt(bytes(blob))


def test_it_refuses_an_archive_cut_at_a_frame_boundary(cheap_scrypt):
    data = os.urandom(2 * backup.CHUNK + 10)
    blob = encrypt(data)
    header_end = len(backup.MAGIC) + 4 + int.from_bytes(blob[8:12], "big")
    first = header_end + 4 + int.from_bytes(blob[header_end:header_end + 4], "big")
    second = first + 4 + int.from_bytes(blob[first:first + 4], "big")
    with pytest.raises(BackupError, match="cut off"):
        decrypt(blob[:second])
    swapped = blob[:header_end] + blob[first:second] + blob[header_end:first] + blob[second:]
    with pytest.raises(BackupError, match="damaged or altered"):
        decrypt(swapped)


def test_it_refuses_a_file_that_is_not_a_backup():
    with pytest.raises(BackupError, match="Not a UCJ Monitor backup"):
        decrypt(b"PGDMP\x01\x0e" + b"\0" * 100)


def test_it_refuses_a_header_asking_an_unreasonable_cost(cheap_scrypt):
    blob = encrypt(b"abc")
    length = int.from_bytes(blob[8:12], "big")
    header = blob[12:12 + length].replace(b'"n": 1024', b'"n": 1073741824')
    forged = blob[:8] + len(header).to_bytes(4, "big") + header + blob[12 + length:]
    with pytest.raises(BackupError, match="unreasonable"):
        decrypt(forged)


def test_the_derived_keys_are_those_of_the_settings():
    key_hex, _source = backup.nik_key()
    hash_key, cipher_key = backup.derived_keys(key_hex)
    assert hash_key.hex() == settings.UCJ_NIK_HASH_KEY
    assert cipher_key.hex() == settings.UCJ_NIK_CIPHER_KEY


@pytest.mark.django_db
def test_a_database_after_migrate_alone_counts_as_empty_and_one_with_a_user_does_not():
    from ucj.accounts.models import User
    from ucj.budget.models import TariffRate

    assert TariffRate.objects.exists()  # reference data `migrate` wrote
    tables, rows = backup.database_rows()
    assert tables > 40 and rows == 0
    User.objects.create_user(username="satu", password="x")
    assert backup.database_rows()[1] == 1


# --- round trips ------------------------------------------------------------------------------

def run_manage(args: list[str], *, database_url: str, data_dir: Path, passphrase: str = PASSPHRASE,
               timeout: int = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "UCJ_DATA_DIR": str(data_dir),
           "UCJ_BACKUP_PASSPHRASE": passphrase, "DEBUG": "1"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def checksums(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def make_archive(out: Path, monkeypatch) -> Path:
    monkeypatch.setenv("UCJ_BACKUP_PASSPHRASE", PASSPHRASE)
    stdout = io.StringIO()
    call_command("backup", out=str(out), stdout=stdout)
    text = stdout.getvalue()
    path = Path(text.strip().splitlines()[-1])
    assert path.parent == out and path.is_file() and path.stat().st_mode & 0o077 == 0
    return path


def seal_everything() -> int:
    from ucj.audit.seals import seal_days

    return len(seal_days(now=timezone.now() + timezone.timedelta(days=2)))


def pg_query(url_settings: dict, dbname: str, sql: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(host=url_settings["HOST"], port=url_settings["PORT"],
                         user=url_settings["USER"], password=url_settings["PASSWORD"] or None,
                         dbname=dbname, autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def pg_counts(url_settings: dict, dbname: str) -> dict[str, int]:
    tables = [row[0] for row in pg_query(url_settings, dbname,
              "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    return {t: pg_query(url_settings, dbname, f'SELECT COUNT(*) FROM "{t}"')[0][0]
            for t in sorted(tables)}


def decrypt_enrollments(rows: list[tuple], key_hex: str) -> list[str]:
    from ucj.registry import engine

    _hash, cipher = backup.derived_keys(key_hex)
    niks = []
    for nonce, row_no, nik_enc in rows:
        niks += engine.decrypt_niks(np.array([int(nik_enc)], dtype=np.uint64), [row_no],
                                    key=cipher, nonce=bytes.fromhex(nonce))
    return niks


ENROLLMENTS_SQL = ("SELECT r.nonce, e.row_no, e.nik_enc FROM registry_enrollment e "
                   "JOIN registry_matchrun r ON r.id = e.run_id ORDER BY e.id")


def fund_a_registry_run(client) -> int:
    """A list checked and funded through the pages by the demo's province admin."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_registry import csv_bytes, make_allocation, nik, person
    from ucj.accounts.models import User
    from ucj.budget.models import ContributionPackage
    from ucj.regions.models import Region
    from ucj.registry.models import MatchRun, RunStatus

    admin = User.objects.get(username="admin.prov")
    client.force_login(admin)
    rows = [person(nik(9100 + i, area="520302"), f"Pekerja Uji {i}", desil=str(1 + i % 3))
            for i in range(6)]
    response = client.post(reverse("registry_list_upload"), {
        "region": "52.03", "year": "2026",
        "file": SimpleUploadedFile("daftar.csv", csv_bytes(rows), content_type="text/csv")})
    assert response.status_code == 302
    run = MatchRun.objects.filter(region__code="52.03").order_by("-created_at").first()
    assert run.status == RunStatus.DONE, run.error
    package = ContributionPackage.objects.get(code=need_package_code())
    allocation = make_allocation(admin, Region.objects.get(code="52.03"), package, workers=4,
                                 funding_source="other")
    response = client.post(reverse("registry_fund", args=[run.pk]), {"allocation": allocation.pk})
    assert response.status_code == 302
    funded = run.enrollments.count()
    assert funded == 4
    return funded


ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the PostgreSQL round trip runs in the PostgreSQL "
                    "phase of scripts/run-tests")
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_postgresql_with_every_record_file_and_event(
        client, tmp_path, settings, monkeypatch):
    from ucj.audit.models import AuditEvent, AuditSeal
    from ucj.budget.models import Commitment
    from ucj.demo.loader import load_demo

    settings.REGISTRY_DIR = tmp_path / "registry"
    load_demo()
    fund_a_registry_run(client)
    assert Commitment.objects.exclude(document="").exists()
    assert seal_everything() >= 1
    assert AuditEvent.objects.count() > 50
    source = connection.settings_dict
    counts = pg_counts(source, source["NAME"])
    media, registry = checksums(Path(settings.MEDIA_ROOT)), checksums(settings.REGISTRY_DIR)
    assert any(name.endswith(".pdf") for name in media) and registry
    events = pg_query(source, source["NAME"], "SELECT * FROM audit_auditevent ORDER BY id")
    seals = pg_query(source, source["NAME"], "SELECT * FROM audit_auditseal ORDER BY day")
    niks = decrypt_enrollments(pg_query(source, source["NAME"], ENROLLMENTS_SQL),
                               backup.nik_key()[0])
    assert len(niks) > 1000 and all(len(n) == 16 and n.isdigit() for n in niks)

    archive = make_archive(tmp_path / "backups", monkeypatch)
    blob = archive.read_bytes()
    assert niks[0].encode() not in blob and b"audit_auditevent" not in blob

    target = f"ucj_restore_{secrets.token_hex(4)}"
    pg_query(source, "postgres", f'CREATE DATABASE "{target}"')
    try:
        url = (f"postgres://{source['USER']}@{source['HOST']}:{source['PORT']}/{target}")
        restored = tmp_path / "restored"
        wrong = run_manage(["restore", "--from", str(archive)], database_url=url,
                           data_dir=restored, passphrase="not-the-passphrase-at-all")
        assert wrong.returncode == 1 and "Wrong passphrase" in wrong.stderr, wrong.stderr
        assert pg_counts(source, target) == {}

        done = run_manage(["restore", "--from", str(archive)], database_url=url,
                          data_dir=restored)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "every file, row count and audit seal matches" in done.stdout
        assert niks[0] not in done.stdout + done.stderr

        assert pg_counts(source, target) == counts
        assert checksums(restored / "media") == media
        assert checksums(restored / "registry") == registry
        assert pg_query(source, target, "SELECT * FROM audit_auditevent ORDER BY id") == events
        assert pg_query(source, target, "SELECT * FROM audit_auditseal ORDER BY day") == seals
        assert f"{len(events)} events, {len(seals)} sealed days verified" in done.stdout
        key = (restored / "nik.key").read_text().strip()
        assert key == backup.nik_key()[0]
        assert decrypt_enrollments(pg_query(source, target, ENROLLMENTS_SQL), key) == niks
        # the guard on the audit log came back with the tables
        with pytest.raises(Exception, match="append-only"):
            pg_query(source, target, "DELETE FROM audit_auditevent")

    finally:
        pg_query(source, "postgres", f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    with pytest.raises(BackupError, match="not empty"):  # the test database has data
        backup.restore_archive(archive, PASSPHRASE)
    assert AuditSeal.objects.count() == len(seals)


@pytest.mark.skipif(ON_POSTGRESQL, reason="the SQLite round trip runs in the SQLite phase")
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_sqlite_file(admin_user, records, tmp_path, settings,
                                                    monkeypatch):
    from ucj.audit.models import AuditEvent

    default_storage.save("commitments/surat.pdf", ContentFile(b"%PDF-1.4 uji\n" * 500))
    settings.REGISTRY_DIR = tmp_path / "registry"
    (settings.REGISTRY_DIR / "52.03").mkdir(parents=True)
    (settings.REGISTRY_DIR / "52.03" / "run.parquet").write_bytes(os.urandom(5000))
    assert AuditEvent.objects.exists()
    seal_everything()
    archive = make_archive(tmp_path / "backups", monkeypatch)

    with pytest.raises(WrongPassphrase):
        backup.restore_archive(archive, "not-the-passphrase-at-all")
    with pytest.raises(BackupError, match="not empty"):
        backup.restore_archive(archive, PASSPHRASE)

    restored, database = tmp_path / "restored", tmp_path / "restored.sqlite3"
    done = run_manage(["restore", "--from", str(archive)], database_url=f"sqlite:///{database}",
                      data_dir=restored)
    assert done.returncode == 0, done.stderr[-3000:]
    assert checksums(restored / "media") == checksums(Path(settings.MEDIA_ROOT))
    assert checksums(restored / "registry") == checksums(settings.REGISTRY_DIR)
    import sqlite3

    with sqlite3.connect(database) as restored_db:
        for table in ("audit_auditevent", "audit_auditseal", "accounts_user",
                      "coverage_participationsnapshot"):
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                original = cursor.fetchone()[0]
            assert restored_db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == original
    assert (restored / "nik.key").read_text().strip() == backup.nik_key()[0]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="object storage is tested in the PostgreSQL phase")
@pytest.mark.django_db(transaction=True)
def test_a_backup_of_a_bucket_restores_into_another_bucket(records, tmp_path, settings, monkeypatch,
                                                            bucket, s3_endpoint):  # noqa: F811
    """UCJ_STORAGE=s3: the files come from the bucket and go back into a new, empty one."""
    import boto3

    endpoint = s3_endpoint  # moto's server (tests/test_object_storage.py)
    default_storage.save("commitments/surat.pdf", ContentFile(b"%PDF-1.4 uji\n" * 500))
    default_storage.save("registry/52.03/run-1/results.parquet", ContentFile(os.urandom(70_000)))

    def objects(name: str) -> dict[str, str]:
        s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=KEY,
                          aws_secret_access_key=SECRET, region_name="us-east-1")
        listing = s3.list_objects_v2(Bucket=name).get("Contents", [])
        return {item["Key"]: hashlib.sha256(s3.get_object(Bucket=name, Key=item["Key"])
                                            ["Body"].read()).hexdigest() for item in listing}

    original = objects(bucket.bucket_name)
    assert "registry/52.03/run-1/results.parquet" in original and len(original) >= 2
    archive = make_archive(tmp_path / "backups", monkeypatch)

    target_bucket = f"ucj-restore-{secrets.token_hex(4)}"
    bucket.create_bucket(Bucket=target_bucket)
    source = connection.settings_dict
    target = f"ucj_restore_{secrets.token_hex(4)}"
    pg_query(source, "postgres", f'CREATE DATABASE "{target}"')
    try:
        env = {"UCJ_STORAGE": "s3", "UCJ_S3_BUCKET": target_bucket, "UCJ_S3_ENDPOINT_URL": endpoint,
               "UCJ_S3_REGION": "us-east-1", "UCJ_S3_ACCESS_KEY_ID": KEY,
               "UCJ_S3_SECRET_ACCESS_KEY": SECRET}
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        done = run_manage(["restore", "--from", str(archive)],
                          database_url=f"postgres://{source['USER']}@{source['HOST']}:"
                                       f"{source['PORT']}/{target}",
                          data_dir=tmp_path / "restored")
        assert done.returncode == 0, done.stderr[-3000:]
        assert objects(target_bucket) == original
        assert not (tmp_path / "restored" / "media").exists()  # nothing went to the local folder
    finally:
        pg_query(source, "postgres", f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
