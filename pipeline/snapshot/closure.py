"""Which stored files an update's dedup must see again: the ones a change can reach.

Dedup decides within buckets: an exact group is a content hash's files, a near group is built
from the star edges of LSH buckets (a band's key) and ranked inside its connected component.  A
stored file sharing no bucket with a new file or a departed one, nor (transitively) with a
stored file that does, sits in buckets exactly as in the parent's run, so dedup would decide it
as the parent did: it keeps its stored verdict without entering the graph.  The closure below
is that set, closed under "shares a content hash or a band key"; every bucket then lies wholly
inside it or wholly outside, so dedup over the closure and the new files decides each of them as
dedup over everything does.  It over-approximates (every hash and band key of a row counts,
whatever its flags), which is safe: a larger closed set is still closed.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def band_pairs(bands: pa.Array | pa.ChunkedArray | list[bytes | None]) -> tuple[np.ndarray, np.ndarray]:
    """(keys, row index) of every band key of the rows' `bands` values (uint64 little-endian each),
    read from the Arrow buffers (no Python object per row)."""
    array = pa.array(bands, type=pa.binary()) if isinstance(bands, list) else bands
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks() if array.num_chunks else pa.array([], type=pa.binary())
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset:array.offset + len(array) + 1] \
        if len(array) else np.zeros(1, dtype=np.int32)
    sizes = (offsets[1:] - offsets[:-1]) // 8
    if not sizes.sum():
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    data = array.buffers()[2]
    keys = np.frombuffer(data, dtype=np.uint8)[offsets[0]:offsets[-1]].copy().view("<u8").astype(np.uint64, copy=False)
    return keys, np.repeat(np.arange(len(array), dtype=np.int64), sizes)


def fixed_hashes(hashes: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Content hashes (hex sha256, or empty/null for a row without content) as `S64` values,
    read from the Arrow buffers (no Python string per row)."""
    if not len(hashes):
        return np.zeros(0, dtype="S64")
    array = hashes.combine_chunks() if isinstance(hashes, pa.ChunkedArray) else hashes
    array = pc.fill_null(array.cast(pa.string()), "")
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset:array.offset + len(array) + 1]
    sizes = offsets[1:] - offsets[:-1]
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8) if array.buffers()[2] is not None else None
    if data is not None and (sizes == 64).all():  # every row a hex sha256: the buffer is the values, back to back
        return data[offsets[0]:offsets[-1]].copy().view("S64")
    found = np.zeros(len(array), dtype="S64")
    full = np.flatnonzero(sizes == 64)
    if len(full):
        found[full] = data[offsets[full][:, None] + np.arange(64)].copy().view("S64").reshape(-1)
    odd = np.flatnonzero((sizes != 64) & (sizes != 0))
    for index in odd:  # not a hex sha256 (none is written so): as the values themselves
        found[index] = array[int(index)].as_py().encode()
    return found


def _members(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Mask over `inverse`-coded values: which codes are in `wanted` (`values` sorted, unique)."""
    found = np.zeros(len(values), dtype=bool)
    if len(wanted) and len(values):
        at = np.searchsorted(values, wanted)
        inside = at < len(values)
        at, wanted = at[inside], wanted[inside]
        found[at[values[at] == wanted]] = True
    return found


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: `np.unique` by a sort.  NumPy 2.4's `np.unique` hashes integers
    first (then sorts what is left): 0.32 s against 0.04 s for 700k band keys on this machine."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


class KeyIndex:
    """Where each band key sits among `keys` (millions of them: every stored file's 32), for
    looking up the few keys a round of `reached` follows.  Band keys are hashes, so their top 32
    bits spread evenly: the positions are ordered by those bits only, with two stable passes over
    16 bits each (NumPy sorts 16-bit integers by radix, in linear time), and a lookup compares the
    whole key inside the run of its top bits (a key or two).  Sorting the keys whole, or coding
    them with `np.unique(return_inverse=True)`, costs several times more."""

    def __init__(self, keys: np.ndarray) -> None:
        self._keys = keys
        top = (keys >> np.uint64(32)).astype(np.uint32)
        order = np.argsort((top & 0xFFFF).astype(np.uint16), kind="stable")
        self._order = order[np.argsort((top[order] >> 16).astype(np.uint16), kind="stable")]
        self._top = top[self._order]

    def positions(self, wanted: np.ndarray) -> np.ndarray:
        """The positions in `keys` of every key equal to one of `wanted` (unique keys)."""
        if not len(wanted) or not len(self._keys):
            return np.zeros(0, dtype=np.int64)
        top = (wanted >> np.uint64(32)).astype(np.uint32)
        start = np.searchsorted(self._top, top, side="left")
        counts = np.searchsorted(self._top, top, side="right") - start
        total = int(counts.sum())
        if not total:
            return np.zeros(0, dtype=np.int64)
        ends = np.cumsum(counts)
        at = np.repeat(start - ends + counts, counts) + np.arange(total)
        candidates = self._order[at]
        return candidates[self._keys[candidates] == np.repeat(wanted, counts)]


def reached(shas: np.ndarray, keys: np.ndarray, rows_of_keys: np.ndarray, seed_shas: np.ndarray,
            seed_keys: np.ndarray) -> np.ndarray:
    """Mask over the stored rows (`shas`: their content hashes; `keys`/`rows_of_keys`: their band
    keys and whose they are, rows in ascending order) of those a seed hash or band key reaches,
    through any chain of rows that share a hash or a key.  Empty hashes (a dump's error row) link
    nothing.  Hashes (one per row) are coded once; band keys are indexed (`KeyIndex`), and each
    round looks up only the keys of the rows it newly reached."""
    inside = np.zeros(len(shas), dtype=bool)
    sha_values, sha_codes = np.unique(shas, return_inverse=True)
    sha_hit = _members(sha_values, np.unique(seed_shas[seed_shas != b""]) if len(seed_shas) else sha_values[:0])
    empty = _members(sha_values, np.array([b""], dtype=sha_values.dtype))
    index = KeyIndex(keys)
    following = distinct(np.asarray(seed_keys, dtype=np.uint64))
    while True:
        hit = sha_hit[sha_codes] if len(shas) else np.zeros(0, dtype=bool)
        hit[rows_of_keys[index.positions(following)]] = True
        new = hit & ~inside
        if not new.any():
            return inside
        inside |= new
        sha_hit[sha_codes[new]] = True
        sha_hit &= ~empty
        following = distinct(keys[new[rows_of_keys]]) if len(keys) else keys


def stored_closure(tables: list[pa.Table], unchanged: frozenset[tuple[str, str]], new_shas: np.ndarray,
                   new_keys: np.ndarray) -> list[str]:
    """Ids of the stored files of unchanged repositories that dedup must see again (sorted):
    those reached from the new files' hashes and band keys and from every departed file's.
    `tables` are the parent's state shards (at least id, repo_name, source_key, content_sha256, bands)."""
    if not tables:
        return []
    table = pa.concat_tables([t.select(["id", "repo_name", "source_key", "content_sha256", "bands"]) for t in tables])
    identity = pc.binary_join_element_wise(table["repo_name"], table["source_key"], "\0")
    keys_of = pa.array(sorted(f"{repo}\0{key}" for repo, key in unchanged), type=pa.string())
    stays = pc.fill_null(pc.is_in(identity, value_set=keys_of), False).to_numpy(zero_copy_only=False)
    shas = fixed_hashes(table["content_sha256"])
    keys, rows = band_pairs(table["bands"])
    departed = ~stays
    seed_shas = np.concatenate([np.asarray(new_shas, dtype="S64"), shas[departed]])
    seed_keys = np.concatenate([np.asarray(new_keys, dtype=np.uint64), keys[departed[rows]]])
    staying = np.flatnonzero(stays)
    position = np.full(len(stays), -1, dtype=np.int64)
    position[staying] = np.arange(len(staying))
    on_staying = stays[rows]
    inside = reached(shas[staying], keys[on_staying], position[rows[on_staying]], seed_shas, seed_keys)
    ids = pc.take(table["id"], pa.array(staying[inside], type=pa.int64()))
    return sorted(ids.to_pylist())
