"""MinHash signatures of word n-gram shingles, vectorised over a batch of files.

Shingling in pure Python (regex tokens, one joined string per n-gram) costs ~1 ms for a 16 kB
file, 30x more than the MinHash itself, so tokens and n-grams are hashed here with numpy over
the raw UTF-8 bytes of a whole batch at once, and the resulting 64-bit shingle hashes go to
rensa's Rust R-MinHash (``digest_matrix_from_flat_token_hashes``), which takes them as one flat
buffer with no Python object per shingle.  ``benchmarks/dedup_speed.py`` has the measurements.

Token rule: a token is a maximal run of ASCII letters, digits, ``_`` and non-ASCII characters
(i.e. the text is split on ASCII non-word characters).  In UTF-8 every byte of a non-ASCII
character is >= 0x80, so the rule can be applied byte by byte.  ``TOKEN_PATTERN`` is the same
rule as a regex, for reference implementations and tests.

Every constant below is fixed and the permutation seed comes from the config, so signatures
are identical across processes, runs and machines (no use of Python's salted ``hash``).
Signatures also depend on rensa's algorithm version, which is pinned in ``pyproject.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import rensa

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_\u0080-\U0010FFFF]+")

_U64 = np.uint64
# Odd multiplier of the per-token polynomial hash, and its inverse modulo 2**64 (used to
# normalise a token's hash to its start position).
_POLY = 0x9E3779B97F4A7C15
_POLY_INV = pow(_POLY, -1, 2**64)
_LENGTH_SALT = _U64(0xD6E8FEB86659FD93)


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser, in place: spreads the weak low bits of polynomial hashes."""
    h ^= h >> _U64(33)
    h *= _U64(0xFF51AFD7ED558CCD)
    h ^= h >> _U64(33)
    h *= _U64(0xC4CEB9FE1A85EC53)
    h ^= h >> _U64(33)
    return h


class _PowerTables:
    """POLY**i and POLY**-i modulo 2**64, grown on demand (a batch needs one entry per byte)."""

    def __init__(self) -> None:
        self.forward = np.ones(1, dtype=_U64)
        self.inverse = np.ones(1, dtype=_U64)

    def ensure(self, size: int) -> None:
        if size <= len(self.forward):
            return
        size = max(size, 2 * len(self.forward))
        self.forward = self._powers(_POLY, size)
        self.inverse = self._powers(_POLY_INV, size)

    @staticmethod
    def _powers(base: int, size: int) -> np.ndarray:
        powers = np.full(size, base, dtype=_U64)
        powers[0] = 1
        return np.multiply.accumulate(powers)


_POWERS = _PowerTables()


def _word_byte_mask(data: np.ndarray) -> np.ndarray:
    """Bytes that belong to tokens; comparisons instead of a lookup table (4x faster in numpy)."""
    lower = data | np.uint8(0x20)
    return (
        ((lower - np.uint8(ord("a"))) < np.uint8(26))
        | ((data - np.uint8(ord("0"))) < np.uint8(10))
        | (data == np.uint8(ord("_")))
        | (data >= np.uint8(0x80))
    )


def token_hashes(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of the tokens of ``data`` in order, and each token's start byte offset.

    A token's hash is the polynomial sum(b_j * POLY**(j - start)) over its bytes, obtained for
    all tokens at once from one prefix sum, then salted with its length and mixed.
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    if raw.size == 0:
        empty = np.empty(0, dtype=_U64)
        return empty, np.empty(0, dtype=np.int64)
    mask = _word_byte_mask(raw)
    edges = np.flatnonzero(np.diff(mask.view(np.int8), prepend=np.int8(0), append=np.int8(0)))
    starts, ends = edges[0::2], edges[1::2]
    _POWERS.ensure(raw.size + 1)
    prefix = np.empty(raw.size + 1, dtype=_U64)
    prefix[0] = 0
    with np.errstate(over="ignore"):
        np.cumsum(raw * _POWERS.forward[: raw.size], out=prefix[1:])
        hashes = (prefix[ends] - prefix[starts]) * _POWERS.inverse[starts]
        hashes ^= (ends - starts).astype(_U64) * _LENGTH_SALT
        return _fmix64(hashes), starts


@dataclass(frozen=True, slots=True)
class ShingleBatch:
    """Shingle hashes of the files of a batch that have enough tokens.

    ``hashes[offsets[k]:offsets[k + 1]]`` are the shingles (with repeats) of file
    ``indices[k]`` of the batch; files with fewer tokens than required are absent.
    """

    indices: np.ndarray
    offsets: np.ndarray
    hashes: np.ndarray

    def of(self, k: int) -> np.ndarray:
        return self.hashes[self.offsets[k] : self.offsets[k + 1]]


def shingle_batch(texts: Sequence[str], ngram: int, min_tokens: int) -> ShingleBatch:
    """Hash the word ``ngram``-grams of every text of a batch in one vectorised pass.

    Texts are joined with NUL (a separator byte) so tokens never span two files; n-gram windows
    that would cross a file boundary are dropped afterwards.  Texts with fewer than
    ``max(min_tokens, ngram)`` tokens have no full n-gram worth comparing and are skipped.
    """
    if not texts:
        return ShingleBatch(np.empty(0, dtype=np.int64), np.zeros(1, dtype=np.uint64), np.empty(0, dtype=_U64))
    encoded = [text.encode("utf-8", "surrogatepass") for text in texts]
    tokens, token_starts = token_hashes(b"\0".join(encoded))
    byte_starts = np.cumsum([0] + [len(e) + 1 for e in encoded[:-1]], dtype=np.int64)
    first_token = np.searchsorted(token_starts, byte_starts)
    counts = np.diff(np.append(first_token, tokens.size))
    windows = max(tokens.size - ngram + 1, 0)
    # Mix-then-add chain: order-sensitive and non-linear (a linear combination of token hashes
    # makes n-grams with the same tokens in related orders collide).
    combined = tokens[:windows].copy()
    with np.errstate(over="ignore"):
        for position in range(1, ngram):
            combined = _fmix64(combined)
            combined += tokens[position : position + windows]
    keep = counts >= max(min_tokens, ngram)
    per_file = np.where(keep, counts - ngram + 1, 0)
    window_file = np.repeat(np.arange(len(texts)), per_file)
    window_rank = np.arange(window_file.size) - np.repeat(np.cumsum(per_file) - per_file, per_file)
    selected = first_token[window_file] + window_rank
    offsets = np.zeros(int(keep.sum()) + 1, dtype=np.uint64)
    np.cumsum(per_file[keep], out=offsets[1:])
    return ShingleBatch(np.flatnonzero(keep), offsets, _fmix64(combined[selected]))


def signatures(batch: ShingleBatch, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signatures (uint32, one row per file of ``batch``) computed by rensa."""
    if batch.indices.size == 0:
        return np.empty((0, num_perm), dtype=np.uint32)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(batch.hashes, batch.offsets, num_perm, seed)
    return np.array(matrix.to_rows(), dtype=np.uint32)


def shingle_set(text: str, ngram: int) -> np.ndarray:
    """Sorted distinct shingle hashes of one text (the set whose Jaccard MinHash estimates)."""
    batch = shingle_batch([text], ngram, min_tokens=1)
    return np.unique(batch.hashes)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted distinct hash arrays."""
    if a.size == 0 and b.size == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)
