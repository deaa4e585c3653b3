"""Related reports: which reports are most like each other, and why, from what they share.

Score = 2 per shared topic + 1 per shared indicator + 1 per shared cited law or regulation
(curated ones, not local documents) + place (3 same county, 2 same city, 1 same province) +
1 same report year + 1 same kind of report. A report lists at most ``LIMIT`` others scoring at
least ``MIN_SCORE``, best first, each with the reasons that made its score.

Which pairs are compared: comparing every pair is O(N²), and so is comparing every pair that
shares *some* feature, because a year, a province or a common topic is shared by thousands of
reports at archive scale. So candidates come from an inverted index over the *selective*
features only: those held by at most ``CANDIDATE_CAP`` reports (a county, a city, a rarely
cited law), plus the combination province × year, which stays small while each alone does not.
Every candidate is then scored on all shared features. A pair that shares nothing but
features held by more than ``CANDIDATE_CAP`` reports is not compared; at five or a hundred
reports every feature is selective and every pair that shares anything is compared.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .indicators import UNCLASSIFIED, load_taxonomy
from .report import Report
from .topics import load_topics

LIMIT = 5
MIN_SCORE = 3
#: A feature held by more reports than this proposes no candidates (it still scores).
CANDIDATE_CAP = 64


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
    # A preview rebuild after a text edit usually changes no report's features: reuse.
    key = tuple((rid, tuple(own.items()), titles[rid]) for rid, own in sorted(features.items()))
    if _last[0] == key:
        return _last[1]
    _last[:] = [key, _relate(features, titles)]
    return _last[1]


#: The inputs and result of the last :func:`relate` in this process.
_last: list = [None, None]


def _relate(features: dict, titles: dict[str, str]) -> dict[str, list[Related]]:
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for report_id, own in sorted(features.items()):
        for key in _candidate_keys(own):
            holders[key].append(report_id)
    selective = {key: ids for key, ids in holders.items() if len(ids) <= CANDIDATE_CAP}
    related: dict[str, list[Related]] = {}
    for report_id, own in sorted(features.items()):
        candidates: set[str] = set()
        for key in _candidate_keys(own):
            candidates.update(selective.get(key, ()))
        candidates.discard(report_id)
        scored = []
        for other in candidates:
            keys = own.keys() & features[other].keys()
            score = _weight(own, keys)
            if score >= MIN_SCORE:
                scored.append((-score, other, keys))
        scored.sort(key=lambda item: item[:2])
        related[report_id] = [
            Related(other, titles[other], -negative, _reasons(own, keys))
            for negative, other, keys in scored[:LIMIT]
        ]
    return related


def _candidate_keys(own: dict) -> list[tuple[str, str]]:
    """The report's features, plus province × year (selective where each alone is not)."""
    keys = list(own)
    provinces = [k[1] for k in own if k[0] == "place" and len(k[1]) == 2]
    years = [k[1] for k in own if k[0] == "year"]
    keys.extend(("province-year", f"{p}-{y}") for p in provinces for y in years)
    return keys


def _weight(own: dict, keys) -> int:
    """The score of a pair sharing ``keys``; only the most specific shared place counts (same
    county implies same city and province), and it is the heaviest."""
    total, place = 0, 0
    for key in keys:
        weight = own[key][0]
        if key[0] == "place":
            place = max(place, weight)
        else:
            total += weight
    return total + place


def _reasons(own: dict, keys) -> tuple[str, ...]:
    """What made the score of :func:`_weight`, grouped: 同在…, 同为…, 共同主题：…"""
    places = [k for k in keys if k[0] == "place"]
    best_place = max(places, key=lambda k: len(k[1])) if places else None
    counted = [k for k in keys if k[0] != "place" or k == best_place]
    groups: dict[str, list[str]] = defaultdict(list)
    for key in sorted(counted):
        _, group, label = own[key]
        groups[group].append(label)
    order = ("同在", "同为", "共同主题", "都报告了", "都引用了")
    return tuple(
        f"{group}{'、'.join(groups[group])}"
        if group in ("同在", "同为")
        else f"{group}：{'、'.join(groups[group])}"
        for group in order
        if group in groups
    )
