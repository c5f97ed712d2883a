"""Where the beneficiary registry's files live: the registry's folder (``UCJ_DATA_DIR``'s
``registry``) or, on object storage, working copies of this machine (``ucj.core.storage``),
and how the engine reads a stored list. Uploaded lists hold names and NIKs: a copy is kept no
longer than it is needed (``ucj.registry.services`` deletes the files; here only a machine's
working copies are pruned)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.conf import settings

from ucj.core.storage import Mirror, registry_storage
from ucj.registry import engine
from ucj.registry.models import SourceFile

ORPHAN_GRACE = dt.timedelta(hours=1)  # an upload being written has no record until it commits
WORKING_COPY_SECONDS = 24 * 3600  # on object storage, local copies of shared files are dropped


def registry_dir() -> Path:
    path = Path(settings.REGISTRY_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def stored_path(recorded: str) -> Path:
    """The file a record names (a path relative to the registry's folder, or an absolute path
    for a file given on the command line). Never the folder itself (an empty path: the file
    was deleted) nor anything outside it: FileNotFoundError. On object storage the file is
    fetched to this machine first (FileNotFoundError when the bucket does not have it)."""
    if not recorded:
        raise FileNotFoundError("the stored file has been deleted")
    path = Path(recorded)
    if path.is_absolute():
        return path
    mirror = registry_mirror()
    _prune_now_and_then(mirror)
    return mirror.local(recorded)


_last_prune: float | None = None


def _prune_now_and_then(mirror: Mirror) -> None:
    """On object storage, drop this machine's old working copies, at most every ten minutes
    per process (a web server may run no housekeeping): copies of uploaded lists (names and
    NIKs) after an hour, others after a day. Each is fetched again if needed."""
    global _last_prune
    now = time.monotonic()
    if mirror.local_only or (_last_prune is not None and now - _last_prune < 600):
        return
    _last_prune = now
    mirror.prune(ORPHAN_GRACE.total_seconds(), under="uploads")
    mirror.prune(WORKING_COPY_SECONDS)


def registry_mirror() -> Mirror:
    """The registry's files as local paths for DuckDB and Polars (ucj/core/storage.py): on
    the data folder, the files themselves; on object storage, working copies of this machine,
    fetched when missing, uploaded (``publish``) once written."""
    return Mirror(registry_storage(), registry_dir())


def layout_of(source: SourceFile) -> engine.Layout:
    """How the engine reads a stored file."""
    return engine.Layout(delimiter=source.delimiter or ",", header_row=source.header_row or 1)
