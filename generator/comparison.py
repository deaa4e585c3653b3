"""One value per report for each indicator: what an indicator page compares.

A report may state an indicator's figure in several units that count the same thing (891件,
12起), state the same figure twice (in the summary and again in a section), or give two
different candidates (a total and a centre's part). An indicator page shows one value per
report: this module decides which, keeps what it set aside so the page can name it, and
finds what the page must count apart: the reports of the collection that do not state the
measure, and the unclassified figures that look like it (``generator/data/indicator_measures.yml``
declares the units folded together and the words that make a figure look like one).

The classifier may record more about a figure than its indicator (whether it is a part,
why it was kept out of an indicator). Those fields are read with ``getattr`` and a default:
without them every figure of an indicator counts as a total and no reason is shown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .chars import HAN
from .datafile import entry_problems, read_entries
from .exceptions import ConfigError
from .indicators import UNCLASSIFIED, Indicator, load_taxonomy
from .listing import _by_year
from .metrics import Metric
from .report import Report

MEASURES = Path(__file__).parent / "data" / "indicator_measures.yml"
_FIELDS = {"id", "unit", "same", "words"}
_REQUIRED = {"id", "unit"}

#: The indicators every archive has (docs/data.md, issue 10): the measures file may declare
#: them before the taxonomy defines them.
CORE_INDICATORS = (
    "disputes-accepted",
    "disputes-resolved",
    "mediation-success-rate",
    "petitions",
    "community-correction",
    "legal-consultations",
    "law-publicity-events",
    "publicity-materials",
    "government-information",
    "enforcement-staff",
    "legal-aid",
    "rule-of-law-study",
)

#: Fields the classifier may add to a metric. ``scope`` says whether a figure is the
#: locality's total or a part; the first of ``EXCLUSION_FIELDS`` a metric has says why it was
#: kept out of an indicator; ``NEAR_FIELD`` names the indicator it was kept out of.
SCOPE_FIELD = "scope"
PART_SCOPES = frozenset({"part"})
EXCLUSION_FIELDS = ("exclusion", "exclusion_reason", "indicator_note")
NEAR_FIELD = "near_indicator"

#: A fallback candidate word is two Han characters of the indicator's name, except those
#: naming only the measure (件数, 人数, 次数, 成功率 …).
_MEASURE_CHARS = re.compile("[数率次]")


@dataclass(frozen=True)
class Measure:
    """How an indicator's figures are compared: in ``unit``, with ``same`` folded into it."""

    indicator: str
    unit: str
    same: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    declared: bool = True

    @property
    def units(self) -> tuple[str, ...]:
        return (self.unit, *self.same)

    def folds(self, unit: str) -> bool:
        return unit in self.units

    def looks_like(self, metric: Metric) -> bool:
        """Whether a figure not classified as this measure might be it (unit and a word)."""
        return self.folds(metric.unit) and any(w in metric.label for w in self.words)


@lru_cache(maxsize=4)
def load_measures(path: Path = MEASURES) -> dict[str, Measure]:
    """The declared measures by indicator id; every problem of the file is reported at once."""
    problems: list[str] = []
    measures: dict[str, Measure] = {}
    for number, entry in enumerate(read_entries(path, "measures"), start=1):
        where, shape = entry_problems(entry, f"{path}: measure {number}", _FIELDS, _REQUIRED)
        problems.extend(shape)
        if shape:
            continue
        ident, unit = entry["id"], entry["unit"]
        same, words = entry.get("same") or [], entry.get("words") or []
        if not isinstance(ident, str) or ident in measures:
            problems.append(f"{where}: id {ident!r} must be a string given once")
            continue
        if not isinstance(unit, str) or not unit:
            problems.append(f"{where}: unit must be a unit such as 件")
        for key, value in (("same", same), ("words", words)):
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                problems.append(f"{where}: {key} must be a list of words")
        if unit in same:
            problems.append(f"{where}: same repeats the unit {unit!r}")
        measures[ident] = Measure(ident, str(unit), tuple(map(str, same)), tuple(map(str, words)))
    unknown = set(measures) - {i.id for i in load_taxonomy()} - set(CORE_INDICATORS)
    if unknown:
        problems.append(f"{path}: measures of indicators the taxonomy lacks: {sorted(unknown)}")
    if problems:
        raise ConfigError("\n".join(problems))
    return measures


def measure_of(indicator: Indicator, figures: list[Metric]) -> Measure:
    """The declared measure, or the figures' most common unit (the first seen among equals),
    unfolded, with two-character words of the indicator's name."""
    declared = load_measures().get(indicator.id)
    if declared:
        return declared
    counts: dict[str, int] = defaultdict(int)
    for metric in figures:
        counts[metric.unit] += 1
    unit = max(counts, key=lambda u: counts[u]) if counts else ""
    words = tuple(
        dict.fromkeys(
            run[i : i + 2]
            for run in re.findall(f"[{HAN}]+", indicator.name)
            for i in range(len(run) - 1)
            if not _MEASURE_CHARS.search(run[i : i + 2])
        )
    )
    return Measure(indicator.id, unit, (), words, declared=False)


# --- the fields the classifier may add --------------------------------------------------------


def is_part(metric: Metric) -> bool:
    return getattr(metric, SCOPE_FIELD, None) in PART_SCOPES


def exclusion(metric: Metric) -> str:
    """Why the classifier kept the figure out of an indicator, or ``""``."""
    for name in EXCLUSION_FIELDS:
        reason = getattr(metric, name, None)
        if reason:
            return str(reason)
    return ""


# --- one value per report -------------------------------------------------------------------


@dataclass
class ReportValue:
    """The one value a report gives for an indicator, and what the page names beside it."""

    report: Report
    metric: Metric
    #: ``only``: one distinct figure; ``total``: the first not marked as a part; ``largest``:
    #: nothing says which is the total, so the largest.
    chosen: str
    repeats: list[Metric] = field(default_factory=list)  # the same figure stated again
    others: list[Metric] = field(default_factory=list)  # other candidates, not shown as value

    @property
    def value(self) -> float:
        return float(self.metric.value)


@dataclass
class Comparison:
    """Everything an indicator page and its review list show."""

    indicator: Indicator
    measure: Measure
    #: One per report stating the measure, largest first (ties: newest report first).
    values: list[ReportValue]
    #: Figures of the indicator in a unit that is another measure: not compared.
    other_units: list[tuple[Report, Metric]]
    #: Reports without a value whose unclassified figures look like the measure.
    candidates: list[tuple[Report, list[Metric]]]
    #: Figures the classifier kept out of this indicator, with its reason.
    near: list[tuple[Report, Metric, str]]
    #: Reports that state neither a value nor a candidate.
    absent: list[Report]
    #: Reports in the collection.
    total: int

    @property
    def has_page(self) -> bool:
        """Whether the indicator has a page: every figure mapped to it is named there."""
        return bool(self.values or self.other_units or self.candidates)


def choose(report: Report, figures: list[Metric]) -> ReportValue:
    """The value of one report among its figures of one measure (in reading order).

    The same value stated again is one figure. Of several values, the locality's total is
    shown: the first figure not marked as a part, or, when no figure says, the largest.
    """
    distinct: dict[float, Metric] = {}
    repeats: dict[float, list[Metric]] = defaultdict(list)
    for metric in figures:
        key = float(metric.value)
        if key in distinct:
            repeats[key].append(metric)
        else:
            distinct[key] = metric
    firsts = list(distinct.values())
    wholes = [m for m in firsts if not is_part(m)]
    if len(firsts) == 1:
        metric, how = firsts[0], "only"
    elif wholes and len(wholes) < len(firsts):
        metric, how = wholes[0], "total"
    else:
        metric, how = max(firsts, key=lambda m: float(m.value)), "largest"
    others = [m for m in firsts if m is not metric]
    return ReportValue(report, metric, how, repeats[float(metric.value)], others)


def compare(reports: list[Report]) -> dict[str, Comparison]:
    """Every indicator of the taxonomy compared across ``reports`` (one pass over the figures)."""
    taxonomy = load_taxonomy()
    ordered = sorted(reports, key=_by_year)
    mapped: dict[str, dict[str, list[Metric]]] = defaultdict(dict)  # indicator → report → figures
    for report in ordered:
        for metric in report.metrics:
            if metric.indicator != UNCLASSIFIED:
                mapped[metric.indicator].setdefault(report.id, []).append(metric)
    by_id = {r.id: r for r in ordered}
    measures = {
        i.id: measure_of(i, [m for ms in mapped[i.id].values() for m in ms]) for i in taxonomy
    }
    by_unit: dict[str, list[Measure]] = defaultdict(list)
    for measure in measures.values():
        for unit in measure.units:
            by_unit[unit].append(measure)

    values: dict[str, dict[str, ReportValue]] = defaultdict(dict)
    other_units: dict[str, list[tuple[Report, Metric]]] = defaultdict(list)
    for ident, per_report in mapped.items():
        measure = measures.get(ident)
        for rid, figures in per_report.items():
            report = by_id[rid]
            same = [m for m in figures if measure and measure.folds(m.unit)]
            other_units[ident].extend((report, m) for m in figures if m not in same)
            if same:
                values[ident][rid] = choose(report, same)

    looks: dict[str, dict[str, list[Metric]]] = defaultdict(dict)
    near: dict[str, list[tuple[Report, Metric, str]]] = defaultdict(list)
    for report in ordered:
        for metric in report.metrics:
            reason = exclusion(metric)
            named = getattr(metric, NEAR_FIELD, None)
            for measure in by_unit.get(metric.unit, ()):
                ident = measure.indicator
                if metric.indicator == ident:
                    continue
                if reason and (named == ident or (named is None and measure.looks_like(metric))):
                    near[ident].append((report, metric, reason))
                elif (
                    metric.indicator == UNCLASSIFIED
                    and not reason
                    and report.id not in values[ident]
                    and measure.looks_like(metric)
                ):
                    looks[ident].setdefault(report.id, []).append(metric)

    out = {}
    for indicator in taxonomy:
        ident = indicator.id
        # In year order already: sorting by value alone keeps it among equal values.
        ranked = sorted(values[ident].values(), key=lambda v: -v.value)
        candidates = [(by_id[rid], ms) for rid, ms in looks[ident].items()]
        absent = [r for r in ordered if r.id not in values[ident] and r.id not in looks[ident]]
        out[ident] = Comparison(
            indicator,
            measures[ident],
            ranked,
            other_units[ident],
            candidates,
            near[ident],
            absent,
            len(ordered),
        )
    return out


__all__ = [
    "CORE_INDICATORS",
    "Comparison",
    "Measure",
    "ReportValue",
    "choose",
    "compare",
    "exclusion",
    "is_part",
    "load_measures",
    "measure_of",
]
