"""Stored files, wherever they are kept: the data folder (the embedded default) or a private
S3-compatible bucket (``UCJ_STORAGE=s3``), shared by every web server and worker.

Everything the app stores goes through Django's storage API (``default_storage``; FileFields
use it). Two kinds of code need more than the API gives:

* **Engines that need a local path** (DuckDB and Polars in the beneficiary registry):
  ``Mirror`` keeps local working copies of the files of a storage. ``mirror.local(name)`` is
  the path to read (fetched from the storage, streamed to disk, when this machine does not have
  it); ``mirror.publish(path)`` uploads a file (or every file of a folder) written at such a
  path; ``mirror.delete(name)`` removes both. On a storage with local paths (the data folder)
  the mirror's folder *is* the storage's: nothing is copied. Files are written once under
  unique names and never changed, so a copy a machine already has is never stale.
* **Backups** (and any move between backends): ``stored_names()`` lists every stored file and
  ``copy_all()`` copies them to another storage (or a folder), streaming.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage

CHUNK = 8 * 1024 * 1024


def has_local_paths(storage: Storage) -> bool:
    """Whether the storage's files are files of this machine (``storage.path`` works)."""
    try:
        storage.path("x")
    except NotImplementedError:
        return False
    return True


def _s3_key(storage: Storage, name: str) -> str | None:
    """The object key of ``name`` on an S3 storage (django-storages), else None."""
    if not hasattr(storage, "bucket") or not hasattr(storage, "_normalize_name"):
        return None
    from storages.utils import clean_name

    return storage._normalize_name(clean_name(name))


def fetch(storage: Storage, name: str, target: Path) -> Path:
    """Copy a stored file to a local path, streaming (memory bounded by the chunk size), whole
    or not at all. FileNotFoundError when the storage has no such file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f"{target.name}.{uuid.uuid4().hex}.part")
    try:
        key = _s3_key(storage, name)
        if key is not None:
            from botocore.exceptions import ClientError

            try:
                storage.bucket.download_file(key, str(part), Config=storage.transfer_config)
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                    raise FileNotFoundError(name) from None
                raise
        else:
            with storage.open(name, "rb") as source, part.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target


def put(storage: Storage, name: str, path: Path) -> str:
    """Upload a local file under exactly ``name`` (replacing what was there), streaming
    (multipart on S3). Returns the name."""
    key = _s3_key(storage, name)
    if key is not None:
        storage.bucket.upload_file(str(path), key, Config=storage.transfer_config)
        return name
    if storage.exists(name):
        storage.delete(name)
    with path.open("rb") as handle:
        saved = storage.save(name, File(handle, name=os.path.basename(name)))
    if saved != name:  # pragma: no cover - a storage that renamed despite the delete
        raise OSError(f"stored as {saved!r}, not {name!r}")
    return name


def delete_tree(storage: Storage, prefix: str) -> int:
    """Delete every stored file under a folder name. Returns how many."""
    count = 0
    for name in stored_names(storage, prefix):
        storage.delete(name)
        count += 1
    return count


class Mirror:
    """Local working copies of the files of ``storage`` under ``root`` (names are relative
    paths, the same in both)."""

    def __init__(self, storage: Storage, root: Path):
        self.storage, self.root = storage, Path(root)
        self.local_only = (isinstance(storage, FileSystemStorage)
                           and Path(storage.location).resolve() == self.root.resolve())

    def path(self, name: str) -> Path:
        """Where the local copy of ``name`` is (or will be): not fetched."""
        root = self.root.resolve()
        path = (root / name).resolve()
        if path == root or not path.is_relative_to(root):
            raise FileNotFoundError("not a stored file")
        return path

    def name(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.root.resolve()).as_posix()

    def local(self, name: str) -> Path:
        """A local path to read ``name`` from: fetched from the storage when missing here."""
        path = self.path(name)
        if not self.local_only and not path.exists():
            fetch(self.storage, name, path)
        return path

    def publish(self, path: Path) -> None:
        """Upload a file written at a local path of the mirror, or every file of a folder."""
        if self.local_only:
            return
        path = Path(path)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            put(self.storage, self.name(file), file)

    def prune(self, older_than: float, under: str = "") -> int:
        """Remove this machine's working copies (all, or those of the folder ``under``) older
        than ``older_than`` seconds; never on a storage with local paths, where they are the
        files. Returns how many."""
        folder = self.root / under
        if self.local_only or not folder.is_dir():
            return 0
        cutoff, count = time.time() - older_than, 0
        for path in folder.rglob("*"):
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    count += 1
            except FileNotFoundError:
                continue
        return count

    def delete(self, name: str) -> None:
        """A file (or every file of a folder) here and in the storage."""
        path = self.path(name)
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        if not self.local_only and not delete_tree(self.storage, name):  # a folder, or:
            self.storage.delete(name)


# --- every stored file (backups) -----------------------------------------------------------------

def stored_names(storage: Storage | None = None, prefix: str = "") -> Iterator[str]:
    """Every stored file's name under ``prefix`` (all when empty), depth first, sorted."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):  # nothing there, or a file
        return
    base = f"{prefix.rstrip('/')}/" if prefix else ""
    for file in sorted(files):
        yield f"{base}{file}"
    for folder in sorted(folders):
        yield from stored_names(storage, f"{base}{folder}")


def folder_storage(folder: str, local_dir: Path) -> Storage:
    """The files of one part of the app worked on as local files: on the data folder, its own
    folder ``local_dir`` (where they were before object storage); on object storage, the
    default storage's ``folder/``."""
    if has_local_paths(default_storage):
        return FileSystemStorage(location=str(local_dir))
    return _Prefixed(default_storage, folder)


def registry_storage() -> Storage:
    """The beneficiary registry's files (lists, Parquet, results): ``REGISTRY_DIR`` or the
    bucket's ``registry/``."""
    return folder_storage("registry", Path(settings.REGISTRY_DIR))


def imports_storage() -> Storage:
    """Kept import uploads and their marked-up error workbooks: ``MEDIA_ROOT/imports`` (inside
    the default storage's folder, so listed with it) or the bucket's ``imports/``."""
    return folder_storage("imports", Path(settings.MEDIA_ROOT) / "imports")


class _Prefixed(Storage):
    """A storage seen under one of its folders."""

    def __init__(self, inner: Storage, prefix: str):
        self.inner, self.prefix = inner, prefix.strip("/")
        if hasattr(inner, "bucket"):
            self.transfer_config = inner.transfer_config

    def _n(self, name: str) -> str:
        return f"{self.prefix}/{name.lstrip('/')}" if name else self.prefix

    @property
    def bucket(self):
        return self.inner.bucket

    def _normalize_name(self, name):
        return self.inner._normalize_name(self._n(name))

    def _open(self, name, mode="rb"):
        return self.inner.open(self._n(name), mode)

    def _save(self, name, content):
        return self.inner.save(self._n(name), content)[len(self.prefix) + 1:]

    def delete(self, name):
        self.inner.delete(self._n(name))

    def exists(self, name):
        return self.inner.exists(self._n(name))

    def listdir(self, path):
        return self.inner.listdir(self._n(path))

    def size(self, name):
        return self.inner.size(self._n(name))

    def get_modified_time(self, name):
        return self.inner.get_modified_time(self._n(name))


def every_storage() -> list[tuple[str, Storage]]:
    """The storages whose files a backup must hold: ``("media", default storage)`` and, when
    the registry keeps its own folder, ``("registry", its storage)`` (on object storage the
    registry is the ``registry/`` folder of the default storage, so listed with it)."""
    found = [("media", default_storage)]
    registry = registry_storage()
    if isinstance(registry, FileSystemStorage):
        found.append(("registry", registry))
    return found


def copy_all(target: Storage | Path, *, source: Storage | None = None) -> int:
    """Copy every file of ``source`` (default: the default storage) to another storage, or to
    a local folder, under the same names; streaming. Returns the number of files copied."""
    source = source or default_storage
    count = 0
    for name in stored_names(source):
        if isinstance(target, Path):
            fetch(source, name, target / name)
        else:
            with tempfile.TemporaryDirectory() as folder:
                local = fetch(source, name, Path(folder) / "file")
                put(target, name, local)
        count += 1
    return count
