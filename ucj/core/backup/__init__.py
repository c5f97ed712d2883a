"""Backups that restore: one encrypted archive with the database, the stored files and the NIK key.

``manage.py backup --out DIR`` writes ``ucj-backup-<UTC time>.ucjbackup``; ``manage.py restore
--from FILE`` puts it back into an empty database (docs/deploy.md "Backups and restore",
docs/security.md "Backup encryption and the NIK key").

The file, as written (nothing in it is readable without the passphrase but the header):

    "UCJBAK01"  u32 header length  header (JSON: cipher, scrypt salt and cost, nonce prefix,
                                           a check value of the key)
    frame*      u32 length  AES-256-GCM(chunk)    nonce = prefix(7) ‖ counter(u32) ‖ last(u8)
                                                  associated data = magic ‖ header

Each frame is at most ``CHUNK`` bytes of plain text: writing and reading hold one frame in
memory, whatever the size of the database. The counter in the nonce keeps frames in order, the
"last" byte marks the final one, so a frame dropped, moved, repeated or cut off at the end is
refused (the STREAM construction of age and Tink). The key comes from the passphrase through
scrypt (n=2^17, r=8, p=1: 128 MiB and about a second per try).

The plain text inside is a sequence of entries, each ``"E"  u32 len  JSON {name, kind}`` then
its data as ``u32 n  n bytes`` pieces ending with ``u32 0``; ``"Z"`` ends the sequence. The
entries are, in order: the database dump (PostgreSQL: ``pg_dump --format=custom`` straight
from the server's snapshot, never a plain file on disk; SQLite: a copy made with SQLite's online
backup API), every stored file (the default storage, through Django's storage API, as
``storage/<name>``; the registry folder when it is a local folder of its own, as
``registry/<path>``), the NIK key (``nik.key``), and last the manifest (``manifest.json``):
versions, the applied migrations, the number of rows of every table in the dumped snapshot,
and the size and SHA-256 of every other entry.

A restore reads the file twice: first only to check it (passphrase, every frame, every
checksum against the manifest; nothing is written), then to restore it, and finally checks
what it restored: the files against the manifest's checksums, the row counts of every table,
the audit log against its seals, and that the registry's encrypted NIKs decrypt, with the
restored key, to the pseudonyms stored beside them. Nothing here prints a name, a NIK or a
file name: only counts, sizes and kinds.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import io
import json
import os
import platform
import secrets
import struct
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import django
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections

from ucj.core.backup import checks
from ucj.core.backup.common import (
    CHUNK,
    BackupError,
    BackupResult,
    RestoreResult,
    WrongPassphrase,
    _read_chunks,
)
from ucj.core.backup.database import (
    _code_migrations,
    _count_tables,
    _pg_dump,
    _restore_postgresql,
    _restore_sqlite,
    _sqlite_dump,
    database_rows,
)
from ucj.core.backup.files import _entry_name, _restore_file, _sha_storage, _storages, _target_storage
from ucj.core.backup.keys import _restore_key, key_fingerprint
from ucj.core.nikkey import derived_keys, nik_key  # the key the backup carries (and checks)
from ucj.core.storage import stored_names

# The backup's public names (the commands and tests use them from here).
__all__ = [
    "CHUNK", "MAGIC", "MIN_PASSPHRASE", "SCRYPT", "BackupError", "BackupResult",
    "DecryptingReader", "EncryptingWriter", "RestoreResult", "WrongPassphrase",
    "database_rows", "derived_keys", "key_fingerprint", "make_backup", "nik_key",
    "restore_archive", "verify_archive",
]

MAGIC = b"UCJBAK01"
FORMAT = 1
MAX_FRAME = 4 * 1024 * 1024  # a frame longer than this is refused (bounded memory on reading)
MAX_HEADER = 64 * 1024
SCRYPT = {"n": 2**17, "r": 8, "p": 1}
MAX_SCRYPT_N = 2**20  # a header asking more is refused (a file must not exhaust the machine)
SUFFIX = ".ucjbackup"
MIN_PASSPHRASE = 12


# --- the encrypted stream ----------------------------------------------------------------------

@functools.lru_cache(maxsize=4)  # a restore reads the archive twice: one scrypt run
def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, str]:
    """The AES key and the header's check value of a passphrase."""
    raw = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return raw[:32], hashlib.sha256(b"ucj-backup-check\n" + raw[32:]).hexdigest()


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


class EncryptingWriter:
    """A write-only stream that encrypts into ``out`` frame by frame."""

    def __init__(self, out, passphrase: str):
        salt, self._prefix = os.urandom(16), os.urandom(7)
        key, check = _derive(passphrase, salt, **SCRYPT)
        header = json.dumps({"format": FORMAT, "cipher": "AES-256-GCM", "chunk": CHUNK,
                             "kdf": {"name": "scrypt", "salt": salt.hex(), **SCRYPT},
                             "nonce_prefix": self._prefix.hex(), "check": check},
                            sort_keys=True).encode()
        self._aad = MAGIC + header
        out.write(MAGIC + struct.pack(">I", len(header)) + header)
        self._out, self._aead, self._buffer, self._counter = out, AESGCM(key), bytearray(), 0
        self.closed = False

    def _frame(self, data: bytes, last: bool) -> None:
        if self._counter >= 2**32 - 1:
            raise BackupError("Archive too large for one file (2^32 frames).")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), data, self._aad)
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep one (possibly full) chunk for the last frame
            self._frame(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._frame(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True


def _read_exactly(stream, n: int, what: str) -> bytes:
    data = stream.read(n)
    if len(data) != n:
        raise BackupError(f"The archive ends early ({what}): it is cut off or not a backup.")
    return data


class DecryptingReader(io.RawIOBase):
    """The plain text of an archive, read frame by frame; refuses anything altered."""

    def __init__(self, source, passphrase: str):
        if source.read(len(MAGIC)) != MAGIC:
            raise BackupError("Not a UCJ Monitor backup (its first bytes are not UCJBAK01).")
        (length,) = struct.unpack(">I", _read_exactly(source, 4, "header"))
        if length > MAX_HEADER:
            raise BackupError("Not a UCJ Monitor backup (header too long).")
        raw = _read_exactly(source, length, "header")
        try:
            header = json.loads(raw)
            kdf = header["kdf"]
            n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
            salt, prefix = bytes.fromhex(kdf["salt"]), bytes.fromhex(header["nonce_prefix"])
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupError("Not a UCJ Monitor backup (unreadable header).") from exc
        if header.get("format") != FORMAT or kdf.get("name") != "scrypt" or len(prefix) != 7:
            raise BackupError(f"Backup format {header.get('format')!r} is not known to this "
                              "version of UCJ Monitor.")
        if n > MAX_SCRYPT_N or r > 32 or p > 16:
            raise BackupError("The archive's header asks an unreasonable key-derivation cost.")
        key, check = _derive(passphrase, salt, n, r, p)
        if not hmac.compare_digest(check, str(header.get("check", ""))):
            raise WrongPassphrase("Wrong passphrase: this archive was made with another one "
                                  "(nothing was restored).")
        self._source, self._aead, self._prefix = source, AESGCM(key), prefix
        self._aad = MAGIC + raw
        self._counter, self._plain, self._done = 0, b"", False
        self.offset = len(MAGIC) + 4 + length

    def readable(self) -> bool:
        return True

    def _next(self) -> None:
        head = self._source.read(4)
        if len(head) < 4:
            raise BackupError("The archive is cut off: its last part is missing.")
        (length,) = struct.unpack(">I", head)
        if length > MAX_FRAME + 16:
            raise BackupError(f"The archive is damaged near byte {self.offset}.")
        sealed = _read_exactly(self._source, length, "a frame")
        for last in (False, True):
            try:
                self._plain = self._aead.decrypt(_nonce(self._prefix, self._counter, last),
                                                 sealed, self._aad)
            except InvalidTag:
                continue
            break
        else:
            raise BackupError(f"The archive is damaged or altered near byte {self.offset} "
                              "(a frame does not authenticate).")
        self.offset += 4 + length
        self._counter += 1
        if last:
            if self._source.read(1):
                raise BackupError("The archive has data after its end: it was altered.")
            self._done = True

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            raise ValueError("read a bounded amount")
        while not self._plain and not self._done:
            self._next()
        data, self._plain = self._plain[:n], self._plain[n:]
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


# --- entries inside the plain text -------------------------------------------------------------

class EntryWriter:
    def __init__(self, stream: EncryptingWriter):
        self._stream = stream
        self.entries: list[dict] = []

    def add(self, name: str, kind: str, chunks, **extra) -> dict:
        meta = json.dumps({"name": name, "kind": kind}).encode()
        self._stream.write(b"E" + struct.pack(">I", len(meta)) + meta)
        sha, size = hashlib.sha256(), 0
        for chunk in chunks:
            if not chunk:
                continue
            sha.update(chunk)
            size += len(chunk)
            for start in range(0, len(chunk), CHUNK):
                piece = chunk[start:start + CHUNK]
                self._stream.write(struct.pack(">I", len(piece)) + piece)
        self._stream.write(struct.pack(">I", 0))
        entry = {"name": name, "kind": kind, "size": size, "sha256": sha.hexdigest(), **extra}
        self.entries.append(entry)
        return entry

    def finish(self) -> None:
        self._stream.write(b"Z")


def read_entries(reader) -> Iterator[tuple[dict, Iterator[bytes]]]:
    """Each entry's {name, kind} and an iterator of its data (read it to the end before asking
    for the next entry)."""
    while True:
        mark = _read_exactly(reader, 1, "an entry")
        if mark == b"Z":
            if reader.read(1):
                raise BackupError("The archive has data after its last entry.")
            return
        if mark != b"E":
            raise BackupError("The archive's contents are not in the expected form.")
        (length,) = struct.unpack(">I", _read_exactly(reader, 4, "an entry"))
        if length > MAX_HEADER:
            raise BackupError("The archive's contents are not in the expected form.")
        meta = json.loads(_read_exactly(reader, length, "an entry"))

        def data() -> Iterator[bytes]:
            while True:
                (n,) = struct.unpack(">I", _read_exactly(reader, 4, "a file"))
                if n == 0:
                    return
                if n > MAX_FRAME:
                    raise BackupError("The archive's contents are not in the expected form.")
                yield _read_exactly(reader, n, "a file")

        chunks = data()
        yield meta, chunks
        for _rest in chunks:  # the caller may stop early: skip what it left
            pass


# --- what is backed up ------------------------------------------------------------------------


# --- PostgreSQL's tools -----------------------------------------------------------------------


# --- making a backup ---------------------------------------------------------------------------

def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
                             capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def make_backup(out_dir: Path, passphrase: str, *, using: str = "default",
                say: Callable[[str], None] = lambda text: None) -> BackupResult:
    """Write one encrypted archive into ``out_dir`` (made 0700 if new); returns its path."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"The passphrase is too short: use at least {MIN_PASSPHRASE} "
                          "characters (a few random words).")
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    out_dir = Path(out_dir)
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    final = out_dir / f"ucj-backup-{started:%Y%m%dT%H%M%SZ}{SUFFIX}"
    partial = out_dir / f".{final.name}.{secrets.token_hex(4)}.part"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb", buffering=1024 * 1024) as out:
            stream = EncryptingWriter(out, passphrase)
            entries = EntryWriter(stream)
            dump = (_pg_dump if connection.vendor == "postgresql" else _sqlite_dump)(
                entries, connection, say)
            files = 0
            for kind, storage in _storages().items():
                for name in stored_names(storage):
                    with storage.open(name, "rb") as handle:
                        entries.add(f"{kind}/{name}", kind, _read_chunks(handle))
                    files += 1
            size = sum(e["size"] for e in entries.entries if e["kind"] != "database")
            say(f"files: {files} ({size:,} bytes)")
            key_hex, source = nik_key()
            entries.add("nik.key", "key", [key_hex.encode() + b"\n"], source=source)
            say(f"NIK key: from the {'environment (UCJ_NIK_KEY)' if source == 'environment' else 'key file'}"
                f", fingerprint {key_fingerprint(key_hex)}")
            manifest = {
                "format": FORMAT, "created": started.isoformat(timespec="seconds"),
                "application": {"name": "ucj-monitor", "commit": _git_commit()},
                "versions": {"django": django.get_version(), "python": platform.python_version()},
                "database": {k: v for k, v in dump.items() if k not in ("counts", "migrations")},
                "counts": dump["counts"], "migrations": dump["migrations"],
                "storage": {"backend": f"{type(default_storage).__module__}."
                                       f"{type(default_storage).__name__}"},
                "key": {"source": source, "fingerprint": key_fingerprint(key_hex)},
                "entries": list(entries.entries),
            }
            entries.add("manifest.json", "manifest",
                        [json.dumps(manifest, indent=1, sort_keys=True).encode()])
            entries.finish()
            stream.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(path=final, size=final.stat().st_size, manifest=manifest)


# --- checking and restoring ------------------------------------------------------------------

def verify_archive(path: Path, passphrase: str) -> dict:
    """Read the whole archive, check every frame and every entry's checksum against the
    manifest; return the manifest. Writes nothing."""
    seen: list[dict] = []
    manifest = None
    with open(path, "rb") as source:
        reader = DecryptingReader(source, passphrase)
        buffered = io.BufferedReader(reader, buffer_size=CHUNK)
        for meta, chunks in read_entries(buffered):
            if meta.get("kind") == "manifest":
                manifest = json.loads(b"".join(chunks))
                continue
            sha, size = hashlib.sha256(), 0
            for chunk in chunks:
                sha.update(chunk)
                size += len(chunk)
            seen.append({"name": meta["name"], "kind": meta["kind"], "size": size,
                         "sha256": sha.hexdigest()})
    if manifest is None:
        raise BackupError("The archive has no manifest: it is incomplete.")
    listed = [{k: e[k] for k in ("name", "kind", "size", "sha256")} for e in manifest["entries"]]
    if listed != seen:
        bad = sum(1 for a, b in zip(listed, seen, strict=False) if a != b)
        raise BackupError(f"The archive does not match its manifest ({bad} entries differ, "
                          f"{len(listed)} listed, {len(seen)} found).")
    return manifest


def restore_archive(path: Path, passphrase: str, *, force: bool = False,
                    key_out: Path | None = None, using: str = "default",
                    say: Callable[[str], None] = lambda text: None) -> RestoreResult:
    """Check the archive, restore it into an empty database (or any with ``force``), then check
    what was restored. Raises BackupError before writing anything when the archive, the
    passphrase or the target is not right."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No such backup file: {path}")
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Restores support PostgreSQL and SQLite, not {connection.vendor}.")
    manifest = verify_archive(path, passphrase)
    say(f"archive: checked ({len(manifest['entries'])} entries, made {manifest['created']}, "
        f"database {manifest['database']['vendor']})")
    tables = _check_target(connection, manifest, force=force, using=using)
    file_entries = [e for e in manifest["entries"] if e["kind"] in ("storage", "registry")]
    _check_file_clashes(file_entries, force=force)
    result = RestoreResult(manifest=manifest)
    key_hex = _restore_entries(path, passphrase, connection, tables, result, key_out=key_out,
                               say=say)
    say(f"files: {result.files} restored")
    _check_restored(file_entries, key_hex, result, using=using)
    return result


def _check_target(connection, manifest: dict, *, force: bool, using: str) -> int:
    """Refuse a target of another vendor, one holding data, or a backup of a newer version
    (the last two unless ``force``); returns the number of tables the target has."""
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"This backup holds a {vendor} database; DATABASE_URL points to "
                          f"{connection.vendor}. Restore it into the same kind of database.")
    tables, rows = database_rows(using)
    if rows and not force:
        raise BackupError(f"The target database is not empty ({rows} users and audit events): "
                          "restore into an empty database, or add --force to replace "
                          "everything in it.")
    unknown = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown -= _code_migrations()
    if unknown and not force:
        raise BackupError(f"The backup was made by a newer version of UCJ Monitor "
                          f"({len(unknown)} migrations unknown here): install that version "
                          "first.")
    return tables


def _check_file_clashes(file_entries: list[dict], *, force: bool) -> None:
    clashes = 0
    for entry in file_entries:
        storage, name = _target_storage(entry["kind"]), _entry_name(entry)
        clashes += storage.exists(name) and _sha_storage(storage, name) != entry["sha256"]
    if clashes and not force:
        raise BackupError(f"{clashes} stored files of the backup already exist here with other "
                          "contents: restore into an empty data folder (or storage), or add "
                          "--force to overwrite them.")


def _restore_entries(path: Path, passphrase: str, connection, tables: int,
                     result: RestoreResult, *, key_out: Path | None,
                     say: Callable[[str], None]) -> str:
    """Read the archive a second time and put back each entry; returns the NIK key."""
    vendor = result.manifest["database"]["vendor"]
    key_hex = None
    with open(path, "rb") as source:
        reader = io.BufferedReader(DecryptingReader(source, passphrase), buffer_size=CHUNK)
        listed = iter(result.manifest["entries"])
        for meta, chunks in read_entries(reader):
            if meta["kind"] == "manifest":
                continue
            expected = next(listed)
            kind = meta["kind"]
            if kind == "database":
                say("database: restoring …")
                if vendor == "postgresql":
                    _restore_postgresql(connection, chunks, expected, tables)
                else:
                    _restore_sqlite(connection, chunks, expected)
            elif kind in ("storage", "registry"):
                _restore_file(_target_storage(kind), _entry_name(meta), chunks, expected)
                result.files += 1
            elif kind == "key":
                key_hex = b"".join(chunks).decode().strip().lower()
                _restore_key(key_hex, expected.get("source", "file"), key_out, result)
    if key_hex is None:
        raise BackupError("The archive holds no NIK key.")
    return key_hex


def _check_restored(file_entries: list[dict], key_hex: str, result: RestoreResult, *,
                    using: str) -> None:
    """What was restored, checked: the files, the row counts, then the apps' own checks."""
    manifest = result.manifest
    for entry in file_entries:
        storage, name = _target_storage(entry["kind"]), _entry_name(entry)
        if not storage.exists(name) or _sha_storage(storage, name) != entry["sha256"]:
            result.problems.append(f"a {entry['kind']} file ({entry['size']:,} bytes) does not "
                                   "match the manifest's checksum")
    connection = connections[using]
    with connection.cursor() as cursor:
        counts = _count_tables(connection, cursor)
    differ = sorted(t for t, n in manifest["counts"].items() if counts.get(t) != n)
    if differ:
        result.problems.append(f"{len(differ)} tables have other row counts than the backup: "
                               + ", ".join(differ[:10]))
    result.tables, result.rows = len(counts), sum(counts.values())
    pending = _code_migrations() - {(a, n) for a, ns in manifest["migrations"].items() for n in ns}
    try:  # the apps' checks: the audit log against its seals, the registry's NIKs
        checks.run(key_hex, counts, notes=result.notes, problems=result.problems)
    except DatabaseError:  # the code's models are newer than the restored tables
        if not pending:
            raise
        result.notes.append("audit seals and NIKs not checked: run manage.py migrate, then "
                            "manage.py audit_verify.")
    if pending:
        result.notes.append(f"{len(pending)} migrations of this version are newer than the "
                            "backup: run manage.py migrate.")
