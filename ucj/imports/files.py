"""The files an import keeps: the upload (for the preview, the apply and the marked-up error
file) and its error workbook, in the imports folder through the storage API
(``ucj/core/storage.py``). A job records a file's local path; its name (unique: the job's id)
is what every machine finds it by.

A file is written whole or not at all, before its record, and removed if the record cannot
be written; a file a transaction forgets is removed once that transaction commits."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ucj.core.storage import Mirror, imports_storage
from ucj.imports.models import ImportJob


def storage_dir() -> Path:
    """This machine's folder of kept import files (on object storage: its working copies)."""
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def files() -> Mirror:
    """Kept files through the storage API (ucj/core/storage.py). A job records a file's local
    path; its name (unique: the job's id) is what every machine finds it by."""
    return Mirror(imports_storage(), storage_dir())


def local_file(recorded: str) -> Path:
    """The local path of a kept file (fetched from object storage when this machine lacks
    it); FileNotFoundError when it is not kept."""
    if not recorded:
        raise FileNotFoundError("not kept")
    return files().local(Path(recorded).name)


def forget(recorded: str) -> None:
    if recorded:
        files().delete(Path(recorded).name)


def write_whole(path: Path, write: Callable[[Path], object]) -> Path:
    """Write a file whole or not at all: ``write`` fills a temporary name, then it is renamed
    into place."""
    part = path.with_name(path.name + ".part")
    try:
        write(part)
        os.replace(part, path)
        files().publish(path)
    except BaseException:
        part.unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        raise
    return path


def write_file(path: Path, data: bytes) -> Path:
    def write(part: Path) -> None:
        part.write_bytes(data)

    return write_whole(path, write)


def unlink_later(*paths: str) -> None:
    """Remove files once the transaction that forgets them commits."""
    for path in paths:
        if path:
            transaction.on_commit(lambda p=path: forget(p))


def stored_data(job: ImportJob) -> bytes:
    """The kept upload of a job; a ValidationError when it is no longer kept."""
    try:
        return local_file(job.stored_path).read_bytes()
    except FileNotFoundError:
        raise ValidationError(_("The uploaded file is no longer kept; upload it again.")
                              ) from None


def remove_file(job: ImportJob) -> None:
    """Forget a job's files (removed once the transaction commits); the caller saves it."""
    unlink_later(job.stored_path, job.errors_path)
    job.stored_path = job.errors_path = ""


def kept(recorded: str) -> bool:
    """Whether a recorded file is still there (on object storage: its shared copy)."""
    name = Path(recorded).name
    mirror = files()
    return (mirror.path(name).exists() if mirror.local_only
            else mirror.storage.exists(name))
