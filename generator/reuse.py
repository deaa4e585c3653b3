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

from collections.abc import Iterable
from dataclasses import dataclass, field


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
