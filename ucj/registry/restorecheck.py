"""What a restore checks of the registry (registered with ``ucj.core.backup.checks`` by the
registry's AppConfig): its encrypted NIKs decrypt, with the restored key, to the pseudonyms
stored beside them. Counts only: no NIK, no name."""

from __future__ import annotations

import numpy as np

from ucj.core.nikkey import derived_keys
from ucj.registry import engine
from ucj.registry.engine import pseudonym_hex
from ucj.registry.models import Enrollment


def restored_niks(key_hex: str, counts: dict[str, int]) -> tuple[list[str], list[str]]:
    """(notes, problems) of the restore's check of the registry's NIKs."""
    checked, matching = check_registry_key(key_hex)
    if checked != matching:
        return [], [f"{checked - matching} of {checked} encrypted NIKs do not decrypt "
                    "to their pseudonyms with the restored key"]
    return [f"registry: {checked} encrypted NIKs decrypt with the restored key"], []


def check_registry_key(key_hex: str, *, limit: int | None = None) -> tuple[int, int]:
    """(checked, matching): the registry's encrypted NIKs decrypted with this key give the
    pseudonyms stored beside them (with the hash key of the same NIK key)."""
    hash_key, cipher_key = derived_keys(key_hex)
    checked = matching = 0
    rows = (Enrollment.objects.order_by("run_id", "row_no")
            .values_list("run_id", "run__nonce", "row_no", "nik_enc", "nik_hash"))
    if limit:
        rows = rows[:limit]
    batch: list[tuple] = []

    def flush() -> None:
        nonlocal checked, matching
        if not batch:
            return
        nonce = bytes.fromhex(batch[0][1])
        encrypted = np.array([int(r[3]) for r in batch], dtype=np.uint64)
        numbers = engine.encrypt_niks(encrypted, np.array([r[2] for r in batch]),
                                      key=cipher_key, nonce=nonce)
        hi, lo = engine.pseudonyms(numbers, hash_key)
        for i, row in enumerate(batch):
            checked += 1
            matching += pseudonym_hex(hi[i], lo[i]) == row[4]
        batch.clear()

    for row in rows.iterator(chunk_size=5000):
        if batch and (row[0] != batch[0][0] or len(batch) >= 5000):
            flush()
        batch.append(row)
    flush()
    return checked, matching
