"""The NIK key in a backup: its fingerprint, and where a restore puts it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from pathlib import Path

from ucj.core.backup.common import RestoreResult
from ucj.core.datadir import data_dir


def key_fingerprint(key_hex: str) -> str:
    """Tells two keys apart without revealing them (shown in the manifest and the output)."""
    return hashlib.sha256(b"ucj-nik-key-fingerprint\n" + bytes.fromhex(key_hex)).hexdigest()[:16]


def _write_key(key_hex: str, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key_hex + "\n")
    os.replace(temporary, path)


def _restore_key(key_hex: str, source: str, key_out: Path | None, result: RestoreResult) -> None:
    fingerprint = key_fingerprint(key_hex)
    environment = os.environ.get("UCJ_NIK_KEY", "").strip().lower()
    if environment == key_hex:
        result.notes.append(f"NIK key: UCJ_NIK_KEY in this environment is the backup's key "
                            f"(fingerprint {fingerprint}).")
        return
    if environment or source == "environment":
        target = key_out or data_dir() / "nik.key.from-backup"
        _write_key(key_hex, target)
        why = ("UCJ_NIK_KEY in this environment is NOT the backup's key"
               if environment else "the backup's key came from UCJ_NIK_KEY")
        result.notes.append(
            f"NIK key: {why}. The backup's key (fingerprint {fingerprint}) is in {target} "
            "(mode 600): put its content into UCJ_NIK_KEY in the environment of every UCJ "
            "process (e.g. the systemd EnvironmentFile), restart them, then delete that file.")
        return
    path = data_dir() / "nik.key"
    if path.is_file():
        current = path.read_text().strip().lower()
        if current == key_hex:
            result.notes.append(f"NIK key: {path} is already the backup's key "
                                f"(fingerprint {fingerprint}).")
            return
        kept = path.with_name(f"nik.key.before-restore-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
        os.replace(path, kept)
        result.notes.append(f"NIK key: the key file that was there is kept as {kept}.")
    _write_key(key_hex, path)
    result.notes.append(f"NIK key: restored to {path} (fingerprint {fingerprint}); restart every "
                        "UCJ process so that it reads it.")
