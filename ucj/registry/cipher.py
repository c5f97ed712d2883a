"""The NIK cipher of the registry: the keyed pseudonym of a NIK (AES-256 of the NIK under the
hash key: equal NIKs, equal pseudonyms; only the key holder can compute or invert one) and the
NIK encrypted per row (AES-256-CTR under a run's nonce and the row's line number: any row
decrypts on its own). Pure numpy and ``cryptography``: the same code runs in the embedded
engine and in Spark's Python workers (``ucj.registry.spark``)."""

from __future__ import annotations

import numpy as np
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

AES_CHUNK = 1 << 16  # blocks per call: 1 MB buffers, and the GIL let go between calls


def _aes(high, low, key: bytes, n: int, *, decrypt: bool = False,
         counter: bytes | None = None) -> tuple[np.ndarray, np.ndarray]:
    """AES-256 of n 16-byte blocks, each the big-endian 64-bit halves ``high`` and ``low``
    (arrays or numbers), each block on its own (ECB); or, given a ``counter`` block, the CTR
    key stream from it (``high`` and ``low`` unused). The result as two unsigned 64-bit
    arrays (its halves). A chunk at a time: small buffers, and other threads run between."""
    cipher = Cipher(algorithms.AES(key), modes.CTR(counter) if counter else modes.ECB())
    context = cipher.decryptor() if decrypt else cipher.encryptor()
    size = min(n, AES_CHUNK) or 1
    blocks = np.zeros((size, 2), dtype=">u8")
    out = np.empty(16 * size + 16, dtype=np.uint8)  # update_into wants a block to spare
    first, second = np.empty(n, dtype=np.uint64), np.empty(n, dtype=np.uint64)
    for start in range(0, n, size):
        stop = min(start + size, n)
        chunk = blocks[:stop - start]
        if not counter:
            chunk[:, 0] = high if np.isscalar(high) else high[start:stop]
            chunk[:, 1] = low if np.isscalar(low) else low[start:stop]
        context.update_into(chunk.view(np.uint8).reshape(-1), out)
        result = out[:chunk.nbytes].view(">u8").reshape(-1, 2)
        first[start:stop] = result[:, 0]
        second[start:stop] = result[:, 1]
    context.finalize()
    return first, second


def pseudonyms(numbers: np.ndarray, key: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The keyed pseudonym of NIKs given as unsigned 64-bit integers: AES-256 of the NIK under
    the hash key (a keyed permutation: only the key holder can compute or invert it), as two
    64-bit halves."""
    return _aes(0, numbers, key, len(numbers))


def _keystream(rows: np.ndarray, *, key: bytes, nonce: bytes) -> np.ndarray:
    """AES-256 in counter mode, one counter block per row (the 8-byte nonce and the row's line
    number), 8 bytes of each block used: any row decrypts on its own. Rows with consecutive
    line numbers (a whole run) are one CTR stream from the first: the same blocks."""
    rows = np.asarray(rows, dtype=np.uint64)
    n = len(rows)
    # strictly increasing and spanning n numbers: consecutive
    if n and rows[0] < 2**63 and int(rows[-1]) - int(rows[0]) == n - 1 \
            and bool(np.all(rows[1:] > rows[:-1])):
        return _aes(0, 0, key, n, counter=nonce + int(rows[0]).to_bytes(8, "big"))[0]
    return _aes(int.from_bytes(nonce, "big"), rows, key, n)[0]


def encrypt_niks(numbers: np.ndarray, rows: np.ndarray, *, key: bytes,
                 nonce: bytes) -> np.ndarray:
    """NIKs as unsigned 64-bit integers XOR the row's keystream (the same call decrypts)."""
    return np.bitwise_xor(np.asarray(numbers, dtype=np.uint64),
                          _keystream(rows, key=key, nonce=nonce))

