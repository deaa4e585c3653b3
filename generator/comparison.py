"""One value per report for each indicator: what an indicator page compares.

A report may state an indicator's figure in several units that count the same thing (891件,
12起), state the same figure twice (in the summary and again in a section), or give two
different candidates (a total and a centre's part). An indicator page shows one value per
report: this module decides which, keeps what it set aside so the page can name it, and
finds what the page must count apart: the reports of the collection that do not state the
measure, and the unclassified figures that look like it. The taxonomy's ``units`` of an
indicator are the units folded together; ``generator/data/indicator_lookalikes.yml`` declares
the words that make an unclassified figure look like one.

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
from .indicators import CORE_INDICATORS, UNCLASSIFIED, Indicator, load_taxonomy
from .listing import _by_year
from .metrics import Metric
from .report import Report

LOOKALIKES = Path(__file__).parent / "data" / "indicator_lookalikes.yml"
_FIELDS = {"id", "words"}


#: Fields the classifier may add to a metric. ``scope`` says whether a figure is the
#: locality's total or a part; ``excluded_because`` why a figure whose label names an
#: indicator's measure is still not it, and ``excluded_from`` which indicator.
SCOPE_FIELD = "scope"
PART_SCOPES = frozenset({"part"})
EXCLUSION_FIELD = "excluded_because"
NEAR_FIELD = "excluded_from"

#: A fallback look-alike word is two Han characters of the indicator's name, except those
#: naming only the measure (件数, 人数, 次数, 成功率 …).
_MEASURE_CHARS = re.compile("[数率次]")


@dataclass(frozen=True)
class Measure:
    """How an indicator's figures are compared: in ``unit``, with ``same`` folded into it."""

    indicator: str
    unit: str
    same: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    #: Whether the taxonomy lists the indicator's units (else: its figures' commonest unit).
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
def load_lookalikes(path: Path = LOOKALIKES) -> dict[str, tuple[str, ...]]:
    """The words that make an unclassified figure look like each indicator's measure; every
    problem of the file is reported at once."""
    problems: list[str] = []
    words: dict[str, tuple[str, ...]] = {}
    for number, entry in enumerate(read_entries(path, "look-alike words"), start=1):
        where, shape = entry_problems(entry, f"{path}: entry {number}", _FIELDS, _FIELDS)
        problems.extend(shape)
        if shape:
            continue
        ident, listed = entry["id"], entry["words"]
        if not isinstance(ident, str) or ident in words:
            problems.append(f"{where}: id {ident!r} must be a string given once")
            continue
        if not isinstance(listed, list) or not all(isinstance(w, str) and w for w in listed):
            problems.append(f"{where}: words must be a list of words")
            continue
        words[ident] = tuple(listed)
    unknown = set(words) - {i.id for i in load_taxonomy()} - set(CORE_INDICATORS)
    if unknown:
        problems.append(f"{path}: words for indicators the taxonomy lacks: {sorted(unknown)}")
    if problems:
        raise ConfigError("\n".join(problems))
    return words


def measure_of(indicator: Indicator, figures: list[Metric]) -> Measure:
    """The indicator's measure. The taxonomy's ``units`` are the units that count the same
    thing, the first the one shown (件 for 件, 起, 宗); without them, the figures' most common
    unit (the first seen among equals), unfolded. Look-alike words are declared in
    ``indicator_lookalikes.yml``, else two-character words of the indicator's name."""
    words = load_lookalikes().get(indicator.id) or tuple(
        dict.fromkeys(
            run[i : i + 2]
            for run in re.findall(f"[{HAN}]+", indicator.name)
            for i in range(len(run) - 1)
            if not _MEASURE_CHARS.search(run[i : i + 2])
        )
    )
    if indicator.units:
        return Measure(indicator.id, indicator.units[0], indicator.units[1:], words)
    counts: dict[str, int] = defaultdict(int)
    for metric in figures:
        counts[metric.unit] += 1
    unit = max(counts, key=lambda u: counts[u]) if counts else ""
    return Measure(indicator.id, unit, (), words, declared=False)


# --- the fields the classifier may add --------------------------------------------------------


def is_part(metric: Metric) -> bool:
    return getattr(metric, SCOPE_FIELD, None) in PART_SCOPES


#: Whose statistics a figure is, when not the locality's own (the classifier's ``source``).
_SOURCES = {"police": "公安机关的统计", "arbitration": "仲裁机构的统计", "court": "法院的统计"}


def exclusion(metric: Metric) -> str:
    """Why the figure is not the measure of any indicator, in Chinese, or ``""``: the
    classifier kept it out of one (``excluded_because``), or what it says about the figure
    rules it out of a comparison (a part, cumulative over years, another body's count)."""
    scope = getattr(metric, SCOPE_FIELD, "total")
    period = getattr(metric, "period", "flow")
    source = getattr(metric, "source", "locality")
    if scope in PART_SCOPES:
        return _with_note("分项，不是全地区的总数", getattr(metric, "scope_note", ""))
    if period == "cumulative":
        return _with_note("多年累计，不是报告期内的数", getattr(metric, "period_note", ""))
    if source and source != "locality":
        return _SOURCES.get(source, f"{source} 的统计")
    return str(getattr(metric, EXCLUSION_FIELD, "") or "")


def _with_note(reason: str, note: object) -> str:
    return f"{reason}（{note}）" if note else reason


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
            reason = exclusion(metric) if metric.indicator == UNCLASSIFIED else ""
            named = getattr(metric, NEAR_FIELD, "") or None
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
    "load_lookalikes",
    "measure_of",
]
