"""The database in a backup: PostgreSQL through pg_dump / pg_restore (the server's own
version of the tools), SQLite through its online backup API; and what counts as empty."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import DatabaseError, connections, transaction

from ucj.core.backup.common import BackupError, _read_chunks
from ucj.core.datadir import data_dir

# A row in one of these makes a database "not empty" (``migrate`` fills only reference data).
LIVE_TABLES = {"accounts_user", "audit_auditevent"}


def _major(binary: Path) -> int:
    out = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                         check=True).stdout
    return int(out.split()[-1].split(".")[0])


def pg_binary(name: str, server_major: int) -> Path:
    """pg_dump or pg_restore of the machine's PostgreSQL, found as scripts/with-postgres does
    (PG_BINDIR, /usr/lib/postgresql/15/bin, the newest /usr/lib/postgresql/*/bin, pg_config,
    PATH), and no older than the server."""
    candidates: list[Path] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    candidates.append(Path("/usr/lib/postgresql/15/bin"))
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        versions = [d for d in root.iterdir() if d.name.isdigit()]
        candidates += [d / "bin" for d in sorted(versions, key=lambda d: -int(d.name))]
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    if shutil.which(name):
        candidates.append(Path(shutil.which(name)).parent)
    seen = []
    for folder in candidates:
        binary = folder / name
        if binary in seen or not os.access(binary, os.X_OK):
            continue
        seen.append(binary)
        if _major(binary) >= server_major:
            return binary
    raise BackupError(
        f"No {name} of PostgreSQL {server_major} or newer on this machine (looked in PG_BINDIR, "
        "/usr/lib/postgresql/*/bin, pg_config and PATH): install postgresql-client-"
        f"{server_major} or set PG_BINDIR.")


def pg_environment(settings_dict: dict) -> dict:
    """libpq's variables for a Django connection: the password never goes on a command line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PATH"] = os.environ.get("PATH", "/usr/bin:/bin")
    pairs = {"PGHOST": settings_dict.get("HOST"), "PGPORT": settings_dict.get("PORT"),
             "PGUSER": settings_dict.get("USER"), "PGPASSWORD": settings_dict.get("PASSWORD"),
             "PGDATABASE": settings_dict.get("NAME")}
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                             ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY"),
                             ("passfile", "PGPASSFILE"), ("service", "PGSERVICE")):
        pairs[variable] = options.get(option)
    env.update({k: str(v) for k, v in pairs.items() if v not in (None, "")})
    env["PGAPPNAME"] = "ucj-backup"
    return env


def _tail(path: Path, limit: int = 2000) -> str:
    text = path.read_text(errors="replace").strip()
    return text[-limit:]


def _migrations(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _count_tables(connection, cursor) -> dict[str, int]:
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_dump(entries, connection, say) -> dict:
    """pg_dump of one REPEATABLE READ snapshot, with the row counts of the same snapshot."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("backup must not run inside a transaction.")
    server_major = connection.pg_version // 10000
    binary = pg_binary("pg_dump", server_major)
    info = {"vendor": "postgresql", "server_version": connection.pg_version,
            "pg_dump": subprocess.run([str(binary), "--version"], capture_output=True,
                                      text=True).stdout.strip()}
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        info["counts"] = _count_tables(connection, cursor)
        info["migrations"] = _migrations(cursor)
        with tempfile.TemporaryDirectory(prefix="ucj-backup-") as scratch:
            errors = Path(scratch) / "pg_dump.err"
            with open(errors, "wb") as err:
                process = subprocess.Popen(
                    [str(binary), "--format=custom", "--compress=6", f"--snapshot={snapshot}",
                     "--no-password"],
                    stdout=subprocess.PIPE, stderr=err, env=pg_environment(connection.settings_dict))
                try:
                    entries.add("database.pgdump", "database", _read_chunks(process.stdout),
                                **{"format": "pg_dump custom"})
                finally:
                    process.stdout.close()
                    code = process.wait()
            if code != 0:
                raise BackupError(f"pg_dump failed ({code}): {_tail(errors)}")
    say(f"database: PostgreSQL {server_major}, {len(info['counts'])} tables, "
        f"{sum(info['counts'].values())} rows, dump {entries.entries[-1]['size']:,} bytes")
    return info


def _sqlite_dump(entries, connection, say) -> dict:
    """A consistent copy through SQLite's online backup API, streamed into the archive."""
    connection.ensure_connection()
    scratch = Path(tempfile.mkdtemp(prefix=".backup-", dir=data_dir()))
    try:
        os.chmod(scratch, 0o700)
        copy = scratch / "database.sqlite3"
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
            info = {"vendor": "sqlite", "server_version": sqlite3.sqlite_version}
            cursor = target.cursor()
            tables = [row[0] for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name")]
            info["counts"] = {t: cursor.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                              for t in tables}
            info["migrations"] = _migrations(cursor)
        finally:
            target.close()
        with open(copy, "rb") as handle:
            entries.add("database.sqlite3", "database", _read_chunks(handle),
                        **{"format": "sqlite3"})
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    say(f"database: SQLite, {len(info['counts'])} tables, {sum(info['counts'].values())} rows")
    return info


def database_rows(using: str = "default") -> tuple[int, int]:
    """(tables, records that make it a database in use) of a database. ``migrate`` alone
    fills reference tables (tariffs, deadlines, agencies, permissions) but makes no user and
    writes no audit event; every database in use has users, and every change is audited."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        rows = 0
        for table in LIVE_TABLES & set(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            rows += cursor.fetchone()[0]
    return len(tables), rows


def _code_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _restore_postgresql(connection, chunks, expected: dict, tables: int) -> None:
    binary = pg_binary("pg_restore", connection.pg_version // 10000)
    if tables:  # an empty (migrated) or --force'd database: its tables go first
        try:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE")
                cursor.execute("CREATE SCHEMA public")
        except DatabaseError as exc:
            raise BackupError(
                "Could not empty the target database (its role must own the schema public): "
                f"{str(exc).splitlines()[0]}. Or restore into a new database made with "
                "createdb -O <role>.") from None
    connection.close()
    sha = hashlib.sha256()
    with tempfile.TemporaryDirectory(prefix="ucj-restore-") as scratch:
        log = Path(scratch) / "pg_restore.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [str(binary), "--no-owner", "--no-privileges", "--exit-on-error",
                 "--single-transaction", "--no-password",
                 f"--dbname={connection.settings_dict['NAME']}"],
                stdin=subprocess.PIPE, stdout=out, stderr=out,
                env=pg_environment(connection.settings_dict))
            try:
                for chunk in chunks:
                    sha.update(chunk)
                    process.stdin.write(chunk)
                process.stdin.close()
            except BrokenPipeError:
                pass
            code = process.wait()
        if code != 0:
            raise BackupError(f"pg_restore failed ({code}); the database was left as it was "
                              f"before it (one transaction): {_tail(log)}")
    if sha.hexdigest() != expected["sha256"]:
        raise BackupError("The database dump changed between the check and the restore.")


def _restore_sqlite(connection, chunks, expected: dict) -> None:
    scratch = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir()))
    try:
        os.chmod(scratch, 0o700)
        copy = scratch / "database.sqlite3"
        with open(copy, "wb") as handle:
            sha = hashlib.sha256()
            for chunk in chunks:
                sha.update(chunk)
                handle.write(chunk)
        if sha.hexdigest() != expected["sha256"]:
            raise BackupError("The database copy changed between the check and the restore.")
        source = sqlite3.connect(copy)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The database copy in the archive fails SQLite's "
                                  "integrity check.")
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    connection.close()
