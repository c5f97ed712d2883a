"""The data folder (``UCJ_DATA_DIR``) and what lives in it are made when something is first
written there, never when the settings are imported (``manage.py check`` writes nothing;
docs/decisions.md). Each writer makes its own folder: the SQLite file (``SQLiteConnection``,
the connection factory of ``DATABASES``), the cache (``FileBasedCache``), stored files
(Django's ``FileSystemStorage`` makes its folders on save), the NIK key (ucj/core/nikkey.py),
the worker's heartbeats, the registry's and the imports' working folders, ``collectstatic``'s
``STATIC_ROOT``.

This module is imported by ucj/settings.py: standard library and Django only, nothing that
reads the settings when imported."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.filebased import FileBasedCache as DjangoFileBasedCache


def data_dir() -> Path:
    """``settings.DATA_DIR``, made (with its parents) if it is not there yet: for a writer
    that puts a file straight into it (a backup's scratch folder, a restored key)."""
    path = Path(settings.DATA_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def existing_ancestor(path: Path) -> Path:
    """``path``, or its nearest parent that exists (the disk it will be on)."""
    path = Path(path).resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


class SQLiteConnection(sqlite3.Connection):
    """A SQLite connection that makes the database file's folder first (the default database
    is a file in the data folder, made by the first ``migrate``). In-memory and ``file:``
    URI databases (the tests') are left alone."""

    def __init__(self, database, *args, **kwargs):
        name = os.fspath(database)
        if isinstance(name, str) and name and name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(database, *args, **kwargs)


class FileBasedCache(DjangoFileBasedCache):
    """Django's file cache without making its folder when the cache is opened (``manage.py
    check`` opens it): ``set`` makes it on the first write, and reads of a missing folder
    find nothing."""

    def __init__(self, dir, params):  # noqa: A002 - Django's signature
        BaseCache.__init__(self, params)
        self._dir = os.path.abspath(dir)
