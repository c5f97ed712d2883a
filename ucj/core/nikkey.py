"""The NIK key: 64 hex digits behind the registry's NIK pseudonyms (HMAC) and NIK encryption.

``UCJ_NIK_KEY`` from the environment, else the file ``nik.key`` in the data folder, made once
(mode 600) by the first process that needs it — the registry's hasher, a backup — never when
the settings are imported. Every process of an installation must use the same key: a new one
makes earlier pseudonyms unmatchable and earlier NIKs unreadable (docs/security.md).

ucj/settings.py imports this module (``UCJ_NIK_HASH_KEY`` and ``UCJ_NIK_CIPHER_KEY`` are lazy
strings computed here on first use): standard library and Django only."""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets

from ucj.core.datadir import data_dir

HASH_LABEL = b"ucj-nik-hash"
CIPHER_LABEL = b"ucj-nik-cipher"


def nik_key() -> tuple[str, str]:
    """The NIK key as 64 lower-case hex digits and where it comes from ("environment" or
    "file"); the key file is made when there is none yet."""
    raw = os.environ.get("UCJ_NIK_KEY", "").strip()
    if raw:
        return raw.lower(), "environment"
    path = data_dir() / "nik.key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made earlier, or by another process a moment ago
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().lower(), "file"


def derived_keys(key_hex: str) -> tuple[bytes, bytes]:
    """The hash key and the cipher key the registry uses, derived from the NIK key."""
    key = bytes.fromhex(key_hex)
    return (hmac.new(key, HASH_LABEL, hashlib.sha256).digest(),
            hmac.new(key, CIPHER_LABEL, hashlib.sha256).digest())


@functools.cache
def _process_keys() -> tuple[str, str]:
    """This process's derived keys, read once (as the settings did when imported)."""
    hash_key, cipher_key = derived_keys(nik_key()[0])
    return hash_key.hex(), cipher_key.hex()


def hash_key_hex() -> str:
    return _process_keys()[0]


def cipher_key_hex() -> str:
    return _process_keys()[1]
