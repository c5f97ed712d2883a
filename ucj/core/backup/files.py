"""The stored files in a backup: which storages, their names, writing one back."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage

from ucj.core.backup.common import BackupError, _read_chunks
from ucj.core.datadir import data_dir
from ucj.core.storage import every_storage, put, registry_storage


def _storages() -> dict[str, object]:
    """The storages of each kind of entry: "storage" the default storage (documents,
    attachments, imports, reports; on object storage the registry too), "registry" the
    registry's own folder when it has one (ucj/core/storage.py ``every_storage``)."""
    return {("storage" if label == "media" else label): storage
            for label, storage in every_storage()}


def _target_storage(kind: str):
    return default_storage if kind == "storage" else registry_storage()


def _safe_name(name: str) -> str:
    parts = name.split("/")
    if (not name or name.startswith("/") or "\\" in name or "\x00" in name
            or any(p in ("", ".", "..") for p in parts)):
        raise BackupError("The archive names a file outside its folder: refused.")
    return name


def _entry_name(entry: dict) -> str:
    return _safe_name(entry["name"].split("/", 1)[1])


def _restore_file(storage, name: str, chunks, expected: dict) -> None:
    """One stored file, written to a private scratch file first (checked against the
    manifest), then put into its storage under exactly its name."""
    scratch = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir()))
    try:
        os.chmod(scratch, 0o700)
        local = scratch / "file"
        sha = hashlib.sha256()
        with open(local, "wb") as out:
            for chunk in chunks:
                sha.update(chunk)
                out.write(chunk)
        if sha.hexdigest() != expected["sha256"]:
            raise BackupError("A file changed between the check and the restore: stopped.")
        put(storage, name, local)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _sha_storage(storage, name: str) -> str:
    sha = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in _read_chunks(handle):
            sha.update(chunk)
    return sha.hexdigest()
