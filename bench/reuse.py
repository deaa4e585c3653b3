"""The reuse stage alone, measured: time, memory, and what it finds against what the synthetic
corpus planted (:func:`bench.corpus.plant_reuse`). Prints one JSON object.

Run by :mod:`bench.run` after the archive's build, in a process of its own, on the reports
that build converted (read back from its conversion cache):

    python -m bench.reuse --seeds S --cache C --record S-reuse.csv
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import threading
import time
from pathlib import Path
from typing import Any

from generator.build import gather
from generator.report import Report
from generator.reuse import MIN_HAN, ReuseIndex, find_reuse, han_only

from .corpus import read_reuse_record


def _rss() -> int:
    """This process's resident set size now, in bytes."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class _PeakRss:
    """The largest RSS seen while the block runs, sampled every 10 ms."""

    def __enter__(self) -> _PeakRss:
        self.start = self.peak = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())


def truth(reports: list[Report], record: list[dict[str, str]]) -> tuple[set, int]:
    """The planted paragraph pairs as ``((report, anchor), (report, anchor))``, sorted within
    each pair, and how many planted paragraphs the converter's paragraphs did not match."""
    by_text: dict[tuple[str, str], str] = {}
    for report in reports:
        for paragraph in report.document.iter_paragraphs():
            by_text.setdefault((report.id, han_only(paragraph.text)), paragraph.anchor)
    groups: dict[str, list[tuple[str, str]]] = {}
    unmatched = 0
    for row in record:
        report = Path(row["file"]).stem
        anchor = by_text.get((report, row["han"]))
        if anchor is None:
            unmatched += 1
            continue
        groups.setdefault(row["group"], []).append((report, anchor))
    return _pairs(groups.values()), unmatched


def _pairs(groups) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    out = set()
    for members in groups:
        for a, b in itertools.combinations(sorted(set(members)), 2):
            if a[0] != b[0]:
                out.add((a, b))
    return out


def evaluate(index: ReuseIndex, reports: list[Report], record: list[dict[str, str]]):
    """Precision and recall of shared paragraph pairs against the record.

    Found pairs are those of clusters holding a planted paragraph: the corpus' accidental
    reuse (its paragraphs recombine one pool of seed sentences) is found too, and counted
    apart (``accidental``), since the record cannot say which of it is right.
    """
    expected, unmatched = truth(reports, record)
    planted = {p for pair in expected for p in pair}
    found = _pairs(
        [(m.report, m.anchor) for m in c.members]
        for c in index.clusters
        if any((m.report, m.anchor) in planted for m in c.members)
    )
    hit = len(found & expected)
    accidental = [
        c for c in index.clusters if not any((m.report, m.anchor) in planted for m in c.members)
    ]
    return {
        "planted_pairs": len(expected),
        "planted_paragraphs_unmatched": unmatched,
        "found_pairs": len(found),
        "true_positives": hit,
        "precision": hit / len(found) if found else None,
        "recall": hit / len(expected) if expected else None,
        "accidental_clusters": len(accidental),
        "accidental_paragraphs": sum(len(c.members) for c in accidental),
    }


def measure(seeds: Path, cache: Path, record: Path | None) -> dict[str, Any]:
    start = time.perf_counter()
    reports = gather(seeds, cache=cache).reports
    out: dict[str, Any] = {"reports": len(reports), "gather_seconds": time.perf_counter() - start}
    with _PeakRss() as memory:
        start = time.perf_counter()
        index = find_reuse(reports)
        out["seconds"] = time.perf_counter() - start
    out["rss_start_mb"] = memory.start / 2**20
    out["rss_added_mb"] = (memory.peak - memory.start) / 2**20
    out["paragraphs_compared"] = sum(
        1 for r in reports for p in r.document.iter_paragraphs() if len(han_only(p.text)) >= MIN_HAN
    )
    out["clusters"] = len(index.clusters)
    out["paragraphs_in_clusters"] = len(index.by_paragraph)
    out["pairs"] = len(index.pairs)
    out["mean_share"] = statistics.fmean(index.shares.values()) if index.shares else 0.0
    if record is not None and record.exists():
        out["accuracy"] = evaluate(index, reports, read_reuse_record(record))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--record", type=Path)
    args = parser.parse_args()
    print(json.dumps(measure(args.seeds, args.cache, args.record)))


if __name__ == "__main__":
    main()
