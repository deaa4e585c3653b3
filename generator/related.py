"""Related reports: which reports are most like each other, and why, from what they share.

Score = 2 per shared topic + 1 per shared indicator + 1 per shared cited law or regulation
(curated ones, not local documents) + place (3 same county, 2 same city, 1 same province) +
1 same report year + 1 same kind of report. Only pairs that share at least one feature are
compared (an inverted index over features), and a report lists at most ``LIMIT`` others
scoring at least ``MIN_SCORE``, best first, each with the reasons that made its score.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .indicators import UNCLASSIFIED, load_taxonomy
from .report import Report
from .topics import load_topics

LIMIT = 5
MIN_SCORE = 3


@dataclass(frozen=True)
class Related:
    report_id: str
    title: str
    score: int
    reasons: tuple[str, ...]

    def record(self) -> dict:
        return {
            "id": self.report_id,
            "title": self.title,
            "score": self.score,
            "reasons": list(self.reasons),
        }


def _features(report: Report) -> dict[tuple[str, str], tuple[int, str, str]]:
    """Feature → (weight, reason group, label) for one report."""
    fm = report.front_matter()
    topic_names = {t.id: t.name for t in load_topics()}
    indicator_names = {i.id: i.name for i in load_taxonomy()}
    features: dict[tuple[str, str], tuple[int, str, str]] = {}
    for topic in report.topics.report if report.topics else []:
        features[("topic", topic)] = (2, "共同主题", topic_names.get(topic, topic))
    for metric in report.metrics:
        if metric.indicator != UNCLASSIFIED:
            name = indicator_names.get(metric.indicator, metric.indicator)
            features[("indicator", metric.indicator)] = (1, "都报告了", name)
    for citation in getattr(report, "citations", []):
        if citation.law.curated:
            features[("law", citation.law.id)] = (1, "都引用了", f"《{citation.law.short}》")
    code = fm["division_code"] or ""
    for width, weight, name in ((6, 3, fm["county"]), (4, 2, fm["city"]), (2, 1, fm["province"])):
        if len(code) >= width and name:
            features[("place", code[:width])] = (weight, "同在", name)
    if fm["report_year"]:
        features[("year", str(fm["report_year"]))] = (1, "同为", f"{fm['report_year']}年度")
    features[("type", fm["doc_type"])] = (1, "同为", fm["doc_type"])
    return features


def relate(reports: list[Report]) -> dict[str, list[Related]]:
    """For every report, its most related reports with reasons."""
    features = {r.id: _features(r) for r in reports}
    titles = {r.id: r.front_matter()["title"] for r in reports}
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for report_id, own in sorted(features.items()):
        for key in own:
            holders[key].append(report_id)
    related: dict[str, list[Related]] = {}
    for report_id, own in sorted(features.items()):
        shared: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key in own:
            for other in holders[key]:
                if other != report_id:
                    shared[other].append(key)
        scored = []
        for other, keys in shared.items():
            score, reasons = _score(own, keys)
            if score >= MIN_SCORE:
                scored.append(Related(other, titles[other], score, reasons))
        scored.sort(key=lambda r: (-r.score, r.report_id))
        related[report_id] = scored[:LIMIT]
    return related


def _score(own: dict, keys: list[tuple[str, str]]) -> tuple[int, tuple[str, ...]]:
    # Only the most specific shared place counts: same county implies same city and province.
    places = [k for k in keys if k[0] == "place"]
    best_place = max(places, key=lambda k: len(k[1])) if places else None
    counted = [k for k in keys if k[0] != "place" or k == best_place]
    groups: dict[str, list[str]] = defaultdict(list)
    score = 0
    for key in sorted(counted):
        weight, group, label = own[key]
        score += weight
        groups[group].append(label)
    order = ("同在", "同为", "共同主题", "都报告了", "都引用了")
    reasons = tuple(
        f"{group}{'、'.join(groups[group])}"
        if group in ("同在", "同为")
        else f"{group}：{'、'.join(groups[group])}"
        for group in order
        if group in groups
    )
    return score, reasons
