"""What every part of the backup shares: its errors, its results, its chunk size."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHUNK = 256 * 1024  # plain text per frame


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (no personal
    data in it)."""


class WrongPassphrase(BackupError):
    pass


def _read_chunks(handle, size: int = CHUNK) -> Iterator[bytes]:
    while chunk := handle.read(size):
        yield chunk


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict


@dataclass
class RestoreResult:
    manifest: dict
    tables: int = 0
    rows: int = 0
    files: int = 0
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
