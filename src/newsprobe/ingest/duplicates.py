"""Duplicate detection over a stream of articles: exact copies skipped, near-copies linked.

Exact: the same words after whitespace and case are normalised (the same page read twice, a wire
story pasted twice). Near: the same story re-published by another outlet or lightly edited, found by
MinHash over word 5-gram shingles with locality-sensitive hashing (Broder 1997; Leskovec et al.,
*Mining of Massive Datasets*, ch. 3), so a batch of any size costs one signature per article and a few
dictionary look-ups, never a comparison of every pair. Only signatures are kept, not texts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

_SHINGLE_WORDS = 5
# 128 permutations estimate a Jaccard similarity to about +-0.04 (1 / sqrt(128) standard error).
_PERMUTATIONS = 128
# 32 bands of 4 rows: a pair at Jaccard 0.5 becomes a candidate with probability 1 - (1 - 0.5^4)^32 =
# 0.87, at 0.6 with 0.98, at 0.3 with 0.23 (then refused by the threshold); the S-curve's midpoint
# (1/32)^(1/4) = 0.42 sits just under the default threshold.
_BANDS = 32
_ROWS = _PERMUTATIONS // _BANDS
# Universal hashing (a * x + b) mod p with p = 2^31 - 1: x, a, b < 2^31 keep a * x + b inside uint64.
_PRIME = (1 << 31) - 1
_WORD = re.compile(r"\w+")

_rng = np.random.default_rng(20240501)  # fixed seed: signatures must be the same in every run
_A = _rng.integers(1, _PRIME, size=_PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, size=_PERMUTATIONS, dtype=np.uint64)


def normalized_words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def exact_key(text: str) -> str:
    return hashlib.sha1(" ".join(normalized_words(text)).encode("utf-8")).hexdigest()


def signature(text: str) -> npt.NDArray[np.uint64] | None:
    """MinHash signature of the text's word 5-grams; None for texts too short to compare."""
    words = normalized_words(text)
    if len(words) < 2 * _SHINGLE_WORDS:
        return None
    shingles = {" ".join(words[i:i + _SHINGLE_WORDS]) for i in range(len(words) - _SHINGLE_WORDS + 1)}
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "little") % _PRIME
         for s in shingles),
        dtype=np.uint64, count=len(shingles),
    )
    permuted = (_A[:, None] * hashes[None, :] + _B[:, None]) % np.uint64(_PRIME)
    result: npt.NDArray[np.uint64] = permuted.min(axis=1)
    return result


@dataclass(frozen=True)
class Match:
    original_id: str  # the first article of the family, the one the others copy
    similarity: float  # estimated Jaccard similarity of word 5-grams to the closest earlier copy; 1.0 exact
    exact: bool


@dataclass
class DuplicateIndex:
    """Remembers the articles seen so far in a batch and says which earlier one a new article copies."""

    threshold: float = 0.5
    _exact: dict[str, str] = field(default_factory=dict)
    _signatures: list[tuple[str, npt.NDArray[np.uint64]]] = field(default_factory=list)
    _roots: list[str] = field(default_factory=list)  # the first article of each signature's family
    _bands: list[dict[bytes, list[int]]] = field(default_factory=lambda: [{} for _ in range(_BANDS)])

    def check(self, article_id: str, text: str) -> Match | None:
        """Compare with everything seen so far, then remember this article unless it is an exact copy."""
        key = exact_key(text)
        original = self._exact.get(key)
        if original is not None:
            return Match(original, 1.0, exact=True)
        self._exact[key] = article_id
        sig = signature(text)
        if sig is None:
            return None
        match = self._nearest(sig)
        index = len(self._signatures)
        self._signatures.append((article_id, sig))
        # A near-copy is linked to the first article of its family and stays findable itself, so a third
        # copy closer to the second than to the first still finds the family.
        self._roots.append(match.original_id if match else article_id)
        for band, bucket in zip(range(_BANDS), self._bands, strict=True):
            bucket.setdefault(sig[band * _ROWS:(band + 1) * _ROWS].tobytes(), []).append(index)
        return match

    def _nearest(self, sig: npt.NDArray[np.uint64]) -> Match | None:
        candidates: set[int] = set()
        for band, bucket in zip(range(_BANDS), self._bands, strict=True):
            candidates.update(bucket.get(sig[band * _ROWS:(band + 1) * _ROWS].tobytes(), ()))
        best: tuple[float, int] | None = None
        for index in sorted(candidates):
            similarity = float(np.mean(self._signatures[index][1] == sig))
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, index)
        if best is None:
            return None
        return Match(self._roots[best[1]], round(best[0], 3), exact=False)
