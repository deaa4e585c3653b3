"""Text reuse across the archive: paragraphs found, the same or nearly, in other reports.

Local reports share text: templates handed down from the higher level, paragraphs copied from
a neighbour, last year's report with the figures changed. This stage finds near-duplicate
paragraphs over the whole archive and groups them into clusters of shared text, each with the
reports and anchors that carry it and the earliest report (by publish date, else year).

The interface below is what the pages (report page, reuse page, home page, year-over-year
comparison) and the data files (``data/reuse.csv``, the ``reuse`` table of archive.sqlite)
read. :func:`find_reuse` computes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from .chars import HAN_CHAR
from .report import Report


@dataclass(frozen=True)
class Member:
    """One paragraph of a cluster: where it is, and how close it is to the cluster's first
    (earliest) paragraph, as the exact similarity :func:`find_reuse` verified (1.0 for the
    earliest itself)."""

    report: str
    anchor: str
    similarity: float


@dataclass(frozen=True)
class Cluster:
    """Paragraphs of two or more reports that say the same thing.

    ``members`` are ordered earliest report first (publish date, else the end of the report
    year, else last; then report id), then by anchor order within a report.
    """

    id: str  # "r1", "r2", … in order of size, then of the earliest member
    members: tuple[Member, ...]

    @property
    def earliest(self) -> str:
        return self.members[0].report

    @property
    def reports(self) -> tuple[str, ...]:
        """The reports carrying this text, each once, in member order."""
        return tuple(dict.fromkeys(m.report for m in self.members))


@dataclass(frozen=True)
class Pair:
    """Two reports that share paragraphs: how many of each one's paragraphs are shared with
    the other, and the share of each one's Han characters in those paragraphs."""

    a: str
    b: str
    shared_paragraphs: int
    share_a: float
    share_b: float


@dataclass
class ReuseIndex:
    """Every cluster, and lookups by paragraph and by report."""

    clusters: list[Cluster] = field(default_factory=list)
    #: (report id, anchor) → the cluster that paragraph belongs to.
    by_paragraph: dict[tuple[str, str], Cluster] = field(default_factory=dict)
    #: Report id → share of its Han characters (in compared paragraphs) found in other reports.
    shares: dict[str, float] = field(default_factory=dict)
    #: Report pairs sharing paragraphs, most alike first.
    pairs: list[Pair] = field(default_factory=list)
    #: Report id → ``(anchor, cluster)`` of each of its shared paragraphs.
    by_report: dict[str, list[tuple[str, Cluster]]] = field(default_factory=dict)

    def of_report(self, report_id: str) -> list[tuple[str, Cluster]]:
        """``(anchor, cluster)`` of each of the report's shared paragraphs."""
        return self.by_report.get(report_id, [])

    @classmethod
    def from_clusters(cls, clusters: Iterable[Cluster]) -> ReuseIndex:
        index = cls(clusters=list(clusters))
        for cluster in index.clusters:
            for member in cluster.members:
                index.by_paragraph[(member.report, member.anchor)] = cluster
                index.by_report.setdefault(member.report, []).append((member.anchor, cluster))
        return index


# --- finding reuse ---------------------------------------------------------------------------

#: Paragraphs with fewer Han characters than this are not compared: in the seeds, what is
#: shorter is a slogan line or a "无。" (打造惠商惠民服务模式，优化法治工作质量。 has 18),
#: while the shortest paragraph that reports something has 35.
MIN_HAN = 30
#: Shingle length in Han characters (bench/README.md, "Text reuse", for the measurement).
SHINGLE = 5
#: MinHash permutations, and the LSH bands × rows they are cut into: a pair of Jaccard
#: similarity J is a candidate with probability 1 − (1 − J⁴)²⁵ (0.80 at 0.5, 0.996 at 0.67,
#: 0.18 at 0.3). Bands are bucketed here with numpy: datasketch's MinHashLSH holds a Python
#: set per bucket and band, 142 MB at 1,000 reports, 1.4 GB at 10,000 (bench/README.md).
BANDS, ROWS = 25, 4
NUM_PERM = BANDS * ROWS
#: Two paragraphs are the same text when this share of the shorter one's shingles is in the
#: longer one (containment, so that a paragraph copied with a sentence added still counts).
THRESHOLD = 0.8
#: … and what they share must be at least this share of the longer one (see :func:`same_text`).
MIN_COVER = 0.5
#: A passage carried by more reports than this is boilerplate: it counts in each report's
#: share, but says nothing about which two reports are alike, so it makes no :class:`Pair`
#: (its pairs would grow with the square of its reports).
PAIR_CAP = 50
#: Fixed seed of the MinHash permutations: the same archive gives the same clusters.
SEED = 20261206

_U64 = np.uint64
#: Code points as utf-32-le encodes them (little-endian, whatever the machine).
_UTF32_CODES = np.dtype(np.uint32).newbyteorder("little")
#: Multiplier of the rolling shingle hash (odd, 64-bit) and splitmix64's finaliser constants.
_ROLL = _U64(0x9E3779B97F4A7C15)
_MIX1, _MIX2 = _U64(0xBF58476D1CE4E5B9), _U64(0x94D049BB133111EB)


@dataclass
class _Paragraphs:
    """The compared paragraphs of the archive, numbered in report then reading order."""

    report: list[int] = field(default_factory=list)  # index into the sorted reports
    anchor: list[str] = field(default_factory=list)
    han: list[str] = field(default_factory=list)  # the Han characters only (normalised copy)
    position: list[int] = field(default_factory=list)  # order within its report


def han_only(text: str) -> str:
    """The normalised copy compared: Han characters only, so that a paragraph copied with its
    figures, punctuation or Latin letters changed is the same text."""
    return "".join(HAN_CHAR.findall(text))


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every bit of the result depends on every bit of ``h``."""
    h = (h ^ (h >> _U64(30))) * _MIX1
    h = (h ^ (h >> _U64(27))) * _MIX2
    return h ^ (h >> _U64(31))


def shingle_hashes(han: str, n: int = SHINGLE) -> np.ndarray:
    """Stable 64-bit hashes of the ``n``-character shingles of ``han`` (in order, repeats
    kept); computed from the code points, never with Python's salted ``hash()``."""
    codes = np.frombuffer(han.encode("utf-32-le"), dtype=_UTF32_CODES).astype(_U64)
    count = len(codes) - n + 1
    if count <= 0:
        return np.empty(0, dtype=_U64)
    with np.errstate(over="ignore"):
        h = np.zeros(count, dtype=_U64)
        for j in range(n):
            h = h * _ROLL + codes[j : j + count]
        return _mix(h)


def _permutations(num_perm: int = NUM_PERM) -> tuple[np.ndarray, np.ndarray]:
    """The MinHash permutations ``h → a·h + b mod 2⁶⁴`` (``a`` odd: a bijection)."""
    rng = np.random.Generator(np.random.PCG64(SEED))
    a = rng.integers(1, 2**63, size=num_perm, dtype=_U64) * _U64(2) + _U64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=_U64)
    return a, b


def _batch_hashes(hans: list[str], n: int = SHINGLE) -> tuple[np.ndarray, np.ndarray]:
    """The shingle hashes of several paragraphs at once (as :func:`shingle_hashes` gives
    each), concatenated, and where each paragraph's start. Every paragraph must have at
    least ``n`` characters."""
    lengths = np.fromiter(map(len, hans), dtype=np.int64, count=len(hans))
    codes = np.frombuffer("".join(hans).encode("utf-32-le"), dtype=_UTF32_CODES).astype(_U64)
    count = len(codes) - n + 1
    with np.errstate(over="ignore"):
        h = np.zeros(count, dtype=_U64)
        for j in range(n):
            h = h * _ROLL + codes[j : j + count]
    # Shingles that start in one paragraph and end in the next are dropped.
    shingles = lengths - n + 1
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    offsets = np.concatenate(([0], np.cumsum(shingles)[:-1]))
    positions = np.arange(shingles.sum()) + np.repeat(starts - offsets, shingles)
    return _mix(h[positions]), offsets


def signatures(hans: list[str], batch: int = 4096) -> np.ndarray:
    """MinHash signatures of the paragraphs (one row each, ``NUM_PERM`` columns of 32 bits).

    Vectorised over a batch of paragraphs at once: their shingle hashes are concatenated and
    each permutation's minimum per paragraph is one ``np.minimum.reduceat``.
    """
    a, b = _permutations()
    # 32 bits a value (the high half: ``(a·h + b) >> 32`` is multiply-shift hashing) halve
    # the signatures' memory, 80 MB at 10,000 reports.
    out = np.empty((len(hans), NUM_PERM), dtype=np.uint32)
    for start in range(0, len(hans), batch):
        flat, offsets = _batch_hashes(hans[start : start + batch])
        rows = out[start : start + len(offsets)]
        with np.errstate(over="ignore"):
            for k in range(NUM_PERM):
                rows[:, k] = np.minimum.reduceat(flat * a[k] + b[k], offsets) >> _U64(32)
    return out


def _band_keys(sig: np.ndarray, band: int) -> np.ndarray:
    """One 64-bit key per paragraph for the band's rows of its signature."""
    key = np.zeros(len(sig), dtype=_U64)
    with np.errstate(over="ignore"):
        for column in range(band * ROWS, (band + 1) * ROWS):
            key = _mix(key * _ROLL + sig[:, column])
    return key


#: Paragraphs sharing a band's bucket are compared pairwise up to this many; a larger
#: bucket (a template repeated across the archive) is compared in a chain and to its first.
BUCKET_ALL_PAIRS = 16


def candidates(sig: np.ndarray) -> np.ndarray:
    """Pairs of paragraphs that agree on every row of at least one band (LSH): an ``(n, 2)``
    array of row numbers, smaller first, sorted, each pair once.

    Buckets are runs of equal band keys after a sort, and their pairs are made for all
    buckets of one size at once (no Python loop over buckets: 10,000 reports have a million
    of them). Pairs are kept as 64-bit codes in arrays, not as a set of tuples: a template
    repeated across a large archive proposes millions of them.
    """
    count = len(sig)
    if count < 2:
        return np.empty((0, 2), dtype=np.int64)
    found: list[np.ndarray] = []
    for band in range(BANDS):
        codes: list[np.ndarray] = []
        keys = _band_keys(sig, band)
        # Stable: the paragraphs of a bucket stay in ascending order.
        members = np.argsort(keys, kind="stable").astype(np.int64)
        ordered = keys[members]
        first = np.ones(count, dtype=bool)
        first[1:] = ordered[1:] != ordered[:-1]
        starts = np.flatnonzero(first)
        sizes = np.diff(np.append(starts, count))
        for size in range(2, BUCKET_ALL_PAIRS + 1):
            runs = starts[sizes == size]
            if len(runs):
                block = members[runs[:, None] + np.arange(size)]
                i, j = np.triu_indices(size, 1)
                codes.append((block[:, i] * count + block[:, j]).ravel())
        # Larger buckets: each paragraph with the one before it and with the bucket's first.
        bucket = np.cumsum(first) - 1
        large = (sizes > BUCKET_ALL_PAIRS)[bucket]
        position = np.arange(count) - starts[bucket]
        chain = np.flatnonzero(large & (position >= 1))
        codes.append(members[chain - 1] * count + members[chain])
        star = np.flatnonzero(large & (position >= 2))
        codes.append(members[starts[bucket[star]]] * count + members[star])
        # Each band's pairs once: the bands propose the same pairs many times over.
        found.append(np.unique(np.concatenate(codes)))
    unique = np.unique(np.concatenate(found))
    return np.stack((unique // count, unique % count), axis=1)


#: Candidates whose signatures agree on fewer than this share of permutations (the MinHash
#: estimate of their Jaccard similarity) are dropped before the exact check. Two paragraphs
#: that :func:`same_text` accepts have a Jaccard similarity of at least 0.44 (0.8 of the
#: shorter shared, that being 0.5 of the longer: 0.8 / 1.8); with ``NUM_PERM`` permutations
#: the estimate falls below 0.3 for such a pair with a probability of about 0.2 %. Most LSH
#: candidates share a sentence or two and nothing else (Jaccard 0.1–0.3): the estimate drops
#: them in bulk, where the exact check costs 10 µs each.
ESTIMATE_MIN = 0.3
_CHUNK = 1 << 16


def likely_pairs(sig: np.ndarray, pairs: np.ndarray) -> Iterator[tuple[int, int]]:
    """The candidate ``pairs`` whose MinHash estimate reaches ``ESTIMATE_MIN``, in order."""
    for start in range(0, len(pairs), _CHUNK):
        chunk = pairs[start : start + _CHUNK]
        agree = (sig[chunk[:, 0]] == sig[chunk[:, 1]]).mean(axis=1)
        yield from map(tuple, chunk[agree >= ESTIMATE_MIN].tolist())


def shingle_set(han: str) -> np.ndarray:
    """The paragraph's distinct shingles, as the sorted high halves of their hashes.

    Arrays, not sets of strings: a set of five-character strings costs about 90 bytes a
    shingle (600 MB for the candidates of 1,000 reports), this array 4. Two different
    shingles of two paragraphs of 200 characters share 32 bits with a probability of 10⁻⁵.
    """
    return np.unique((shingle_hashes(han) >> _U64(32)).astype(np.uint32))


def _shared(a: np.ndarray, b: np.ndarray) -> int:
    """Elements common to two sorted arrays of distinct values (np.intersect1d sorts both
    again: twice the time)."""
    if len(a) > len(b):
        a, b = b, a
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return int(np.count_nonzero(b[at] == a))


def same_text(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two paragraphs are one text: the shorter is in the longer (containment at
    least ``THRESHOLD``), and what they share is at least ``MIN_COVER`` of the longer.

    The second condition keeps clusters from chaining: a one-sentence paragraph is contained
    in every paragraph that quotes that sentence, and those would otherwise all be joined
    through it although they share nothing else.
    """
    if not len(a) or not len(b):
        return False
    shared = _shared(a, b)
    return shared >= THRESHOLD * min(len(a), len(b)) and shared >= MIN_COVER * max(len(a), len(b))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Containment of the smaller shingle set in the larger: 1.0 when one paragraph is the
    other with text added (a sentence, a closing clause); Jaccard would halve that score for
    a short paragraph copied into a long one."""
    if not len(a) or not len(b):
        return 0.0
    return _shared(a, b) / min(len(a), len(b))


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        x, y = self.find(x), self.find(y)
        if x != y:
            # The smaller index is the root: the result never depends on the order of unions.
            self.parent[max(x, y)] = min(x, y)


def _date_key(report: Report) -> tuple:
    """Earliest first: publish date, else the last day of the report year, else last."""
    fm = report.front_matter()
    if fm["publish_date"]:
        return (0, str(fm["publish_date"]))
    if fm["report_year"]:
        return (0, f"{int(fm['report_year']):04d}-12-31")
    return (1, "")


def _collect(reports: list[Report]) -> tuple[_Paragraphs, list[int]]:
    """The compared paragraphs, and each report's compared Han characters."""
    paragraphs = _Paragraphs()
    totals = []
    for number, report in enumerate(reports):
        total = 0
        for position, paragraph in enumerate(report.document.iter_paragraphs()):
            han = han_only(paragraph.text)
            if len(han) < MIN_HAN:
                continue
            total += len(han)
            paragraphs.report.append(number)
            paragraphs.anchor.append(paragraph.anchor)
            paragraphs.han.append(han)
            paragraphs.position.append(position)
        totals.append(total)
    return paragraphs, totals


def find_reuse(reports: Iterable[Report]) -> ReuseIndex:
    """Near-duplicate paragraphs over the whole archive, grouped into clusters.

    Paragraphs of ``MIN_HAN`` Han characters or more are compared on their Han characters
    only. Identical ones are grouped at once; one of each distinct text gets a MinHash
    signature, LSH proposes candidate pairs, and every candidate is verified by the
    containment of their shingle sets (:func:`same_text`). Verified pairs join their groups
    (union-find) when the groups' earliest paragraphs are one text too, so that every member
    stays like its cluster's first; a cluster is kept when it spans two reports. Reports are
    taken earliest first (publish date, else the end of the report year, else last; then
    id): a cluster's members, and each :class:`Pair`'s ``a`` and ``b``, are in that order.
    """
    reports = sorted(reports, key=lambda r: (_date_key(r), r.id))
    paragraphs, totals = _collect(reports)
    count = len(paragraphs.han)
    groups = _UnionFind(count)
    # Identical texts first: only one of each goes through MinHash and LSH.
    first_of: dict[str, int] = {}
    distinct: list[int] = []
    for i, han in enumerate(paragraphs.han):
        j = first_of.setdefault(han, i)
        if j == i:
            distinct.append(i)
        else:
            groups.union(j, i)
    sets: dict[int, np.ndarray] = {}

    def shingles(i: int) -> np.ndarray:
        found = sets.get(i)
        if found is None:
            found = sets[i] = shingle_set(paragraphs.han[i])
        return found

    if len(distinct) > 1:
        sig = signatures([paragraphs.han[i] for i in distinct])
        for x, y in likely_pairs(sig, candidates(sig)):
            i, j = distinct[x], distinct[y]
            a, b = groups.find(i), groups.find(j)
            # Two groups are joined when the pair is one text and so are the groups' first
            # paragraphs (a group's root is its earliest paragraph): without the second
            # check, clusters chain through paragraphs that each share a sentence with the
            # next, and at 1,000 synthetic reports only 36 % of members were still like
            # their cluster's first paragraph (99.9 % with it; bench/README.md).
            if (
                a != b
                and same_text(shingles(i), shingles(j))
                and ((a == i and b == j) or same_text(shingles(a), shingles(b)))
            ):
                groups.union(a, b)
        del sig
    members: dict[int, list[int]] = {}
    for i in range(count):
        members.setdefault(groups.find(i), []).append(i)
    clusters = []
    for group in members.values():
        if len({paragraphs.report[i] for i in group}) < 2:
            continue
        # Paragraphs are numbered in report order (earliest first), then reading order.
        first = group[0]
        clusters.append(
            [
                Member(
                    reports[paragraphs.report[i]].id,
                    paragraphs.anchor[i],
                    1.0 if i == first else round(similarity(shingles(first), shingles(i)), 4),
                )
                for i in group
            ]
            + [group[0]]  # the first paragraph's number, for ordering below
        )
    clusters.sort(key=lambda c: (-(len(c) - 1), c[-1]))
    index = ReuseIndex.from_clusters(
        Cluster(f"r{n}", tuple(c[:-1])) for n, c in enumerate(clusters, 1)
    )
    _fill_shares(index, reports, paragraphs, totals)
    return index


def _fill_shares(
    index: ReuseIndex, reports: list[Report], paragraphs: _Paragraphs, totals: list[int]
) -> None:
    han = {
        (reports[r].id, a): len(h)
        for r, a, h in zip(paragraphs.report, paragraphs.anchor, paragraphs.han, strict=True)
    }
    order = {r.id: n for n, r in enumerate(reports)}
    shared: dict[str, int] = {}
    for report, anchor in index.by_paragraph:
        shared[report] = shared.get(report, 0) + han[(report, anchor)]
    total = {r.id: t for r, t in zip(reports, totals, strict=True)}
    for report in sorted(total):
        index.shares[report] = shared.get(report, 0) / total[report] if total[report] else 0.0
    # (a, b) → [clusters both carry, a's Han in them, b's Han in them]
    both: dict[tuple[str, str], list[int]] = {}
    for cluster in index.clusters:
        carried = cluster.reports
        if len(carried) > PAIR_CAP:
            continue
        chars: dict[str, int] = {}
        for m in cluster.members:
            chars[m.report] = chars.get(m.report, 0) + han[(m.report, m.anchor)]
        for x, a in enumerate(carried):
            for b in carried[x + 1 :]:
                entry = both.setdefault((a, b), [0, 0, 0])
                entry[0] += 1
                entry[1] += chars[a]
                entry[2] += chars[b]
    pairs = [
        Pair(a, b, n, ca / total[a] if total[a] else 0.0, cb / total[b] if total[b] else 0.0)
        for (a, b), (n, ca, cb) in both.items()
    ]
    pairs.sort(
        key=lambda p: (-(p.share_a + p.share_b), -p.shared_paragraphs, order[p.a], order[p.b])
    )
    index.pairs = pairs
