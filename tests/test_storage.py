"""ucj/core/storage.py without a server: the mirror that gives the registry's engines local
files (on the data folder it is the folder itself; on a storage without local paths it fetches
and publishes), listing and copying every stored file (what backups use). A storage "without
local paths" here is a folder whose ``path()`` is refused, as S3's is; the real S3 path is
tests/test_object_storage.py."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from ucj.core import storage as stored


@pytest.fixture
def remote(tmp_path):
    """A storage whose files are not this machine's (no ``path``, as S3): a folder of another
    storage, seen through the same wrapper the registry uses on a bucket."""
    shared = stored._Prefixed(FileSystemStorage(location=str(tmp_path / "shared")), "bucket")
    assert not stored.has_local_paths(shared)
    return shared


def test_on_the_data_folder_the_mirror_is_the_folder_itself(tmp_path):
    folder = tmp_path / "registry"
    mirror = stored.Mirror(FileSystemStorage(location=str(folder)), folder)
    assert mirror.local_only
    (folder / "runs").mkdir(parents=True)
    (folder / "runs" / "r.parquet").write_bytes(b"PAR1")
    assert mirror.local("runs/r.parquet") == (folder / "runs" / "r.parquet").resolve()
    mirror.publish(folder / "runs" / "r.parquet")  # nothing to copy
    assert mirror.prune(0) == 0  # never: these are the files
    assert [p.name for p in folder.rglob("*") if p.is_file()] == ["r.parquet"]


def test_a_file_written_on_one_machine_is_read_on_another(tmp_path, remote):
    machine_a = stored.Mirror(remote, tmp_path / "a")
    machine_b = stored.Mirror(remote, tmp_path / "b")
    written = machine_a.path("runs/1/result.parquet")
    written.parent.mkdir(parents=True)
    written.write_bytes(b"x" * (3 * stored.CHUNK // 2))  # more than one chunk
    machine_a.publish(written.parent)  # a folder: each of its files
    assert remote.exists("runs/1/result.parquet")
    copy = machine_b.local("runs/1/result.parquet")
    assert copy == (tmp_path / "b" / "runs" / "1" / "result.parquet").resolve()
    assert copy.read_bytes() == written.read_bytes()
    assert not list(copy.parent.glob("*.part"))  # whole or nothing


def test_a_missing_file_or_a_name_outside_the_folder_is_not_found(tmp_path, remote):
    mirror = stored.Mirror(remote, tmp_path / "a")
    with pytest.raises(FileNotFoundError):
        mirror.local("uploads/gone.csv")
    assert not (tmp_path / "a" / "uploads" / "gone.csv").exists()
    for name in ("../outside.csv", "/etc/passwd", ""):
        with pytest.raises(FileNotFoundError):
            mirror.local(name)


def test_deleting_removes_the_shared_file_and_this_machines_copy(tmp_path, remote):
    mirror = stored.Mirror(remote, tmp_path / "a")
    remote.save("participants/s1/52.03.parquet", ContentFile(b"PAR1"))
    copy = mirror.local("participants/s1/52.03.parquet")
    mirror.delete("participants/s1")  # a folder
    assert not copy.exists() and not remote.exists("participants/s1/52.03.parquet")


def test_old_working_copies_are_pruned_and_fetched_again(tmp_path, remote):
    mirror = stored.Mirror(remote, tmp_path / "a")
    remote.save("runs/2/result.parquet", ContentFile(b"PAR1"))
    copy = mirror.local("runs/2/result.parquet")
    fresh = mirror.path("runs/3/result.parquet")
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(b"new")
    old = time.time() - 2 * 86400
    os.utime(copy, (old, old))
    assert mirror.prune(86400) == 1
    assert not copy.exists() and fresh.exists()
    assert mirror.local("runs/2/result.parquet").read_bytes() == b"PAR1"


def test_every_stored_file_is_listed_and_copied(tmp_path, remote):
    source = FileSystemStorage(location=str(tmp_path / "media"))
    for name in ("commitments/52.03/2026/a.pdf", "forums/1/b.pdf", "imports/c.xlsx", "top.txt"):
        source.save(name, ContentFile(name.encode()))
    names = list(stored.stored_names(source))
    assert names == ["top.txt", "commitments/52.03/2026/a.pdf", "forums/1/b.pdf",
                     "imports/c.xlsx"]
    assert stored.copy_all(remote, source=source) == 4  # to another storage
    assert sorted(stored.stored_names(remote)) == sorted(names)
    assert stored.copy_all(tmp_path / "out", source=remote) == 4  # to a folder
    assert (tmp_path / "out" / "forums" / "1" / "b.pdf").read_bytes() == b"forums/1/b.pdf"
    assert list(stored.stored_names(FileSystemStorage(location=str(tmp_path / "none")))) == []


def test_on_the_data_folder_the_registry_keeps_its_own_folder(settings, tmp_path):
    settings.REGISTRY_DIR = tmp_path / "registry"
    settings.MEDIA_ROOT = tmp_path / "media"
    registry = stored.registry_storage()
    assert Path(registry.location) == tmp_path / "registry"
    kinds = dict(stored.every_storage())
    assert set(kinds) == {"media", "registry"}
    assert Path(stored.imports_storage().location) == tmp_path / "media" / "imports"
